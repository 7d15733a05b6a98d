"""Sandbox flavour B over HTTP (Flask test client): its routes, the OAuth2 authorization-code flow,
the JSON search API with pagination, the 3-step wizard, the SPA status API, star reviews, and every
defect whose journey flavour B has, with the same observable effect as in flavour A."""
from __future__ import annotations

import io
import re
import time
from urllib.parse import urlencode

import pytest

from sandbox import SandboxConfigError, create_app
from sandbox.search import search as run_search

from sandbox_helpers import ACCOUNTS, ALICE, BOB, csrf, follow, query, site, text

PORTAL = "http://zwfw.localhost"
TYRZ = "http://tyrz.localhost"


def make(*defects):
    return create_app(accounts=ACCOUNTS, defects=list(defects), flavour="b")


def oauth_login(client, account=ALICE, base=PORTAL, next_path="/"):
    """登录 on `base` → tyrz authorize (form if needed) → callback → signed in. Returns (final, prompts)."""
    response = client.get(f"{base}/oauth2/login?next={next_path}")
    assert response.status_code == 302 and response.headers["Location"].startswith(TYRZ + "/oauth2/authorize?")
    response = client.get(response.headers["Location"])
    prompts = 0
    if response.status_code == 200:
        assert "立即登录" in text(response)
        prompts = 1
        params = query(response.request.url)
        response = client.post(TYRZ + "/oauth2/authorize", data={
            "csrf_token": csrf(response), **params, "account": account["username"], "password": account["password"]})
    assert response.status_code == 302, text(response)[:500]
    return follow(client, response), prompts


def signed_in(app, account=ALICE):
    client = app.test_client()
    oauth_login(client, account)
    return client


def apply_b(client, item_id="rst-001", filename="a.pdf", data=b"%PDF-1.4\n%test\n"):
    """The 3-step wizard; returns the response of 确认提交 (or of the step that failed)."""
    page = client.get(f"{PORTAL}/apply/wizard?matterId={item_id}")
    assert page.status_code == 200, page.status_code
    step1 = client.post(f"{PORTAL}/apply/wizard?matterId={item_id}", data={
        "csrf_token": csrf(page), "address": "临州市钱江路88号", "reason": "本人申请"})
    assert step1.status_code == 302, text(step1)[:500]
    upload = client.get(PORTAL + step1.headers["Location"])
    fields = {"csrf_token": csrf(upload)}
    for key in re.findall(r'name="(file\d+)"', text(upload)):
        fields[key] = (io.BytesIO(data), filename)
    step2 = client.post(f"{PORTAL}/apply/wizard/upload?matterId={item_id}", data=fields,
                        content_type="multipart/form-data")
    if step2.status_code != 302:
        return step2
    confirm = client.get(PORTAL + step2.headers["Location"])
    assert "确认提交" in text(confirm)
    return client.post(f"{PORTAL}/apply/wizard/confirm?matterId={item_id}", data={"csrf_token": csrf(confirm)})


def submitted(response) -> str:
    assert response.status_code == 302, text(response)[:1000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def progress(client, no, name):
    page = client.get(PORTAL + "/progress")
    token = re.search(r'data-csrf="([^"]+)"', text(page)).group(1)
    return client.post(PORTAL + "/api/progress", json={"no": no, "name": name}, headers={"X-CSRF-Token": token})


# the switch -------------------------------------------------------------------------------------
def test_unknown_flavour_is_a_clear_error():
    with pytest.raises(SandboxConfigError, match="flavour"):
        create_app(accounts=ACCOUNTS, flavour="z")


def test_flavour_a_is_the_default_and_unchanged():
    a = create_app(accounts=ACCOUNTS).test_client()
    assert a.get(PORTAL + "/search?q=社保卡").status_code == 200
    assert a.get(PORTAL + "/so?keyword=社保卡").status_code == 404
    assert "tyrz" not in create_app(accounts=ACCOUNTS).sites


def test_every_page_of_flavour_b_answers():
    client = make().test_client()
    for url in ("/", "/so?keyword=社保卡", "/guide/detail?matterId=gat-001", "/dept/rst", "/city/lz"):
        response = client.get(PORTAL + url)
        assert response.status_code == 200, url
        assert "江澜省政务服务网" in text(response)
    assert client.get(PORTAL + "/guide/detail?matterId=nope").status_code == 404
    assert client.get(PORTAL + "/__sandbox__/health").get_json()["flavour"] == "b"
    for label in ("rst", "gat", "lz", "yc", "tyrz"):
        assert client.get(site(label) + "/").status_code == 200, label


def test_home_search_box_has_only_a_placeholder_and_an_icon_button():
    html = text(make().test_client().get(PORTAL + "/"))
    form = re.search(r'<form class="so-box".*?</form>', html, re.S).group(0)
    assert 'placeholder="请输入事项名称、关键词' in form and "<label" not in form
    button = re.search(r"<button.*?</button>", form, re.S).group(0)
    assert 'aria-label="搜索"' in button and re.sub(r"<[^>]+>", "", button).strip() == ""


# search API ------------------------------------------------------------------------------------------
def test_search_api_is_paginated_ten_per_page():
    app = make()
    items = app.sandbox.catalogue.items
    keyword = next(k for k in ("证", "申请", "登记", "办理") if len(run_search(items, k)) > 10)
    expected = [i["name"] for i in run_search(items, keyword)]
    client = app.test_client()
    first = client.get(PORTAL + "/api/search?" + urlencode({"q": keyword, "page": 1})).get_json()
    second = client.get(PORTAL + "/api/search?" + urlencode({"q": keyword, "page": 2})).get_json()
    assert first["total"] == second["total"] == len(expected)
    assert first["pages"] == -(-len(expected) // 10) >= 2
    assert [r["name"] for r in first["list"]] == expected[:10]
    assert [r["name"] for r in second["list"]] == expected[10:20]
    assert first["list"][0]["url"].startswith("/guide/detail?matterId=")
    page = text(client.get(PORTAL + "/so?" + urlencode({"keyword": keyword})))
    assert "下一页" in page and 'id="soList"' in page and expected[0] not in page   # rendered client-side


def test_search_api_zero_results_and_bad_page():
    client = make().test_client()
    assert client.get(PORTAL + "/api/search?q=量子纠缠申报").get_json()["total"] == 0
    assert client.get(PORTAL + "/api/search?q=社保卡&page=x").status_code == 400


# OAuth2 -----------------------------------------------------------------------------------------------
def test_oauth_code_flow_signs_in_and_second_site_is_silent():
    app = make()
    client = app.test_client()
    final, prompts = oauth_login(client)
    assert prompts == 1 and final.status_code == 200 and "欢迎您，王**" in text(final)
    _, prompts = oauth_login(client, base=site("rst"))
    assert prompts == 0
    assert "欢迎您" in text(client.get(site("rst") + "/ucenter"))


def test_authorize_rejects_a_redirect_uri_that_is_not_the_registered_one():
    client = make().test_client()
    good = client.get(PORTAL + "/oauth2/login").headers["Location"]
    params = query(good)
    assert params["response_type"] == "code" and params["client_id"] == "jl_zwfw" and params["state"]
    assert params["redirect_uri"] == "http://zwfw.localhost/oauth2/callback"
    for bad in ("http://evil.localhost/oauth2/callback", "http://zwfw.localhost/oauth2/callback?x=1",
                "http://zwfw.localhost/oauth2/callback/", "http://rst.localhost/oauth2/callback", ""):
        response = client.get(TYRZ + "/oauth2/authorize?" + urlencode({**params, "redirect_uri": bad}))
        assert response.status_code == 400 and "redirect_uri" in text(response), bad
    assert client.get(TYRZ + "/oauth2/authorize?" + urlencode({**params, "client_id": "nobody"})).status_code == 400
    assert client.get(TYRZ + "/oauth2/authorize?" + urlencode({**params, "response_type": "token"})).status_code == 400


def test_code_is_single_use_bound_to_client_and_needs_the_secret():
    app = make()
    client = app.test_client()
    params = query(client.get(PORTAL + "/oauth2/login").headers["Location"])
    form = client.get(TYRZ + "/oauth2/authorize?" + urlencode(params))
    back = client.post(TYRZ + "/oauth2/authorize", data={"csrf_token": csrf(form), **params,
                                                          "account": "alice", "password": ALICE["password"]})
    code = query(back.headers["Location"])["code"]
    assert query(back.headers["Location"])["state"] == params["state"]
    secret = app.sandbox.oauth.clients["jl_zwfw"]["secret"]
    token_form = {"grant_type": "authorization_code", "code": code, "redirect_uri": params["redirect_uri"],
                  "client_id": "jl_zwfw", "client_secret": "wrong"}
    assert client.post(TYRZ + "/oauth2/token", data=token_form).status_code == 401
    ok = client.post(TYRZ + "/oauth2/token", data={**token_form, "client_secret": secret})
    assert ok.status_code == 200 and ok.get_json()["token_type"] == "Bearer"
    replay = client.post(TYRZ + "/oauth2/token", data={**token_form, "client_secret": secret})
    assert replay.status_code == 400 and replay.get_json()["error"] == "invalid_grant"
    info = client.get(TYRZ + "/oauth2/userinfo", headers={"Authorization": "Bearer " + ok.get_json()["access_token"]})
    assert info.get_json()["sub"] == "alice"
    assert client.get(TYRZ + "/oauth2/userinfo", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_wrong_password_and_forged_state():
    client = make().test_client()
    params = query(client.get(PORTAL + "/oauth2/login").headers["Location"])
    form = client.get(TYRZ + "/oauth2/authorize?" + urlencode(params))
    wrong = client.post(TYRZ + "/oauth2/authorize", data={"csrf_token": csrf(form), **params,
                                                           "account": "alice", "password": "nope"})
    assert wrong.status_code == 200 and "账号或密码错误" in text(wrong)
    assert client.get(PORTAL + "/oauth2/callback?code=x&state=forged").status_code == 400


# wizard, progress, review ----------------------------------------------------------------------------
def test_wizard_three_steps_and_receipt_number_shape():
    app = make()
    client = signed_in(app)
    step1 = text(client.get(PORTAL + "/apply/wizard?matterId=rst-001"))
    assert "1</span>填写信息" in step1 and "330102********1234" in step1 and "13812345678" not in step1
    no = submitted(apply_b(client))
    assert re.fullmatch(r"BJ\d{8}\d{6}", no) and no[2:10] == time.strftime("%Y%m%d")
    receipt = text(client.get(PORTAL + f"/apply/result/{no}"))
    assert "提交成功" in receipt and no in receipt
    assert app.sandbox.db.application(no)["status"] == "已提交"
    assert len(app.sandbox.db.uploads_of(no)) >= 1


def test_wizard_upload_step_has_hidden_inputs_behind_buttons_and_checks_files():
    client = signed_in(make())
    page = client.get(PORTAL + "/apply/wizard?matterId=rst-001")
    client.post(PORTAL + "/apply/wizard?matterId=rst-001", data={"csrf_token": csrf(page), "address": "x路1号",
                                                                   "reason": "r"})
    upload = text(client.get(PORTAL + "/apply/wizard/upload?matterId=rst-001"))
    assert re.search(r'<input type="file" id="file\d+" name="file\d+"[^>]* hidden>', upload)
    assert ">上传</button>" in upload
    bad = apply_b(client, filename="a.exe", data=b"MZ")
    assert bad.status_code == 400 and "文件格式不支持" in text(bad)


def test_wizard_needs_sign_in_and_step_order():
    client = make().test_client()
    gate = client.get(PORTAL + "/apply/wizard?matterId=rst-001")
    assert gate.status_code == 302 and gate.headers["Location"].startswith("/oauth2/login?next=")
    client = signed_in(make())
    assert client.get(PORTAL + "/apply/wizard/confirm?matterId=rst-001").status_code == 302


def test_progress_api_own_and_others():
    app = make()
    alice, bob = signed_in(app, ALICE), signed_in(app, BOB)
    no = submitted(apply_b(alice))
    app.sandbox.db.advance(no)
    own = progress(alice, no, ALICE["name"]).get_json()
    assert own["code"] == 0 and own["data"]["办件状态"] == "已受理" and own["data"]["证件号码"] == "330102********1234"
    assert progress(bob, no, ALICE["name"]).get_json()["code"] == 404
    assert progress(alice, no, "别人").get_json()["code"] == 404
    assert alice.get(PORTAL + f"/progress/{no}").status_code == 200   # the SPA route also loads directly
    assert make().test_client().post(PORTAL + "/api/progress", json={}).status_code in (400, 401)


def test_star_review_and_followup():
    app = make()
    alice = signed_in(app)
    no = submitted(apply_b(alice))
    assert "去评价" not in text(alice.get(PORTAL + "/user/matters"))
    app.sandbox.db.advance(no)
    app.sandbox.db.advance(no)
    assert "去评价" in text(alice.get(PORTAL + "/user/matters"))
    page = alice.get(PORTAL + f"/evaluate/{no}")
    html = text(page)
    assert [m for m in re.findall(r'<i class="star" title="([^"]+)" data-score="(\d)"', html)] == [
        ("非常不满意", "1"), ("不满意", "2"), ("基本满意", "3"), ("满意", "4"), ("非常满意", "5")]
    assert 'type="radio"' not in html
    assert alice.post(PORTAL + f"/evaluate/{no}", data={"csrf_token": csrf(page), "score": "0"}).status_code == 400
    done = alice.post(PORTAL + f"/evaluate/{no}", data={"csrf_token": csrf(page), "score": "2", "content": "慢"})
    shown = text(follow(alice, done))
    assert "不满意（2星）" in shown and "回访状态：待回访" in shown


# defects ---------------------------------------------------------------------------------------------
def test_slow_search_delays_the_json_api():
    for defects, slow in (((), False), (("slow_search",), True)):
        client = make(*defects).test_client()
        started = time.perf_counter()
        assert client.get(PORTAL + "/api/search?q=社保卡").status_code == 200
        assert (time.perf_counter() - started >= 2.5) == slow
        started = time.perf_counter()
        client.get(PORTAL + "/so?keyword=社保卡")
        assert time.perf_counter() - started < 1.0   # the shell page is fast; the API is slow


def test_search_500_flaky_and_miss_hit_the_api():
    assert make("search_500").test_client().get(PORTAL + "/api/search?q=社保卡").status_code == 500
    flaky = make("flaky_search").test_client()
    assert [flaky.get(PORTAL + "/api/search?q=社保卡").status_code for _ in range(4)] == [503, 200, 503, 200]
    miss = make("search_miss").test_client()
    assert miss.get(PORTAL + "/api/search?q=社保卡").get_json()["total"] == 0
    assert make().test_client().get(PORTAL + "/api/search?q=社保卡").get_json()["total"] > 0


def test_sso_loop_redirects_back_to_the_idp_forever():
    client = make("sso_loop").test_client()
    response = client.get(PORTAL + "/oauth2/login?next=/")
    response = client.get(response.headers["Location"])
    params = query(response.request.url)
    response = client.post(TYRZ + "/oauth2/authorize", data={"csrf_token": csrf(response), **params,
                                                              "account": "alice", "password": ALICE["password"]})
    hosts = []
    for _ in range(9):
        response = client.get(response.headers["Location"], base_url=None) if response.headers["Location"].startswith("http") \
            else client.get(PORTAL + response.headers["Location"])
        assert response.status_code == 302
        hosts.append(response.request.host)
    assert {"zwfw.localhost", "tyrz.localhost"} <= set(hosts)


def test_guide_fields_and_guide_defects():
    clean = text(make().test_client().get(PORTAL + "/guide/detail?matterId=gat-001"))
    for label in ("承诺办理时限", "法定办理时限", "到办事现场次数", "来源渠道说明", "纸质材料份数", "材料形式", "材料类型",
                  "申请表格文书", "证件证书证明", "<dt>办理时间</dt>", "<dt>咨询电话</dt>", 'class="tab-nav"'):
        assert label in clean, label
    assert 'role="tab' not in clean
    missing = text(make("guide_missing_elements").test_client().get(PORTAL + "/guide/detail?matterId=gat-001"))
    for gone in ("法定办理时限", "<dt>办理时间</dt>", "<dt>咨询电话</dt>"):
        assert gone not in missing
    link = re.search(r'href="(/file/download\?[^"]*type=kb)"', clean).group(1).replace("&amp;", "&")
    assert make().test_client().get(PORTAL + link).status_code == 200
    assert make("broken_download").test_client().get(PORTAL + link).status_code == 404
    assert make("broken_download").test_client().get(PORTAL + link.replace("type=kb", "type=yb")).status_code == 200


def test_entry_buried_and_external_hop():
    clean = text(make().test_client().get(site("rst") + "/"))
    assert 'class="float-hall" href="http://zwfw.localhost/dept/rst">办事大厅' in clean
    assert 'href="http://zwfw.localhost/city/lz">政务服务' in text(make().test_client().get(site("lz") + "/"))
    buried = make("entry_buried").test_client()
    assert "float-hall" not in text(buried.get(site("rst") + "/"))
    path = ["/xxgk", "/xxgk/zt", "/xxgk/zt/more", "/bmfw", "/bmfw/wsbs"]
    for url in path:
        assert buried.get(site("rst") + url).status_code == 200
    assert "http://zwfw.localhost/dept/rst" in text(buried.get(site("rst") + "/bmfw/wsbs"))
    hop = text(make("external_hop").test_client().get(PORTAL + "/guide/detail?matterId=rst-001"))
    assert 'href="http://ywxt.localhost/login?item=rst-001">立即申办' in hop


def test_upload_rejects_pdf_and_submit_500():
    refused = apply_b(signed_in(make("upload_rejects_pdf")))
    assert refused.status_code == 400 and "文件格式不支持" in text(refused)
    assert apply_b(signed_in(make("submit_500"))).status_code == 500


def test_status_defects():
    for defect, check in (("status_wrong", lambda own, other: own["data"]["办件状态"] == "已提交"),
                          ("status_leaks_other", lambda own, other: other["code"] == 0)):
        app = make(defect)
        alice, bob = signed_in(app, ALICE), signed_in(app, BOB)
        no = submitted(apply_b(alice))
        app.sandbox.db.advance(no)
        assert check(progress(alice, no, ALICE["name"]).get_json(), progress(bob, no, "x").get_json()), defect


def test_review_missing():
    app = make("review_missing")
    alice = signed_in(app)
    no = submitted(apply_b(alice))
    app.sandbox.db.advance(no)
    app.sandbox.db.advance(no)
    assert "去评价" not in text(alice.get(PORTAL + "/user/matters"))
    assert alice.get(PORTAL + f"/evaluate/{no}").status_code == 404


def test_pii_unmasked_and_elderly_popup():
    clean = signed_in(make())
    assert "330102199003071234" not in text(clean.get(PORTAL + "/apply/wizard?matterId=rst-001"))
    leaky = signed_in(make("pii_unmasked"))
    assert "330102199003071234" in text(leaky.get(PORTAL + "/apply/wizard?matterId=rst-001"))
    for defects, popup in (((), False), (("elderly_popup",), True)):
        client = make(*defects).test_client()
        client.get(PORTAL + "/care/on")
        # the pop-up is the modal layer (the 智能客服 panel is a dialog too, hidden until asked for, not modal)
        assert ('role="dialog" aria-modal="true"' in text(client.get(PORTAL + "/"))) == popup
        assert 'class="care' in text(client.get(PORTAL + "/"))


def test_site_sso_defects():
    app = make("sso_second_login")
    client = app.test_client()
    oauth_login(client)
    response = client.get(site("rst") + "/oauth2/login?next=/")
    response = follow(client, response)
    assert "请先完成本站账号注册" in text(response)
    app = make("session_lost_on_city_site")
    client = app.test_client()
    landed, _ = oauth_login(client, base=site("lz"))
    assert "欢迎您" in text(landed)
    assert "欢迎您" not in text(client.get(site("lz") + "/ucenter"))
    client = make().test_client()
    oauth_login(client, base=site("lz"))
    assert "欢迎您" in text(client.get(site("lz") + "/ucenter"))


def test_notice_every_view_on_every_portal_page_but_not_in_the_care_mode_or_on_sites():
    """Flavour B draws the same 系统升级公告 as A (sandbox/notice.py): on every portal page under the
    defect, its look with it; not on a department site, not in the 关怀版, never without the defect."""
    assert 'id="sbNotice"' not in text(make().test_client().get(PORTAL + "/"))
    client = make("notice_every_view").test_client()
    for path in ("/", "/guide/detail?matterId=rst-001"):
        page = text(client.get(PORTAL + path))
        assert 'role="dialog" aria-modal="true"' in page and "我知道了" in page and ".sb-notice-layer {" in page
    assert 'id="sbNotice"' not in text(client.get(site("rst") + "/"))
    client.get(PORTAL + "/care/on")
    assert 'id="sbNotice"' not in text(client.get(PORTAL + "/"))
