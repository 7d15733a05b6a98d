"""Each defect of CONTRACTS.md section 2 changes exactly its documented behaviour; the clean app does not."""
from __future__ import annotations

import io
import re
import time

import pytest

from sandbox import DEFECTS, SandboxConfigError, create_app

from sandbox_helpers import ACCOUNTS, ALICE, BOB, IDP, PORTAL, advance, apply_item, csrf, follow, query, site, sso_login, \
    submitted_no

CONTRACT_DEFECTS = """slow_search search_miss search_500 sso_loop sso_second_login session_lost_on_city_site
entry_buried external_hop upload_rejects_pdf submit_500 status_wrong status_leaks_other review_missing
broken_download guide_missing_elements pii_unmasked elderly_popup flaky_search assistant_unrelated assistant_down
stale_copy no_reduction slots_full user_center_broken followup_hidden elder_slow_search elder_second_password
notice_every_view""".split()


def text(response) -> str:
    return response.get_data(as_text=True)


def signed_in(app, account=ALICE):
    client = app.test_client()
    sso_login(client, account)
    return client


def status_result(client, no, name):
    page = client.get(PORTAL + "/status")
    html = text(client.post(PORTAL + "/status", data={"csrf_token": csrf(page), "no": no, "name": name}))
    return html.rsplit("</form>", 1)[1]


# registry ---------------------------------------------------------------------------------------
def test_registry_matches_contract():
    assert list(DEFECTS) == CONTRACT_DEFECTS
    for name, defect in DEFECTS.items():
        assert defect.description and re.fullmatch(r"[A-E]\d(-\d)?|SEC|AGE|STAB", defect.indicator), name


def test_unknown_defect_is_a_clear_error():
    with pytest.raises(SandboxConfigError) as exc:
        create_app(accounts=ACCOUNTS, defects=["slow_search", "no_such_thing"])
    message = str(exc.value)
    assert "no_such_thing" in message and all(name in message for name in CONTRACT_DEFECTS)


def test_several_defects_and_env(monkeypatch):
    monkeypatch.setenv("SANDBOX_DEFECTS", "search_500, pii_unmasked")
    app = create_app(accounts=ACCOUNTS)
    assert app.test_client().get(PORTAL + "/__sandbox__/health").get_json() == {
        "ok": True, "defects": ["pii_unmasked", "search_500"], "flavour": "a"}
    monkeypatch.setenv("SANDBOX_DEFECTS", "bogus")
    with pytest.raises(SandboxConfigError):
        create_app(accounts=ACCOUNTS)


# search -----------------------------------------------------------------------------------------
def test_slow_search(make_app):
    for defects, slow in (((), False), (("slow_search",), True)):
        client = make_app(*defects).test_client()
        started = time.perf_counter()
        response = client.get(PORTAL + "/search?q=社保卡")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200 and "社会保障卡申领" in text(response)
        assert (elapsed >= 2.5) == slow and (elapsed < 1.0) != slow


def test_search_miss(make_app, app):
    exact = app.sandbox.catalogue.item_by_id["rst-001"]["name"]
    clean, broken = make_app().test_client(), make_app("search_miss").test_client()
    assert "共找到 0 个结果" not in text(clean.get(PORTAL + "/search?q=社保卡"))
    assert "共找到 0 个结果" in text(broken.get(PORTAL + "/search?q=社保卡"))
    assert "共找到 1 个结果" in text(broken.get(PORTAL + "/search", query_string={"q": exact}))


def test_search_500(make_app):
    assert make_app().test_client().get(PORTAL + "/search?q=社保卡").status_code == 200
    broken = make_app("search_500").test_client()
    assert broken.get(PORTAL + "/search?q=社保卡").status_code == 500
    assert broken.get(PORTAL + "/").status_code == 200


# sign-on --------------------------------------------------------------------------------------------
def test_sso_loop(make_app):
    client = make_app("sso_loop").test_client()
    response = client.get(PORTAL + "/login?next=/my")
    response = client.get(response.headers["Location"])
    params = query(response.request.url)
    response = client.post(IDP + "/sso/login", data={"csrf_token": csrf(response), "servicecode": "ZWFW",
                                                     "goto": params["goto"], "username": "alice",
                                                     "password": ALICE["password"]})
    hops = []
    for _ in range(12):                         # callback → /login → IdP (silent) → callback → …
        assert response.status_code == 302
        hops.append(response.headers["Location"])
        response = client.get(hops[-1] if hops[-1].startswith("http") else PORTAL + hops[-1])
    assert response.status_code == 302
    assert any(h.startswith("/login") for h in hops) and any("/sso/callback?" in h for h in hops)
    assert ">登录</a>" in text(client.get(PORTAL + "/"))
    clean = make_app().test_client()
    final, _ = sso_login(clean, next_path="/my")
    assert final.status_code == 200 and "您好" in text(final)


def test_sso_second_login(make_app):
    app = make_app("sso_second_login")
    client = signed_in(app)
    final, prompts = sso_login(client, base=site("rst"), next_path="/my")
    html = text(final)
    assert prompts == 0 and final.request.path == "/register"
    assert "首次访问本站，请完成本站注册" in html and ">注册</button>" in html
    assert ">登录</a>" in text(client.get(site("rst") + "/"))            # not signed in until registered
    # other sites are not affected
    other, _ = sso_login(client, base=site("gat"), next_path="/my")
    assert "王小明" in text(other)
    # registering completes the sign-in, and is not asked again
    page = client.get(final.request.url)
    done = follow(client, client.post(final.request.url, data={"csrf_token": csrf(page), "phone": "13812345678",
                                                              "password": "pass-word-1", "password2": "pass-word-1"}))
    assert "王小明" in text(done)
    client.get(site("rst") + "/logout")
    again, _ = sso_login(client, base=site("rst"), next_path="/my")
    assert again.request.path == "/my" and "王小明" in text(again)
    # clean: no registration
    clean = signed_in(make_app())
    final, _ = sso_login(clean, base=site("rst"), next_path="/my")
    assert final.request.path == "/my" and "首次访问本站" not in text(final)


def test_session_lost_on_city_site(make_app):
    for defects, kept in (((), True), (("session_lost_on_city_site",), False)):
        client = signed_in(make_app(*defects))
        landing, prompts = sso_login(client, base=site("lz"), next_path="/")
        assert prompts == 0 and "您好，王**" in text(landing)                  # the SSO sign-in worked
        my = text(client.get(site("lz") + "/my"))
        assert ("王小明" in my) == kept and (">登录</a>" in my) != kept
        # the other city site keeps it either way
        sso_login(client, base=site("yc"), next_path="/")
        assert "王小明" in text(client.get(site("yc") + "/my"))


# unified entry / one network --------------------------------------------------------------------------
BURIED_PATH = ["政务公开", "专题专栏", "更多专栏", "便民服务", "网上办事大厅", "进入"]


def click(client, response, name):
    match = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(name) + "</a>", text(response))
    assert match, f"no link {name} on {response.request.url}"
    href = match.group(1)
    url = href if href.startswith("http") else f"{response.request.scheme}://{response.request.host}{href}"
    return client.get(url)


def test_entry_buried(make_app):
    clean = make_app().test_client()
    home = clean.get(site("rst") + "/")
    assert click(clean, home, "网上办事").request.url == f"{PORTAL}/dept/rst"
    client = make_app("entry_buried").test_client()
    for label in ("rst", "gat", "scjgj"):
        page = client.get(site(label) + "/")
        assert ">网上办事</a>" not in text(page)
        for name in BURIED_PATH:                         # 6 clicks
            page = click(client, page, name)
            assert page.status_code == 200
        assert page.request.host == "zwfw.localhost" and page.request.path == f"/dept/{label}"
    assert ">网上办事</a>" in text(client.get(site("lz") + "/"))   # city sites keep their entry


def test_external_hop(make_app):
    clean = make_app().test_client()
    assert 'href="/apply/rst-001">在线办理</a>' in text(clean.get(PORTAL + "/item/rst-001"))
    client = make_app("external_hop").test_client()
    sso_login(client)
    html = text(client.get(PORTAL + "/item/rst-001"))
    href = re.search(r'<a class="btn btn-primary" href="([^"]+)">在线办理</a>', html).group(1)
    assert href.startswith("http://ywxt.localhost/")
    login = client.get(href)
    assert ">用户名</label>" in text(login) and ">密码</label>" in text(login)
    # its own accounts: the national IdP credentials do not work there
    refused = client.post("http://ywxt.localhost/login", data={"csrf_token": csrf(login), "item": "rst-001",
                                                              "username": "alice", "password": ALICE["password"]})
    assert refused.status_code == 401 and "不通用" in text(refused)


# application ----------------------------------------------------------------------------------------
def test_upload_rejects_pdf(make_app):
    assert apply_item(signed_in(make_app()), "rst-001").status_code == 302
    client = signed_in(make_app("upload_rejects_pdf"))
    refused = apply_item(client, "rst-001")
    assert refused.status_code == 400 and "文件格式不支持" in text(refused)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    files = {f"material_{n}": (io.BytesIO(png), f"m{n}.png") for n in (1, 2, 3)}
    assert apply_item(client, "rst-001", files=files).status_code == 302


def test_submit_500(make_app):
    client = signed_in(make_app("submit_500"))
    assert client.get(PORTAL + "/apply/rst-001").status_code == 200
    assert apply_item(client, "rst-001").status_code == 500
    assert "您还没有办件" in text(client.get(PORTAL + "/my"))
    assert apply_item(signed_in(make_app()), "rst-001").status_code == 302


def test_status_wrong(make_app):
    for defects, correct in (((), True), (("status_wrong",), False)):
        client = signed_in(make_app(*defects))
        no = submitted_no(apply_item(client, "rst-001"))
        for expected in ("已提交", "已受理", "已办结"):
            shown = re.search(r'<td class="status">([^<]+)</td>', status_result(client, no, ALICE["name"])).group(1)
            assert (shown == expected) == correct, (defects, expected, shown)
            advance(client, no)


def test_status_leaks_other(make_app):
    for defects, leaks in (((), False), (("status_leaks_other",), True)):
        app = make_app(*defects)
        no = submitted_no(apply_item(signed_in(app, ALICE), "rst-001"))
        result = status_result(signed_in(app, BOB), no, BOB["name"])
        assert (ALICE["name"] in result and no in result) == leaks
        assert ("未查询到该办件" in result) != leaks


def test_review_missing(make_app):
    for defects, channel in (((), True), (("review_missing",), False)):
        client = signed_in(make_app(*defects))
        no = submitted_no(apply_item(client, "rst-001"))
        advance(client, no)
        advance(client, no)
        assert (">评价</a>" in text(client.get(PORTAL + "/my"))) == channel
        review = client.get(f"{PORTAL}/review/{no}")
        assert (review.status_code == 200 and 'role="radiogroup"' in text(review)) == channel


# guide and downloads ---------------------------------------------------------------------------------
def test_broken_download(make_app):
    for defects, blank_status in (((), 200), (("broken_download",), 404)):
        client = make_app(*defects).test_client()
        assert client.get(PORTAL + "/download/rst-001/2/blank").status_code == blank_status
        assert client.get(PORTAL + "/download/rst-001/2/sample").status_code == 200


def test_guide_missing_elements(make_app, app):
    guide = app.sandbox.catalogue.item_by_id["gat-001"]["guide"]
    clean = text(make_app().test_client().get(PORTAL + "/item/gat-001"))
    broken = text(make_app("guide_missing_elements").test_client().get(PORTAL + "/item/gat-001"))
    lost = ["咨询电话", "办理时间", "法定办结时限", guide["法定办结时限"], guide["windows"][0]["咨询电话"],
            guide["windows"][0]["办理时间"]]
    for value in lost:
        assert value in clean and value not in broken, value
    kept = [guide["承诺办结时限_label"], guide["windows"][0]["地址"], guide["收费"], guide["设定依据"], "申请材料"]
    for value in kept:
        assert value in broken, value


# personal data and elderly mode ------------------------------------------------------------------------
def test_pii_unmasked(make_app):
    for defects, full in (((), False), (("pii_unmasked",), True)):
        client = signed_in(make_app(*defects))
        pages = [client.get(PORTAL + "/apply/rst-001")]
        no = submitted_no(apply_item(client, "rst-001"))
        pages += [client.get(f"{PORTAL}/receipt/{no}"), client.get(PORTAL + "/my")]
        page = client.get(PORTAL + "/status")
        pages.append(client.post(PORTAL + "/status", data={"csrf_token": csrf(page), "no": no, "name": ALICE["name"]}))
        for response in pages:
            html = text(response)
            assert (ALICE["id_number"] in html and ALICE["phone"] in html) == full, response.request.path
            assert ("330102********1234" in html) != full, response.request.path


def test_elderly_popup(make_app):
    for defects, popup in (((), False), (("elderly_popup",), True)):
        client = make_app(*defects).test_client()
        assert 'role="dialog"' not in text(client.get(PORTAL + "/"))        # standard home never
        client.get(PORTAL + "/mode/elder")
        html = text(client.get(PORTAL + "/"))
        assert ('role="dialog" aria-modal="true"' in html) == popup


def test_flaky_search_fails_then_recovers(make_app):
    clean = make_app().test_client()
    assert [clean.get(PORTAL + "/search?q=社保卡").status_code for _ in range(3)] == [200, 200, 200]
    flaky = make_app("flaky_search").test_client()
    assert [flaky.get(PORTAL + "/search?q=社保卡").status_code for _ in range(4)] == [503, 200, 503, 200]


def test_notice_every_view_shows_the_notice_on_every_portal_page_but_not_elsewhere():
    """Flavour A: the 系统升级公告 modal is on every page of the portal (a new page load brings it back
    after 我知道了), not on a department site and not in the 长辈版; never without the defect."""
    clean = create_app().test_client()
    assert 'id="sbNotice"' not in text(clean.get(PORTAL + "/"))
    broken = create_app(defects=["notice_every_view"]).test_client()
    for path in ("/", "/search?q=社保卡"):
        page = text(broken.get(PORTAL + path))
        assert 'role="dialog" aria-modal="true"' in page and "我知道了" in page and "系统升级公告" in page
    assert 'id="sbNotice"' not in text(broken.get(site("rst") + "/"))
    broken.set_cookie("elder", "1", domain="zwfw.localhost")
    assert 'id="sbNotice"' not in text(broken.get(PORTAL + "/"))
