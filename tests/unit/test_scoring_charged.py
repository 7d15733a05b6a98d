"""A finding charges exactly the indicators it names (issue 22 §3).

A guide failing two element families (E1 and E4) was charged to none in particular, so it counted
against every indicator the guide journey feeds: D2 scored 40 with every 实施编码 valid. The record now
carries the list (charged_indicator: ["E1", "E4"]). Read on the records of a real run
(tests/data/guide_families_run, captured by its capture.py), and on records written before the field
was a list (a single id as a string: tests/data/slow_search_run; no field at all: tests/data/ledger).
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from shopper.failures import PortalDefect
from shopper.findings import findings_from_run
from shopper.scoring import charged_indicators, load_rubric, score

DATA = Path(__file__).resolve().parents[1] / "data"
RUBRIC = load_rubric()


def _load(directory: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


def test_the_real_run_charges_both_families_and_nothing_else():
    records = _load(DATA / "guide_families_run" / "records")
    assert len(records) == 10 and all(r["charged_indicator"] == ["E1", "E4"] for r in records)
    card = score(records, RUBRIC)
    d2 = card.indicator("D2")
    assert d2.failures == 0 and d2.score == 100 and d2.cap_why is None, (d2.score, d2.cap_why)
    for iid in ("E1", "E4"):
        ind = card.indicator(iid)
        assert ind.failures == 10 and ind.score < 60 and ind.cap_why, (iid, ind.score)
    for iid in ("E2", "E3"):
        assert card.indicator(iid).failures == 0 and card.indicator(iid).score == 100


def test_the_same_failures_charged_to_none_count_against_every_guide_indicator():
    """What the records said before: no indicator named → all of the journey's, D2 included."""
    records = copy.deepcopy(_load(DATA / "guide_families_run" / "records"))
    for r in records:
        r["charged_indicator"] = None
    before = score(records, RUBRIC)
    after = score(_load(DATA / "guide_families_run" / "records"), RUBRIC)
    assert before.indicator("D2").score <= 40 and before.indicator("D2").cap_why   # capped: every journey "failed" D2
    assert after.indicator("D2").score == 100
    assert after.total > before.total


def test_records_with_a_single_id_or_none_are_still_read():
    slow = _load(DATA / "slow_search_run")
    assert any(r["charged_indicator"] == "A3-1" for r in slow)
    assert {tuple(charged_indicators(r)) for r in slow} == {(), ("A3-1",)}
    assert score(slow, RUBRIC).indicator("A3-1").failures == sum(r["charged_indicator"] == "A3-1" for r in slow)
    assert charged_indicators({"charged_indicator": None}) == [] and charged_indicators({}) == []


def test_portal_defect_keeps_each_indicator_once_in_order():
    assert PortalDefect("x", "E1", "E4", "E1").indicators == ["E1", "E4"]
    assert str(PortalDefect("x", "E1", "E4")).startswith("门户缺陷[E1,E4]: ")
    assert PortalDefect("x", "B4-2").indicators == ["B4-2"] and PortalDefect("x").indicators == []
    assert PortalDefect("x", stage="登录").indicators == ["B4-2"]   # a stage charges its indicator


def test_ledger_findings_of_the_real_run_name_exactly_e1_and_e4():
    run = findings_from_run(DATA / "guide_families_run" / "records")
    families = {f.indicator.split("-")[0] for f in run.findings if f.verdict == "不合格"}
    assert families == {"E1", "E4"}
