"""Each sandbox defect of docs/CONTRACTS.md §2, shown as what it does to the records' observations,
lowers the indicator the table names and no other indicator by more than the rubric's noise."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from shopper.scoring import load_rubric, score

from tests.unit.test_scoring import ALSO_LOWERS, DEFECTS, clean_records, defect_records

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubric()


def contract_defects() -> dict[str, str]:
    """defect name → indicator, read from the table of CONTRACTS.md section 2."""
    text = (ROOT / "docs" / "CONTRACTS.md").read_text(encoding="utf-8")
    section = text.split("## 2.", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*([a-z_0-9]+)\s*\|[^|]*\|\s*([A-Z][A-Z0-9-]*)\s*\|\s*$", section, re.M)
    return dict(rows)


def test_every_contract_defect_has_a_synthetic_record_set():
    table = contract_defects()
    assert len(table) >= 26
    assert {name: ind for name, (ind, _fn) in DEFECTS.items()} == table


CLEAN = score(clean_records(), RUBRIC)


@pytest.mark.parametrize("defect", sorted(contract_defects()))
def test_defect_lowers_its_indicator_and_no_other(defect):
    named = contract_defects()[defect]
    card = score(defect_records(defect), RUBRIC)
    before, after = CLEAN.scores(), card.scores()
    noise = RUBRIC.noise_points
    assert after[named] is not None
    assert after[named] < before[named] - noise, f"{defect} did not lower {named}: {before[named]} → {after[named]}"
    assert card.indicator(named).stars < 5
    for iid, b in before.items():
        if iid == named or iid in ALSO_LOWERS.get(defect, ()):
            continue
        assert after[iid] is not None, f"{defect} made {iid} unmeasured"
        assert b - after[iid] <= noise, f"{defect} lowered {iid} too: {b} → {after[iid]}"
    assert card.total < CLEAN.total
    assert card.records_scored == CLEAN.records_scored       # portal defects are scored, never excluded
