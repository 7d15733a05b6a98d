"""Recorder overhead: the same scripted journey with and without the JourneyRecorder.

    .venv/bin/python -m bench.bench_recorder [--rounds 30]

Prints median and p90 milliseconds per journey for both, and the overhead. Not a test: numbers
depend on the machine; the README quotes the figures measured on the 2-core reference machine.
"""
from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import sync_playwright

from shopper.browser import launch
from shopper.record import JourneyRecord
from shopper.recorder import JourneyRecorder
from tests.support.tinysite import scripted_journey, serve_tiny_site


def run(rounds: int) -> dict:
    timings = {"without": [], "with": []}
    with serve_tiny_site() as base, sync_playwright() as pw:
        browser = launch(pw)
        for i in range(rounds * 2 + 2):
            mode = "with" if i % 2 else "without"  # interleaved so drift hits both alike
            context = browser.new_context()
            if mode == "with":
                record = JourneyRecord(run_id="b", portal="b", journey="b", scenario="b", nodeid="b", indicators=[])
                recorder = JourneyRecorder(context, record)
            page = context.new_page()
            t0 = time.perf_counter()
            scripted_journey(page, base)
            if mode == "with":
                recorder.finish("passed", None, None)
                assert (record.clicks, record.pages) == (4, 3), (record.clicks, record.pages)
            elapsed = (time.perf_counter() - t0) * 1000
            context.close()
            if i >= 2:  # first pair warms up the browser
                timings[mode].append(elapsed)
        browser.close()
    out = {}
    for mode, values in timings.items():
        values.sort()
        out[mode] = {"median_ms": round(statistics.median(values), 1),
                     "p90_ms": round(values[int(len(values) * 0.9) - 1], 1)}
    base_ms = out["without"]["median_ms"]
    out["overhead_pct"] = round((out["with"]["median_ms"] - base_ms) / base_ms * 100, 1)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    result = run(parser.parse_args().rounds)
    print(f"journey without recorder: median {result['without']['median_ms']} ms, p90 {result['without']['p90_ms']} ms")
    print(f"journey with recorder:    median {result['with']['median_ms']} ms, p90 {result['with']['p90_ms']} ms")
    print(f"recorder overhead: {result['overhead_pct']}% of the median journey")


if __name__ == "__main__":
    main()
