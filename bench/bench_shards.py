"""One run sharded over k remote browsers: wall time and identical verdicts (README "Benchmarks").

    .venv/bin/python -m bench.bench_shards [--k 1,2,4] [--repeat 2] [--journeys all] [--device desktop,mobile]

k `playwright run-server` processes stand in for k remote browser machines (each serves its own
Chromium: the Debian headless shell, linked where a run-server looks for its browser). For each k,
`shopper run --shard i/k --browser-ws ws://…:port_i/` runs the k shards at once, then `shopper merge`
puts them together; the wall time is from the shards' start to the merge's end (the merge includes the
Allure report). A whole unsharded run with the local browser goes first: it is the reference verdict
and its durations balance the splits. Every merged run's verdict, total, indicator scores and exit
code are compared with the reference. The load average before each run is printed: the machine may
be shared. Not a test: the figures depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADLESS_SHELL = Path("/usr/lib/chromium/chromium-headless-shell")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browsers_dir(tmp: Path) -> Path:
    """PLAYWRIGHT_BROWSERS_PATH for the run-servers: the Debian headless shell where Playwright's
    registry expects its own download (a real remote machine has its browser installed)."""
    registry = json.loads((Path(sys.executable).parent.parent / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
                           / "site-packages" / "playwright" / "driver" / "package" / "browsers.json").read_text())
    revision = next(b["revision"] for b in registry["browsers"] if b["name"] == "chromium-headless-shell")
    target = tmp / f"chromium_headless_shell-{revision}" / "chrome-headless-shell-linux64"
    target.mkdir(parents=True)
    (target / "chrome-headless-shell").symlink_to(HEADLESS_SHELL)
    return tmp


def start_servers(k: int, browsers: Path) -> list[tuple[subprocess.Popen, str]]:
    servers = []
    for _ in range(k):
        port = free_port()
        proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "playwright"), "run-server", "--port", str(port),
                                 "--host", "127.0.0.1"], env={**os.environ, "PLAYWRIGHT_BROWSERS_PATH": str(browsers)},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        line = proc.stdout.readline()
        if "Listening on" not in line:
            raise RuntimeError(f"playwright run-server did not start: {line!r}")
        servers.append((proc, f"ws://127.0.0.1:{port}/"))
    return servers


def stop_servers(servers) -> None:
    for proc, _ in servers:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for proc, _ in servers:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()


def shopper(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "shopper", *args], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def verdict(folder: Path, code: int) -> dict:
    card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    return {"exit": code, "verdict": card["verdict"], "total": card["total"], "records": card["records_total"],
            "indicators": {i["id"]: i["score"] for i in card["indicators"] if i["score"] is not None}}


def run_whole(reports: Path, run_id: str, common: list[str]) -> tuple[float, dict]:
    t0 = time.perf_counter()
    proc = shopper("run", *common, "--run-id", run_id, "--reports-dir", str(reports))
    code = proc.wait()
    return time.perf_counter() - t0, verdict(reports / "runs" / run_id, code)


def run_sharded(reports: Path, run_id: str, k: int, common: list[str], browsers: Path) -> tuple[float, float, dict]:
    servers = start_servers(k, browsers)
    try:
        t0 = time.perf_counter()
        shards = [shopper("run", *common, "--run-id", run_id, "--shard", f"{i}/{k}", "--browser-ws", ws,
                          "--reports-dir", str(reports)) for i, (_, ws) in enumerate(servers, 1)]
        codes = [p.wait() for p in shards]
        shards_done = time.perf_counter() - t0
        merge = shopper("merge", *[str(reports / "runs" / f"{run_id}.shard-{i}-of-{k}") for i in range(1, k + 1)],
                        "--reports-dir", str(reports))
        code = merge.wait()
        wall = time.perf_counter() - t0
    finally:
        stop_servers(servers)
    if any(c > 1 for c in codes):
        raise RuntimeError(f"a shard of {run_id} exited {codes}")
    return wall, shards_done, verdict(reports / "runs" / run_id, code)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--journeys", default="all")
    parser.add_argument("--device", default="desktop,mobile")
    parser.add_argument("--defects", default="broken_download", help="so that there is a verdict with findings to compare")
    parser.add_argument("--keep", default=None, help="write the runs here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    common = ["--portal", "sandbox-matrix", "--journeys", args.journeys, "--device", args.device, "-q"]
    if args.defects:
        common += ["--defects", args.defects]
    ks = [int(k) for k in args.k.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-shards-") as tmp:
        reports, browsers = Path(args.keep or tmp) / "reports", browsers_dir(Path(tmp) / "browsers")
        load = os.getloadavg()[0]
        seconds, reference = run_whole(reports, "whole", common)
        rows.append(("unsharded, local browser", load, seconds, None, reference))
        for n in range(args.repeat):
            for k in ks if n % 2 == 0 else reversed(ks):        # interleaved: drift in the machine's load hits every k
                load = os.getloadavg()[0]
                wall, shards, got = run_sharded(reports, f"k{k}-r{n}", k, common, browsers)
                rows.append((f"k={k}", load, wall, shards, got))
    print(f"reference: exit {reference['exit']}, {reference['verdict']}, total {reference['total']}, "
          f"{reference['records']} scenarios")
    print("| run | load before | wall (s) | shards done (s) | verdict, exit | scores |")
    print("|---|---:|---:|---:|---|---|")
    for label, load, wall, shards, got in rows:
        print(f"| {label} | {load:.2f} | {wall:.1f} | {'' if shards is None else f'{shards:.1f}'} | "
              f"{compare_verdict(got, reference)} | {compare_scores(got, reference)} |")


def compare_verdict(got: dict, reference: dict) -> str:
    keys = ("verdict", "exit", "records")
    if all(got[k] == reference[k] for k in keys):
        return "same"
    return "DIFFERENT: " + ", ".join(f"{k} {reference[k]}→{got[k]}" for k in keys if got[k] != reference[k])


def compare_scores(got: dict, reference: dict) -> str:
    moved = [f"{i} {reference['indicators'].get(i)}→{s}" for i, s in sorted(got["indicators"].items())
             if reference["indicators"].get(i) != s]
    if got["total"] != reference["total"]:
        moved.insert(0, f"total {reference['total']}→{got['total']}")
    return "same" if not moved else "moved: " + ", ".join(moved)


if __name__ == "__main__":
    main()
