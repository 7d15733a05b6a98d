"""Soak: the clean sandbox run repeated N times in a row has no failure (SHOPPER_SOAK_RUNS, default 10).

Slow (N full runs), so it runs only when asked: `make soak` or `pytest -m soak tests/journeys/test_soak.py`.
"""
from __future__ import annotations

import os

import pytest

from tests.support.runs import run_journeys

pytestmark = [pytest.mark.journeys, pytest.mark.soak]
RUNS = int(os.environ.get("SHOPPER_SOAK_RUNS", "10"))


@pytest.mark.skipif(os.environ.get("SHOPPER_SOAK") != "1", reason="soak runs only with SHOPPER_SOAK=1 (make soak)")
def test_clean_runs_in_a_row_have_no_failure(tmp_path):
    failures = []
    for i in range(RUNS):
        records = run_journeys(tmp_path / f"run{i}", extra=["--device", "desktop"])
        failures += [(i, r["nodeid"], r["failure_message"]) for r in records if r["outcome"] != "passed"]
    assert not failures, f"{len(failures)} failures over {RUNS} clean runs: {failures[:5]}"
