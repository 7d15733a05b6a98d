"""Two runs on one reports/ at once: each finishes with its own folder and scorecard, the shared
history gets one point per run, reports/latest points at a run, and `shopper report` adds no point."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopper.history import load_history
from shopper.paths import latest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.journeys   # two real runs: the journeys lane, not the unit lane


def start_run(reports: Path, run_id: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "shopper", "run", "--portal", "sandbox-matrix", "--journeys", "search",
         "--device", "desktop", "--run-id", run_id, "--reports-dir", str(reports), "-q"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)


def test_two_concurrent_runs_keep_their_own_folders_and_one_history_point_each(tmp_path):
    reports = tmp_path / "reports"
    runs = {run_id: start_run(reports, run_id) for run_id in ("RA", "RB")}
    logs = {run_id: proc.communicate(timeout=600)[0] for run_id, proc in runs.items()}
    for run_id, proc in runs.items():
        log = logs[run_id]
        assert proc.returncode == 0, log[-3000:]
        assert "Traceback" not in log and "INTERNALERROR" not in log, log[-3000:]
        folder = reports / "runs" / run_id
        card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
        assert card["run_id"] == run_id
        assert len(list((folder / "records" / run_id).glob("*.json"))) == 5
        assert (folder / "allure-report").is_dir() and any((folder / "allure-results").glob("*-result.json"))
    assert latest(reports) in {(reports / "runs" / r).resolve() for r in runs}
    scores = reports / "history" / "sandbox" / "scores.jsonl"
    assert sorted(line["run_id"] for line in load_history(scores)) == ["RA", "RB"]
    allure_history = reports / "history" / "sandbox" / "allure-history.jsonl"
    points = allure_history.read_text(encoding="utf-8").splitlines()
    assert len(points) == 2
    # rebuilding a report reads the portal's Allure history but adds no point to it
    rebuilt = subprocess.run([sys.executable, "-m", "shopper", "report", "--run-id", "RA", "--reports-dir",
                              str(reports)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert allure_history.read_text(encoding="utf-8").splitlines() == points
    assert len(load_history(scores)) == 2
