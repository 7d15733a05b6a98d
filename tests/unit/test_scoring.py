"""shopper.scoring: records in → Scorecard out (pure, no browser).

The synthetic record builders here (clean_records, DEFECTS) are reused by the other scoring,
scorecard, history and gate tests.
"""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from shopper.scoring import (KNOWN_INDICATORS, RecordError, dedupe_records, load_rubric, load_shards, score,
                             score_portals, stars_for, stars_text)

ROOT = Path(__file__).resolve().parents[2]
RUN = "20261123T120000Z"


# ============================================================================ synthetic records
def rec(journey, indicators, nodeid, observations, device="desktop", run_id=RUN, portal="sandbox", clicks=3,
        pages=2, scenario=None, **extra):
    r = {"schema": 1, "run_id": run_id, "portal": portal, "device": device, "journey": journey,
         "scenario": scenario or f"{journey} 场景", "nodeid": nodeid, "indicators": list(indicators),
         "started_at": "2026-11-23T12:00:00+00:00", "duration_ms": 800.0,
         "steps": [{"name": "打开首页", "duration_ms": 100.0, "clicks": 0, "pages": 1, "status": "passed"},
                   {"name": "操作", "duration_ms": 300.0, "clicks": clicks, "pages": pages - 1, "status": "passed"}],
         "clicks": clicks, "pages": pages, "hosts": ["zwfw.localhost"], "navigations": [],
         "failed_requests": [], "console_errors": [], "observations": dict(observations),
         "outcome": "passed", "failure_class": None, "failure_message": None, "attempt": 1, "flaky": False}
    r.update(extra)
    return r


KEYWORDS = [("社会保障卡申领", True), ("社保卡", False), ("居民身份证换领", True), ("身份证丢了", False),
            ("办社保卡", False), ("生育登记", True), ("营业执照", False), ("个体工商户登记", True),
            ("公积金提取", False), ("婚姻登记", False)]      # (keyword, is the exact item name)
SITES = [("rst", "江澜省人力资源和社会保障厅", "department"), ("gat", "江澜省公安厅", "department"),
         ("scjgj", "江澜省市场监督管理局", "department"), ("lz", "临州市", "city"), ("yc", "云川市", "city")]
GUIDE_OK = ["E1-1", "E1-2", "E1-3", "E1-4", "E1-5", "E1-6", "E2-1", "E2-2", "E2-3", "E2-x", "E3-1", "E3-2", "D2"]


def clean_records(run_id=RUN, portal="sandbox") -> list[dict]:
    """A clean run: every journey passed with good observations (desktop + some mobile twins)."""
    out = []
    kw = lambda device, i, k, exact: rec(  # noqa: E731
        "search", ["A3-1"], f"steps/test_search.py::test_keyword_search[{device}-kw{i:02d}]",
        {"keyword": k, "expected": k if exact else "某事项", "rank": 1, "result_count": 5, "latency_ms": 320.0,
         "http_status": 200}, device=device, run_id=run_id, portal=portal, clicks=2, pages=2)
    for i, (k, exact) in enumerate(KEYWORDS):
        out.append(kw("desktop", i, k, exact))
    for i in (0, 1, 2):
        out.append(kw("mobile", i, *KEYWORDS[i]))
    out.append(rec("search", ["A3-1"], "steps/test_search.py::test_zero_result[desktop]",
                   {"keyword": "不存在的事项xyz", "expected": None, "result_count": 0, "zero_result_help": True,
                    "latency_ms": 280.0, "http_status": 200}, run_id=run_id, portal=portal))
    out.append(rec("sso", ["B4-2"], "steps/test_sso.py::test_sso_repeat[desktop]",
                   {"attempts": 3, "successes": 3, "times_ms": [900.0, 850.0, 1100.0],
                    "credential_prompts_after_first": 0}, run_id=run_id, portal=portal))
    for code, name, _kind in SITES:
        out.append(rec("sso_sites", ["B4-3"], f"steps/test_sso.py::test_site_sso[desktop-{code}]",
                       {"site": name, "signed_in": True, "credential_prompts": 0, "registration_demanded": False,
                        "kept_on_next_page": True}, run_id=run_id, portal=portal))
        out.append(rec("entry", ["C1-4"], f"steps/test_entry.py::test_entry[desktop-{code}]",
                       {"site": name, "reached": True, "clicks_to_entry": 1, "pages_to_entry": 1},
                       run_id=run_id, portal=portal, clicks=1))
    out.append(rec("one_network", ["C1-1"], "steps/test_entry.py::test_one_network[desktop]",
                   {"distinct_hosts": 3, "off_platform_hosts": [], "extra_logins": 0}, run_id=run_id, portal=portal))
    for device, items in (("desktop", ["rst-001", "gat-002"]), ("mobile", ["rst-001"])):
        for item in items:
            out.append(rec("apply", ["A3-2", "B1"], f"steps/test_apply.py::test_apply[{device}-{item}]",
                           {"item_id": item, "submitted": True, "read_only": False, "clicks_to_submit": 6,
                            "pages_to_submit": 5,
                            "stage_ms": {"引导": 900, "登录": 1500, "填表": 2000, "上传": 1200, "提交": 800, "回执": 300},
                            "depth_inferred": "IV", "depth_claimed": "IV"},
                           device=device, run_id=run_id, portal=portal, clicks=6 if device == "desktop" else 7, pages=5))
    for n in (1, 2):
        out.append(rec("status", ["B5-1"], f"steps/test_status.py::test_status[desktop-{n}]",
                       {"found": True, "status_expected": "已受理", "status_shown": "已受理", "leaked_other": False},
                       run_id=run_id, portal=portal))
    for n, level in ((1, "非常满意"), (2, "非常不满意")):
        out.append(rec("review", ["A1"], f"steps/test_review.py::test_review[desktop-{n}]",
                       {"reachable": True, "levels_offered": ["非常满意", "满意", "基本满意", "不满意", "非常不满意"],
                        "level": level, "followup_visible": True if level == "非常不满意" else None},
                       run_id=run_id, portal=portal))
    for n, item in enumerate(["rst-001", "gat-002", "scjgj-003"]):
        elements = {e: {"ok": True, "value": "…", "why": ""} for e in GUIDE_OK}
        if n < 2:   # items with forms: 空表/样表
            elements["E4"] = {"ok": True, "value": "2 个表格", "why": ""}
        out.append(rec("guide", ["E1", "E2", "E3", "E4", "D2"], f"steps/test_guide.py::test_guide[desktop-{item}]",
                       {"item_id": item, "dept": item.split("-")[0], "elements": elements}, run_id=run_id, portal=portal))
    out.append(rec("elder", ["AGE"], "steps/test_elder.py::test_elder_home[desktop]",
                   {"violations": 0, "needs_review": 2, "font_px": 18, "contrast_ok": True, "popups": 0},
                   run_id=run_id, portal=portal))
    out.append(rec("elder", ["AGE"], "steps/test_elder.py::test_axe_scan[desktop]",
                   {"violations": 0, "needs_review": 1, "contrast_ok": True, "popups": 0}, run_id=run_id, portal=portal))
    out.append(rec("safety", ["SEC"], "steps/test_safety.py::test_safety[desktop]",
                   {"dead_links": 0, "pii_unmasked": 0, "other_data_visible": False}, run_id=run_id, portal=portal))
    out.append(rec("elder", ["AGE"], "steps/test_elder.py::test_elder_search[desktop]",
                   {"keyword": "社保卡", "standard_latency_ms": 300.0, "elder_latency_ms": 320.0,
                    "elder_search_slowdown_ms": 20.0, "violations": 0, "popups": 0}, run_id=run_id, portal=portal))
    out.append(rec("elder", ["AGE"], "steps/test_elder.py::test_elder_sign_in[desktop]",
                   {"popups": 0, "elder_own_page": True, "elder_credential_prompt": False}, run_id=run_id, portal=portal))
    for n in range(3):
        out.append(rec("assistant", ["B5-2"], f"steps/test_assistant.py::test_sampled_question[q{n}-desktop]",
                       {"question": f"问题{n}", "expected": f"事项{n}", "rank": 1, "answer_ms": 400.0, "replied": True},
                       run_id=run_id, portal=portal))
    out.append(rec("assistant", ["B5-2"], "steps/test_assistant.py::test_out_of_scope_question[desktop]",
                   {"question": "今天天气怎么样", "expected": None, "answer_ms": 380.0, "replied": True, "handoff": True},
                   run_id=run_id, portal=portal))
    for item, dept, city in (("rst-007", "rst", "lz"), ("gat-001", "gat", "yc")):
        out.append(rec("same_source", ["C3-2", "C3-3"], f"steps/test_same_source.py::test_same_source[{item}-desktop]",
                       {"item_id": item, "implementer": dept, "dept_site": dept, "dept_compared": 30, "dept_same": True,
                        "dept_differences": [], "city_site": city, "city_compared": 30, "city_same": True,
                        "city_differences": []}, run_id=run_id, portal=portal))
    for item, ratio, visits, instant in (("gat-001", 0.6667, 1, False), ("rst-001", 1.0, 0, True),
                                         ("swj-001", 1.0, 0, True), ("scjgj-001", 0.6667, 0, False)):
        out.append(rec("reduction", ["A4-1", "A4-4", "A4-8"], f"steps/test_reduction.py::test_reduction[{item}-desktop]",
                       {"item_id": item, "reduction": ratio, "visits": visits, "instant": instant},
                       run_id=run_id, portal=portal))
    out.append(rec("booking", ["C4-2", "A3-2"], "steps/test_booking.py::test_book_sampled_item[desktop]",
                   {"item_id": "gat-002", "slot": "10:00-11:00", "booked": True, "read_only": False,
                    "booking_no": "YY202612030001", "booking_clicks": 4, "booking_views": 3, "booking_ms": 2000.0},
                   run_id=run_id, portal=portal, clicks=4, pages=3))
    out.append(rec("user_center", ["B7-4"], "steps/test_user_center.py::test_user_center_sections[desktop]",
                   {"sections": ["我的办件", "我的证照", "我的预约", "消息订阅"],
                    "sections_open": ["我的办件", "我的证照", "我的预约", "消息订阅"], "sections_failed": {},
                    "pii_unmasked_sections": [], "own_ids_shown": 3, "foreign_id_sections": []},
                   run_id=run_id, portal=portal))
    return out


def fail(r, indicator, message, step="操作", **obs):
    """Mark a record failed by a portal defect that names its indicator (as PortalDefect does)."""
    r["outcome"] = "failed"
    r["failure_class"] = "portal_defect"
    r["failure_message"] = f"门户缺陷[{indicator}]: {message}"
    r["charged_indicator"] = indicator
    r["steps"][-1]["status"] = "failed"
    r["steps"][-1]["name"] = step
    r["observations"].update(obs)
    return r


def _each(records, journey):
    return [r for r in records if r["journey"] == journey]


def d_slow_search(rs):
    for r in _each(rs, "search"):
        fail(r, "A3-1", "搜索用时 2800 毫秒，超过 2000 毫秒", "搜索", latency_ms=2820.0)


def d_search_miss(rs):
    for r in _each(rs, "search"):
        o = r["observations"]
        exact = o.get("expected") == o.get("keyword")
        if o.get("expected") and not exact:
            fail(r, "A3-1", "期望事项未出现", "搜索", rank=None, result_count=0)


def d_search_500(rs):
    for r in _each(rs, "search"):
        r["observations"].pop("zero_result_help", None)
        r["failed_requests"].append({"url": "http://zwfw.localhost/search?q=x", "status": 500, "error": None})
        fail(r, "A3-1", "搜索返回 HTTP 500", "搜索", rank=None, result_count=None, http_status=500)


def d_sso_loop(rs):
    for r in _each(rs, "sso"):
        r["observations"].pop("credential_prompts_after_first", None)
        fail(r, "B4-2", "ERR_TOO_MANY_REDIRECTS", "登录", successes=0, times_ms=[])


def d_sso_second_login(rs):
    for r in _each(rs, "sso_sites"):
        if r["nodeid"].endswith("-rst]"):
            r["observations"].pop("kept_on_next_page", None)
            fail(r, "B4-3", "要求另行注册本站账号", "站点登录", signed_in=False, registration_demanded=True)


def d_session_lost_on_city_site(rs):
    for r in _each(rs, "sso_sites"):
        if r["nodeid"].endswith("-lz]"):
            fail(r, "B4-3", "打开个人中心后登录状态丢失", "个人中心", kept_on_next_page=False)


def d_entry_buried(rs):
    for r in _each(rs, "entry"):
        if any(r["nodeid"].endswith(f"-{c}]") for c, _n, kind in SITES if kind == "department"):
            fail(r, "C1-4", "用了 6 次点击", "寻找入口", clicks_to_entry=6, pages_to_entry=6)


def d_external_hop(rs):
    for r in _each(rs, "one_network"):
        fail(r, "C1-1", "在线办理跳转到其他网站 ywxt.localhost", "在线办理", distinct_hosts=4,
             off_platform_hosts=["ywxt.localhost"], extra_logins=1)


def _apply_fails(rs, message, step):
    for r in _each(rs, "apply"):
        for key in ("clicks_to_submit", "pages_to_submit"):
            r["observations"].pop(key, None)
        fail(r, "A3-2", message, step, submitted=False)


def d_upload_rejects_pdf(rs):
    _apply_fails(rs, "上传 PDF 被拒绝: 文件格式不支持", "上传材料")


def d_submit_500(rs):
    _apply_fails(rs, "提交申请返回 HTTP 500", "提交申请")


def d_notice_every_view(rs):
    """The application goes through, the citizen closing the 系统升级公告 on every view (counted clicks);
    the journey's last check charges the notice that came back (as the sandbox's run records it)."""
    for r in _each(rs, "apply"):
        r["observations"]["clicks_to_submit"] += 4
        r["clicks"] += 4
        fail(r, "A3-2", "公告弹窗在市民点击关闭后再次弹出（每次都要再关一次）: zwfw.localhost「系统升级公告」×5",
             "市民关闭过的公告没有再次弹出", obstacles_dismissed=5, obstacles_repeated=["zwfw.localhost「系统升级公告」×5"])


def d_status_wrong(rs):
    for r in _each(rs, "status"):
        fail(r, "B5-1", "办理状态显示为 已办结，应为 已受理", "查询", status_shown="已办结")


def d_status_leaks_other(rs):
    for r in _each(rs, "status"):
        fail(r, "B5-1", "办件查询显示他人办件", "查询", leaked_other=True)


def d_review_missing(rs):
    for r in _each(rs, "review"):
        fail(r, "A1", "办结后没有评价入口", "评价", reachable=False, levels_offered=[], level=None,
             followup_visible=None)


def d_broken_download(rs):
    for r in _each(rs, "guide"):
        if "E4" in r["observations"]["elements"]:
            r["observations"]["elements"]["E4"] = {"ok": False, "value": "", "why": "空表下载返回 404"}
            fail(r, "E4", "空表下载返回 404", "下载空表")


def d_guide_missing_elements(rs):
    for r in _each(rs, "guide"):
        for e in ("E1-1", "E1-4", "E1-5"):
            r["observations"]["elements"][e] = {"ok": False, "value": "", "why": "要素缺失"}
        fail(r, "E1", "指南缺少 咨询电话、办理时间、法定办结时限", "核对指南")


def d_pii_unmasked(rs):
    for r in _each(rs, "safety"):
        fail(r, "SEC", "页面显示完整身份证号和手机号", "检查页面", pii_unmasked=2)


def d_elderly_popup(rs):
    for r in _each(rs, "elder"):
        fail(r, "AGE", "长辈版首页弹出模态窗口", "打开长辈版", popups=1)


def d_assistant_unrelated(rs):
    for r in _each(rs, "assistant"):
        if r["observations"].get("expected"):
            fail(r, "B5-2", "期望事项未出现在答复中", "智能客服", rank=None)


def d_assistant_down(rs):
    for r in _each(rs, "assistant"):
        for key in ("rank", "answer_ms", "replied", "handoff"):
            r["observations"].pop(key, None)
        fail(r, "B5-2", "向智能客服提问时接口返回 HTTP 500", "智能客服")


def d_stale_copy(rs):
    for r in _each(rs, "same_source"):
        fail(r, "C3-2", "部门网站的办事指南与门户不同源", "同源", dept_same=False,
             dept_differences=[{"element": "承诺办结时限", "portal": "20个自然日", "copy": "25个自然日"}])


def d_no_reduction(rs):
    """承诺 = 法定 everywhere, and 即办件 become 承诺件 (the 即办 share falls with it: A4-8)."""
    for r in _each(rs, "reduction"):
        fail(r, "A4-1", "承诺办结时限未在法定办结时限基础上压缩", "减时间", reduction=0.0, instant=False)


def d_slots_full(rs):
    for r in _each(rs, "booking"):
        for key in ("slot", "booked", "booking_no", "booking_clicks", "booking_views", "booking_ms", "read_only"):
            r["observations"].pop(key, None)
        fail(r, "C4-2", "所有预约时段均已约满", "选择时段")


def d_user_center_broken(rs):
    for r in _each(rs, "user_center"):
        o = r["observations"]
        o["sections_open"] = [n for n in o["sections"] if n != "我的证照"]
        fail(r, "B7-4", "个人中心「我的证照」页面返回 HTTP 500", "个人中心", sections_failed={"我的证照": "HTTP 500"})


def d_followup_hidden(rs):
    for r in _each(rs, "review"):
        if r["observations"].get("level") in ("不满意", "非常不满意"):
            fail(r, "A1", "差评后看不到回访整改记录", "评价", followup_visible=False)


def d_elder_slow_search(rs):
    for r in _each(rs, "elder"):
        if "elder_latency_ms" in r["observations"]:
            fail(r, "AGE", "长辈版搜索用时 2800 毫秒，比标准版慢 2500 毫秒", "长辈版搜索", elder_latency_ms=2800.0,
                 elder_search_slowdown_ms=2500.0)


def d_elder_second_password(rs):
    for r in _each(rs, "elder"):
        if r["observations"].get("elder_own_page"):
            fail(r, "AGE", "长辈版再次要求输入密码", "长辈版登录", elder_credential_prompt=True)


def d_flaky_search(rs):
    """Every search fails once (503) and passes on the retry: the failed attempts are kept."""
    import copy
    for r in list(_each(rs, "search")):
        first = copy.deepcopy(r)
        fail(first, "A3-1", "搜索返回服务器错误 HTTP 503", "搜索")
        first["attempt"] = 1
        r["attempt"], r["flaky"] = 2, True
        rs.append(first)


# defect name (docs/CONTRACTS.md §2) → (the indicator it must lower, what it does to the records)
DEFECTS = {
    "slow_search": ("A3-1", d_slow_search),
    "search_miss": ("A3-1", d_search_miss),
    "search_500": ("A3-1", d_search_500),
    "sso_loop": ("B4-2", d_sso_loop),
    "sso_second_login": ("B4-3", d_sso_second_login),
    "session_lost_on_city_site": ("B4-3", d_session_lost_on_city_site),
    "entry_buried": ("C1-4", d_entry_buried),
    "external_hop": ("C1-1", d_external_hop),
    "upload_rejects_pdf": ("A3-2", d_upload_rejects_pdf),
    "submit_500": ("A3-2", d_submit_500),
    "status_wrong": ("B5-1", d_status_wrong),
    "status_leaks_other": ("B5-1", d_status_leaks_other),
    "review_missing": ("A1", d_review_missing),
    "broken_download": ("E4", d_broken_download),
    "guide_missing_elements": ("E1", d_guide_missing_elements),
    "pii_unmasked": ("SEC", d_pii_unmasked),
    "elderly_popup": ("AGE", d_elderly_popup),
    "flaky_search": ("STAB", d_flaky_search),
    "assistant_unrelated": ("B5-2", d_assistant_unrelated),
    "assistant_down": ("B5-2", d_assistant_down),
    "stale_copy": ("C3-2", d_stale_copy),
    "no_reduction": ("A4-1", d_no_reduction),
    "slots_full": ("C4-2", d_slots_full),
    "user_center_broken": ("B7-4", d_user_center_broken),
    "followup_hidden": ("A1", d_followup_hidden),
    "elder_slow_search": ("AGE", d_elder_slow_search),
    "elder_second_password": ("AGE", d_elder_second_password),
    "notice_every_view": ("A3-2", d_notice_every_view),
}
# what a defect lowers besides its own indicator, and why (the same as the detection matrix's ALSO_LOWERS)
ALSO_LOWERS = {"no_reduction": {"A4-8"}}


def defect_records(name, run_id="20261124T120000Z", portal="sandbox") -> list[dict]:
    records = clean_records(run_id=run_id, portal=portal)
    DEFECTS[name][1](records)
    return records


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


# ============================================================================ tests
def test_module_imports_without_playwright():
    code = ("import sys; sys.modules['playwright'] = None; sys.modules['playwright.sync_api'] = None\n"
            "import shopper.scoring, shopper.history, shopper.gate, shopper.scorecard\n"
            "assert not any(m.startswith('playwright') and sys.modules[m] is not None for m in sys.modules)\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    for path in (ROOT / "shopper" / "scoring").rglob("*.py"):
        body = path.read_text(encoding="utf-8").split('"""', 2)[-1]
        assert "playwright" not in body, path


def test_clean_run_scores_five_stars_everywhere(rubric):
    card = score(clean_records(), rubric)
    assert {i.id for i in card.indicators} == set(KNOWN_INDICATORS)
    for ind in card.indicators:
        assert ind.measured, ind.id
        assert ind.score >= 90 and ind.stars == 5, (ind.id, ind.score, ind.criteria)
    assert all(l.stars == 5 for l in card.level1)
    assert card.total >= 90 and card.stars == 5
    assert card.coverage == pytest.approx(rubric.max_coverage) == pytest.approx(0.8005)
    assert card.not_scored == [] and card.records_scored == card.records_total


def test_empty_input_scores_nothing(rubric):
    card = score([], rubric)
    assert card.total is None and card.stars is None and card.coverage == 0
    assert not any(i.measured for i in card.indicators)
    assert all(l.score is None for l in card.level1)
    assert card.records_total == 0


def test_partial_input_renormalises_and_reports_coverage(rubric):
    only_search = [r for r in clean_records() if r["journey"] == "search" and r["device"] == "desktop"]
    card = score(only_search, rubric)
    measured = {i.id for i in card.indicators if i.measured}
    assert measured == {"A3-1", "STAB"}          # STAB reads every scored record
    a = next(l for l in card.level1 if l.id == "A")
    assert a.score == card.indicator("A3-1").score and a.measured_share == pytest.approx(0.20)
    # total = weighted mean of A (25) and C (20) only
    c = next(l for l in card.level1 if l.id == "C")
    assert card.total == pytest.approx(round((a.score * 25 + c.score * 20) / 45, 1))
    assert card.coverage == pytest.approx((25 * 0.20 + 20 * 0.08) / 100)


def test_level1_is_weighted_mean_of_measured_children(rubric):
    records = defect_records("status_wrong")
    card = score(records, rubric)
    b = next(l for l in card.level1 if l.id == "B")
    kids = [card.indicator(i) for i in ("B1", "B4-2", "B4-3", "B5-1", "B5-2", "B7-4", "SEC")]
    expect = sum(k.score * k.weight for k in kids) / sum(k.weight for k in kids)
    assert b.score == pytest.approx(round(expect, 1))
    total = sum(l.score * l.weight for l in card.level1) / sum(l.weight for l in card.level1)
    assert card.total == pytest.approx(round(total, 1))


@pytest.mark.parametrize("cls", ["environment", "suite_broken"])
def test_environment_and_suite_failures_are_not_scored(rubric, cls):
    records = clean_records()
    for r in records:
        if r["journey"] == "status":
            r.update(outcome="broken", failure_class=cls, failure_message="环境故障: ERR_CONNECTION_REFUSED")
    card = score(records, rubric)
    assert not card.indicator("B5-1").measured          # all its records were not the portal's fault
    assert len(card.not_scored) == 2 and {n.failure_class for n in card.not_scored} == {cls}
    assert all("不计分" in n.reason for n in card.not_scored)
    assert card.indicator("STAB").score == 100
    assert card.coverage < rubric.max_coverage


def test_skipped_records_are_not_scored(rubric):
    records = clean_records()
    records[0].update(outcome="skipped")
    card = score(records, rubric)
    assert [n.failure_class for n in card.not_scored] == ["skipped"]


def test_portal_defect_counts_against_the_named_indicator_only(rubric):
    records = clean_records()
    for r in _each(records, "apply"):
        fail(r, "A3-2", "提交失败", submitted=False)
    card = score(records, rubric)
    assert card.indicator("A3-2").failures == 3 and card.indicator("A3-2").score < 60
    assert card.indicator("B1").failures == 0 and card.indicator("B1").score == 100


def test_unnamed_portal_defect_counts_against_all_the_records_indicators(rubric):
    records = clean_records()
    for r in _each(records, "apply"):
        r.update(outcome="failed", failure_class=None, failure_message="AssertionError: 页面未显示回执")
    card = score(records, rubric)
    assert card.indicator("A3-2").failures == 3 and card.indicator("B1").failures == 3
    assert card.indicator("B1").score < 100


def test_defect_named_for_another_indicator_reaches_it(rubric):
    """An apply journey that cannot sign in (门户缺陷[B4-2]) counts against B4-2, not A3-2."""
    records = clean_records()
    for r in _each(records, "apply"):
        r["observations"] = {"item_id": "rst-001"}
        fail(r, "B4-2", "登录后被重定向回认证平台", "登录")
    card = score(records, rubric)
    assert card.indicator("B4-2").failures == 3 and card.indicator("B4-2").score < 100
    a32 = card.indicator("A3-2")     # measured from the booking stage only: nothing of the applications
    assert a32.failures == 0 and not any(c.measured for c in a32.criteria if c.metric.startswith("apply_"))


def test_flaky_record_counts_for_indicator_but_lowers_stab(rubric):
    records = clean_records()
    for r in _each(records, "search")[:2]:
        r.update(attempt=2, flaky=True)
    card = score(records, rubric)
    assert card.indicator("A3-1").score == score(clean_records(), rubric).indicator("A3-1").score
    stab = card.indicator("STAB")
    assert stab.flaky == 2 and stab.score < 90
    assert card.indicator("A3-1").flaky == 2


def test_mobile_records_feed_c2_3_as_well(rubric):
    records = clean_records()
    mobile = [r for r in records if r["device"] == "mobile"]
    card = score(records, rubric)
    assert card.indicator("A3-1").records == 14     # 10 desktop + 3 mobile keywords + zero-result case
    assert card.indicator("C2-3").records == len(mobile) + len(
        [r for r in records if r["device"] == "desktop" and r["journey"] in {"search", "apply"}])
    # a failure only on the phone lowers C2-3
    for r in mobile:
        if r["journey"] == "apply":
            fail(r, "A3-2", "手机上提交按钮被遮挡", submitted=False)
    worse = score(records, rubric)
    assert worse.indicator("C2-3").score < card.indicator("C2-3").score - 10
    # without any mobile record C2-3 is not measured
    desktop_only = score([r for r in clean_records() if r["device"] != "mobile"], rubric)
    assert not desktop_only.indicator("C2-3").measured


def test_dedupe_keeps_last_attempt_per_run_and_nodeid():
    a1 = rec("search", ["A3-1"], "n1", {"rank": None, "expected": "x"}, outcome="failed", attempt=1)
    a2 = rec("search", ["A3-1"], "n1", {"rank": 1, "expected": "x"}, attempt=2, flaky=True)
    other_run = rec("search", ["A3-1"], "n1", {"rank": 1, "expected": "x"}, run_id="R2")
    dup = copy.deepcopy(a2)
    out = dedupe_records([a2, a1, other_run, dup])
    assert len(out) == 2
    assert [r["attempt"] for r in out if r["run_id"] == RUN] == [2]


def test_records_from_several_shards_are_merged_and_deduplicated(tmp_path, rubric):
    records = clean_records()
    shards = [tmp_path / "shard-1" / RUN, tmp_path / "shard-2" / RUN]
    for i, r in enumerate(records):
        d = shards[i % 2]
        d.mkdir(parents=True, exist_ok=True)
        (d / f"r{i}.a1.json").write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    # shard 2 also holds a retry of a record shard 1 has failed on attempt 1
    first = records[0]
    failed = fail(copy.deepcopy(first), "A3-1", "未命中", rank=None)
    (shards[0] / "r0.a1.json").write_text(json.dumps(failed, ensure_ascii=False), encoding="utf-8")
    retry = dict(copy.deepcopy(first), attempt=2, flaky=True)
    (shards[1] / "r0.a2.json").write_text(json.dumps(retry, ensure_ascii=False), encoding="utf-8")
    merged = load_shards(tmp_path / "shard-1", tmp_path / "shard-2")
    assert len(merged) == len(records)
    chosen = next(r for r in merged if r["nodeid"] == first["nodeid"])
    assert chosen["attempt"] == 2 and chosen["outcome"] == "passed"
    card = score(merged, rubric)
    assert card.indicator("STAB").flaky == 1 and card.indicator("A3-1").failures == 0
    with pytest.raises(RecordError, match="不存在"):
        load_shards(tmp_path / "nope")


def test_mixed_portals_need_score_portals(rubric):
    records = clean_records(portal="p1") + defect_records("search_500", run_id=RUN, portal="p2")
    with pytest.raises(RecordError, match="多个门户"):
        score(records, rubric)
    cards = score_portals(records, rubric)
    assert set(cards) == {"p1", "p2"} and cards["p1"].total > cards["p2"].total


def test_unknown_record_indicator_ids_are_reported(rubric):
    records = clean_records()
    records[0]["indicators"].append("Z9")
    assert score(records, rubric).unrated_ids == ["Z9"]


def test_evidence_names_failed_scenarios_steps_and_observations(rubric):
    card = score(defect_records("entry_buried"), rubric)
    ind = card.indicator("C1-4")
    failed = [e for e in ind.evidence if e.counted_as_failure]
    assert len(failed) == 3 and ind.evidence[:3] == failed       # failures first
    assert failed[0].failed_steps == ["寻找入口"] and "6 次点击" in failed[0].message
    assert failed[0].observations["clicks_to_entry"] == 6
    guide = score(defect_records("guide_missing_elements"), rubric).indicator("E1")
    assert set(guide.evidence[0].observations["elements_failed"]) == {"E1-1", "E1-4", "E1-5"}


def test_weakest_first_orders_measured_indicators_by_score(rubric):
    card = score(defect_records("review_missing"), rubric)
    order = card.weakest_first()
    assert order[0].id == "A1"
    scores = [i.score for i in order if i.measured]
    assert scores == sorted(scores)


@pytest.mark.parametrize("score_, stars", [
    (0, 1), (59.9, 1), (59.99, 1), (60, 2), (69.9, 2), (70, 3), (79.9, 3), (80, 4), (89.9, 4), (90, 5), (100, 5),
    (None, None)])
def test_star_rating_edges(rubric, score_, stars):
    assert stars_for(score_) == stars
    assert rubric.stars_for(score_) == stars


def test_stars_text():
    assert stars_text(5) == "★★★★★" and stars_text(1) == "★" and stars_text(None) == "—"


def test_record_objects_are_accepted(rubric):
    from shopper.record import JourneyRecord
    r = JourneyRecord(run_id=RUN, portal="sandbox", journey="safety", scenario="安全", nodeid="n-safe",
                      indicators=["SEC"], observations={"dead_links": 0, "pii_unmasked": 0, "other_data_visible": False})
    card = score([r], rubric)
    assert card.indicator("SEC").score == 100


def test_scoring_package_modules_are_small_and_import_no_playwright():
    """Each submodule imported on its own with playwright blocked; none over 500 lines."""
    modules = sorted("shopper." + ".".join(p.relative_to(ROOT / "shopper").with_suffix("").parts)
                     for p in (ROOT / "shopper" / "scoring").rglob("*.py"))
    assert "shopper.scoring.engine" in modules and "shopper.scoring.metrics.search" in modules
    for path in (ROOT / "shopper" / "scoring").rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path
    code = ("import importlib, sys; sys.modules['playwright'] = None; sys.modules['playwright.sync_api'] = None\n"
            f"for m in {modules!r}: importlib.import_module(m.removesuffix('.__init__'))\n"
            "assert not any(m.startswith('playwright') and sys.modules[m] is not None for m in sys.modules)\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr
