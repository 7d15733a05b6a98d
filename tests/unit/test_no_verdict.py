"""无结论 is honest everywhere (issue 22 §2): the gate, the card's headline, the score history and its
trends, the 台账, the robot message and the terminal summary.

Read on the records of a real half-fitted run (tests/data/no_verdict_run, captured by its capture.py:
a locator override that does not fit the department sites, so the entry journeys are 套件故障 · 未适配
while the guide journeys fail as 门户缺陷). Before this, that run's card headline said 86.8 ★★★★, the
gate passed it, the history drew it as a score and the 台账 listed 8 findings as 新增 for two named
departments. The verdict runs around it are real runs too (tests/data/ledger, guide_families_run).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shopper.gate import choose_baseline, evaluate_gate, main as gate_main
from shopper.history import attach_history, history_path, load_history
from shopper.ledger import COLUMNS, summary_lines, write_ledger
from shopper.notify import build_markdown, should_notify
from shopper.profile import load_profile
from shopper.allure_report import add_scorecard_to_results
from shopper.scorecard import read_scorecard, render_html, render_markdown, score_run, trend_data, write_scorecard
from shopper.scoring import Scorecard, load_rubric, score

DATA = Path(__file__).resolve().parents[1] / "data"
NV = DATA / "no_verdict_run"
RUBRIC = load_rubric()


def _load(directory: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


def nv_card() -> Scorecard:
    return score(_load(NV / "records"), RUBRIC)


def test_the_captured_run_is_no_verdict_with_numbers_that_look_like_one():
    card = nv_card()
    assert card.verdict == "无结论" and card.total >= 80 and card.stars >= 4      # what the headline showed


# --------------------------------------------------------------------------- the gate
@pytest.fixture
def nv_json(tmp_path) -> Path:
    return write_scorecard(nv_card(), tmp_path / "runs" / "no-verdict")["json"]


def test_gate_fails_a_no_verdict_card_whatever_the_thresholds(nv_json, capsys):
    assert gate_main(["--scorecard", str(nv_json), "--min-total", "90", "--max-drop", "0"]) == 1
    assert gate_main(["--scorecard", str(nv_json), "--min-total", "0", "--min-coverage", "0"]) == 1
    out = capsys.readouterr().out
    assert "无结论" in out and "未适配" in out
    assert f"运行 no-verdict ({nv_json})" in out                     # which run it read


@pytest.mark.parametrize("flag, word", [("incomplete", "结论不完整"), ("interrupted", "中断")])
def test_gate_fails_an_incomplete_or_interrupted_card(tmp_path, flag, word):
    card = score(_load(DATA / "ledger" / "clean"), RUBRIC)
    path = write_scorecard(card, tmp_path)["json"]
    assert evaluate_gate(path, min_total=0, min_coverage=0).passed       # the same card, unmarked, passes
    data = json.loads(path.read_text(encoding="utf-8"))
    data[flag] = True                                                   # as the CLI marks it when the runner died / Ctrl-C
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = evaluate_gate(path, min_total=0, min_coverage=0)
    assert not result.passed and any(word in f for f in result.failures), result.failures


def _history(tmp_path) -> tuple[Path, Path]:
    """R1 clean (verdict), R2 the 无结论 run (its E1 is low), R3 guide_families (a verdict, E1 low)."""
    hist = tmp_path / "history"
    for directory in (DATA / "ledger" / "clean", NV / "records", DATA / "guide_families_run" / "records"):
        attach_history(score(_load(directory), RUBRIC), hist)
    r3 = write_scorecard(score(_load(DATA / "guide_families_run" / "records"), RUBRIC), tmp_path / "r3")["json"]
    return history_path("sandbox", hist), r3


@pytest.mark.parametrize("baseline", ["previous", "last-good", "best-of-1"])
def test_a_no_verdict_run_is_never_a_baseline(tmp_path, baseline):
    history, r3 = _history(tmp_path)
    lines = load_history(history)
    assert [l["run_id"] for l in lines] == ["ledger-clean", "no-verdict", "guide-families"]
    chosen, _ = choose_baseline(lines, "guide-families", baseline, 0, 5)
    assert chosen["run_id"] != "no-verdict" and "ledger-clean" in chosen["run_id"]
    result = evaluate_gate(r3, min_total=0, max_drop=5, history=history, baseline=baseline, min_coverage=0)
    assert not result.passed and any("E1" in f for f in result.failures)     # the drop from R1 is seen


def test_a_no_verdict_scorecard_file_is_refused_as_baseline(tmp_path, nv_json):
    _, r3 = _history(tmp_path)
    assert gate_main(["--scorecard", str(r3), "--baseline", str(nv_json)]) == 2


@pytest.mark.parametrize("edit, key", [
    (lambda d: d.update(total="95"), "total"),
    (lambda d: d.update(total=float("nan")), "total"),
    (lambda d: d.update(coverage="0.8"), "coverage"),
    (lambda d: d["indicators"][0].update(score=float("inf")), "indicators[0].score"),
    (lambda d: d["indicators"][1].update(score="100"), "indicators[1].score"),
    (lambda d: d.update(verdict="也许"), "verdict"),
    (lambda d: d.update(interrupted="no"), "interrupted"),
])
def test_a_malformed_card_is_exit_2_naming_file_and_key(tmp_path, capsys, edit, key):
    path = write_scorecard(score(_load(DATA / "ledger" / "clean"), RUBRIC), tmp_path)["json"]
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert gate_main(["--scorecard", str(path), "--min-total", "0", "--min-coverage", "0"]) == 2
    err = capsys.readouterr().err
    assert f"{path}" in err and f"'{key}'" in err and "Traceback" not in err, err


def test_a_malformed_history_line_is_exit_2_naming_file_line_and_key(tmp_path, capsys):
    history, r3 = _history(tmp_path)
    lines = history.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[0])
    bad["indicators"]["E1"] = "NaN"
    history.write_text("\n".join([json.dumps(bad, ensure_ascii=False)] + lines[1:]) + "\n", encoding="utf-8")
    assert gate_main(["--scorecard", str(r3), "--history", str(history)]) == 2
    err = capsys.readouterr().err
    assert f"{history}:1:" in err and "'indicators.E1'" in err


# --------------------------------------------------------------------------- the card
@pytest.fixture
def nv_folder(tmp_path) -> Path:
    """A run folder as a real run leaves it: the probe's fit table and a screenshot beside the card."""
    folder = tmp_path / "runs" / "no-verdict"
    shutil.copytree(NV / "probe", folder / "probe")
    (folder / "probe" / "部门_市级网站首页.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_scorecard(nv_card(), folder)
    return folder


def test_html_headline_says_no_verdict_and_links_the_fit_table(nv_folder):
    page = (nv_folder / "scorecard.html").read_text(encoding="utf-8")
    head = page[page.index('id="total"'):page.index("</div>", page.index('id="total"'))]
    assert "无结论" in head and "86.8" not in head and "★" not in head
    verdict = page[page.index('id="verdict"'):page.index('id="verdict"') + 1500]
    assert 'href="probe/fit.md"' in verdict and 'href="probe/部门_市级网站首页.png"' in verdict
    assert "不构成结论" in page[page.index("<h2>一级指标"):page.index("<h2>各指标")]   # the numbers below, marked


def test_markdown_json_and_csv_headlines_say_no_verdict(nv_folder):
    md = (nv_folder / "scorecard.md").read_text(encoding="utf-8").splitlines()
    assert md[2].startswith("**无结论**") and "★" not in md[2] and "86.8" not in md[2] and "probe/fit.md" in "".join(md[:6])
    data = json.loads((nv_folder / "scorecard.json").read_text(encoding="utf-8"))
    assert data["total"] is None and data["stars"] is None and data["headline"].startswith("无结论")
    assert data["unverified_total"] == nv_card().total
    assert read_scorecard(nv_folder / "scorecard.json").total == nv_card().total     # kept, for reference
    rows = (nv_folder / "scorecard.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].split(",")[:9] == ["总分", "TOTAL", "sandbox 总分", "", "", "", "100", "无结论", ""]


def test_a_verdict_card_keeps_its_total_headline(tmp_path):
    paths = write_scorecard(score(_load(DATA / "ledger" / "clean"), RUBRIC), tmp_path)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["total"] is not None and data["headline"].startswith("总分")
    assert "无结论" not in paths["md"].read_text(encoding="utf-8").splitlines()[2]


# --------------------------------------------------------------------------- history and trends
def test_history_marks_the_point_and_the_trends_draw_no_score_for_it(tmp_path):
    history, _ = _history(tmp_path)
    marks = {l["run_id"]: l.get("verdict") for l in load_history(history)}
    assert marks == {"ledger-clean": "结论", "no-verdict": "无结论", "guide-families": "结论"}
    card = score(_load(DATA / "guide_families_run" / "records"), RUBRIC)
    attach_history(card, tmp_path / "history", record=False)
    from shopper.scorecard import _series
    total = _series(card, None)
    assert [p[1] is None for p in total] == [False, True, False]
    chart = trend_data(total)
    assert len(chart["dots"]) == 2 and [m["run"] for m in chart["no_verdict"]] == ["no-verdict"]
    assert "无结论" in render_html(card)                                  # the chart names the gap


def test_no_verdict_card_has_no_regressions_and_its_previous_is_a_verdict(tmp_path):
    hist = tmp_path / "history"
    attach_history(score(_load(DATA / "guide_families_run" / "records"), RUBRIC), hist)
    card = nv_card()
    assert attach_history(card, hist) == [] and card.regressions == []
    later = score(_load(DATA / "ledger" / "clean"), RUBRIC)
    attach_history(later, hist)
    assert later.previous["run_id"] == "guide-families"


# --------------------------------------------------------------------------- the 台账
@pytest.fixture(scope="module")
def profile():
    return load_profile("sandbox-matrix")


def test_ledger_of_a_no_verdict_run_shows_its_findings_unconfirmed(tmp_path, profile):
    first = write_ledger(tmp_path / "r1", DATA / "ledger" / "defects", profile)
    nv = write_ledger(tmp_path / "r2", NV / "records", profile, baseline_dir=tmp_path / "r1")
    assert nv.verdict == "无结论" and nv.findings
    own = [f for f in nv.findings if f.run_id == "no-verdict"]
    assert own and {f.status for f in own} == {"未确认"}
    assert nv.count("新增") == 0 and nv.count("仍未整改") == 0 and nv.count("已整改") == 0
    assert all(u.outstanding == 0 for u in nv.units()) and nv.league() == []
    wb = load_workbook(nv.paths["xlsx"])
    statuses = {r[COLUMNS.index("状态")].value for ws in wb.worksheets[1:] for r in ws.iter_rows(min_row=2)}
    assert "新增" not in statuses and "未确认" in statuses
    assert "无结论" in wb["汇总"]["A2"].value + (wb["汇总"]["A3"].value or "")
    page = nv.paths["html"].read_text(encoding="utf-8")
    assert "无结论" in page and "status-新增\">新增<" not in page
    lines = summary_lines(nv)
    assert "无结论" in lines[0] and not any("待整改" in l for l in lines[1:])
    assert first.count("新增") > 0


def test_a_no_verdict_run_is_never_the_next_runs_baseline(tmp_path, profile):
    write_ledger(tmp_path / "r1", DATA / "ledger" / "defects", profile)
    write_ledger(tmp_path / "r2", NV / "records", profile, baseline_dir=tmp_path / "r1")
    after = write_ledger(tmp_path / "r3", DATA / "ledger" / "clean", profile, baseline_dir=tmp_path / "r2")
    assert after.baseline_run == "ledger-defects"                          # carried past the 无结论 run
    assert after.count("已整改") > 0 and after.count("未确认") == 0


# --------------------------------------------------------------------------- the robot message
def test_robot_message_says_no_verdict_instead_of_new_defects(tmp_path, profile):
    nv = write_ledger(tmp_path, NV / "records", profile)
    title, text = build_markdown(nv)
    assert "无结论" in title and "新增问题" not in title and "新增 **" not in text
    assert "未确认 **8**" in text and "未适配" in text
    assert should_notify(nv)                                               # a nightly run with no verdict is news


# --------------------------------------------------------------------------- the terminal
def test_terminal_summary_is_one_line_per_misfit_control(tmp_path):
    lines = score_run("no-verdict", "sandbox", _load(NV / "records"), reports_dir=tmp_path)
    misfit = [l for l in lines if "未适配" in l and "site.heading" in l]
    assert len(misfit) == 1 and "部门/市级网站首页" in misfit[0] and "6 条旅程" in misfit[0], lines
    head = lines[0]
    assert "无结论" in head and "86.8" not in head and "★" not in head


def test_allure_scorecard_entry_says_no_verdict(tmp_path):
    card = nv_card()
    results = tmp_path / "allure-results"
    results.mkdir()
    add_scorecard_to_results(results, card, write_scorecard(card, tmp_path / "card"))
    [result] = [json.loads(p.read_text(encoding="utf-8")) for p in results.glob("*-result.json")]
    assert "无结论" in result["name"] and "86.8" not in result["name"] and result["status"] != "passed"
    env = (results / "environment.properties").read_text(encoding="utf-8")
    assert "总分_total=无结论" in env


def test_allure_trend_gets_no_point_from_a_no_verdict_run(tmp_path):
    """Allure appends one history line per generate; a run whose scorecard is no verdict reads a copy."""
    from shopper.allure_report import allure_binary, generate_allure

    if allure_binary() is None:
        pytest.skip("npm allure is not installed (make setup)")
    history = tmp_path / "allure-history.jsonl"
    for name, card in (("verdict", score(_load(DATA / "ledger" / "clean"), RUBRIC)), ("nv", nv_card())):
        results = tmp_path / name / "allure-results"
        results.mkdir(parents=True)
        add_scorecard_to_results(results, card, write_scorecard(card, tmp_path / name))
        generate_allure(results, tmp_path / name / "report", history=history)
        lines = history.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1, (name, len(lines))             # the verdict run's point, and no second one


def test_no_verdict_card_renders_in_headless_chromium(nv_folder, browser):
    """The headline a supervisor sees reads 无结论, in CJK glyphs (not tofu); kept as a PNG to look at."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    shot = nv_folder / "scorecard.png"
    try:
        page.goto((nv_folder / "scorecard.html").as_uri())
        assert page.locator("#total").inner_text() == "无结论"
        assert page.locator("#verdict").get_by_role("link", name="适配表 probe/fit.md").is_visible()
        width = page.evaluate("() => { const r = document.createRange(); "
                              "r.selectNodeContents(document.querySelector('#total')); return r.getBoundingClientRect().width; }")
        assert width > 100                                   # three CJK glyphs at 44 px
        page.screenshot(path=str(shot))
    finally:
        page.close()
    assert shot.stat().st_size > 10_000
    try:
        shutil.copy(shot, "/tmp/scorecard-no-verdict-shot.png")     # for a human look
    except OSError:
        pass


def test_league_ranks_no_portal_on_a_card_that_is_no_verdict():
    from shopper.league import build_league

    clean = score(_load(DATA / "ledger" / "clean"), RUBRIC)
    nv = nv_card()
    nv.portal = "other"
    league = build_league([nv, clean])
    assert [(r.rank, r.portal) for r in league.ranked] == [(1, "sandbox")]
    assert [(a.portal, a.verdict) for a in league.apart] == [("other", "无结论")] and league.apart[0].reason
