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
