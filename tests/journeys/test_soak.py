"""Soak: the clean sandbox run repeated N times in a row has no failure (SHOPPER_SOAK_RUNS, default 10).

By default each run is the main job's: profile `sandbox`, every journey, desktop and phone
(SHOPPER_SOAK_PROFILE / SHOPPER_SOAK_DEVICE choose a leaner one, e.g. sandbox-matrix / desktop).

Slow (N full runs), so it runs only when asked: `make soak` or `pytest -m soak tests/journeys/test_soak.py`.
Each run's outcome counts and duration go to reports/soak.md, so the figure can be quoted.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.support.runs import run_journeys

pytestmark = [pytest.mark.journeys, pytest.mark.soak]
RUNS = int(os.environ.get("SHOPPER_SOAK_RUNS", "10"))
PROFILE = os.environ.get("SHOPPER_SOAK_PROFILE", "sandbox")
DEVICE = os.environ.get("SHOPPER_SOAK_DEVICE", "desktop,mobile")
REPORT = Path(__file__).resolve().parents[2] / "reports" / "soak.md"


@pytest.mark.skipif(os.environ.get("SHOPPER_SOAK") != "1", reason="soak runs only with SHOPPER_SOAK=1 (make soak)")
def test_clean_runs_in_a_row_have_no_failure(tmp_path):
    failures, rows = [], []
    for i in range(RUNS):
        started = time.monotonic()
        records = run_journeys(tmp_path / f"run{i}", extra=["--device", DEVICE], profile=PROFILE)
        seconds = time.monotonic() - started
        outcomes = Counter(r["outcome"] for r in records)
        flaky = sum(bool(r.get("flaky")) for r in records)
        rows.append(f"| {i + 1} | {len(records)} | {outcomes['passed']} | {len(records) - outcomes['passed']} | {flaky} | {seconds:.0f} |")
        print(f"soak run {i + 1}/{RUNS}: {dict(outcomes)} in {seconds:.0f} s", flush=True)
        failures += [(i, r["nodeid"], r["failure_message"]) for r in records if r["outcome"] != "passed"]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(f"# Soak: clean sandbox runs in a row (profile {PROFILE}, device {DEVICE})\n\n"
                      "| run | journeys | passed | not passed | flaky | seconds |\n|---|---|---|---|---|---|\n"
                      + "\n".join(rows) + f"\n\n{len(failures)} failures over {RUNS} runs.\n", encoding="utf-8")
    assert len(rows) == RUNS
    assert not failures, f"{len(failures)} failures over {RUNS} clean runs: {failures[:5]}"
