"""`shopper sweep SWEEP.yaml`: several portals (a province's portal, its city channels, its department
sites), each by its own `shopper run`, then one league table and one 整改台账 across them.

Each portal's run is a whole `shopper run` in a subprocess (its own run folder reports/runs/<sweep
id>.<nn>-<profile>/, its own history point, 台账 and exit code), `--workers` of them at once; with
`--browser-ws` (one or more endpoints, comma separated) the runs drive those remote browsers, shared
round robin. A stop signal (Ctrl-C, SIGTERM, SIGHUP) is passed to every run still going (each stops
its journeys and keeps what it has, as `shopper run` does), no run starts after it, and the summary is
written over what finished. The sweep's folder reports/sweeps/<sweep id>/ gets league.{html,xlsx,csv},
整改台账.{xlsx,html}, findings-across.json, sweep.json and one log per portal.

Exit code: 0 when every portal's run exited 0; otherwise the first of 130, 7, 6, 4, 2, 3, 5, 1 among
them (a sweep that could not judge every portal says so before it reports defects).
"""
from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import exitcodes, paths
from .sweepfile import Entry, Sweep
from .paths import ROOT

PRECEDENCE = (exitcodes.INTERRUPTED, exitcodes.RUNNER_DIED, exitcodes.SCORING_CRASH, exitcodes.CONFIG,
              exitcodes.USAGE, exitcodes.SUITE_BROKEN, exitcodes.ENVIRONMENT, exitcodes.PORTAL_DEFECTS)
NOT_RUN = -1


@dataclass
class PortalResult:
    entry: Entry
    run_id: str
    folder: Path
    code: int = NOT_RUN
    log: Path | None = None


def run_ids(sweep_id: str, entries) -> list[str]:
    """The portals' run ids: <sweep id>.<nn>-<profile> (letters, digits, '.', '_', '-' only)."""
    return [f"{sweep_id}.{n:02d}-{re.sub(r'[^A-Za-z0-9._-]', '_', Path(e.profile).stem)}"[:100]
            for n, e in enumerate(entries, 1)]


def sweep_exit_code(codes: list[int]) -> int:
    for code in PRECEDENCE:
        if code in codes:
            return code
    return exitcodes.OK if all(c == exitcodes.OK for c in codes) else exitcodes.SUITE_BROKEN


class Runner:
    """The portals' runs, `workers` at a time; `stop()` passes a stop to the running ones."""

    def __init__(self, sweep: Sweep, sweep_id: str, reports: Path, out: Path, workers: int, endpoints: list[str],
                 no_report: bool = False):
        self.sweep, self.sweep_id, self.reports, self.out = sweep, sweep_id, reports, out
        self.workers, self.no_report = max(1, workers), no_report
        self.endpoints: queue.Queue = queue.Queue()
        for i in range(self.workers):
            self.endpoints.put(endpoints[i % len(endpoints)] if endpoints else None)
        self.stopping = threading.Event()
        self.running: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()

    def command(self, entry: Entry, run_id: str, endpoint: str | None) -> list[str]:
        cmd = [sys.executable, "-m", "shopper", "run", "--portal", entry.profile, "--run-id", run_id,
               "--reports-dir", str(self.reports), "--journeys", entry.journeys, "--device", entry.device,
               "--reruns", str(entry.reruns), "--rubric", str(self.sweep.rubric), "-q"]
        if entry.defects:
            cmd += ["--defects", entry.defects]
        if endpoint:
            cmd += ["--browser-ws", endpoint]
        if self.no_report:
            cmd.append("--no-report")
        return cmd

    def run_one(self, result: PortalResult) -> PortalResult:
        endpoint = self.endpoints.get()
        try:
            if self.stopping.is_set():
                return result
            result.log = self.out / "logs" / f"{result.run_id}.log"
            with open(result.log, "w", encoding="utf-8") as log:
                proc = subprocess.Popen(self.command(result.entry, result.run_id, endpoint), cwd=ROOT,
                                        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log,
                                        stderr=subprocess.STDOUT, process_group=0)
                with self.lock:
                    self.running[proc.pid] = proc
                result.code = proc.wait()
                with self.lock:
                    self.running.pop(proc.pid, None)
            print(f"[shopper] 门户 {result.entry.portal} ({result.entry.profile}): 退出码 {result.code}; "
                  f"{result.folder}", flush=True)
            return result
        finally:
            self.endpoints.put(endpoint)

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            for proc in self.running.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)   # each run stops its journeys and writes what it has

    def run(self) -> tuple[list[PortalResult], str | None]:
        """Every portal's run; (results, the stop signal's name or None). After a stop no run starts,
        the running ones are told to stop and are waited for: they write what they have."""
        (self.out / "logs").mkdir(parents=True, exist_ok=True)
        results = [PortalResult(e, run_id, paths.run_dir(self.reports, run_id))
                   for e, run_id in zip(self.sweep.entries, run_ids(self.sweep_id, self.sweep.entries))]
        pool = ThreadPoolExecutor(max_workers=self.workers)
        futures = [pool.submit(self.run_one, r) for r in results]
        stopped = None
        while True:
            try:
                for f in futures:
                    f.result()
                break
            except KeyboardInterrupt as exc:
                if stopped is None:
                    stopped = getattr(exc, "signame", "SIGINT")
                    print("\n[shopper] 中断: 正在停止各门户的运行, 已完成的保留 (interrupted: stopping the runs)",
                          file=sys.stderr, flush=True)
                self.stop()
        pool.shutdown(wait=True)
        return results, stopped


@dataclass
class LeagueItem:
    """One portal of a league: its run's folder, or why it has none."""
    portal: str
    title: str
    run_id: str
    folder: Path
    why_absent: str = ""


def items_of(results: list[PortalResult]) -> list[LeagueItem]:
    out = []
    for r in results:
        why = ""
        if r.code == NOT_RUN:
            why = "未运行 (not run: the sweep was stopped first)"
        elif not (r.folder / "scorecard.json").is_file():
            why = (f"没有评分卡: 运行退出码 {r.code}, 见日志 logs/{r.log.name if r.log else ''} "
                   f"(no scorecard: the run stopped before scoring)")
        out.append(LeagueItem(r.entry.portal, r.entry.title, r.run_id, r.folder, why))
    return out


def summarize(items: list[LeagueItem], out: Path, title: str) -> dict[str, Path]:
    """The league (html, xlsx, csv) and the 整改台账 across the portals' runs, in `out`."""
    from .ledger_across import read_run, write_across
    from .league import write_league
    from .scorecard import read_scorecard

    cards, absent, links = [], {}, {}
    for item in items:
        if item.why_absent:
            absent[item.portal] = item.why_absent
            continue
        cards.append(read_scorecard(item.folder / "scorecard.json"))
        links[item.portal] = os.path.relpath(item.folder / "scorecard.html", out)
    names = {item.portal: item.title for item in items}
    written = write_league(cards, out, title=f"{title} · 模拟办事评分排名", names=names, links=links, absent=absent)
    runs = [read_run(i.portal, i.run_id, i.folder, i.why_absent) for i in items]
    across = write_across(runs, out, title)
    return {**{f"league_{k}": v for k, v in written.items()}, **{f"ledger_{k}": v for k, v in across.items()}}


def write_record(results: list[PortalResult], sweep: Sweep, sweep_id: str, out: Path, code: int) -> Path:
    data = {"sweep_id": sweep_id, "title": sweep.title, "file": str(sweep.path), "exit_code": code,
            "portals": [{"profile": r.entry.profile, "portal": r.entry.portal, "run_id": r.run_id,
                         "folder": str(r.folder), "exit_code": None if r.code == NOT_RUN else r.code}
                        for r in results]}
    path = out / "sweep.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
