"""Processes the test session started (directly or through any chain of children): each pytest
process puts a marker in its environment, every child inherits it, and /proc/<pid>/environ shows
it even after a child was orphaned and re-parented (which a walk of /proc children would miss)."""
from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

MARKER = "SHOPPER_TEST_SESSION"
# what a leak looks like: a browser, a Playwright server or driver, a sandbox server
LEAK_NAMES = ("chrome", "chromium", "headless_shell", "node", "playwright", "sandbox")


def mark_session() -> str:
    token = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    os.environ[MARKER] = token
    return token


def marked_processes(token: str) -> list[tuple[int, str]]:
    """(pid, command line) of live processes, other than this one, whose environment has the token."""
    needle = f"{MARKER}={token}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
            state = next((l for l in (entry / "status").read_text().splitlines() if l.startswith("State:")), "")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if "zombie" in state or not cmdline:
            continue
        found.append((int(entry.name), cmdline))
    return found


def leaked_processes(token: str, grace: float = 10.0) -> list[tuple[int, str]]:
    """Browsers, servers and drivers started by this session still alive after `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        leaks = [(pid, cmd) for pid, cmd in marked_processes(token)
                 if any(name in cmd.lower() for name in LEAK_NAMES)]
        if not leaks or time.monotonic() >= deadline:
            return leaks
        time.sleep(0.2)


def children(pid: int) -> list[int]:
    """The live direct children of `pid` (from /proc/<pid>/task/*/children)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return out
