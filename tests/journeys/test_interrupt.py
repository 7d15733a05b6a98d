"""Ctrl-C during a run: the journeys stop, finished records are kept, the scorecard is marked
中断/不完整, no trend gets a point, the CLI exits 130 without a raw traceback."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from shopper.gate import evaluate_gate

ROOT = Path(__file__).resolve().parents[2]


def test_sigint_stops_cleanly_with_an_incomplete_scorecard(tmp_path):
    reports, run_id = tmp_path / "reports", "INT1"
    records = reports / "runs" / run_id / "records" / run_id
    proc = subprocess.Popen(
        [sys.executable, "-m", "shopper", "run", "--portal", "sandbox-matrix", "--journeys", "search",
         "--device", "desktop", "--run-id", run_id, "--reports-dir", str(reports), "--no-report", "-q"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and not any(records.glob("*.json")):
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before the first record appeared"
    proc.send_signal(signal.SIGINT)
    log = proc.communicate(timeout=180)[0]
    assert proc.returncode == 130, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    kept = list(records.glob("*.json"))
    assert 1 <= len(kept) < 5, log[-3000:]                       # stopped early, finished ones kept
    card = json.loads((reports / "runs" / run_id / "scorecard.json").read_text(encoding="utf-8"))
    assert card["interrupted"] is True and "中断/不完整" in card["completeness"]
    assert "中断/不完整" in (reports / "runs" / run_id / "scorecard.md").read_text(encoding="utf-8")
    assert not (reports / "history" / "sandbox" / "scores.jsonl").exists()   # no point in the trend
    gate = evaluate_gate(reports / "runs" / run_id / "scorecard.json", min_total=0)
    assert not gate.passed and any("中断" in f for f in gate.failures)
