"""Test-only pytest plugin that breaks the environment in the middle of a journey run.

Loaded into a journey run with `-p tests.support.faults`; it does nothing unless SHOPPER_FAULT is set:

    SHOPPER_FAULT=kill-browser@N    SIGKILL the run's browser (a crash) just before the second step
                                    of the N-th scenario
    SHOPPER_FAULT=kill-pid:PID@N    SIGKILL process PID (an external sandbox) at the same moment

The fault lands mid-journey, as a real one would: scenario N has already opened the portal.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

_state = {"scenario": 0, "step": 0, "done": False}


def _fault() -> tuple[str, int] | None:
    spec = os.environ.get("SHOPPER_FAULT")
    if not spec:
        return None
    what, _, at = spec.rpartition("@")
    return what, int(at)


def pytest_runtest_setup(item):
    _state["scenario"] += 1
    _state["step"] = 0


def pytest_bdd_before_step_call(request, feature, scenario, step, step_func, step_func_args):
    _state["step"] += 1
    fault = _fault()
    if fault is None or _state["done"] or (_state["scenario"], _state["step"]) != (fault[1], 2):
        return
    what = fault[0]
    if what == "kill-browser":
        pids = browser_pids()
        assert pids, "no browser process found under this pytest process"
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
    elif what.startswith("kill-pid:"):
        os.kill(int(what.split(":", 1)[1]), signal.SIGKILL)
    else:
        pytest.exit(f"unknown SHOPPER_FAULT {what!r}", returncode=4)
    _state["done"] = True


def browser_pids() -> list[int]:
    """Main browser processes (not renderers or helpers) descended from this process."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if "chrom" in Path(argv[0].decode(errors="ignore")).name and not any(a.startswith(b"--type=") for a in argv):
            found.append(pid)
    return found
