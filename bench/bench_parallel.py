"""Journeys per minute, serial vs parallel shards (pytest-xdist), against the sandbox.

    .venv/bin/python -m bench.bench_parallel [--journeys search,sso,entry] [--workers 2]

Each mode runs the same journeys once (lean profile sandbox-matrix, desktop) and reports
journeys per minute. Not a test: the figures depend on the machine (README quotes the 2-core ones).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from shopper.cli import JOURNEYS
from tests.support.runs import ROOT, run_journeys


def measure(journeys: list[str], workers: int) -> dict:
    steps = [str(ROOT / JOURNEYS[j]) for j in journeys]
    out = {}
    for label, extra in (("serial", []), (f"{workers} workers", ["-n", str(workers)])):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            records = run_journeys(Path(tmp), steps=steps, extra=[*extra, "--device", "desktop"])
            seconds = time.perf_counter() - t0
        passed = sum(r["outcome"] == "passed" for r in records)
        out[label] = {"journeys": len(records), "passed": passed, "seconds": round(seconds, 1),
                      "per_minute": round(len(records) / seconds * 60, 1)}
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--journeys", default="search,sso,entry")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for label, m in measure(args.journeys.split(","), args.workers).items():
        print(f"{label:>10}: {m['journeys']} journeys ({m['passed']} passed) in {m['seconds']} s = {m['per_minute']} journeys/min")


if __name__ == "__main__":
    main()
