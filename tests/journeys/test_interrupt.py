"""A run stopped from outside: Ctrl-C, SIGTERM or SIGHUP (a CI cancel, `timeout`, a dropped ssh
session) stop the journeys, keep the finished records, mark the scorecard 中断/不完整, give no trend a
point and exit 130 without a raw traceback; a runner killed outright (the OOM killer's SIGKILL to
pytest) leaves a card marked 结论不完整 and exit 7. Either way no browser, driver or sandbox of the
run is left behind."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from shopper.gate import evaluate_gate
from tests.support.procs import MARKER, children, leaked_processes, marked_processes

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.journeys


def start_run(reports: Path, run_id: str) -> tuple[subprocess.Popen, str]:
    """A real `shopper run` of the search journeys on desktop, its processes marked with their own token."""
    token = f"{run_id}-{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "shopper", "run", "--portal", "sandbox-matrix", "--journeys", "search",
         "--device", "desktop", "--run-id", run_id, "--reports-dir", str(reports), "--no-report", "-q"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), MARKER: token}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    return proc, token


def wait_for_first_record(proc: subprocess.Popen, records: Path) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and not any(records.glob("*.json")):
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before the first record appeared"


def assert_nothing_left(token: str) -> None:
    leaks = leaked_processes(token, grace=15)
    assert not leaks, "processes of the stopped run still alive:\n" + "\n".join(f"  {p}: {c[:160]}" for p, c in leaks)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_stop_signal_stops_cleanly_with_an_incomplete_scorecard(tmp_path, signum):
    reports, run_id = tmp_path / "reports", f"INT-{signum.name}"
    records = reports / "runs" / run_id / "records" / run_id
    proc, token = start_run(reports, run_id)
    wait_for_first_record(proc, records)
    proc.send_signal(signum)
    log = proc.communicate(timeout=180)[0]
    assert proc.returncode == 130, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert_nothing_left(token)                                   # pytest, node, chromium: all gone
    kept = list(records.glob("*.json"))
    assert 1 <= len(kept) < 5, log[-3000:]                       # stopped early, finished ones kept
    card = json.loads((reports / "runs" / run_id / "scorecard.json").read_text(encoding="utf-8"))
    assert card["interrupted"] is True and card["incomplete"] is True and "中断/不完整" in card["completeness"]
    assert (signum.name if signum != signal.SIGINT else "Ctrl-C") in card["completeness"]
    assert "中断/不完整" in (reports / "runs" / run_id / "scorecard.md").read_text(encoding="utf-8")
    assert not (reports / "history" / "sandbox" / "scores.jsonl").exists()   # no point in the trend
    gate = evaluate_gate(reports / "runs" / run_id / "scorecard.json", min_total=0)
    assert not gate.passed and any("中断" in f for f in gate.failures)


def test_a_runner_killed_outright_is_an_incomplete_run_and_no_verdict(tmp_path):
    """SIGKILL to pytest, as the OOM killer sends it: no teardown runs, the records of the finished
    journeys are all there is. The terminal says what happened, the card is 结论不完整, no trend point."""
    reports, run_id = tmp_path / "reports", "KILLED"
    records = reports / "runs" / run_id / "records" / run_id
    proc, token = start_run(reports, run_id)
    wait_for_first_record(proc, records)
    runners = [pid for pid in children(proc.pid) if "pytest" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
    assert len(runners) == 1, marked_processes(token)
    os.kill(runners[0], signal.SIGKILL)
    log = proc.communicate(timeout=180)[0]
    assert proc.returncode == 7, log[-3000:]
    assert "SIGKILL" in log and "运行器中止" in log and "Traceback" not in log, log[-3000:]
    assert_nothing_left(token)
    card = json.loads((reports / "runs" / run_id / "scorecard.json").read_text(encoding="utf-8"))
    assert card["incomplete"] is True and "结论不完整" in card["completeness"] and "SIGKILL" in card["completeness"]
    assert not card.get("interrupted")                           # nobody asked it to stop
    assert "结论不完整" in (reports / "runs" / run_id / "scorecard.md").read_text(encoding="utf-8")
    assert not (reports / "history" / "sandbox" / "scores.jsonl").exists()
    assert not (reports / "runs" / run_id / "整改台账.xlsx").exists()    # untested is not 已整改
