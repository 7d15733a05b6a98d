"""The defect detection matrix: does the suite see what an evaluator would see?

The journeys run against the sandbox once clean and under every named defect. For each defect the
test asserts which journeys fail, that every failure is classed as a portal defect, that the
indicator the defect's documentation names drops, and that no other indicator drops by more than
the rubric's noise. Clean means no failure and full marks. The matrix (defect × indicator) is
printed and saved under reports/detection-matrix.{md,json}.

Defects that break disjoint journeys and lower different indicators share one run (one sandbox with
all of them on), a cascading defect too, its whole spread counted (tests/support/matrix_plan.py
computes the plan from the table of expected failing journeys). The assertions stay per defect: in a
shared run each failing journey belongs to exactly one of its defects and is charged where that
defect shows, and a failing journey no defect of the run expects fails the test.

The three sandbox flavours are judged (`sandbox-matrix`, `sandbox-b-matrix`, `sandbox-c-matrix`:
three vendors' markup and flows on the shared abilities; SHOPPER_MATRIX_FLAVOURS=a,b,c), with lean
profiles (fewer sampled keywords and guides) on desktop, two runs at a time (SHOPPER_MATRIX_PARALLEL),
each with its own sandbox and browser, every flavour's runs in one pool. Each clean run goes first: the controls it confirms are the fit
memory the defect runs start from (SHOPPER_FIT_MEMORY), as a portal's earlier runs would be, so a
control a defect removes (the 评价 link) is the portal's defect, not our misfit.
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
from shopper.scoring.records import charged_indicators
from tests.support.matrix_plan import (AWAITING_JOURNEYS, EXPECTED_FAILING, attribute, describe, lowered, plan_runs,
                                      run_of)
from tests.support.runs import run_journeys

ROOT = Path(__file__).resolve().parents[2]
# flaky_search is an intermittent fault: it is judged with retries in test_flakiness.py; the defects awaiting
# their journeys (matrix_plan.AWAITING_JOURNEYS) are not judged until those journeys exist
MATRIX_DEFECTS = sorted(d for d in DEFECTS if DEFECTS[d].indicator != "STAB" and d not in AWAITING_JOURNEYS)
INDICATORS = {d: DEFECTS[d].indicator for d in MATRIX_DEFECTS}
PLAN = plan_runs(MATRIX_DEFECTS, INDICATORS)
PROFILES = {"a": "sandbox-matrix", "b": "sandbox-b-matrix", "c": "sandbox-c-matrix"}
FLAVOURS = [f.strip() for f in os.environ.get("SHOPPER_MATRIX_FLAVOURS", "a,b,c").split(",") if f.strip()]
MATRIX: dict[str, dict[str, dict]] = {f: {} for f in FLAVOURS}

pytestmark = [pytest.mark.journeys, pytest.mark.matrix]


def test_every_defect_has_its_expected_journeys():
    assert set(EXPECTED_FAILING) == set(MATRIX_DEFECTS), \
        f"EXPECTED_FAILING and the sandbox's defects differ: {set(EXPECTED_FAILING) ^ set(MATRIX_DEFECTS)}"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture(scope="module", params=FLAVOURS, ids=lambda f: f"flavour-{f}")
def flavour(request):
    return request.param


def _selected_runs(session) -> list:
    """The plan's runs the selected tests need (`-k <defect>` runs the clean run and that defect's run,
    not the whole plan): every run when the module's defect tests are all selected or none is."""
    chosen = {item.callspec.params["defect"] for item in session.items
              if item.originalname == "test_defect_is_caught_and_charged_to_its_indicator"}
    if not chosen:
        return PLAN
    return [run for run in PLAN if not run.defects or set(run.defects) & chosen]


@pytest.fixture(scope="module")
def all_runs(tmp_path_factory, request):
    """Every run of the plan on every flavour, in one pool of SHOPPER_MATRIX_PARALLEL workers: each
    flavour's clean run first (its confirmed controls are the fit memory of that flavour's other
    runs), then the others longest first (the shared runs, whose failing journeys wait out their
    checks, before the single-defect ones), so no worker idles at the end of one flavour while the
    other waits: flavour → run name → records (or the AssertionError that made the run unusable,
    re-raised by the tests that need that run)."""
    parallel = int(os.environ.get("SHOPPER_MATRIX_PARALLEL", "2"))
    started = time.monotonic()
    bases = {f: tmp_path_factory.mktemp(f"matrix-{f}") for f in FLAVOURS}
    for f in FLAVOURS:
        print(f"\n[matrix] flavour {f} ({PROFILES[f]})\n" + describe(PLAN, INDICATORS))

    def one(job):
        flavour, run = job
        t0 = time.monotonic()
        memory = {"SHOPPER_FIT_MEMORY": str(bases[flavour] / "fit-memory.json")}
        try:
            result = run_journeys(bases[flavour] / run.name, run.defects_arg, run_id=f"matrix-{run.name}",
                                  profile=PROFILES[flavour], env=memory)
        except AssertionError as exc:
            result = exc
        print(f"[matrix]   {flavour}/{run.name}: {time.monotonic() - t0:.0f} s", flush=True)
        return flavour, run.name, result

    plan = _selected_runs(request.session)
    clean_run, rest = plan[0], plan[1:]
    assert clean_run.name == "clean" and not clean_run.defects
    results: dict[str, dict] = {f: {} for f in FLAVOURS}
    longest_first = sorted(rest, key=lambda r: -len(set().union(*(EXPECTED_FAILING[d] for d in r.defects))))
    jobs = [(f, r) for r in longest_first for f in FLAVOURS]
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for flavour, name, result in pool.map(one, [(f, clean_run) for f in FLAVOURS]):
            results[flavour][name] = result
        for flavour, name, result in pool.map(one, jobs):
            results[flavour][name] = result
    print(f"[matrix] {len(FLAVOURS)} flavour(s), {len(FLAVOURS) * len(plan)} runs in {time.monotonic() - started:.0f} s "
          f"(clean runs first, then the rest longest first, {parallel} at a time)")
    return results


@pytest.fixture(scope="module")
def runs(all_runs, flavour):
    return all_runs[flavour]


def _records(runs, name):
    result = runs[name]
    if isinstance(result, AssertionError):
        raise result
    return result


@pytest.fixture(scope="module")
def cards(runs, rubric):
    """Run name → scorecard, computed once per run (a shared run serves several defects)."""
    return {name: score(result, rubric) for name, result in runs.items() if not isinstance(result, AssertionError)}


@pytest.fixture(scope="module")
def clean(runs, cards):
    return _records(runs, "clean"), cards["clean"]


def test_clean_sandbox_passes_with_full_marks(clean, flavour):
    records, card = clean
    failed = [(r["nodeid"], r["failure_message"]) for r in records if r["outcome"] != "passed"]
    assert not failed, f"clean sandbox has failing journeys: {failed}"
    measured = {i.id: i.score for i in card.indicators if i.measured}
    assert len(measured) >= 15, f"too few indicators measured: {sorted(measured)}"
    # full marks = ★★★★★ on every indicator: timing criteria (search latency, SSO time) move
    # with the load of the machine, so an exact 100 is not asserted
    assert all(s >= 90 for s in measured.values()), f"clean sandbox below ★★★★★: {measured}"
    MATRIX[flavour]["clean"] = {"failing": [], "scores": measured}


@pytest.mark.parametrize("defect", MATRIX_DEFECTS)
def test_defect_is_caught_and_charged_to_its_indicator(defect, flavour, clean, runs, cards, rubric):
    clean_records, clean_card = clean
    run = run_of(defect, PLAN)
    records = _records(runs, run.name)
    card = cards[run.name]
    failing = [r for r in records if r["outcome"] != "passed"]
    owned, stray = attribute({r["journey"] for r in failing}, run)
    failing_journeys = owned[defect]
    indicator = INDICATORS[defect]
    before = {i.id: i.score for i in clean_card.indicators if i.measured}
    after = {i.id: i.score for i in card.indicators if i.measured}
    # an indicator whose journeys could not get that far (e.g. no review without an application)
    # is not measured in this run: that is reported, not counted as a drop
    drops = {iid: round(before[iid] - after[iid], 1) for iid in before if iid in after}
    unmeasured = sorted(iid for iid in before if iid not in after)
    mine = [r for r in failing if r["journey"] in failing_journeys]
    MATRIX[flavour][defect] = {"indicator": indicator, "run": run.name, "failing": sorted(failing_journeys),
                      "unmeasured": unmeasured, "classes": sorted({r["failure_class"] for r in mine}),
                      "drops": drops}

    assert not stray, (f"{defect} (run {run.name} with {run.defects_arg}): journeys {sorted(stray)} failed "
                       "but no defect of the run expects them: "
                       + "; ".join(f"{r['nodeid']} {r['failure_class']}: {(r['failure_message'] or '')[:300]}"
                                   for r in failing if r["journey"] in stray))
    assert failing_journeys, f"{defect}: every journey passed against a broken portal"
    assert failing_journeys == EXPECTED_FAILING[defect], \
        f"{defect}: failing journeys {sorted(failing_journeys)} != expected {sorted(EXPECTED_FAILING[defect])}"
    wrong_class = [(r["nodeid"], r["failure_class"], r["failure_message"]) for r in mine
                   if r["failure_class"] != "portal_defect"]
    assert not wrong_class, f"{defect}: failures not classed as portal defect: {wrong_class}"
    # each failure charged where this defect shows (in a shared run, a failure another defect caused
    # in this defect's journey would be charged where that one shows)
    # (a failure that names no indicator counts against all of its record's)
    elsewhere = [(r["nodeid"], sorted(charged_indicators(r) or r["indicators"])) for r in mine
                 if not set(charged_indicators(r) or r["indicators"]) & lowered(defect, INDICATORS)]
    assert not elsewhere, f"{defect}: failures charged to indicators it does not lower: {elsewhere}"
    assert indicator in drops, f"{defect}: {indicator} was not measured at all"
    assert drops[indicator] >= 10, f"{defect}: {indicator} dropped only {drops[indicator]} points"
    # noise: the rubric's regression margin (timing bands shift a few points on a loaded 2-core
    # machine); in a shared run the indicators of the run's other defects drop with them
    charged = {i for d in run.defects for i in lowered(d, INDICATORS)}   # incl. what a defect really changes too
    others = {iid: d for iid, d in drops.items()
              if iid not in charged and iid not in ("STAB", "C2-3") and d > rubric.regression_margin}
    assert not others, f"{defect}: other indicators dropped too: {others}"


@pytest.mark.parametrize("which", FLAVOURS)
def test_write_matrix(which):
    """Print and save the matrix of one flavour (runs last in this module)."""
    matrix = MATRIX[which]
    if len(matrix) < 2:
        pytest.skip("matrix cells did not run")
    indicators = sorted({i for cell in matrix.values() for i in cell.get("drops", {})})
    lines = ["| 缺陷 defect | 运行 run | 应降指标 | 失败旅程 | " + " | ".join(indicators) + " |",
             "|---|---|---|---|" + "---|" * len(indicators)]
    for name, cell in matrix.items():
        if name == "clean":
            continue
        marks = [("n/m" if i not in cell["drops"] else f"**−{cell['drops'][i]}**") if i == cell["indicator"] else
                 ("n/m" if i in cell["unmeasured"] else
                  (f"−{cell['drops'][i]}" if cell["drops"].get(i, 0) > 0 else "·")) for i in indicators]
        lines.append(f"| {name} | {cell['run']} | {cell['indicator']} | {', '.join(cell['failing'])} | " + " | ".join(marks) + " |")
    table = "\n".join(lines)
    print(f"\n缺陷检出矩阵 flavour {which} (defect × indicator, points dropped vs the clean run; n/m = not measured)\n" + table)
    out = ROOT / "reports"
    out.mkdir(exist_ok=True)
    suffix = "" if which == "a" else f"-{which}"
    (out / f"detection-matrix{suffix}.md").write_text(f"# 缺陷检出矩阵 (flavour {which}, {PROFILES[which]})\n\n" + table + "\n",
                                                    encoding="utf-8")
    (out / f"detection-matrix{suffix}.json").write_text(json.dumps(matrix, ensure_ascii=False, indent=1), encoding="utf-8")
    assert all(cell.get("failing") for name, cell in matrix.items() if name != "clean")
