"""Capture the JourneyRecords the finding-model tests read, from real sandbox runs.

    .venv/bin/python tests/data/ledger/capture.py

Runs `python -m shopper run` twice on desktop (journeys guide, entry, safety, elder; lean profile
sandbox-matrix): once with defects and once clean, and copies each run's records (already masked
by the recorder) to tests/data/ledger/<defects|clean>/. The copies are what a real run wrote; only
the run id is fixed so the data does not churn.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DEFECTS = "guide_missing_elements,broken_download,entry_buried,pii_unmasked,elderly_popup"
RUNS = {"defects": DEFECTS, "clean": ""}


def capture(name: str, defects: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        run_id = f"ledger-{name}"
        cmd = [sys.executable, "-m", "shopper", "run", "--portal", "sandbox-matrix", "--device", "desktop",
               "--journeys", "guide,entry,safety,elder", "--reports-dir", tmp, "--run-id", run_id,
               "--no-report", "-q"]
        if defects:
            cmd += ["--defects", defects]
        subprocess.run(cmd, cwd=ROOT, check=False)
        src = Path(tmp) / "records" / run_id
        dst = HERE / name
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
        return dst


if __name__ == "__main__":
    for name, defects in RUNS.items():
        print(capture(name, defects), len(list((HERE / name).glob("*.json"))), "records")
