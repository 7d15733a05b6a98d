"""Environment faults are not portal defects: the run goes on, keeps every record, classifies them
as environment and exits 5 (environment fault, no verdict) with a summary.

Faults before the run (a closed port, a host that does not resolve, a page that never loads) come from
the profile; faults in the middle of a run (the browser crashes, the sandbox is killed) are injected by
tests/support/faults.py just before the second step of the second scenario."""
from __future__ import annotations

import json
import os
import signal
import socket
import re
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from sandbox.server import answers_health
from shopper.personas import make_persona
from shopper.record import load_records

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def hanging_server():
    """Accepts connections and never answers: a page that never finishes loading."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


def live_profile(tmp_path: Path, portal: str) -> Path:
    text = (ROOT / "fixtures/portals/example-live.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^timeouts: .*$", "timeouts: {action_ms: 3000, navigation_ms: 3000}", text)
    text = text.replace("https://zwfw-staging.example.gov.cn", portal).replace("https://tyrz-staging.example.gov.cn", portal)
    text = re.sub(r"(?m)^keywords: .*$", f"keywords: {ROOT / 'fixtures/keywords/matrix.csv'}", text)
    path = tmp_path / "unreachable.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("portal", ["closed-port", "http://nowhere.invalid", "never-loads"])
def test_unreachable_portal_is_an_environment_fault(tmp_path, portal):
    with hanging_server() as hanging_port:
        if portal == "closed-port":
            portal = f"http://zwfw.localhost:{closed_port()}"
        elif portal == "never-loads":
            portal = f"http://zwfw.localhost:{hanging_port}"
        check_environment_faults(tmp_path, portal)


def check_environment_faults(tmp_path, portal):
    result, records = run_search(tmp_path, str(live_profile(tmp_path, portal)))
    assert result.returncode == 5, result.stdout[-2000:] + result.stderr[-2000:]
    assert "环境故障" in result.stdout                              # the summary names the class
    assert len(records) == 5                                       # 4 keywords + zero-result case: none lost
    assert {r["failure_class"] for r in records} == {"environment"}
    assert {r["outcome"] for r in records} == {"broken"}
    # the run's start found the home unreachable: no journey waited out its own time-outs
    assert all("门户首页无法打开" in r["failure_message"] for r in records), [r["failure_message"] for r in records]
    assert "门户首页无法打开 (2 次尝试)" in result.stdout


def run_search(tmp_path: Path, portal: str, fault: str = "") -> tuple[subprocess.CompletedProcess, list[dict]]:
    """The search journey (4 keywords + the zero-result case) on desktop; `fault` is injected mid-run
    by tests/support/faults.py."""
    out = tmp_path / "out"
    run_id = f"envfault-{uuid.uuid4().hex[:8]}"
    # the live template's test account (searching needs no sign-in, but a live run checks its accounts first)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SHOPPER_LIVE_USER": "envfault",
           "SHOPPER_LIVE_PASSWORD": uuid.uuid4().hex, "SHOPPER_LIVE_NAME": "环境故障测试"}
    if fault:
        env.update(SHOPPER_FAULT=fault, PYTEST_ADDOPTS="-p tests.support.faults")
    result = subprocess.run(
        [sys.executable, "-m", "shopper", "run", "--portal", portal, "--journeys", "search",
         "--device", "desktop", "--run-id", run_id, "--no-report", "--reports-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    records = sorted(load_records(out / "runs" / run_id / "records" / run_id), key=lambda r: r["started_at"])
    return result, records


def scenario_outcomes(records: list[dict]) -> dict[str, tuple[str, str | None]]:
    return {r["scenario"]: (r["outcome"], r["failure_class"]) for r in records}


def test_browser_crash_mid_run_fails_that_journey_only_and_the_browser_is_relaunched(tmp_path):
    result, records = run_search(tmp_path, "sandbox-matrix", "kill-browser@2")
    log = result.stdout + result.stderr
    assert result.returncode == 5, log[-3000:]
    assert len(records) == 5, log[-3000:]                           # none lost, the crashed one included
    crashed = [r for r in records if r["outcome"] != "passed"]
    assert [r["nodeid"] for r in crashed] == [records[1]["nodeid"]], scenario_outcomes(records)
    assert crashed[0]["failure_class"] == "environment" and crashed[0]["outcome"] == "broken"
    assert "closed" in crashed[0]["failure_message"]
    assert all(r["outcome"] == "passed" for r in records[2:])       # the journeys after it ran on a new browser
    assert "已重新启动 (第 1 次)" in log
    assert "未通过: 环境故障 1" in log
    assert "1/5 条记录因环境或套件故障未计分" in log


@contextmanager
def sandbox_process(log: Path):
    """The sandbox as a separate process (so it can be killed like a real server going down)."""
    port = closed_port()
    account = make_persona("citizen", 7).as_account()
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sandbox", "--port", str(port)], cwd=ROOT,
                                env={**os.environ, "SANDBOX_ACCOUNTS": json.dumps([account])},
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(port, proc, log)
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(10)


def wait_until_serving(port: int, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if answers_health("127.0.0.1", port):
            return
        time.sleep(0.1)
    raise AssertionError(f"sandbox did not start on port {port}: {log.read_text()[-2000:]}")


def test_sandbox_killed_mid_run_is_an_environment_fault_and_the_run_finishes(tmp_path):
    with sandbox_process(tmp_path / "sandbox.log") as (proc, port):
        profile = live_profile(tmp_path, f"http://zwfw.localhost:{port}")
        result, records = run_search(tmp_path, str(profile), f"kill-pid:{proc.pid}@2")
        killed = proc.wait(10)
    log = result.stdout + result.stderr
    assert killed == -signal.SIGKILL                                  # the portal really went down mid-run
    assert result.returncode == 5, log[-3000:]
    assert len(records) == 5, log[-3000:]
    assert (records[0]["outcome"], records[0]["failure_class"]) == ("passed", None), records[0]["failure_message"]  # before the fault
    after = {(r["outcome"], r["failure_class"]) for r in records[1:]}
    assert after == {("broken", "environment")}, scenario_outcomes(records)           # not a portal defect
    assert "未通过: 环境故障 4" in log
    assert "4/5 条记录因环境或套件故障未计分" in log                  # the 100 of one record is not a verdict
