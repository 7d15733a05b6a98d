"""The defect detection matrix: does the suite see what an evaluator would see?

The journeys run against the sandbox once clean and once per named defect. For each defect the
test asserts which journeys fail, that every failure is classed as a portal defect, that the
indicator the defect's documentation names drops, and that no other indicator drops by more than
the rubric's noise. Clean means no failure and full marks. The matrix (defect × indicator) is
printed and saved under reports/detection-matrix.{md,json}.

Runs use the lean profile `sandbox-matrix` (fewer sampled keywords and guides) on desktop, two
runs at a time (SHOPPER_MATRIX_PARALLEL), each with its own sandbox and browser.
"""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sandbox.defects import DEFECTS
from shopper.scoring import load_rubric, score
from tests.support.runs import run_journeys

ROOT = Path(__file__).resolve().parents[2]
# flaky_search is an intermittent fault: it is judged with retries in test_flakiness.py
MATRIX_DEFECTS = sorted(d for d in DEFECTS if DEFECTS[d].indicator != "STAB")

# defect → the journeys that must fail under it (every other journey must pass)
EXPECTED_FAILING = {
    "slow_search": {"search"},
    "search_miss": {"search"},
    "search_500": {"search", "apply", "status", "review", "safety", "elder"},
    "sso_loop": {"sso", "sso_sites", "one_network", "apply", "status", "review", "safety"},
    "sso_second_login": {"sso_sites"},
    "session_lost_on_city_site": {"sso_sites"},
    "entry_buried": {"entry"},
    "external_hop": {"one_network", "apply", "status", "review", "safety"},
    "upload_rejects_pdf": {"apply", "status", "review", "safety"},
    "submit_500": {"apply", "status", "review", "safety"},
    "status_wrong": {"status"},
    "status_leaks_other": {"status"},
    "review_missing": {"review"},
    "broken_download": {"guide"},
    "guide_missing_elements": {"guide"},
    "pii_unmasked": {"safety"},
    "elderly_popup": {"elder"},
}
MATRIX: dict[str, dict] = {}

pytestmark = [pytest.mark.journeys, pytest.mark.matrix]


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every cell of the matrix, run up front with bounded parallelism: name → records (or the
    AssertionError that made the run unusable, re-raised by the test of that cell)."""
    names = ["clean", *MATRIX_DEFECTS]
    base = tmp_path_factory.mktemp("matrix")
    parallel = int(os.environ.get("SHOPPER_MATRIX_PARALLEL", "2"))
    started = time.monotonic()

    def one(name):
        try:
            return name, run_journeys(base / name, "" if name == "clean" else name)
        except AssertionError as exc:
            return name, exc

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        results = dict(pool.map(one, names))
    print(f"\n[matrix] {len(names)} runs in {time.monotonic() - started:.0f} s ({parallel} at a time)")
    return results


def _records(runs, name):
    result = runs[name]
    if isinstance(result, AssertionError):
        raise result
    return result


@pytest.fixture(scope="module")
def clean(runs, rubric):
    records = _records(runs, "clean")
    return records, score(records, rubric)


def test_clean_sandbox_passes_with_full_marks(clean):
    records, card = clean
    failed = [(r["nodeid"], r["failure_message"]) for r in records if r["outcome"] != "passed"]
    assert not failed, f"clean sandbox has failing journeys: {failed}"
    measured = {i.id: i.score for i in card.indicators if i.measured}
    assert len(measured) >= 15, f"too few indicators measured: {sorted(measured)}"
    # full marks = ★★★★★ on every indicator: timing criteria (search latency, SSO time) move
    # with the load of the machine, so an exact 100 is not asserted
    assert all(s >= 90 for s in measured.values()), f"clean sandbox below ★★★★★: {measured}"
    MATRIX["clean"] = {"failing": [], "scores": measured}


@pytest.mark.parametrize("defect", MATRIX_DEFECTS)
def test_defect_is_caught_and_charged_to_its_indicator(defect, clean, runs, rubric):
    clean_records, clean_card = clean
    records = _records(runs, defect)
    card = score(records, rubric)
    failing = [r for r in records if r["outcome"] != "passed"]
    failing_journeys = {r["journey"] for r in failing}
    indicator = DEFECTS[defect].indicator
    before = {i.id: i.score for i in clean_card.indicators if i.measured}
    after = {i.id: i.score for i in card.indicators if i.measured}
    # an indicator whose journeys could not get that far (e.g. no review without an application)
    # is not measured in this run: that is reported, not counted as a drop
    drops = {iid: round(before[iid] - after[iid], 1) for iid in before if iid in after}
    unmeasured = sorted(iid for iid in before if iid not in after)
    MATRIX[defect] = {"indicator": indicator, "failing": sorted(failing_journeys), "unmeasured": unmeasured,
                      "classes": sorted({r["failure_class"] for r in failing}), "drops": drops}

    assert failing, f"{defect}: every journey passed against a broken portal"
    assert failing_journeys == EXPECTED_FAILING[defect], \
        f"{defect}: failing journeys {sorted(failing_journeys)} != expected {sorted(EXPECTED_FAILING[defect])}"
    wrong_class = [(r["nodeid"], r["failure_class"], r["failure_message"]) for r in failing
                   if r["failure_class"] != "portal_defect"]
    assert not wrong_class, f"{defect}: failures not classed as portal defect: {wrong_class}"
    assert indicator in drops, f"{defect}: {indicator} was not measured at all"
    assert drops[indicator] >= 10, f"{defect}: {indicator} dropped only {drops[indicator]} points"
    # noise: the rubric's regression margin (timing bands shift a few points on a loaded 2-core machine)
    others = {iid: d for iid, d in drops.items()
              if iid != indicator and iid not in ("STAB", "C2-3") and d > rubric.regression_margin}
    assert not others, f"{defect}: other indicators dropped too: {others}"


def test_write_matrix():
    """Print and save the matrix (runs last in this module)."""
    if len(MATRIX) < 2:
        pytest.skip("matrix cells did not run")
    indicators = sorted({i for cell in MATRIX.values() for i in cell.get("drops", {})})
    lines = ["| 缺陷 defect | 应降指标 | 失败旅程 | " + " | ".join(indicators) + " |",
             "|---|---|---|" + "---|" * len(indicators)]
    for name, cell in MATRIX.items():
        if name == "clean":
            continue
        marks = [f"**−{cell['drops'][i]}**" if i == cell["indicator"] else
                 ("n/m" if i in cell["unmeasured"] else
                  (f"−{cell['drops'][i]}" if cell["drops"].get(i, 0) > 0 else "·")) for i in indicators]
        lines.append(f"| {name} | {cell['indicator']} | {', '.join(cell['failing'])} | " + " | ".join(marks) + " |")
    table = "\n".join(lines)
    print("\n缺陷检出矩阵 (defect × indicator, points dropped vs the clean run; n/m = not measured)\n" + table)
    out = ROOT / "reports"
    out.mkdir(exist_ok=True)
    (out / "detection-matrix.md").write_text("# 缺陷检出矩阵\n\n" + table + "\n", encoding="utf-8")
    (out / "detection-matrix.json").write_text(json.dumps(MATRIX, ensure_ascii=False, indent=1), encoding="utf-8")
    assert all(cell.get("failing") for name, cell in MATRIX.items() if name != "clean")
