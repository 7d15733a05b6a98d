"""Environment faults are not portal defects: the run goes on, keeps every record, classifies them
as environment and exits non-zero with a summary."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

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
    text += "timeouts: {action_ms: 3000, navigation_ms: 3000}\n"
    text = text.replace("https://zwfw-staging.example.gov.cn", portal).replace("https://tyrz-staging.example.gov.cn", portal)
    text = text.replace("keywords: ../keywords/sandbox.csv", f"keywords: {ROOT / 'fixtures/keywords/matrix.csv'}")
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
    profile = live_profile(tmp_path, portal)
    out = tmp_path / "out"
    run_id = f"envfault-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [sys.executable, "-m", "shopper", "run", "--portal", str(profile), "--journeys", "search",
         "--device", "desktop", "--run-id", run_id, "--no-report", "--reports-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    records = load_records(out / "records" / run_id)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "环境故障" in result.stdout                              # the summary names the class
    assert len(records) == 5                                       # 4 keywords + zero-result case: none lost
    assert {r["failure_class"] for r in records} == {"environment"}
    assert {r["outcome"] for r in records} == {"broken"}
