"""Recorder and tracing overhead: the same scripted journey bare, with the JourneyRecorder (three
steps marked, as pytest-bdd marks them), and with the recorder plus Playwright tracing (DOM
snapshots on, as the suite records every journey, and off).

    .venv/bin/python -m bench.bench_recorder [--rounds 30]

The modes run round-robin (A/B/C/D, A/B/C/D, …) so that the load of a shared machine hits them
alike. Prints median and p90 milliseconds per journey for each mode, and each mode's overhead over
the bare journey. Not a test: numbers depend on the machine; the README quotes the figures.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from shopper.browser import launch
from shopper.record import JourneyRecord
from shopper.recorder import JourneyRecorder
from tests.support.tinysite import serve_tiny_site

MODES = ("without", "with", "with+trace", "with+trace-snapshots")


def journey_in_steps(page, base: str, recorder: JourneyRecorder | None) -> None:
    """tests/support/tinysite.scripted_journey, cut into the three steps a feature would have."""
    def step(name, actions):
        if recorder:
            recorder.begin_step(name)
        actions()
        if recorder:
            recorder.end_step()

    step("open A", lambda: (page.goto(base + "/a"), page.get_by_role("button", name="脚本点击").click()))
    step("to B", lambda: (page.get_by_role("link", name="去B").click(), page.get_by_role("heading", name="B").wait_for()))
    step("to C", lambda: (page.get_by_role("button", name="按钮").click(), page.get_by_role("link", name="去C").click(),
                          page.get_by_role("heading", name="C").wait_for()))


def run(rounds: int) -> dict:
    timings = {m: [] for m in MODES}
    with serve_tiny_site() as base, sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = launch(pw)
        for i in range(rounds + 1):
            for mode in MODES:
                context = browser.new_context()
                t0 = time.perf_counter()
                recorder = None
                if mode != "without":
                    record = JourneyRecord(run_id="b", portal="b", journey="b", scenario="b", nodeid="b", indicators=[])
                    recorder = JourneyRecorder(context, record)
                if "trace" in mode:
                    context.tracing.start(snapshots=mode.endswith("snapshots"), screenshots=False, sources=False)
                page = context.new_page()
                journey_in_steps(page, base, recorder)
                if recorder:
                    recorder.finish("passed", None, None)
                    assert (record.clicks, record.pages) == (4, 3), (record.clicks, record.pages)
                if "trace" in mode:
                    context.tracing.stop()  # a passed journey: the trace is discarded
                elapsed = (time.perf_counter() - t0) * 1000
                context.close()
                if i >= 1:  # the first round warms up the browser
                    timings[mode].append(elapsed)
        browser.close()
    out = {}
    for mode, values in timings.items():
        values.sort()
        out[mode] = {"median_ms": round(statistics.median(values), 1),
                     "p90_ms": round(values[max(0, int(len(values) * 0.9) - 1)], 1)}
    base_ms = out["without"]["median_ms"]
    for mode in MODES[1:]:
        out[mode]["overhead_pct"] = round((out[mode]["median_ms"] - base_ms) / base_ms * 100, 1)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    result = run(parser.parse_args().rounds)
    for mode in MODES:
        m = result[mode]
        extra = f", overhead {m['overhead_pct']}%" if "overhead_pct" in m else ""
        print(f"{mode:>22}: median {m['median_ms']} ms, p90 {m['p90_ms']} ms{extra}")


if __name__ == "__main__":
    main()
