"""Session-wide checks of the project's own tests."""
from __future__ import annotations

import pytest

from tests.support.procs import leaked_processes, mark_session


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_session():
    """Every browser, Playwright server and sandbox the tests started (however deep in a chain of
    children, even orphaned) must be gone when the session ends: the teardown fails otherwise."""
    token = mark_session()
    yield
    leaks = leaked_processes(token)
    assert not leaks, "processes started by the tests outlived them:\n" + "\n".join(
        f"  pid {pid}: {cmd[:200]}" for pid, cmd in leaks)


# Journey tests, longest first (seconds on the 2-core reference machine, headless shell): the journeys
# lane runs them on several xdist workers (Makefile), and a long test started last would be the lane's
# tail. xdist hands each worker two consecutive tests to start with, so the long ones are interleaved
# with short ones (long, short, long, short, …): no worker starts with two long ones. A test not listed
# here counts as short. The order changes nothing else: each journey test is independent.
JOURNEY_COST = {
    "test_flavour_b_as_a_live_portal_passes_every_journey_on_desktop_and_phone": 100,
    "test_a_run_that_does_not_fit_charges_nothing_to_the_portal_and_is_no_verdict": 40,
    "test_probe_reports_the_misfit_control_by_control": 30,
    "test_ledger_names_the_units_and_the_clean_run_marks_them_fixed": 25,
    "test_the_gitlab_example_shards_merges_and_gates_on_the_sandbox": 45,
    "test_the_github_example_shards_merges_and_gates_on_the_sandbox": 40,
    "test_a_sweep_of_both_flavours_ranks_them_and_keeps_one_ledger_across": 35,
    "test_two_shards_merged_give_the_verdict_and_scores_of_the_unsharded_run": 30,
}


def pytest_collection_modifyitems(config, items):
    journeys = [i for i in items if i.get_closest_marker("journeys") and not i.get_closest_marker("matrix")]
    if not journeys:
        return
    long = sorted((i for i in journeys if i.name in JOURNEY_COST), key=lambda i: -JOURNEY_COST[i.name])
    short = [i for i in journeys if i.name not in JOURNEY_COST]
    ordered = [i for pair in zip(long, short) for i in pair] + long[len(short):] + short[len(long):]
    rest = [i for i in items if i not in journeys]
    items[:] = ordered + rest
