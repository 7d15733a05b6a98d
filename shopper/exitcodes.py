"""Exit codes of ``python -m shopper run`` (documented in README, "Exit codes").

One code per outcome, so a scheduler can tell "the portal has defects" from "we could not judge":

  0    every journey passed (skipped ones 未测 included)
  1    the run is a verdict and found portal defects (门户缺陷)
  2    bad usage: command-line arguments (unknown journey/defect/device, empty --journeys, reused --run-id)
  3    suite broken (套件故障 / 未适配): a journey failed on our locator, profile fact or code, or
       pytest could not collect or crashed — those journeys have no verdict
  4    configuration error: profile, keyword file or rubric (the file and line are named)
  5    environment fault (环境故障): the portal or the browser could not be reached — no verdict
  6    scoring or report crash after the journeys ran (records are kept; rerun ``shopper report``)
  7    the runner died (pytest killed by a signal, e.g. SIGKILL from the OOM killer): records kept,
       scorecard marked 结论不完整 — no verdict, never 0 or 1
  130  interrupted (Ctrl-C / SIGINT, SIGTERM, SIGHUP): records kept, scorecard marked 中断/不完整

When several apply, the first of 130, 7, 6, 3, 5, 1 wins: a run that could not judge everything says
so before it reports defects. Pure Python.
"""
from __future__ import annotations

OK = 0
PORTAL_DEFECTS = 1
USAGE = 2
SUITE_BROKEN = 3
CONFIG = 4
ENVIRONMENT = 5
SCORING_CRASH = 6
RUNNER_DIED = 7
INTERRUPTED = 130

# pytest's own exit codes (pytest.ExitCode) the run can see besides 0/1
PYTEST_INTERRUPTED, PYTEST_INTERNAL_ERROR, PYTEST_USAGE_ERROR, PYTEST_NO_TESTS = 2, 3, 4, 5


def runner_died(pytest_code: int) -> bool:
    """pytest did not end by itself: a signal killed it (Popen's code is then minus the signal)."""
    return pytest_code < 0


def run_exit_code(records: list[dict], pytest_code: int, *, interrupted: bool = False,
                  scoring_failed: bool = False) -> int:
    """The exit code of a run from its records and pytest's exit code (see the module docstring)."""
    if interrupted or pytest_code == PYTEST_INTERRUPTED:
        return INTERRUPTED
    if runner_died(pytest_code):
        return RUNNER_DIED
    if scoring_failed:
        return SCORING_CRASH
    if pytest_code == PYTEST_USAGE_ERROR:
        return CONFIG            # the plugin stops on a profile error with pytest's usage code
    classes = {r.get("failure_class") for r in final_attempts(records)
               if r.get("outcome") not in ("passed", "skipped")}
    if "suite_broken" in classes or pytest_code in (PYTEST_INTERNAL_ERROR, PYTEST_NO_TESTS):
        return SUITE_BROKEN
    if pytest_code not in (0, 1) or None in classes:
        return SUITE_BROKEN      # a failure nobody classed, or an exit code we do not know
    if "environment" in classes:
        return ENVIRONMENT
    if "portal_defect" in classes:
        return PORTAL_DEFECTS
    if pytest_code == 1:
        return SUITE_BROKEN      # pytest saw a failure that left no record (e.g. a fixture error)
    return OK


def final_attempts(records: list[dict]) -> list[dict]:
    """The last attempt of each scenario (a pass on retry is flaky, not a failure)."""
    last: dict[str, dict] = {}
    for r in records:
        key = r.get("nodeid") or id(r)
        if key not in last or r.get("attempt", 1) >= last[key].get("attempt", 1):
            last[key] = r
    return list(last.values())
