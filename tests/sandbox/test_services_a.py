"""Flavour A's issue-23 pages over HTTP: 智能问答, the department and city copies of guides, 减时间 on the
guide, 网上预约, the 个人中心 sections, the 差评 follow-up, the 长辈版's search and sign-in, and each of
their defects (with the clean portal showing none of them)."""
from __future__ import annotations

import re
import time

from sandbox.assistant import ranked
from sandbox.booking import days
from sandbox.guides import published

from sandbox_helpers import ALICE, PORTAL, advance, apply_item, csrf, follow, site, sso_login, submitted_no, text


def signed_in(make_app, *defects):
    client = make_app(*defects).test_client()
    sso_login(client, ALICE)
    return client


def answer_links(html: str) -> list[tuple[str, str]]:
    """(href, name) of the item links in the answer region."""
    region = html.split('id="answer-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="(/item/[^"]+)">([^<]+)</a>', region)


def cell(html: str, label: str) -> str:
    """The value of a th/td row; 承诺办结时限 under whichever label the department uses (承诺时限, 承诺期限 …)."""
    pattern = r"承诺(办结|办理)?(时限|期限)" if label == "承诺办结时限" else re.escape(label)
    return re.search(r"<th scope=\"row\">" + pattern + r"</th><td>([^<]*)</td>", html).groups()[-1]


# 智能问答 ---------------------------------------------------------------------------------------------
def test_the_assistant_is_linked_from_the_home_and_asks_with_a_labelled_box(client):
    home = text(client.get(PORTAL + "/"))
    assert '<a href="/znwd">智能问答</a>' in home
    page = text(client.get(PORTAL + "/znwd"))
    assert '<label for="ask-q">请输入您的问题</label>' in page and ">提问</button>" in page
    assert "猜您想问" in page and 'id="answer-title"' not in page


def test_an_item_question_is_answered_with_ranked_links_to_the_guides(client, app):
    html = text(client.get(PORTAL + "/znwd", query_string={"q": "我的身份证丢了怎么办"}))
    assert "<h2 id=\"answer-title\">智能客服回答</h2>" in html and "您的问题：我的身份证丢了怎么办" in html
    links = answer_links(html)
    assert links[0] == ("/item/gat-002", "居民身份证补领")
    assert [name for _, name in links] == [i["name"] for i in ranked(app.sandbox.catalogue.items, "我的身份证丢了怎么办")]
    assert client.get(PORTAL + links[0][0]).status_code == 200


def test_an_out_of_scope_question_points_to_people(client):
    html = text(client.get(PORTAL + "/znwd", query_string={"q": "今天天气怎么样"}))
    assert answer_links(html) == []
    assert "人工客服" in html and "12345" in html and "留言" in html and 'href="tel:12345"' in html


def test_assistant_unrelated_and_assistant_down(make_app):
    question = {"q": "我的身份证丢了怎么办"}
    links = answer_links(text(make_app("assistant_unrelated").test_client().get(PORTAL + "/znwd", query_string=question)))
    assert len(links) == 3 and not {name for _, name in links} & {"居民身份证补领", "居民身份证换领"}
    down = make_app("assistant_down").test_client()
    response = down.get(PORTAL + "/znwd", query_string=question)
    html = text(response)
    assert response.status_code == 500 and 'role="alert">智能客服暂时无法回答（HTTP 500）' in html
    assert '<label for="ask-q">请输入您的问题</label>' in html and 'id="answer-title"' not in html
    assert down.get(PORTAL + "/znwd").status_code == 200


# 数据同源 -------------------------------------------------------------------------------------------------
def copy_of(client, label, item_id):
    home = text(client.get(site(label) + "/"))
    assert '<a href="/bsfw">办事指南</a>' in home
    listing = text(client.get(site(label) + "/bsfw"))
    assert f'<a href="/bsfw/item/{item_id}">' in listing
    return client.get(site(label) + f"/bsfw/item/{item_id}")


def test_department_and_city_sites_serve_their_own_copy_with_the_portal_elements(client, app):
    item = published(app.sandbox, app.sandbox.catalogue.item_by_id["rst-007"])
    g = item["guide"]
    for label in ("rst", "lz", "yc"):
        response = copy_of(client, label, "rst-007")
        html = text(response)
        assert response.status_code == 200 and f"<h1>{item['name']}</h1>" in html
        assert cell(html, "法定办结时限") == g["法定办结时限"] and cell(html, "承诺办结时限") == g["承诺办结时限"]
        assert cell(html, "实施编码") == item["impl_code"] and cell(html, "到现场次数") == f"{g['到现场次数']}次"
        for window in g["windows"]:
            assert all(window[k] in html for k in ("地址", "办理时间", "咨询电话"))
        materials = re.findall(r"<tr><td>\d+</td><td>([^<]+)</td>", html.split('id="copy-materials"')[1].split("</table>")[0])
        assert materials == [m["名称"] for m in g["materials"]]
        assert all(step["环节"] in html for step in g["流程"])
        assert f'href="http://zwfw.localhost/item/rst-007"' in html
    assert client.get(site("gat") + "/bsfw/item/rst-007").status_code == 404     # not the police's item


def test_stale_copy_changes_department_copies_only(make_app, app):
    client = make_app("stale_copy").test_client()
    portal_g = app.sandbox.catalogue.item_by_id["rst-007"]["guide"]
    dept = text(copy_of(client, "rst", "rst-007"))
    assert cell(dept, "承诺办结时限") != portal_g["承诺办结时限"]
    assert portal_g["materials"][-1]["名称"] not in dept and portal_g["materials"][0]["名称"] in dept
    city = text(copy_of(client, "lz", "rst-007"))
    assert cell(city, "承诺办结时限") == portal_g["承诺办结时限"] and portal_g["materials"][-1]["名称"] in city
    portal = text(client.get(PORTAL + "/item/rst-007"))
    assert cell(portal, "承诺办结时限") == portal_g["承诺办结时限"]


# 减时间 / 即办 -------------------------------------------------------------------------------------------
def test_guides_show_legal_and_promised_limits_and_no_reduction_equalises_them(make_app):
    clean = text(make_app().test_client().get(PORTAL + "/item/rst-001"))
    assert cell(clean, "法定办结时限") == "20个工作日" and cell(clean, "承诺办结时限") == "即办"
    assert cell(clean, "办件类型") == "即办件"
    broken = make_app("no_reduction").test_client()
    html = text(broken.get(PORTAL + "/item/rst-001"))
    assert cell(html, "承诺办结时限") == "20个工作日" and cell(html, "办件类型") == "承诺件"
    assert cell(text(broken.get(PORTAL + "/item/gat-001")), "承诺办结时限") == "60个自然日"
    assert cell(text(broken.get(site("rst") + "/bsfw/item/rst-001")), "承诺办结时限") == "20个工作日"


# 网上预约 --------------------------------------------------------------------------------------------------
def slot_radios(html: str) -> list[tuple[str, bool, str]]:
    """(time, disabled, label text) of each 预约时段 radio."""
    return [(t, bool(d), label) for t, d, label in re.findall(
        r'<input type="radio" name="slot" value="([^"]+)"( disabled)?[^>]*>([^<]+)</label>', html)]


def test_booking_from_the_guide_needs_sign_in_and_offers_halls_days_and_slots(client, make_app):
    guide = text(client.get(PORTAL + "/item/gat-002"))
    assert '<a class="btn" href="/yuyue/gat-002">网上预约</a>' in guide
    assert client.get(PORTAL + "/yuyue/gat-002").headers["Location"].startswith("/login?next=/yuyue/gat-002")
    html = text(signed_in(make_app).get(PORTAL + "/yuyue/gat-002"))
    assert '<label for="bk-hall">办理大厅</label>' in html and '<label for="bk-date">预约日期</label>' in html
    assert ">查询号源</button>" in html and ">确认预约</button>" in html
    radios = slot_radios(html)
    assert len(radios) == 6 and radios[0] == ("09:00-10:00", True, "09:00-10:00（已约满）")
    assert all(re.fullmatch(r"\d\d:\d\d-\d\d:\d\d（剩余 \d）", label) for _, disabled, label in radios[1:])


def test_a_booking_gets_a_number_and_shows_in_my_bookings(make_app):
    client = signed_in(make_app)
    day = days()[1].isoformat()
    page = client.get(PORTAL + f"/yuyue/gat-002?hall=lz&date={day}")
    before = dict((t, label) for t, _, label in slot_radios(text(page)))
    response = client.post(PORTAL + "/yuyue/gat-002", data={"csrf_token": csrf(page), "hall": "lz", "date": day,
                                                          "slot": "14:00-15:00"})
    assert response.status_code == 302
    result = text(follow(client, response))
    number = cell(result, "预约号")
    assert "<h1>预约成功</h1>" in result and re.fullmatch(r"YY\d{8}\d{4}", number)
    assert cell(result, "办理大厅") == "临州市民之家政务服务中心" and cell(result, "预约时段") == "14:00-15:00"
    assert '<a class="btn btn-primary" href="/my/bookings">查看我的预约</a>' in result
    mine = text(client.get(PORTAL + "/my/bookings"))
    assert f"<td>{number}</td>" in mine and "<td>居民身份证补领</td>" in mine
    after = dict((t, label) for t, _, label in slot_radios(text(client.get(PORTAL + f"/yuyue/gat-002?hall=lz&date={day}"))))
    left = lambda label: int(re.search(r"剩余 (\d)", label).group(1))   # noqa: E731
    assert left(after["14:00-15:00"]) == left(before["14:00-15:00"]) - 1


def test_a_full_slot_is_refused(make_app):
    client = signed_in(make_app)
    page = client.get(PORTAL + "/yuyue/gat-002")
    response = client.post(PORTAL + "/yuyue/gat-002", data={"csrf_token": csrf(page), "hall": "w1",
                                                          "date": days()[0].isoformat(), "slot": "09:00-10:00"})
    assert response.status_code == 409 and 'role="alert">该时段已约满' in text(response)


def test_slots_full_disables_every_slot_and_the_button(make_app):
    client = signed_in(make_app, "slots_full")
    page = client.get(PORTAL + "/yuyue/gat-002")
    html = text(page)
    assert all(disabled and "已约满" in label for _, disabled, label in slot_radios(html))
    assert '<button type="submit" class="btn btn-primary" disabled>确认预约</button>' in html and "号源已约满" in html
    response = client.post(PORTAL + "/yuyue/gat-002", data={"csrf_token": csrf(page), "hall": "w1",
                                                          "date": days()[2].isoformat(), "slot": "14:00-15:00"})
    assert response.status_code == 409
    assert "<td>" not in text(client.get(PORTAL + "/my/bookings")).split("<h1>我的预约</h1>")[1].split("</section>")[0]


# 个人中心 ----------------------------------------------------------------------------------------------------
TABS = ['<a href="/my"', '<a href="/my/licences"', '<a href="/my/bookings"', '<a href="/my/subscriptions"']


def test_user_centre_sections_are_tabs_of_my_with_masked_data(make_app):
    client = signed_in(make_app)
    for path in ("/my", "/my/licences", "/my/bookings", "/my/subscriptions"):
        html = text(client.get(PORTAL + path))
        nav = html.split('<nav class="ucenter-tabs" aria-label="个人中心">', 1)[1].split("</nav>", 1)[0]
        assert [t for t in TABS if t in nav] == TABS and nav.count('aria-current="page"') == 1, path
        assert "330102199003071234" not in html and "13812345678" not in html
    licences = text(client.get(PORTAL + "/my/licences"))
    assert "<h1>我的证照</h1>" in licences and 'aria-label="我的证照"' in licences
    for name in ("居民身份证", "社会保障卡", "机动车驾驶证"):
        assert f"<td>{name}</td><td>330102********1234</td>" in licences


def test_subscriptions_are_made_listed_and_cancelled(make_app):
    client = signed_in(make_app)
    page = client.get(PORTAL + "/my/subscriptions")
    html = text(page)
    assert '<label for="sub-item">订阅事项</label>' in html and "<legend>通知方式</legend>" in html and ">订阅</button>" in html
    refused = client.post(PORTAL + "/my/subscriptions", data={"csrf_token": csrf(page), "item": "rst-001"})
    assert refused.status_code == 400 and "请至少选择一种通知方式" in text(refused)
    done = follow(client, client.post(PORTAL + "/my/subscriptions", data={
        "csrf_token": csrf(page), "item": "rst-001", "channels": ["短信通知", "站内消息"]}))
    html = text(done)
    assert 'role="status">已订阅“社会保障卡申领”的消息通知。' in html
    assert "<td>社会保障卡申领</td><td>短信通知、站内消息</td>" in html and 'aria-label="取消订阅社会保障卡申领"' in html
    html = text(follow(client, client.post(PORTAL + "/my/subscriptions/rst-001/cancel", data={"csrf_token": csrf(done)})))
    assert "您还没有订阅任何事项" in html


def test_user_center_broken_answers_500_on_licences_only(make_app):
    client = signed_in(make_app, "user_center_broken")
    assert client.get(PORTAL + "/my/licences").status_code == 500
    for path in ("/my", "/my/bookings", "/my/subscriptions"):
        assert client.get(PORTAL + path).status_code == 200, path


# 差评整改 ------------------------------------------------------------------------------------------------------
def bad_review(client):
    no = submitted_no(apply_item(client, "rst-001"))
    advance(client, no)
    advance(client, no)
    page = client.get(PORTAL + f"/review/{no}")
    return text(follow(client, client.post(PORTAL + f"/review/{no}", data={
        "csrf_token": csrf(page), "level": "非常不满意", "comment": "等了很久"})))


def test_a_bad_review_shows_its_follow_up_unless_followup_hidden(make_app):
    shown = bad_review(signed_in(make_app))
    assert '<h2 id="followup-title">差评回访</h2>' in shown and "回访状态：<strong class=\"state\">待回访</strong>" in shown
    hidden = bad_review(signed_in(make_app, "followup_hidden"))
    assert "您的评价" in hidden or "评价等级" in hidden
    assert "差评回访" not in hidden and "待回访" not in hidden


# 长辈版 ----------------------------------------------------------------------------------------------------------
def result_names(html: str) -> list[str]:
    return re.findall(r'<a href="/item/[^"]+">([^<]+)</a>', html.split("共找到", 1)[1])


def test_elder_search_gives_the_standard_results_and_elder_slow_search_slows_only_it(make_app):
    for defects, slow in (((), False), (("elder_slow_search",), True)):
        client = make_app(*defects).test_client()
        standard = result_names(text(client.get(PORTAL + "/search?q=社保卡")))
        client.get(PORTAL + "/mode/elder")
        started = time.perf_counter()
        elder = text(client.get(PORTAL + "/search?q=社保卡"))
        elapsed = time.perf_counter() - started
        assert 'class="elder-root"' in elder and result_names(elder) == standard and standard
        assert (elapsed >= 2.5) == slow and (elapsed < 1.0) != slow
        client.get(PORTAL + "/mode/standard")
        started = time.perf_counter()
        client.get(PORTAL + "/search?q=社保卡")
        assert time.perf_counter() - started < 1.0


def test_elder_mode_keeps_the_portal_sign_in_unless_elder_second_password(make_app):
    client = signed_in(make_app)
    client.get(PORTAL + "/mode/elder")
    my = client.get(PORTAL + "/my")
    assert my.status_code == 200 and "<h1>我的办件</h1>" in text(my)
    client = signed_in(make_app, "elder_second_password")
    assert client.get(PORTAL + "/my").status_code == 200                      # the standard portal: no prompt
    client.get(PORTAL + "/mode/elder")
    asked = client.get(PORTAL + "/my")
    assert asked.status_code == 302 and asked.headers["Location"] == "/elder/login?next=%2Fmy"
    form = client.get(PORTAL + asked.headers["Location"])
    html = text(form)
    assert "<h1>长辈版登录</h1>" in html and '<label for="el-pass">密码</label>' in html and "您好，王**" in html
    wrong = client.post(PORTAL + "/elder/login?next=/my", data={"csrf_token": csrf(form), "username": "alice",
                                                              "password": "nope"})
    assert wrong.status_code == 401 and 'role="alert"' in text(wrong)
    right = client.post(PORTAL + "/elder/login?next=/my", data={"csrf_token": csrf(form), "username": "alice",
                                                              "password": ALICE["password"]})
    assert right.status_code == 302 and right.headers["Location"] == "/my"
    assert client.get(PORTAL + "/my").status_code == 200                      # asked once per session
