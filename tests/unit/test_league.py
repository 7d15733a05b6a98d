"""The league table of several portals (shopper/league.py): ranked by total and within each 一级指标,
equal scores sharing a rank; cards that are no verdict (or measured nothing) listed apart with why,
never ranked; html, xlsx and csv carry portal text safely."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from shopper.league import APART_HEADER, build_league, ranked_header, write_league
from shopper.scoring import load_rubric, score

from tests.unit.test_scoring import clean_records, defect_records

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubric()
HOSTILE = '=HYPERLINK("http://evil.example","点我")\x1b[2J'


def cards():
    out = [score(clean_records(portal=p), RUBRIC) for p in ("乙省", "甲省")]
    out.append(score(defect_records("search_500", portal="丙省"), RUBRIC))
    out.append(score(defect_records("review_missing", portal="丁省"), RUBRIC))
    out.append(score([], RUBRIC, portal="戊省"))                                    # measured nothing
    broken = clean_records(portal="己省")
    broken[0].update(outcome="broken", failure_class="suite_broken",
                     failure_message="套件故障 · 未适配（控件 搜索框: 首页 · role=searchbox）")
    out.append(score(broken, RUBRIC))                                               # 无结论
    env = clean_records(portal="庚省")
    env[0].update(outcome="broken", failure_class="environment", failure_message="环境故障: net::ERR_CONNECTION_REFUSED")
    out.append(score(env, RUBRIC))                                                  # 结论不完整
    return out


def test_ranked_by_total_ties_share_a_rank_and_no_verdict_is_listed_apart():
    league = build_league(cards())
    assert [(r.rank, r.portal) for r in league.ranked] == [(1, "乙省"), (1, "甲省"), (3, "丙省"), (4, "丁省")]
    assert league.ranked[0].stars == "★★★★★" and league.ranked[0].grade == "非常高"
    apart = {a.portal: a for a in league.apart}
    assert set(apart) == {"戊省", "己省", "庚省"}
    assert apart["己省"].verdict == "无结论" and "套件故障" in apart["己省"].reason
    assert apart["庚省"].verdict == "结论不完整" and "环境故障" in apart["庚省"].reason
    assert apart["戊省"].verdict == "未测量"


def test_each_level1_indicator_has_its_own_ranking():
    league = build_league(cards())
    ids = [lid for lid, _ in league.level1]
    assert ids[:5] == ["A", "B", "C", "D", "E"]
    by = {r.portal: r for r in league.ranked}
    a_scores = {p: by[p].level1["A"][0] for p in by}
    # 丙省 lost search (A3-1: 一级 A), 丁省 lost reviews (A1: 一级 A): both rank below the clean two in A
    assert by["乙省"].level1["A"][1] == by["甲省"].level1["A"][1] == 1
    assert {by["丙省"].level1["A"][1], by["丁省"].level1["A"][1]} == {3, 4}
    assert a_scores["丙省"] < 100 and a_scores["丁省"] < 100
    # a 一级 that did not move has everyone first
    assert all(by[p].level1["C"][1] == 1 for p in by)


def test_html_xlsx_and_csv_rank_the_same_portals_and_list_the_rest_apart(tmp_path):
    paths = write_league(cards(), tmp_path, names={"乙省": "乙省政务服务网"}, links={"乙省": "runs/x/scorecard.html"})
    html = paths["html"].read_text(encoding="utf-8")
    assert html.index('id="ranked"') < html.index("乙省") < html.index("丁省") < html.index('id="apart"') < html.index("己省")
    assert 'href="runs/x/scorecard.html"' in html and "乙省政务服务网" in html
    wb = load_workbook(paths["xlsx"])
    ws = wb["排名"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = rows.index(ranked_header(build_league(cards())))
    assert [r[1] for r in rows[head + 1:head + 5]] == ["乙省", "甲省", "丙省", "丁省"]
    assert [r[0] for r in rows[head + 1:head + 5]] == [1, 1, 3, 4]
    assert isinstance(rows[head + 3][3], float)                                     # a number Excel can sort
    apart = rows.index(APART_HEADER + [None] * (len(rows[head]) - len(APART_HEADER)))
    assert {r[0] for r in rows[apart + 1:] if r[0]} == {"戊省", "己省", "庚省"}
    assert ws.freeze_panes == "C5"
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][:4] == ["排名", "门户", "名称", "总分"] and table[1][1] == "乙省" and table[1][3] == "100.0"
    assert any(r and r[0] == "不排名" for r in table)


def test_portal_text_is_safe_in_every_format(tmp_path):
    hostile = score(clean_records(portal=HOSTILE), RUBRIC)
    paths = write_league([hostile, *cards()[:1]], tmp_path)
    html = paths["html"].read_text(encoding="utf-8")
    assert "\x1b" not in html and "\\x1b" in html and '<a href="http://evil' not in html and "&#34;" in html
    cell = next(c for row in load_workbook(paths["xlsx"])["排名"].iter_rows() for c in row
                if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.quotePrefix and "\x1b" not in cell.value
    text = paths["csv"].read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\x1b" not in text


def test_a_league_of_no_verdicts_ranks_nobody(tmp_path):
    league = build_league(cards()[4:])
    assert league.ranked == [] and len(league.apart) == 3
    html = write_league(cards()[4:], tmp_path)["html"].read_text(encoding="utf-8")
    assert "没有可排名的门户" in html
    json.dumps([a.__dict__ for a in league.apart], ensure_ascii=False)             # plain data
