"""Session-wide checks of the project's own tests."""
from __future__ import annotations

import signal

import pytest

from tests.support.procs import leaked_processes, mark_session

# The tests model a citizen's terminal: Ctrl-C reaches a run. A shell that starts a job in the
# background (`make test &`, nohup) starts it with SIGINT ignored, and every child inherits that, so
# the tests of a stop (a sweep stopped, `shopper run` interrupted) would see the signal vanish. The
# default handler here (in the session and in each xdist worker) gives every child the default
# disposition again: a handler is reset on exec, an ignored signal is not.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_session():
    """Every browser, Playwright server and sandbox the tests started (however deep in a chain of
    children, even orphaned) must be gone when the session ends: the teardown fails otherwise."""
    token = mark_session()
    yield
    leaks = leaked_processes(token)
    assert not leaks, "processes started by the tests outlived them:\n" + "\n".join(
        f"  pid {pid}: {cmd[:200]}" for pid, cmd in leaks)


# Journey tests, longest first (seconds on the 2-core reference machine, headless shell, measured with
# --durations in the journeys lane): the lane runs them on several xdist workers (Makefile), and a long
# test started last would be the lane's tail. xdist hands each worker two consecutive tests to start
# with, so the long ones are interleaved with short ones (long, short, long, short, …): no worker starts
# with two long ones. Keys are a test's name with its parameters, or without them (every case); a test
# not listed here counts as short. The order changes nothing else: each journey test is independent.
JOURNEY_COST = {
    "test_flavour_b_as_a_live_portal_passes_every_journey_on_desktop_and_phone": 150,
    "test_another_vendors_profile_charges_nothing_to_the_portal[c-profile-on-b]": 100,
    "test_another_vendors_profile_charges_nothing_to_the_portal[b-profile-on-c]": 80,
    "test_another_vendors_profile_charges_nothing_to_the_portal[b-profile-on-a]": 75,
    "test_another_vendors_profile_charges_nothing_to_the_portal[a-profile-on-b]": 70,
    "test_another_vendors_profile_charges_nothing_to_the_portal[c-profile-on-a]": 60,
    "test_a_half_fit_charges_nothing_to_the_portal": 55,
    "test_the_gitlab_example_shards_merges_and_gates_on_the_sandbox": 45,
    "test_the_github_example_shards_merges_and_gates_on_the_sandbox": 40,
    "test_a_sweep_of_both_flavours_ranks_them_and_keeps_one_ledger_across": 35,
    "test_ledger_names_the_units_and_the_clean_run_marks_them_fixed": 35,
    "test_two_shards_merged_give_the_verdict_and_scores_of_the_unsharded_run": 30,
    "test_politeness_waits_are_not_charged_to_the_portal": 27,
}


def cost(item) -> int | None:
    return JOURNEY_COST.get(item.name, JOURNEY_COST.get(getattr(item, "originalname", item.name)))


def pytest_collection_modifyitems(config, items):
    journeys = [i for i in items if i.get_closest_marker("journeys") and not i.get_closest_marker("matrix")]
    if not journeys:
        return
    long = sorted((i for i in journeys if cost(i) is not None), key=lambda i: -cost(i))
    short = [i for i in journeys if cost(i) is None]
    ordered = [i for pair in zip(long, short) for i in pair] + long[len(short):] + short[len(long):]
    rest = [i for i in items if i not in journeys]
    items[:] = ordered + rest
