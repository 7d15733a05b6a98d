"""Flavour B's issue-23 pages over HTTP: the floating 智能客服 and its JSON API, the department and city
copies of guides (/col/bszn → /art/bszn/<id>.html), 减时间 on the guide, the 预约办理 wizard, the
个人中心 left menu, the 差评 follow-up, the 关怀版's search and sign-in, and each of their defects."""
from __future__ import annotations

import re
import time

from sandbox.booking import days
from sandbox.guides import published

from sandbox_helpers import ALICE, csrf, follow, site, text
from test_flavour_b import PORTAL, apply_b, make, signed_in, submitted


def robot(client, question):
    token = re.search(r'data-csrf="([^"]+)"', text(client.get(PORTAL + "/"))).group(1)
    return client.post(PORTAL + "/api/robot/ask", json={"question": question}, headers={"X-CSRF-Token": token})


def info(html: str, label: str) -> str:
    """A value of B's 4-column th/td tables."""
    return re.search(r"<th>" + re.escape(label) + r"</th><td>([^<]*)</td>", html).group(1)


# 智能客服 -----------------------------------------------------------------------------------------------
def test_every_portal_page_has_the_floating_button_and_a_hidden_panel():
    client = make().test_client()
    for path in ("/", "/so?keyword=社保卡", "/guide/detail?matterId=gat-002"):
        html = text(client.get(PORTAL + path))
        assert '<button type="button" class="robot-btn" id="robotBtn" aria-haspopup="dialog" aria-expanded="false">智能客服</button>' in html
        panel = re.search(r'<div class="robot-panel"[^>]*>', html).group(0)
        assert 'role="dialog" aria-label="智能客服"' in panel and panel.endswith("hidden>")
        assert 'placeholder="请输入您的问题"' in html and '<button type="button" id="robotSend">发送</button>' in html
    assert "robotBtn" not in text(client.get(site("rst") + "/"))          # the portal's, not the sites'


def test_the_robot_answers_from_json_with_links_to_the_guides():
    client = make().test_client()
    body = robot(client, "我的身份证丢了怎么办").get_json()
    assert body["code"] == 0 and body["data"]["found"]
    assert body["data"]["items"][0] == {"name": "居民身份证补领", "url": "/guide/detail?matterId=gat-002"}
    weather = robot(client, "今天天气怎么样").get_json()["data"]
    assert weather["items"] == [] and not weather["found"]
    assert all(w in weather["answer"] for w in ("人工客服", "12345", "留言"))
    assert client.post(PORTAL + "/api/robot/ask", json={"question": "社保卡"}).status_code == 400   # no CSRF token


def test_robot_defects():
    items = robot(make("assistant_unrelated").test_client(), "我的身份证丢了怎么办").get_json()["data"]["items"]
    assert len(items) == 3 and not {i["name"] for i in items} & {"居民身份证补领", "居民身份证换领"}
    down = robot(make("assistant_down").test_client(), "我的身份证丢了怎么办")
    assert down.status_code == 500 and down.get_json()["code"] == 500


# 数据同源 -------------------------------------------------------------------------------------------------
def copy_of(client, label, item_id):
    assert '<a href="/col/bszn">办事指南</a>' in text(client.get(site(label) + "/"))
    assert f'<a href="/art/bszn/{item_id}.html">' in text(client.get(site(label) + "/col/bszn"))
    return client.get(site(label) + f"/art/bszn/{item_id}.html")


def test_department_and_city_sites_serve_their_own_copy():
    app = make()
    client = app.test_client()
    item = published(app.sandbox, app.sandbox.catalogue.item_by_id["scjgj-003"])
    g = item["guide"]
    for label in ("scjgj", "lz"):
        response = copy_of(client, label, "scjgj-003")
        html = text(response)
        assert response.status_code == 200 and f'<h1 class="ch-title">{item["name"]}办事指南</h1>' in html
        assert info(html, "法定办理时限") == g["法定办结时限"] and info(html, "承诺办理时限") == g["承诺办结时限"]
        assert info(html, "到办事现场次数") == g["到现场次数"] and info(html, "实施编码") == item["impl_code"]
        assert re.findall(r"<tr><td>\d+</td><td>([^<]+)</td>", html) == [m["名称"] for m in g["materials"]]
        for w in g["windows"]:
            assert all(f"<dd>{w[k]}</dd>" in html for k in ("地址", "办理时间", "咨询电话"))
        assert "http://zwfw.localhost/guide/detail?matterId=scjgj-003" in html
    assert client.get(site("rst") + "/art/bszn/scjgj-003.html").status_code == 404


def test_stale_copy_on_department_sites_only():
    client = make("stale_copy").test_client()
    g = make().sandbox.catalogue.item_by_id["scjgj-003"]["guide"]
    dept = text(copy_of(client, "scjgj", "scjgj-003"))
    assert info(dept, "承诺办理时限") != g["承诺办结时限"] and g["materials"][-1]["名称"] not in dept
    city = text(copy_of(client, "yc", "scjgj-003"))
    assert info(city, "承诺办理时限") == g["承诺办结时限"] and g["materials"][-1]["名称"] in city


# 减时间 ----------------------------------------------------------------------------------------------------
def test_guide_limits_and_no_reduction():
    clean = text(make().test_client().get(PORTAL + "/guide/detail?matterId=swj-001"))
    assert info(clean, "法定办理时限") == "5个工作日" and info(clean, "承诺办理时限") == "即办"
    assert info(clean, "办件类型") == "即办件"
    broken = text(make("no_reduction").test_client().get(PORTAL + "/guide/detail?matterId=swj-001"))
    assert info(broken, "承诺办理时限") == "5个工作日" and info(broken, "办件类型") == "承诺件"


# 预约办理 --------------------------------------------------------------------------------------------------
def radios(html: str, name: str) -> list[tuple[str, bool, str]]:
    return [(v, bool(d), t.strip()) for v, d, t in re.findall(
        r'<input type="radio" name="' + name + r'" value="([^"]+)"( disabled)?[^>]*>(.*?)</label>', html)]


def test_the_appointment_wizard_books_and_lists_the_booking():
    client = signed_in(make())
    guide = text(client.get(PORTAL + "/guide/detail?matterId=gat-002"))
    assert '<a class="btn-sub" href="/appoint/hall?matterId=gat-002">预约办理</a>' in guide
    step1 = client.get(PORTAL + "/appoint/hall?matterId=gat-002")
    html = text(step1)
    assert "预约办理：居民身份证补领" in html and '<li class="cur"><span class="step-no">1</span>选择大厅</li>' in html
    assert [v for v, _, _ in radios(html, "hall")] == ["w1", "w2", "lz", "yc"]
    assert client.post(PORTAL + "/appoint/hall?matterId=gat-002", data={"csrf_token": csrf(step1)}).status_code == 400
    step2 = follow(client, client.post(PORTAL + "/appoint/hall?matterId=gat-002",
                                       data={"csrf_token": csrf(step1), "hall": "yc"}))
    html = text(step2)
    assert '<span class="step-no">2</span>选择日期时段' in html
    day = days()[1]
    assert f'>{day.month}月{day.day}日 周' in html
    step2 = client.get(PORTAL + f"/appoint/time?matterId=gat-002&day={day.isoformat()}")
    slots = radios(text(step2), "slot")
    assert len(slots) == 6 and all(re.fullmatch(r"\d\d:\d\d-\d\d:\d\d (余\d|已约满)", t) for _, _, t in slots)
    free = next(v for v, disabled, _ in slots if not disabled)
    step3 = follow(client, client.post(PORTAL + "/appoint/time?matterId=gat-002",
                                       data={"csrf_token": csrf(step2), "day": day.isoformat(), "slot": free}))
    html = text(step3)
    assert '<span class="step-no">3</span>确认预约' in html and info(html, "预约时段") == free
    assert info(html, "办理大厅") == "云川市政务服务中心（云川市望江路66号）" and "王**" in html
    result = text(follow(client, client.post(PORTAL + "/appoint/confirm?matterId=gat-002",
                                              data={"csrf_token": csrf(step3)})))
    number = re.search(r"您的预约号为：<strong>([^<]+)</strong>", result).group(1)
    assert '<h1 class="ok-title">预约成功</h1>' in result and re.fullmatch(r"YY\d{6}-\d{4}", number)
    assert f"<td>{number}</td><td>居民身份证补领</td><td>云川市政务服务中心</td>" in text(client.get(PORTAL + "/user/appointments"))


def test_slots_full_disables_every_slot_and_next():
    client = signed_in(make("slots_full"))
    page = client.get(PORTAL + "/appoint/hall?matterId=gat-002")
    client.post(PORTAL + "/appoint/hall?matterId=gat-002", data={"csrf_token": csrf(page), "hall": "w1"})
    step2 = client.get(PORTAL + "/appoint/time?matterId=gat-002")
    html = text(step2)
    assert all(disabled and text_.endswith("已约满") for _, disabled, text_ in radios(html, "slot"))
    assert '<button type="submit" class="btn-main" disabled>下一步</button>' in html and "号源已约满" in html
    forced = client.post(PORTAL + "/appoint/time?matterId=gat-002",
                         data={"csrf_token": csrf(step2), "day": days()[2].isoformat(), "slot": "14:00-15:00"})
    assert forced.status_code == 409 and "该时段已约满" in text(forced)
    assert "暂无预约" in text(client.get(PORTAL + "/user/appointments"))


# 个人中心 ----------------------------------------------------------------------------------------------------
MENU = ['<a href="/user/matters"', '<a href="/user/licences"', '<a href="/user/appointments"', '<a href="/user/subscribe"']


def test_the_left_menu_and_its_pages_show_the_citizen_masked():
    client = signed_in(make())
    for path in ("/user/matters", "/user/licences", "/user/appointments", "/user/subscribe"):
        html = text(client.get(PORTAL + path))
        side = html.split('<div class="uc-side">', 1)[1].split("</ul>", 1)[0]
        assert '<div class="uc-hd">个人中心</div>' in side and [m for m in MENU if m in side] == MENU, path
        assert side.count('class="on"') == 1 and "330102199003071234" not in html
    licences = text(client.get(PORTAL + "/user/licences"))
    assert '<div class="panel-hd">我的证照</div>' in licences
    assert "<td>社会保障卡</td><td>330102********1234</td>" in licences


def test_subscribe_and_cancel():
    client = signed_in(make())
    page = client.get(PORTAL + "/user/subscribe")
    assert '<label for="subItem">订阅事项</label>' in text(page) and ">立即订阅</button>" in text(page)
    done = text(follow(client, client.post(PORTAL + "/user/subscribe", data={
        "csrf_token": csrf(page), "item": "zjt-001", "channels": "站内消息"})))
    assert "订阅成功：住房公积金提取（租房）" in done and "<td>住房公积金提取（租房）</td><td>站内消息</td>" in done
    gone = text(follow(client, client.post(PORTAL + "/user/subscribe/cancel", data={"csrf_token": csrf(page),
                                                                                    "item": "zjt-001"})))
    assert "暂无订阅" in gone


def test_user_center_broken():
    client = signed_in(make("user_center_broken"))
    assert client.get(PORTAL + "/user/licences").status_code == 500
    assert client.get(PORTAL + "/user/appointments").status_code == 200


# 差评整改 ------------------------------------------------------------------------------------------------------
def bad_review(app):
    alice = signed_in(app)
    no = submitted(apply_b(alice))
    app.sandbox.db.advance(no)
    app.sandbox.db.advance(no)
    page = alice.get(PORTAL + f"/evaluate/{no}")
    return text(follow(alice, alice.post(PORTAL + f"/evaluate/{no}", data={"csrf_token": csrf(page), "score": "1"})))


def test_followup_hidden():
    assert "差评整改回访" in bad_review(make()) and "回访状态：待回访" in bad_review(make())
    hidden = bad_review(make("followup_hidden"))
    assert "非常不满意（1星）" in hidden and "回访" not in hidden


# 关怀版 ----------------------------------------------------------------------------------------------------------
def test_care_search_matches_and_elder_slow_search_slows_only_care():
    for defects, slow in (((), False), (("elder_slow_search",), True)):
        client = make(*defects).test_client()
        standard = client.get(PORTAL + "/api/search?q=公积金").get_json()["list"]
        client.get(PORTAL + "/care/on")
        started = time.perf_counter()
        care = client.get(PORTAL + "/api/search?q=公积金").get_json()["list"]
        elapsed = time.perf_counter() - started
        assert care == standard and standard and (elapsed >= 2.5) == slow and (elapsed < 1.0) != slow


def test_care_mode_keeps_the_sign_in_unless_elder_second_password():
    client = signed_in(make())
    client.get(PORTAL + "/care/on")
    assert client.get(PORTAL + "/user/matters").status_code == 200
    client = signed_in(make("elder_second_password"))
    assert client.get(PORTAL + "/user/matters").status_code == 200
    client.get(PORTAL + "/care/on")
    asked = client.get(PORTAL + "/user/matters")
    assert asked.headers["Location"] == "/care/login?next=%2Fuser%2Fmatters"
    form = client.get(PORTAL + asked.headers["Location"])
    assert '<label for="carePass">密码</label>' in text(form) and "欢迎您，王**" in text(form)
    right = client.post(PORTAL + "/care/login?next=/user/matters", data={
        "csrf_token": csrf(form), "username": "alice", "password": ALICE["password"]})
    assert right.headers["Location"] == "/user/matters" and client.get(PORTAL + "/user/matters").status_code == 200
