"""The detection matrix's run plan: computed from the table of expected failing journeys."""
from __future__ import annotations

from sandbox.defects import DEFECTS
from tests.support.matrix_plan import AWAITING_JOURNEYS, EXPECTED_FAILING, MatrixRun, attribute, plan_runs

INDICATORS = {d: DEFECTS[d].indicator for d in EXPECTED_FAILING}


def test_every_defect_is_judged_by_the_matrix_or_awaits_its_journeys_never_both():
    judged = {d for d in DEFECTS if DEFECTS[d].indicator != "STAB"}
    assert not AWAITING_JOURNEYS & set(EXPECTED_FAILING)
    assert AWAITING_JOURNEYS | set(EXPECTED_FAILING) == judged
    assert AWAITING_JOURNEYS <= set(DEFECTS)


def test_every_defect_runs_exactly_once_and_clean_runs_first():
    runs = plan_runs(sorted(EXPECTED_FAILING), INDICATORS)
    assert runs[0] == MatrixRun("clean", ())
    placed = [d for r in runs for d in r.defects]
    assert sorted(placed) == sorted(EXPECTED_FAILING)
    assert len(runs) < len(EXPECTED_FAILING) + 1  # sharing saves runs


def test_cascading_defects_keep_their_own_run():
    runs = plan_runs(sorted(EXPECTED_FAILING), INDICATORS)
    for name in ("search_500", "sso_loop", "external_hop", "submit_500", "upload_rejects_pdf"):
        assert MatrixRun(name, (name,)) in runs


def test_shared_runs_have_disjoint_journeys_and_indicators():
    for run in plan_runs(sorted(EXPECTED_FAILING), INDICATORS):
        journeys = [j for d in run.defects for j in EXPECTED_FAILING[d]]
        assert len(journeys) == len(set(journeys)), run
        indicators = [INDICATORS[d] for d in run.defects]
        assert len(indicators) == len(set(indicators)), run


def test_plan_follows_the_table_not_a_list():
    expected = {"a": frozenset({"x"}), "b": frozenset({"x"}), "c": frozenset({"y"}), "d": frozenset({"x", "y"})}
    runs = plan_runs(["a", "b", "c", "d"], {"a": "I1", "b": "I2", "c": "I3", "d": "I4"}, expected)
    assert runs == [MatrixRun("clean", ()), MatrixRun("d", ("d",)), MatrixRun("shared-1", ("a", "c")),
                    MatrixRun("b", ("b",))]
    # same indicator: no sharing even with disjoint journeys
    runs = plan_runs(["a", "c"], {"a": "I1", "c": "I1"}, expected)
    assert [r.defects for r in runs] == [(), ("a",), ("c",)]


def test_a_failing_journey_belongs_to_one_defect_and_an_unexpected_one_is_stray():
    run = MatrixRun("shared-1", ("review_missing", "status_wrong"))
    owned, stray = attribute({"review", "status", "search"}, run)
    assert owned == {"review_missing": {"review"}, "status_wrong": {"status"}}
    assert stray == {"search"}
    owned, stray = attribute(set(), run)
    assert owned == {"review_missing": set(), "status_wrong": set()} and not stray


def test_a_defect_missing_from_the_table_is_named():
    import pytest
    with pytest.raises(ValueError, match="EXPECTED_FAILING has no entry for \\['new_defect'\\]"):
        plan_runs(["new_defect"], {"new_defect": "A1"})
