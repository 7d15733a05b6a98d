"""The webhook URL is a secret and never the run's verdict (issue 19 item 6): a run where every journey
passed, with SHOPPER_WEBHOOK_URL missing its scheme, printed a traceback with the full URL and its
key=…, exited 1 and wrote no Allure report. Now: one line naming no part of the URL, the run's own
exit code, the report.

wjw-006's guide passes but has an element 需人工复核 (a finding, so the robot has something to send).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.runs import ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys
KEY = "SECRETKEY123"


def test_a_bad_webhook_url_is_one_line_and_changes_nothing(tmp_path):
    text = (ROOT / "fixtures" / "portals" / "sandbox-matrix.yaml").read_text(encoding="utf-8")
    text = text.replace("guide_items: [gat-001, rst-001]", "guide_items: [wjw-006]")
    text = text.replace("keywords: ../keywords/", f"keywords: {ROOT / 'fixtures' / 'keywords'}/")
    profile = tmp_path / "one-guide.yaml"
    profile.write_text(text, encoding="utf-8")
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT),
           "SHOPPER_WEBHOOK_URL": f"qyapi.example/cgi-bin/webhook/send?key={KEY}"}
    proc = subprocess.run([sys.executable, "-m", "shopper", "run", "--portal", str(profile), "--journeys", "guide",
                           "--device", "desktop", "--reports-dir", str(tmp_path / "reports"), "--run-id", "wh"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert "Traceback" not in out and KEY not in out and "qyapi.example" not in out
    notice = [line for line in out.splitlines() if "通知" in line]
    assert len(notice) == 1 and "SHOPPER_WEBHOOK_URL 不是有效的网址" in notice[0], notice
    assert (tmp_path / "reports" / "runs" / "wh" / "allure-report" / "index.html").exists()
