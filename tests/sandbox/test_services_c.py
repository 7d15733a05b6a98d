"""Flavour C's issue-23 features over HTTP: 在线咨询 on the znkf host and its chat API, the department and
city copies of guides (便民服务 → 办事指南), 减时间 in the guide API, the 网上预约 APIs, the 个人中心 APIs, the
差评 follow-up on hcp, the 长辈版 host's search and sign-in, and each of their defects."""
from __future__ import annotations

import re
import time

from sandbox.booking import days
from sandbox.guides import published

from sandbox_helpers import ALICE, follow, site, text
from test_flavour_c import HCP, PORTAL, ZLB, api, finished, form_csrf, make, no_of, sign_in, signed_in

ZNKF = "http://znkf.localhost"


def chat(client, question):
    token = re.search(r'data-csrf="([^"]+)"', text(client.get(ZNKF + "/"))).group(1)
    return client.post(ZNKF + "/api/chat", json={"question": question}, headers={"X-CSRF-Token": token})


def basic(app, client, code):
    return dict(client.get(PORTAL + f"/api/items/{no_of(app, code)}").get_json()["basic"])


# 在线咨询 (znkf) -------------------------------------------------------------------------------------------
def test_the_portal_header_opens_the_assistant_host_in_a_new_tab():
    client = make().test_client()
    shell = text(client.get(PORTAL + "/"))
    assert '<a href="http://znkf.localhost/" class="zw-elder" target="_blank" rel="noopener">在线咨询</a>' in shell
    page = text(client.get(ZNKF + "/"))
    assert "<h1>智能客服</h1>" in page and 'role="log" aria-label="对话记录"' in page
    assert 'placeholder="请输入您的问题"' in page and 'title="发送"' in page
    assert re.findall(r'<button type="button" class="kf-q">([^<]+)</button>', page)


def test_chat_answers_with_links_to_the_portal_guides_or_points_to_people():
    app = make()
    client = app.test_client()
    body = chat(client, "我的身份证丢了怎么办").get_json()
    assert body["found"] and body["items"][0] == {
        "name": "居民身份证补领", "url": f"http://zwfw.localhost/#/item/{no_of(app, 'gat-002')}"}
    weather = chat(client, "今天天气怎么样").get_json()
    assert weather["items"] == [] and all(w in weather["answer"] for w in ("人工客服", "12345", "留言"))
    assert client.post(ZNKF + "/api/chat", json={"question": "x"}).status_code == 400      # CSRF header needed


def test_chat_defects():
    items = chat(make("assistant_unrelated").test_client(), "我的身份证丢了怎么办").get_json()["items"]
    assert len(items) == 3 and not {i["name"] for i in items} & {"居民身份证补领", "居民身份证换领"}
    down = chat(make("assistant_down").test_client(), "我的身份证丢了怎么办")
    assert down.status_code == 500 and down.get_json()["code"] == 500


# 数据同源 -------------------------------------------------------------------------------------------------
def dl(html: str, label: str) -> str:
    return re.search(r"<dt>" + re.escape(label) + r"</dt><dd>([^<]*)</dd>", html).group(1)


def copy_of(app, client, label, code):
    no = no_of(app, code)
    assert '<a href="/bmfw/bszn">办事指南</a>' in text(client.get(site(label) + "/bmfw"))
    assert f'<a href="/bmfw/bszn/{no}">' in text(client.get(site(label) + "/bmfw/bszn"))
    return client.get(site(label) + f"/bmfw/bszn/{no}")


def test_department_and_city_sites_serve_their_own_copy():
    app = make()
    client = app.test_client()
    item = published(app.sandbox, app.sandbox.catalogue.item_by_id["wjw-005"])
    g = item["guide"]
    for label in ("wjw", "lz"):
        response = copy_of(app, client, label, "wjw-005")
        html = text(response)
        assert response.status_code == 200 and f"<h2>{item['name']}</h2>" in html
        assert dl(html, "法定期限") == g["法定办结时限"] and dl(html, "承诺期限") == g["承诺办结时限"]
        assert dl(html, "跑动次数") == f"{g['到现场次数']}次" and dl(html, "实施编码") == item["impl_code"]
        assert all(f"<td>{m['名称']}</td>" in html for m in g["materials"])
        assert all(f"<td>{w['咨询电话']}</td>" in html and f"<td>{w['办理时间']}</td>" in html for w in g["windows"])
        assert f"http://zwfw.localhost/#/item/{no_of(app, 'wjw-005')}" in html
    assert client.get(site("gat") + f"/bmfw/bszn/{no_of(app, 'wjw-005')}").status_code == 404


def test_stale_copy_on_department_sites_only():
    app = make("stale_copy")
    client = app.test_client()
    g = app.sandbox.catalogue.item_by_id["wjw-005"]["guide"]
    dept = text(copy_of(app, client, "wjw", "wjw-005"))
    assert dl(dept, "承诺期限") != g["承诺办结时限"] and f"<td>{g['materials'][-1]['名称']}</td>" not in dept
    assert basic(app, client, "wjw-005")["承诺期限"] == g["承诺办结时限"]
    city = text(copy_of(app, client, "yc", "wjw-005"))
    assert dl(city, "承诺期限") == g["承诺办结时限"]


# 减时间 ----------------------------------------------------------------------------------------------------
def test_guide_limits_and_no_reduction():
    app = make()
    rows = basic(app, app.test_client(), "mzt-001")
    assert rows["法定期限"] == "1个工作日" and rows["承诺期限"] == "当场办结" and rows["办件类型"] == "即办件"
    broken = make("no_reduction")
    rows = basic(broken, broken.test_client(), "mzt-001")
    assert rows["承诺期限"] == "1个工作日" and rows["办件类型"] == "承诺件"
    assert "1个工作日" in text(broken.test_client().get(ZLB + "/item/" + no_of(broken, "mzt-001")))


# 网上预约 --------------------------------------------------------------------------------------------------
def test_the_guide_offers_booking_and_the_booking_apis_need_sign_in():
    app = make()
    client = app.test_client()
    no = no_of(app, "gat-002")
    assert client.get(PORTAL + f"/api/items/{no}").get_json()["bookingUrl"] == f"#/booking/{no}"
    assert client.get(PORTAL + f"/api/booking/{no}").status_code == 401
    assert 'src="/static/spa/booking.js"' in text(client.get(PORTAL + "/"))


def test_a_booking_gets_a_number_and_is_listed():
    app = make()
    client = signed_in(app)
    no = no_of(app, "gat-002")
    d = client.get(PORTAL + f"/api/booking/{no}").get_json()
    assert [h["id"] for h in d["halls"]] == ["w1", "w2", "lz", "yc"] and len(d["days"]) == 5
    assert re.fullmatch(r"\d+月\d+日 周[一二三四五]", d["days"][0]["label"])
    day = d["days"][1]["value"]
    slots = client.get(PORTAL + f"/api/booking/{no}/slots?hall=lz&day={day}").get_json()["slots"]
    free = next(s for s in slots if not s["full"])
    made = api(client, "POST", f"/api/booking/{no}", json={"hall": "lz", "day": day, "slot": free["time"]})
    body = made.get_json()
    assert made.status_code == 200 and re.fullmatch(r"JLYY\d{8}\d{6}", body["bookingNo"])
    assert body["hall"] == "临州市民之家政务服务中心" and body["slot"] == free["time"] and body["status"] == "已预约"
    again = client.get(PORTAL + f"/api/booking/{no}/slots?hall=lz&day={day}").get_json()["slots"]
    assert next(s for s in again if s["time"] == free["time"])["left"] == free["left"] - 1
    listed = client.get(PORTAL + "/api/user/bookings").get_json()["list"]
    assert listed[0]["bookingNo"] == body["bookingNo"] and listed[0]["itemName"] == "居民身份证补领"
    full = api(client, "POST", f"/api/booking/{no}", json={"hall": "w1", "day": d["days"][0]["value"], "slot": "09:00-10:00"})
    assert full.status_code == 409 and full.get_json()["msg"] == "该时段已约满，请选择其他时段。"
    assert api(client, "POST", f"/api/booking/{no}", json={"hall": "x", "day": day, "slot": "10:00-11:00"}).status_code == 400


def test_slots_full():
    app = make("slots_full")
    client = signed_in(app)
    no = no_of(app, "gat-002")
    day = days()[2].isoformat()
    slots = client.get(PORTAL + f"/api/booking/{no}/slots?hall=w1&day={day}").get_json()["slots"]
    assert all(s["full"] and s["left"] == 0 for s in slots)
    assert api(client, "POST", f"/api/booking/{no}", json={"hall": "w1", "day": day, "slot": "14:00-15:00"}).status_code == 409


# 个人中心 ----------------------------------------------------------------------------------------------------
def test_user_centre_apis_show_the_citizen_masked():
    app = make()
    client = signed_in(app)
    licences = client.get(PORTAL + "/api/user/licences").get_json()["list"]
    assert [l["name"] for l in licences] == ["居民身份证", "社会保障卡", "机动车驾驶证"]
    assert {l["number"] for l in licences} == {"330102********1234"}
    assert app.test_client().get(PORTAL + "/api/user/licences").status_code == 401
    no = no_of(app, "rst-001")
    refused = api(client, "POST", "/api/user/subscriptions", json={"itemId": no, "channels": []})
    assert refused.status_code == 400 and refused.get_json()["msg"] == "请至少选择一种通知方式。"
    made = api(client, "POST", "/api/user/subscriptions", json={"itemId": no, "channels": ["短信通知"]}).get_json()
    assert [(s["itemId"], s["itemName"], s["channels"]) for s in made["list"]] == [(no, "社会保障卡申领", ["短信通知"])]
    assert {"itemId": no, "name": "社会保障卡申领"} in made["items"] and made["channels"] == ["短信通知", "站内消息"]
    assert api(client, "POST", f"/api/user/subscriptions/{no}/cancel", json={}).get_json()["list"] == []


def test_user_views_are_registered_in_the_spa():
    js = text(make().test_client().get(PORTAL + "/static/spa/user.js"))
    for route, label in (("/user/licences", "我的证照"), ("/user/bookings", "我的预约"), ("/user/subscriptions", "消息订阅")):
        assert f'link("{route}", "{label}")' in js


def test_user_center_broken():
    app = make("user_center_broken")
    client = signed_in(app)
    response = client.get(PORTAL + "/api/user/licences")
    assert response.status_code == 500 and response.get_json()["code"] == 500
    assert client.get(PORTAL + "/api/user/bookings").status_code == 200


# 差评整改 ------------------------------------------------------------------------------------------------------
def bad_review(app):
    client = signed_in(app)
    no, _ = finished(app, client)
    page = follow(client, client.get(f"{HCP}/evaluate/{no}"))
    return text(follow(client, client.post(f"{HCP}/evaluate/{no}", data={
        "csrf_token": form_csrf(page), "level": "非常不满意", "reasons": "多次跑动"})))


def test_followup_hidden():
    assert "差评回访整改" in bad_review(make())
    hidden = bad_review(make("followup_hidden"))
    assert "评价已提交" in hidden and "回访" not in hidden and "整改状态" not in hidden


# 长辈版 (zlb) ----------------------------------------------------------------------------------------------------
def tiles(html):
    return re.findall(r'<span class="zl-tile-name">([^<]+)</span>', html)


def test_zlb_search_matches_the_portal_and_elder_slow_search_slows_only_zlb():
    for defects, slow in (((), False), (("elder_slow_search",), True)):
        app = make(*defects)
        client = app.test_client()
        started = time.perf_counter()
        portal = [i["name"] for i in client.get(PORTAL + "/api/search?q=公积金").get_json()["list"]]
        assert time.perf_counter() - started < 1.0
        started = time.perf_counter()
        elder = tiles(text(client.get(ZLB + "/search?q=公积金")))
        elapsed = time.perf_counter() - started
        assert elder == portal and portal and (elapsed >= 2.5) == slow and (elapsed < 1.0) != slow


def test_zlb_signs_in_through_uias_without_a_prompt_unless_elder_second_password():
    app = make()
    client = signed_in(app)
    home = text(client.get(ZLB + "/"))
    assert '>登录</a>' in home
    landed, prompts = sign_in(client, base=ZLB, next_path="/my")
    assert prompts == 0 and landed.request.url == ZLB + "/my"
    html = text(landed)
    assert "<h1>我的办件</h1>" in html and "您好，王**" in html and '>退出</a>' in html
    broken = make("elder_second_password")
    client = signed_in(broken)
    asked = client.get(ZLB + "/auth/login?next=/my")
    page = text(asked)
    assert asked.status_code == 200 and "<h1>长辈版登录</h1>" in page and '<label for="zlPassword">密码</label>' in page
    wrong = client.post(ZLB + "/auth/login", data={"csrf_token": form_csrf(asked), "next": "/my", "account": "alice",
                                                   "password": "nope"})
    assert wrong.status_code == 401 and 'role="alert"' in text(wrong)
    right = client.post(ZLB + "/auth/login", data={"csrf_token": form_csrf(asked), "next": "/my", "account": "alice",
                                                   "password": ALICE["password"]})
    assert right.headers["Location"] == "/my" and "您好，王**" in text(client.get(ZLB + "/my"))


def test_zlb_my_needs_the_sign_in():
    response = make().test_client().get(ZLB + "/my")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login?next=%2Fmy"
