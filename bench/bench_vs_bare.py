"""The suite against a bare Playwright script doing the same journeys, per journey family.

    .venv/bin/python -m bench.bench_vs_bare [--families search,sso,apply,guide] [--pairs 3]

For each family, in one run of this script, the two are interleaved A/B/A/B (bare, suite, bare,
suite, …) so that the load of a shared machine hits both alike; each side is a fresh process
that starts its own sandbox and browser:
- bare: `python -m bench.bare_journeys FAMILY` (page objects driven by a plain loop);
- suite: `pytest steps/test_FAMILY.py` with the journey plugin (recorder, tracing, records,
  Allure results), as `shopper run --journeys FAMILY` runs it.
Prints the median seconds of each side and the ratio suite / bare per family. Ratios survive a
loaded machine better than absolute times; the README quotes them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.runs import ACCOUNTS, ROOT

# the full sandbox profile: 20 keywords + the zero-result case, 10 guides, 3 apply items (the issue's
# comparison: `shopper run --journeys search --device desktop` against the same 20 searches)
PROFILE = "sandbox"

# the scenarios bench/bare_journeys.py repeats (sso: the repeated sign-in scenario only)
SUITE_EXTRA = {"sso": ["-k", "重复多次"]}


def _timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return seconds


def bare(family: str, env: dict, profile: str = PROFILE) -> float:
    return _timed([sys.executable, "-m", "bench.bare_journeys", family, "--profile", profile], env)


def suite(family: str, env: dict, extra: list[str] = (), profile: str = PROFILE) -> float:
    """The family through the suite, with the pytest command `shopper run --journeys FAMILY --device
    desktop` builds (shopper/cli.py: pytest_command), so the bench measures what a user runs."""
    from shopper.cli import pytest_command

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        args = argparse.Namespace(journeys=[family], portal=profile, device="desktop", run_id="bench", defects="",
                                  browser_ws=None, workers=0, reruns=0, quiet=True, trace_snapshots=False,
                                  reports_dir=str(out))
        cmd = pytest_command(args, out / "allure-results", out / "records", out / "traces")
        return _timed(cmd + SUITE_EXTRA.get(family, []) + list(extra), env)


def measure(families: list[str], pairs: int, suite_args: list[str] = ()) -> dict:
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT)}
    out = {}
    for family in families:
        times = {"bare": [], "suite": []}
        for _ in range(pairs):
            times["bare"].append(bare(family, env))
            times["suite"].append(suite(family, env, suite_args))
        b, s = statistics.median(times["bare"]), statistics.median(times["suite"])
        out[family] = {"bare_s": [round(t, 1) for t in times["bare"]], "suite_s": [round(t, 1) for t in times["suite"]],
                       "ratio": round(s / b, 2),
                       "pair_ratios": [round(st / bt, 2) for bt, st in zip(times["bare"], times["suite"])]}
        print(f"{family:>6}: bare {out[family]['bare_s']} s, suite {out[family]['suite_s']} s → "
              f"ratio {out[family]['ratio']} (per pair {out[family]['pair_ratios']})", flush=True)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", default="search,sso,apply,guide")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--suite-args", default="", help="extra pytest arguments for the suite side, e.g. --assert=plain")
    args = parser.parse_args()
    measure(args.families.split(","), args.pairs, args.suite_args.split())


if __name__ == "__main__":
    main()
