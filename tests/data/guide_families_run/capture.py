"""Capture the JourneyRecords the charged-indicator tests read, from a real sandbox run.

    .venv/bin/python tests/data/guide_families_run/capture.py

Runs `python -m shopper run --journeys guide --device desktop --defects guide_missing_elements,
broken_download` (the default sandbox profile: 10 sampled guides): guide_missing_elements takes
法定办结时限, 办理时间 and 咨询电话 away (E1), broken_download makes the forms' 空表 answer 404 (E4),
so a guide fails two element families at once while every 实施编码 stays valid (D2). The records
(already masked by the recorder) are copied to records/; only the run id is fixed.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
RUN_ID = "guide-families"


def capture() -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "shopper", "run", "--journeys", "guide", "--device", "desktop",
                        "--defects", "guide_missing_elements,broken_download", "--reports-dir", tmp,
                        "--run-id", RUN_ID, "--no-report", "-q"], cwd=ROOT, check=False)
        dst = HERE / "records"
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(Path(tmp) / "runs" / RUN_ID / "records" / RUN_ID, dst)
        return dst


if __name__ == "__main__":
    out = capture()
    print(out, len(list(out.glob("*.json"))), "records")
