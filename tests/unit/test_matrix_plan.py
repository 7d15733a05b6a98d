"""The detection matrix's run plan: computed from the table of expected failing journeys."""
from __future__ import annotations

from sandbox.defects import DEFECTS
from tests.support.matrix_plan import (ALSO_LOWERS, AWAITING_JOURNEYS, EXPECTED_FAILING, KEEP_APART, MatrixRun, attribute,
                                      lowered, plan_runs)

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


def test_a_cascading_defect_shares_a_run_on_the_same_terms_its_whole_spread_counted():
    runs = plan_runs(sorted(EXPECTED_FAILING), INDICATORS)
    assert len(runs) < 10   # the plan of separate cascades had 10 runs a flavour
    expected = {"cascade": frozenset({"x", "y"}), "a": frozenset({"z"}), "b": frozenset({"y"})}
    runs = plan_runs(["a", "b", "cascade"], {"a": "I1", "b": "I2", "cascade": "I3"}, expected, also={})
    assert runs == [MatrixRun("clean", ()), MatrixRun("shared-1", ("cascade", "a")), MatrixRun("b", ("b",))]   # most journeys first; b meets y


def test_shared_runs_have_disjoint_journeys_and_indicators():
    for run in plan_runs(sorted(EXPECTED_FAILING), INDICATORS):
        journeys = [j for d in run.defects for j in EXPECTED_FAILING[d]]
        assert len(journeys) == len(set(journeys)), run
        indicators = [i for d in run.defects for i in lowered(d, INDICATORS)]
        assert len(indicators) == len(set(indicators)), run


def test_a_defect_that_also_lowers_an_indicator_shares_no_run_with_one_that_names_it():
    expected = {"a": frozenset({"x"}), "b": frozenset({"y"})}
    runs = plan_runs(["a", "b"], {"a": "I1", "b": "I2"}, expected, also={"a": frozenset({"I2"})})
    assert [r.defects for r in runs] == [(), ("a",), ("b",)]
    assert [r.defects for r in plan_runs(["a", "b"], {"a": "I1", "b": "I2"}, expected, also={})] == [(), ("a", "b")]


def test_defects_that_hide_one_another_share_no_run():
    runs = plan_runs(sorted(EXPECTED_FAILING), INDICATORS)
    together = lambda a, b: any({a, b} <= set(r.defects) for r in runs)   # noqa: E731
    assert KEEP_APART and all(not together(*pair) for pair in KEEP_APART)
    assert all(pair <= set(EXPECTED_FAILING) for pair in KEEP_APART)
    expected = {"a": frozenset({"x"}), "b": frozenset({"y"})}
    assert [r.defects for r in plan_runs(["a", "b"], {"a": "I1", "b": "I2"}, expected, also={},
                                         apart=frozenset({frozenset({"a", "b"})}))] == [(), ("a",), ("b",)]


def test_also_lowers_names_defects_of_the_table_and_other_indicators():
    for defect, extra in ALSO_LOWERS.items():
        assert defect in EXPECTED_FAILING and INDICATORS[defect] not in extra and extra


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
