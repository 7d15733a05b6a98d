"""Guide verdicts in scoring and on the scorecard: only 不合格 lowers E1–E4/D2; 需人工复核 is listed
apart (HTML section, markdown, JSON) and never counted."""
from __future__ import annotations

import copy
import json

import pytest

from shopper.scorecard import guide_reviews, render_html, render_markdown, write_scorecard
from shopper.scoring import METRICS, load_rubric, score
from tests.unit.test_scoring import clean_records


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


def _with_verdicts(records, element: str, verdict: str, why: str):
    for r in records:
        if r["journey"] == "guide":
            r["observations"]["elements"][element] = {"ok": verdict != "不合格", "verdict": verdict,
                                                      "value": "x", "why": why, "basis": "b"}
    return records


def test_review_does_not_lower_the_score_but_a_fail_does(rubric):
    clean = score(clean_records(), rubric)
    reviewed = score(_with_verdicts(clean_records(), "E2-1", "需人工复核", "来源为政府部门核发，未写出具单位"), rubric)
    failed = score(_with_verdicts(clean_records(), "E2-1", "不合格", "未注明来源或出具单位"), rubric)
    assert reviewed.indicator("E2").score == clean.indicator("E2").score
    assert failed.indicator("E2").score < clean.indicator("E2").score


def test_metric_reads_the_verdict_and_falls_back_to_ok():
    recs = _with_verdicts(clean_records(), "E1-5", "需人工复核", "未带区号")
    assert METRICS["guide_e1_ok_rate"](recs) == 1.0
    recs = _with_verdicts(clean_records(), "E1-5", "不合格", "仅写12345")
    assert METRICS["guide_e1_ok_rate"](recs) < 1.0
    old = clean_records()                 # records written before verdicts: only ok
    for r in old:
        if r["journey"] == "guide":
            r["observations"]["elements"]["E1-5"] = {"ok": False, "value": "", "why": "x"}
    assert METRICS["guide_e1_ok_rate"](old) < 1.0


def test_scorecard_lists_reviews_in_their_own_section(rubric, tmp_path):
    records = clean_records()
    phone = copy.deepcopy(next(r for r in records if r["journey"] == "guide"))   # the same guide read on a phone
    phone.update(device="mobile", nodeid=phone["nodeid"].replace("[desktop-", "[mobile-"))
    card = score(_with_verdicts(records + [phone], "E1-3", "需人工复核", "地址有楼层但无窗口号"), rubric)
    rows = guide_reviews(card)
    # once per guide, not per indicator nor per device
    assert len(rows) == 3 and {r["element"] for r in rows} == {"E1-3"}
    assert {r["item_id"]: r["devices"] for r in rows} == {
        phone["observations"]["item_id"]: ["desktop", "mobile"], "gat-002": ["desktop"], "scjgj-003": ["desktop"]}
    assert rows[0]["why"] == "地址有楼层但无窗口号"
    page = render_html(card)
    assert "需人工复核（3）" in page and "地址有楼层但无窗口号" in page and "desktop、mobile" in page
    assert "需人工复核 3 项" in render_markdown(card)
    paths = write_scorecard(card, tmp_path)
    assert len(json.loads(paths["json"].read_text(encoding="utf-8"))["guide_review"]) == 3


def test_scorecard_without_reviews_says_none(rubric):
    card = score(clean_records(), rubric)
    assert guide_reviews(card) == []
    page = render_html(card)
    section = page[page.index('id="guide-review"'):]
    assert "需人工复核（0）" in section and section.index("<p>无。</p>") < section.index("<h2>未计分")
