"""The ticket flow of CONTRACTS.md section 1: redirect parameters, IdP login, silent SSO, signed
server-to-server calls, single-use tickets; department and city sites trusting the same IdP."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from sandbox.state import sign

from sandbox_helpers import ALICE, IDP, PORTAL, csrf, query, site, sso_login


def _ticket_for(client, base=PORTAL, next_path="/"):
    """Drive /login → IdP until the IdP answers with the callback URL carrying a ticket (not followed)."""
    response = client.get(client.get(f"{base}/login?next={next_path}").headers["Location"])
    if response.status_code == 200:
        params = query(response.request.url)
        response = client.post(f"{IDP}/sso/login", data={
            "csrf_token": csrf(response), "servicecode": params["servicecode"], "goto": params["goto"],
            "username": ALICE["username"], "password": ALICE["password"]})
    assert response.status_code == 302
    return response.headers["Location"]


def test_login_redirects_to_idp_with_servicecode_and_goto(client):
    response = client.get(PORTAL + "/login?next=/my")
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.netloc == "idp.localhost" and target.path == "/sso/login"
    params = query(response.headers["Location"])
    assert params["servicecode"] == "ZWFW"
    assert params["goto"] == "http://zwfw.localhost/sso/callback?next=/my"


def test_idp_login_form_and_wrong_password(client):
    location = client.get(PORTAL + "/login").headers["Location"]
    form = client.get(location)
    html = form.get_data(as_text=True)
    assert '<label for="username">用户名</label>' in html and '<label for="password">密码</label>' in html
    assert ">登录</button>" in html
    params = query(location)
    bad = client.post(IDP + "/sso/login", data={"csrf_token": csrf(form), "servicecode": "ZWFW",
                                                "goto": params["goto"], "username": "alice", "password": "nope"})
    assert bad.status_code == 200 and "用户名或密码错误" in bad.get_data(as_text=True)


def test_full_ticket_flow_signs_in(client):
    final, prompts = sso_login(client, next_path="/my")
    assert prompts == 1
    assert final.request.path == "/my" and final.status_code == 200
    html = final.get_data(as_text=True)
    assert "您好，王**" in html and ">退出</a>" in html and ">登录</a>" not in html
    # the session cookie holds no personal data
    cookie = client.get_cookie("zwfw_session", domain="zwfw.localhost")
    assert cookie is not None and "王小明" not in cookie.value and ALICE["id_number"] not in cookie.value


def test_silent_sso_and_single_use_ticket(client):
    sso_login(client)
    client.get(PORTAL + "/logout")
    # the IdP session cookie is still valid: no form, straight back with a ticket
    location = _ticket_for(client)
    assert "ticket=ST-" in location
    first = client.get(location)
    assert first.status_code == 302 and first.headers["Location"] == "/"
    # replaying the same ticket is refused
    client.get(PORTAL + "/logout")
    replay = client.get(location)
    assert replay.status_code == 403 and "统一身份认证失败" in replay.get_data(as_text=True)


def test_bad_ticket_rejected(client):
    response = client.get(PORTAL + "/sso/callback?ticket=ST-forged&next=/")
    assert response.status_code == 403
    assert client.get(PORTAL + "/sso/callback?next=/").status_code == 400
    assert ">登录</a>" in client.get(PORTAL + "/").get_data(as_text=True)


def test_ticket_for_another_service_rejected(client):
    ticket = query(_ticket_for(client, base=site("rst")))["ticket"]
    assert client.get(f"{PORTAL}/sso/callback?ticket={ticket}&next=/").status_code == 403


def test_api_requires_valid_fresh_signature(client, app):
    secret = app.sandbox.secrets["ZWFW"]
    ticket = query(_ticket_for(client))["ticket"]
    now = str(int(time.time()))
    unsigned = client.post(IDP + "/sso/api/validate", data={"servicecode": "ZWFW", "ticket": ticket, "time": now})
    assert unsigned.status_code == 403
    wrong = client.post(IDP + "/sso/api/validate", data={"servicecode": "ZWFW", "ticket": ticket, "time": now,
                                                         "sign": sign("ZWFW", "not-the-secret", now)})
    assert wrong.status_code == 403
    stale_time = str(int(time.time()) - 301)
    stale = client.post(IDP + "/sso/api/validate", data={"servicecode": "ZWFW", "ticket": ticket,
                                                         "time": stale_time, "sign": sign("ZWFW", secret, stale_time)})
    assert stale.status_code == 403
    good = client.post(IDP + "/sso/api/validate", data={"servicecode": "ZWFW", "ticket": ticket, "time": now,
                                                        "sign": sign("ZWFW", secret, now)})
    assert good.status_code == 200
    token = good.get_json()["token"]
    again = client.post(IDP + "/sso/api/validate", data={"servicecode": "ZWFW", "ticket": ticket, "time": now,
                                                         "sign": sign("ZWFW", secret, now)})
    assert again.status_code == 400                                          # single use
    info = client.post(IDP + "/sso/api/userinfo", data={"servicecode": "ZWFW", "token": token, "time": now,
                                                        "sign": sign("ZWFW", secret, now)})
    assert info.get_json() == {k: ALICE[k] for k in ("name", "id_number", "phone", "username")}
    assert client.post(IDP + "/sso/api/userinfo", data={"servicecode": "ZWFW", "token": token,
                                                        "time": now}).status_code == 403


def test_idp_rejects_unknown_service_and_foreign_goto(client):
    assert client.get(IDP + "/sso/login?servicecode=EVIL&goto=http://zwfw.localhost/sso/callback").status_code == 400
    assert client.get(IDP + "/sso/login?servicecode=ZWFW&goto=http://evil.example/sso/callback").status_code == 400
    assert client.get(IDP + "/sso/login?servicecode=ZWFW&goto=http://rst.localhost/sso/callback").status_code == 400


def test_idp_login_needs_csrf(client):
    location = client.get(PORTAL + "/login").headers["Location"]
    client.get(location)
    params = query(location)
    response = client.post(IDP + "/sso/login", data={"servicecode": "ZWFW", "goto": params["goto"],
                                                     "username": "alice", "password": ALICE["password"]})
    assert response.status_code == 400


def test_open_redirect_next_is_neutralised(client):
    final, _ = sso_login(client, next_path="//evil.example/")
    assert final.request.host == "zwfw.localhost" and final.request.path == "/"


def test_department_and_city_sites_sso_without_second_password(client):
    sso_login(client)                                     # portal: the one password prompt
    for label, code in (("rst", "DEPT_RST"), ("gat", "DEPT_GAT"), ("lz", "CITY_LZ"), ("yc", "CITY_YC")):
        first_hop = client.get(site(label) + "/login?next=/my").headers["Location"]
        assert query(first_hop)["servicecode"] == code
        final, prompts = sso_login(client, base=site(label), next_path="/my")
        assert prompts == 0, label
        html = final.get_data(as_text=True)
        assert "<h1>个人中心</h1>" in html and "王小明" in html, label
        # and the next page still knows the user
        assert "您好，王**" in client.get(site(label) + "/").get_data(as_text=True), label


def test_backchannel_goes_through_dispatcher(app, monkeypatch):
    calls = []
    original = app.sandbox.call_idp

    def spy(path, data):
        calls.append((path, sorted(data)))
        return original(path, data)

    monkeypatch.setattr(app.sandbox, "call_idp", spy)
    sso_login(app.test_client())
    assert [c[0] for c in calls] == ["/sso/api/validate", "/sso/api/userinfo"]
    assert calls[0][1] == ["servicecode", "sign", "ticket", "time"]


FOREIGN_GOTOS = (
    "http://zwfw.evil.example/sso/callback",            # same first label, another domain (the theft)
    "http://zwfw.localhost.evil.example/sso/callback",
    "http://zwfw.localhost@evil.example/sso/callback",  # userinfo trick
    "https://zwfw.localhost/sso/callback",              # another scheme
    "http://zwfw.localhost:8443/sso/callback",          # another port
    "http://zwfw.localhost/sso/callback/../steal",      # another path
    "http://zwfw.localhost/other",
)


def _assert_refused(response):
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Location" not in response.headers
    assert "回调地址与接入系统登记的地址不符" in html and "ticket=" not in html and "ST-" not in html


def test_foreign_callback_refused_without_idp_session(client):
    for goto in FOREIGN_GOTOS:
        response = client.get(IDP + "/sso/login", query_string={"servicecode": "ZWFW", "goto": goto})
        _assert_refused(response)
        assert 'name="password"' not in response.get_data(as_text=True), goto   # no login form either


def test_foreign_callback_refused_with_idp_session(client):
    sso_login(client)                                     # the IdP session cookie is now valid
    for goto in FOREIGN_GOTOS:
        _assert_refused(client.get(IDP + "/sso/login", query_string={"servicecode": "ZWFW", "goto": goto}))


def test_foreign_callback_refused_on_login_post(client):
    location = client.get(PORTAL + "/login").headers["Location"]
    form = client.get(location)
    response = client.post(IDP + "/sso/login", data={
        "csrf_token": csrf(form), "servicecode": "ZWFW", "goto": "http://zwfw.evil.example/sso/callback",
        "username": ALICE["username"], "password": ALICE["password"]})
    _assert_refused(response)


def test_registered_callback_with_its_query_still_accepted(client):
    sso_login(client)
    response = client.get(IDP + "/sso/login", query_string={
        "servicecode": "ZWFW", "goto": "http://zwfw.localhost/sso/callback?next=/my"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("http://zwfw.localhost/sso/callback?next=/my&ticket=ST-")
