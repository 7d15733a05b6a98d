"""One exit code per outcome (README "Exit codes"), computed from the run's records."""
import pytest

from shopper import exitcodes as ec


def rec(node, outcome="passed", cls=None, attempt=1):
    return {"nodeid": node, "outcome": outcome, "failure_class": cls, "attempt": attempt}


@pytest.mark.parametrize("records, pytest_code, expected", [
    ([rec("a"), rec("b", "skipped")], 0, ec.OK),
    ([rec("a"), rec("b", "failed", "portal_defect")], 1, ec.PORTAL_DEFECTS),
    ([rec("a", "broken", "environment"), rec("b", "failed", "portal_defect")], 1, ec.ENVIRONMENT),
    ([rec("a", "broken", "suite_broken"), rec("b", "broken", "environment")], 1, ec.SUITE_BROKEN),
    ([rec("a")], 1, ec.SUITE_BROKEN),                        # pytest failed but no record says why
    ([], ec.PYTEST_NO_TESTS, ec.SUITE_BROKEN),
    ([], ec.PYTEST_INTERNAL_ERROR, ec.SUITE_BROKEN),
    ([], ec.PYTEST_USAGE_ERROR, ec.CONFIG),
    ([rec("a", "failed", "portal_defect")], ec.PYTEST_INTERRUPTED, ec.INTERRUPTED),
    # a pass on retry is flaky, not a defect: only the last attempt counts
    ([rec("a", "failed", "portal_defect", 1), rec("a", "passed", None, 2)], 0, ec.OK),
])
def test_exit_code_from_records(records, pytest_code, expected):
    assert ec.run_exit_code(records, pytest_code) == expected


def test_interrupt_and_scoring_crash_win():
    defect = [rec("a", "failed", "portal_defect")]
    assert ec.run_exit_code(defect, 1, scoring_failed=True) == ec.SCORING_CRASH
    assert ec.run_exit_code(defect, 1, interrupted=True, scoring_failed=True) == ec.INTERRUPTED


@pytest.mark.parametrize("records", [[rec("a")], [rec("a", "failed", "portal_defect")], []])
@pytest.mark.parametrize("pytest_code", [-9, -11, -15])
def test_a_runner_killed_by_a_signal_is_never_a_verdict(records, pytest_code):
    """19 of 31 records passed and pytest was SIGKILLed (the OOM killer): not 0, not 1, its own code."""
    assert ec.run_exit_code(records, pytest_code) == ec.RUNNER_DIED
    assert ec.run_exit_code(records, pytest_code, scoring_failed=True) == ec.RUNNER_DIED
    assert ec.run_exit_code(records, pytest_code, interrupted=True) == ec.INTERRUPTED


def test_codes_are_distinct_and_documented():
    from pathlib import Path

    codes = [ec.OK, ec.PORTAL_DEFECTS, ec.USAGE, ec.SUITE_BROKEN, ec.CONFIG, ec.ENVIRONMENT, ec.SCORING_CRASH,
             ec.RUNNER_DIED, ec.INTERRUPTED]
    assert len(set(codes)) == len(codes)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in codes:
        assert f"| {code} |" in section, code
