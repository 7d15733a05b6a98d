"""The 整改台账 files (shopper.ledger) and the webhook (shopper.notify), on records real runs wrote."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shopper.cli import main as cli_main
from shopper.findings import findings_from_run
from shopper.ledger import (COLUMNS, SUMMARY_SHEET, build_ledger, display_width, sheet_title, write_ledger)
from shopper.masking import ID_RE, PHONE_RE, find_unmasked
from shopper.notify import build_markdown, clean, notify, payload, signed_url
from shopper.profile import load_profile

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
GAT = "江澜省公安厅"


@pytest.fixture(scope="module")
def profile():
    return load_profile("sandbox-matrix")


@pytest.fixture
def first(tmp_path, profile):
    return write_ledger(tmp_path / "run1", DATA / "defects", profile)


def rows_of(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_xlsx_summary_first_then_one_sheet_per_unit(first):
    wb = load_workbook(first.paths["xlsx"])
    assert wb.sheetnames[0] == SUMMARY_SHEET
    units = {u.unit for u in first.units()}
    assert set(wb.sheetnames[1:]) == units and GAT in units
    for name in wb.sheetnames[1:]:
        ws = wb[name]
        assert [c.value for c in ws[1]] == list(COLUMNS)
        assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
        body = rows_of(ws)[1:]
        assert body and all(r[COLUMNS.index("责任单位")] == name for r in body)
        assert all(r[COLUMNS.index("状态")] == "新增" and r[COLUMNS.index("整改时限")] in (None, "") for r in body)
        # widths fitted to the text (a CJK character counts 2), up to each column's cap
        for col, title in enumerate(COLUMNS, 1):
            letter = ws.cell(row=1, column=col).column_letter
            width = ws.column_dimensions[letter].width
            longest = max(display_width(r[col - 1] or "") for r in rows_of(ws))
            assert width >= min(longest, 34) or title in ("问题描述", "证据"), (name, title, width, longest)
            assert all(c.alignment.wrap_text for c in ws[letter][1:])
    summary = rows_of(wb[SUMMARY_SHEET])
    head = summary.index(["责任单位", "待整改", "待复核", "新增", "仍未整改", "未确认", "已整改", "未复查"])
    end = next(i for i in range(head + 1, len(summary)) if summary[i][0] is None)
    table = {r[0]: r[1:8] for r in summary[head + 1:end]}
    assert table[GAT] == [5, 0, 5, 0, 0, 0, 0] and table["合计"][2] == len(first.findings)
    assert any(r[:1] == ["部门/地市"] for r in summary)


def test_a_finding_for_review_is_no_units_problem_to_fix(tmp_path, profile, capsys):
    """A real clean run's guide record with one element 需人工复核 (a 办理地点 with a floor and a 大厅 but no
    window): listed for the unit as 待复核, never counted as 待整改, never ranked against it."""
    ledger = write_ledger(tmp_path / "run", DATA / "review", profile)
    [finding] = ledger.findings
    assert finding.verdict == "需人工复核" and finding.status == "新增"
    [unit] = ledger.units()
    assert (unit.outstanding, unit.review, unit.new) == (0, 1, 1)
    assert ledger.outstanding() == 0 and ledger.to_review() == 1
    assert [rank for rank, u in ledger.league()] == [1] and ledger.league()[0][1].outstanding == 0
    summary = rows_of(load_workbook(ledger.paths["xlsx"])[SUMMARY_SHEET])
    head = summary.index(["责任单位", "待整改", "待复核", "新增", "仍未整改", "未确认", "已整改", "未复查"])
    assert summary[head + 1][:3] == [unit.unit, 0, 1]
    from shopper.ledger import summary_lines
    line = summary_lines(ledger)[1]
    assert "待整改 0" in line and "待复核 1" in line
    title, text = build_markdown(ledger)
    assert f"{unit.unit}: 0，待复核 1" in text


def test_baseline_marks_fixed_and_json_is_the_next_baseline(first, tmp_path, profile):
    data = json.loads(first.paths["json"].read_text(encoding="utf-8"))
    assert len(data["findings"]) == len(first.findings) and data["run_id"] == "ledger-defects"
    second = write_ledger(tmp_path / "run2", DATA / "clean", profile, baseline_dir=tmp_path / "run1")
    assert second.baseline_run == "ledger-defects" and second.count("已整改") == len(first.findings)
    wb = load_workbook(second.paths["xlsx"])
    statuses = {r[COLUMNS.index("状态")] for r in rows_of(wb[GAT])[1:]}
    assert statuses == {"已整改"}
    league = dict((u.unit, (rank, u.fix_rate)) for rank, u in second.league())
    assert league[GAT] == (1, 1.0)
    # the clean run's findings.json has nothing open: a third clean run finds nothing to compare
    third = write_ledger(tmp_path / "run3", DATA / "clean", profile, baseline_dir=tmp_path / "run2")
    assert third.findings == []


def test_html_has_the_same_rows(first):
    page = first.paths["html"].read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "整改台账" in page
    for f in first.findings:
        assert f.owner in page and f.key.split("|")[0] in page
    assert page.count('status-新增">新增<') == len(first.findings)


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    a = sheet_title("省[大数据]中心: 平台/承建*?\\" + "很长" * 20, taken)
    b = sheet_title("省[大数据]中心: 平台/承建*?\\" + "很长" * 20, taken)
    assert len(a) <= 31 and len(b) <= 31 and a != b and not set("[]:*?/\\") & set(a + b)
    assert sheet_title("汇总", set()) != "汇总"
    assert display_width("江澜ab") == 6


def test_cli_ledger_subcommand(tmp_path, profile, capsys):
    code = cli_main(["ledger", "--run-dir", str(tmp_path / "a"), "--records-dir", str(DATA / "defects"),
                     "--portal", "sandbox-matrix"])
    assert code == 0 and (tmp_path / "a" / "整改台账.xlsx").exists()
    assert "新增 13" in capsys.readouterr().out
    code = cli_main(["ledger", "--run-dir", str(tmp_path / "b"), "--records-dir", str(DATA / "clean"),
                     "--portal", "sandbox-matrix", "--baseline", str(tmp_path / "a")])
    assert code == 0 and "已整改 13" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli_main(["ledger", "--run-dir", str(tmp_path / "c"), "--records-dir", str(tmp_path / "none")])


# --------------------------------------------------------------------------- webhook
class Receiver:
    """A local webhook on 127.0.0.1 that keeps what it was sent and answers like the robots do."""

    def __init__(self, status: int = 200, answer: dict | None = None):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append({"path": self.path, "type": self.headers["Content-Type"], "body": body})
                data = json.dumps(answer or {"errcode": 0, "errmsg": "ok"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=test-key"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def leaky(profile):
    """A ledger whose findings carry a full 身份证号, a phone number and a password in their text."""
    run = findings_from_run(DATA / "defects", profile)
    run.findings[0].title = "回执页显示 330102199001011234 与 13812345678；password=hunter2secret"
    run.findings[1].owner = "联系人 13987654321"
    return build_ledger(run)


@pytest.mark.parametrize("kind", ["wecom", "dingtalk"])
def test_webhook_payloads_well_formed_and_without_personal_data(kind, leaky):
    receiver = Receiver()
    try:
        result = notify(leaky, url=receiver.url, kind=kind, secret="SEC-test" if kind == "dingtalk" else "")
    finally:
        receiver.close()
    assert result.sent, result.message
    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert got["type"].startswith("application/json")
    message = json.loads(got["body"].decode("utf-8"))
    text = message["markdown"]["content" if kind == "wecom" else "text"]
    if kind == "wecom":
        assert set(message) == {"msgtype", "markdown"} and set(message["markdown"]) == {"content"}
    else:
        assert set(message["markdown"]) == {"title", "text"}
        assert message["markdown"]["title"] == "模拟办事 sandbox: 新增问题 13 项"
        assert "timestamp=" in got["path"] and "sign=" in got["path"]
    assert message["msgtype"] == "markdown"
    assert "新增 **13**" in text and "江澜省" in text
    raw = got["body"].decode("utf-8")
    assert not find_unmasked(raw) and not ID_RE.search(raw) and not PHONE_RE.search(raw)
    assert "hunter2secret" not in raw and "13812345678" not in raw and "330102199001011234" not in raw


def test_webhook_errors_are_reported_not_raised(leaky):
    receiver = Receiver(status=500)
    try:
        r500 = notify(leaky, url=receiver.url, kind="wecom")
    finally:
        receiver.close()
    assert not r500.sent and "HTTP 500" in r500.message and "test-key" not in r500.message
    refused = Receiver()
    url = refused.url
    refused.close()                       # nothing listens there any more
    r = notify(leaky, url=url, kind="wecom", timeout=3)
    assert not r.sent and "无法连接" in r.message
    bad = Receiver(answer={"errcode": 93000, "errmsg": "invalid webhook url"})
    try:
        rb = notify(leaky, url=bad.url, kind="dingtalk")
    finally:
        bad.close()
    assert not rb.sent and "errcode=93000" in rb.message
    assert not notify(leaky, url="").sent
    assert "SHOPPER_WEBHOOK_KIND" in notify(leaky, url="http://127.0.0.1:9/", kind="slack").message


def test_no_message_when_nothing_new_and_gate_passed(tmp_path, profile):
    write_ledger(tmp_path / "a", DATA / "defects", profile)
    again = write_ledger(tmp_path / "b", DATA / "defects", profile, baseline_dir=tmp_path / "a")
    receiver = Receiver()
    try:
        quiet = notify(again, url=receiver.url)
        loud = notify(again, url=receiver.url, gate_failed=True)
    finally:
        receiver.close()
    assert not quiet.sent and loud.sent and len(receiver.received) == 1
    title, text = build_markdown(again, gate_failed=True)
    assert "质量门未通过" in title and "仍未整改 **13**" in text


def test_clean_and_signing():
    assert clean("身份证 330102199001011234 密码: abc12345") == "身份证 330102********1234 密码: ******"
    assert payload("wecom", "t", "x") == {"msgtype": "markdown", "markdown": {"content": "x"}}
    url = signed_url("https://oapi.dingtalk.com/robot/send?access_token=a", "SECxyz", now_ms=1700000000000)
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=a&timestamp=1700000000000&sign=")


def test_cli_ledger_takes_the_profile_the_records_name(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SHOPPER_PORTAL", raising=False)
    assert cli_main(["ledger", "--run-dir", str(tmp_path), "--records-dir", str(DATA / "defects")]) == 0
    wb = load_workbook(tmp_path / "整改台账.xlsx")
    assert "江澜省市场监督管理局" in wb.sheetnames          # C1-4 on that department's own site
