"""Flavour B as a portal the suite did not start: a separate `python -m sandbox --flavour b` process
reached through a `kind: live` profile (accounts, personal facts and the control token only in the
environment), every journey on desktop and phone. Clean, it must pass everything with ★★★★★."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.server import answers_health
from shopper.personas import make_persona

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_flavour_b(tmp_path):
    port = free_port()
    citizen, other = make_persona("citizen", 7001), make_persona("other", 7002)
    citizen.password = "Lb@ " + secrets.token_urlsafe(10)
    token = secrets.token_urlsafe(16)
    accounts = [p.as_account() for p in (citizen, other)]
    server_env = {**os.environ, "SANDBOX_ACCOUNTS": json.dumps(accounts, ensure_ascii=False),
                  "SANDBOX_CONTROL_TOKEN": token, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "sandbox", "--flavour", "b", "--port", str(port)], cwd=ROOT,
                            env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        for _ in range(100):
            if answers_health("127.0.0.1", port):
                break
            try:
                proc.wait(timeout=0.1)  # bounded: it either dies (fails below) or answers
            except subprocess.TimeoutExpired:
                pass
        assert answers_health("127.0.0.1", port), "flavour B did not start"
        text = (ROOT / "fixtures" / "portals" / "sandbox-b-live.yaml").read_text(encoding="utf-8")
        text = text.replace(":8790", f":{port}").replace("keywords: ../keywords/",
                                                         f"keywords: {ROOT / 'fixtures' / 'keywords'}/")
        profile = tmp_path / "sandbox-b-live.yaml"
        profile.write_text(text, encoding="utf-8")
        env = {"SHOPPER_B_USER": citizen.username, "SHOPPER_B_PASSWORD": citizen.password,
               "SHOPPER_B_NAME": citizen.name, "SHOPPER_B_ID_NUMBER": citizen.id_number,
               "SHOPPER_B_PHONE": citizen.phone, "SHOPPER_B_OTHER_USER": other.username,
               "SHOPPER_B_OTHER_PASSWORD": other.password, "SHOPPER_B_OTHER_NAME": other.name,
               "SHOPPER_B_OTHER_ID_NUMBER": other.id_number, "SHOPPER_B_OTHER_PHONE": other.phone,
               "SHOPPER_B_CONTROL_TOKEN": token}
        yield profile, env, [citizen.password, other.password, citizen.id_number, other.id_number,
                             citizen.phone, other.phone]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_flavour_b_as_a_live_portal_passes_every_journey_on_desktop_and_phone(live_flavour_b, tmp_path):
    profile, env, sensitive = live_flavour_b
    reports = tmp_path / "reports"
    result = subprocess.run([sys.executable, "-m", "shopper", "run", "--portal", str(profile),
                             "--device", "desktop,mobile", "--reports-dir", str(reports), "--no-report", "-q"],
                            cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=1500)
    out = result.stdout + result.stderr
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (reports / "runs").rglob("records/*/*.json")]
    failed = [(r["scenario"], r.get("failure_class"), r.get("failure_message")) for r in records if r["outcome"] != "passed"]
    assert result.returncode == 0 and not failed, (result.returncode, failed[:8], out[-3000:])
    assert len(records) >= 100 and {r["device"] for r in records} == {"desktop", "mobile"}
    assert {r["journey"] for r in records} >= {"search", "sso", "sso_sites", "entry", "one_network", "apply",
                                              "status", "review", "guide", "elder", "safety"}
    card = json.loads(next((reports / "runs").rglob("scorecard.json")).read_text(encoding="utf-8"))
    assert card["stars"] == 5 and card["verdict"] == "结论", (card["total"], card["verdict"])
    from tests.support.encodings import find_encoded
    assert not find_encoded(out, sensitive), "secrets or personal data in the run's output"
    assert not [p for p in reports.rglob("*.json") if find_encoded(p.read_text(encoding="utf-8", errors="ignore"), sensitive)]
