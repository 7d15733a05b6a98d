"""Scorecard outputs: JSON, CSV (utf-8-sig), self-contained Chinese HTML (rendered in headless
Chromium), markdown summary, trend charts, and the league table of several portals."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from shopper.history import attach_history
from shopper.scorecard import read_scorecard, render_html, score_run, trend_svg, write_scorecard
from shopper.scoring import Scorecard, load_rubric, score

from tests.unit.test_scoring import clean_records, defect_records

ROOT = Path(__file__).resolve().parents[2]

RUBRIC = load_rubric()


def _history_card(tmp_path, environment: bool = False) -> Scorecard:
    """Four runs: clean, two defects, then search_500 + entry_buried (+ one environment failure: the
    card is then 结论不完整, no verdict)."""
    hist = tmp_path / "history"
    for run, defects in (("20261120T120000Z", []), ("20261121T120000Z", ["elderly_popup"]),
                         ("20261122T120000Z", ["status_wrong"])):
        records = clean_records(run_id=run)
        for d in defects:
            from tests.unit.test_scoring import DEFECTS
            DEFECTS[d][1](records)
        attach_history(score(records, RUBRIC), hist)
    records = defect_records("search_500", run_id="20261123T120000Z")
    from tests.unit.test_scoring import DEFECTS
    DEFECTS["entry_buried"][1](records)
    if environment:
        records[-1].update(outcome="broken", failure_class="environment",
                           failure_message="环境故障: net::ERR_CONNECTION_REFUSED at http://zwfw.localhost/")
    card = score(records, RUBRIC)
    attach_history(card, hist)
    return card


def test_write_scorecard_returns_paths_of_all_formats(tmp_path):
    card = _history_card(tmp_path)
    paths = write_scorecard(card, tmp_path / "out")
    assert set(paths) == {"json", "csv", "html", "md"} and all(p.exists() for p in paths.values())
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["total"] == card.total and data["portal"] == "sandbox" and len(data["indicators"]) == 26
    again = read_scorecard(paths["json"])
    assert again.total == card.total and again.indicator("A3-1").criteria[0].metric == "search_hit_at_1"
    assert again.indicator("C1-4").evidence[0].failed_steps == ["寻找入口"]


def test_csv_is_utf8_sig_and_weakest_first(tmp_path):
    card = _history_card(tmp_path)
    raw = write_scorecard(card, tmp_path)["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")            # BOM: Excel opens it as UTF-8 and shows Chinese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["层级"] == "总分" and rows[0]["得分"] == f"{card.total:.1f}"
    inds = [r for r in rows if r["层级"] == "指标"]
    assert len(inds) == 26 and inds[0]["编号"] == "A3-1" and inds[0]["名称"] == "查询精准度"
    assert inds[0]["上次得分"] == "100.0" and inds[0]["变化"].startswith("-")
    measured = [float(r["得分"]) for r in inds if r["已测量"] == "是"]
    assert measured == sorted(measured)
    assert "HTTP <400" in inds[0]["主要问题"] or "hit@" in inds[0]["主要问题"]


def test_html_is_self_contained_chinese_with_evidence_trends_and_regressions(tmp_path):
    card = _history_card(tmp_path)
    page = render_html(card)
    assert "<title>sandbox 模拟办事评分卡</title>" in page
    assert '"Noto Sans CJK SC"' in page and 'lang="zh-CN"' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)      # no external assets
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert page.count("<svg") == 27                  # total + one per indicator
    assert "退步提醒" in page and "A3-1 查询精准度" in page and "C1-4 统一入口" in page
    # weakest first
    order = re.findall(r'<section class="ind [^"]*" id="ind-([^"]+)"', page)
    assert order[:2] == ["A3-1", "C1-4"] and len(order) == 26
    # evidence: scenario, failed step, message, observation
    assert "寻找入口" in page and "用了 6 次点击" in page and "clicks_to_entry=6" in page
    assert "事项覆盖度" in page and "未计分的记录（0）" in page
    # an environment failure: not scored, and the card is 结论不完整 at the top, with no total and no
    # regression (its numbers are no verdict)
    incomplete = render_html(_history_card(tmp_path / "env", environment=True))
    assert "环境故障" in incomplete and "未计分的记录（1）" in incomplete
    assert "结论不完整</b>：1/" in incomplete and "退步提醒" not in incomplete
    assert 'id="total">结论不完整<' in incomplete
    assert "结论不完整" not in render_html(score(clean_records()))


def test_markdown_summary(tmp_path):
    card = _history_card(tmp_path)
    md = write_scorecard(card, tmp_path)["md"].read_text(encoding="utf-8")
    assert md.startswith("## 模拟办事评分卡 — sandbox")
    assert f"**总分 {card.total:.1f}" in md and "覆盖率" in md and "**退步**" in md
    table = [l for l in md.splitlines() if l.startswith("| A3-1")]
    assert table and "(-" in table[0]


def test_empty_scorecard_renders(tmp_path):
    paths = write_scorecard(score([], RUBRIC), tmp_path)
    assert "无可评分记录" in paths["html"].read_text(encoding="utf-8")
    assert "**总分 —" in paths["md"].read_text(encoding="utf-8")


def test_trend_svg_draws_gaps_for_unmeasured_runs():
    svg = trend_svg([("R1", 100.0), ("R2", None), ("R3", 70.0), ("R4", 75.0)])
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 3 and "R1: 100" in svg


def test_score_run_writes_scorecard_history_and_league(tmp_path):
    lines = score_run("R1", "sandbox", clean_records(run_id="R1"), reports_dir=tmp_path)
    assert (tmp_path / "scorecard.html").exists() and (tmp_path / "history" / "sandbox" / "scores.jsonl").exists()
    assert "总分 100.0 ★★★★★" in lines[0]
    lines = score_run("R2", "x", clean_records(run_id="R2", portal="p1") + defect_records("sso_loop", "R2", "p2"),
                      reports_dir=tmp_path)
    assert (tmp_path / "league.html").exists() and (tmp_path / "league.xlsx").exists()
    assert (tmp_path / "scorecards" / "p2" / "scorecard.json").exists()
    assert any("排名表" in l for l in lines)
    assert score_run("R3", "x", [], reports_dir=tmp_path)[0].startswith("[shopper] 没有记录")


def test_score_run_warns_when_records_were_not_scored(tmp_path):
    records = clean_records(run_id="R4")
    assert not any("未计分" in l for l in score_run("R4", "sandbox", records, reports_dir=tmp_path))
    for r in records[1:4]:
        r.update(outcome="broken", failure_class="environment", failure_message="环境故障: net::ERR_CONNECTION_REFUSED")
    lines = score_run("R4", "sandbox", records, reports_dir=tmp_path)
    warning = [l for l in lines if "未计分" in l]
    assert warning and f"3/{len(records)} 条记录" in warning[0] and f"其余 {len(records) - 3} 条" in warning[0]


def test_html_scorecard_renders_in_headless_chromium(tmp_path, browser):
    """Uses the suite's session browser (one Playwright per test session)."""
    card = _history_card(tmp_path)
    html_path = write_scorecard(card, tmp_path / "out")["html"]
    shot = tmp_path / "scorecard.png"
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page.goto(html_path.as_uri())
        assert page.title() == "sandbox 模拟办事评分卡"
        assert page.locator("h1").inner_text() == "sandbox 模拟办事评分卡"
        assert page.locator("#total").inner_text() == f"{card.total:.1f}"
        assert page.get_by_text("退步提醒").is_visible()
        assert page.locator("svg.trend").count() == 27
        # the CJK font is really used (not tofu): the heading's glyphs have width
        width = page.evaluate("() => document.querySelector('h1').getBoundingClientRect().width")
        assert width > 100
        page.screenshot(path=str(shot), full_page=False)
    finally:
        page.close()
    assert shot.stat().st_size > 10_000
    try:
        shutil.copy(shot, "/tmp/scorecard-shot.png")          # for a human look
    except OSError:
        pass


def test_html_comes_from_autoescaped_jinja_templates():
    """The page is a Jinja2 template (shopper/templates/scorecard.html.j2) with autoescape on: text from a
    record (a scenario name, a failure message) can never inject markup."""
    from shopper import scorecard
    assert (ROOT / "shopper" / "templates" / "scorecard.html.j2").is_file()
    assert scorecard._env().autoescape is True
    source = (ROOT / "shopper" / "scorecard.py").read_text(encoding="utf-8")
    assert "<tr>" not in source and "<section" not in source and "<svg" not in source
    records = defect_records("slow_search")
    records[0]["scenario"] = "<script>alert(1)</script>搜索"
    records[0]["failure_message"] = "门户缺陷[A3-1]: <img src=x onerror=alert(1)>"
    page = render_html(score(records, load_rubric()))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;搜索" in page
    assert 'font-family: "Noto Sans CJK SC"' in page          # the CSS itself is not escaped


def test_a_capped_indicator_says_why_on_the_page():
    card = score(defect_records("slow_search"), load_rubric())
    assert card.indicator("A3-1").cap_why
    page = render_html(card)
    assert "封顶: 旅程通过率" in page


def test_a_misfit_makes_the_run_no_verdict_at_the_top_of_the_card():
    records = clean_records()
    victim = next(r for r in records if r["journey"] == "search")
    victim.update(outcome="broken", failure_class="suite_broken",
                  failure_message="套件故障 · 未适配: 门户首页没有可用的搜索框（控件 home.search_input: 首页 · label=搜索事项；探测未证实该控件存在，不计为门户缺陷）")
    card = score(records)
    assert card.verdict == "无结论" and "未适配 1 条" in card.verdict_reason
    page = render_html(card)
    banner = page[page.index('id="verdict"'):]
    assert banner.startswith('id="verdict"><b>本次运行不构成结论（无结论）</b>')
    assert card.to_dict()["verdict"] == "无结论"
    assert score(clean_records()).verdict == "结论"
