"""Sandbox flavour C over HTTP (Flask test client): the SPA's shell and JSON APIs, the all-digit item ids,
the uias IdP (two boxes to tick, the SMS step, callbacks registered from configuration, signed back
channel), the wizard's receipt number and 查询密码, the public 办件查询 and its refusals, the 好差评 host's
reason rule, the department/city sites, the 长辈版 host, and every defect's server behaviour."""
from __future__ import annotations

import http.client
import io
import json
import re
import time
from urllib.parse import urlencode

import pytest

from sandbox import SandboxConfigError, create_app
from sandbox.flavour_c.ids import item_no
from sandbox.server import SandboxServer
from sandbox.flavour_c.uias_protocol import signature
from sandbox.staging import make_staging_codes, staging_codes_from_env

from sandbox_helpers import ACCOUNTS, ALICE, BOB, follow, query, site, text

PORTAL = "http://zwfw.localhost"
UIAS = "http://uias.localhost"
HCP = "http://hcp.localhost"
ZLB = "http://zlb.localhost"
CODES = {"sms": "246810", "captcha": "K7PM"}
PDF = b"%PDF-1.4\n%test\n"


def make(*defects):
    return create_app(accounts=ACCOUNTS, defects=list(defects), flavour="c", staging_codes=CODES)


def no_of(app, code="rst-001") -> str:
    return app.sandbox.item_ids.no_of[code]


def form_csrf(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(response)).group(1)


def idp_login(client, response, account=ALICE, agree=True, testenv=True):
    """POST the uias login form shown in `response` (password step only)."""
    fields = {"csrf_token": form_csrf(response), "account": account["username"], "password": account["password"]}
    if agree:
        fields["agree"] = "1"
    if testenv:
        fields["testenv"] = "1"
    return client.post(UIAS + "/auth/login", data=fields)


def sms_step(client, code=CODES["sms"], send=True):
    page = client.get(UIAS + "/auth/sms")
    if send:
        assert client.post(UIAS + "/auth/sms/send", data={"csrf_token": form_csrf(page)}).status_code == 302
        page = client.get(UIAS + "/auth/sms")
    return client.post(UIAS + "/auth/sms", data={"csrf_token": form_csrf(page), "sms_code": code})


def sign_in(client, account=ALICE, base=PORTAL, next_path="/"):
    """登录 on `base` → uias (form, boxes, SMS if asked) → callback. Returns (final response, prompts)."""
    response = client.get(f"{base}/auth/login?" + urlencode({"next": next_path}))
    assert response.status_code == 302 and response.headers["Location"].startswith(UIAS + "/auth/authorize?")
    response = client.get(response.headers["Location"])
    prompts = 0
    if response.status_code == 200:
        assert "我已知晓当前为测试环境" in text(response)
        prompts = 1
        assert idp_login(client, response, account).headers["Location"] == "/auth/sms"
        response = sms_step(client)
    assert response.status_code == 302, text(response)[:500]
    return follow(client, response), prompts


def signed_in(app, account=ALICE):
    client = app.test_client()
    sign_in(client, account)
    return client


def api(client, method, path, **kwargs):
    """A call as the SPA makes it: the CSRF token from the shell's meta tag in a header."""
    token = re.search(r'name="csrf-token" content="([^"]+)"', text(client.get(PORTAL + "/"))).group(1)
    return client.open(PORTAL + path, method=method, headers={"X-CSRF-Token": token}, **kwargs)


def apply_c(client, no, filename="a.pdf", data=PDF, **fields):
    """The wizard's calls: its data, one upload per 必要 material, submit. Returns the failing or the
    submit response."""
    form = client.get(f"{PORTAL}/api/apply/{no}")
    assert form.status_code == 200, text(form)
    files = {}
    for material in form.get_json()["materials"]:
        up = api(client, "POST", f"/api/apply/{no}/files", data={"n": str(material["n"]), "file": (io.BytesIO(data), filename)},
                 content_type="multipart/form-data")
        if up.status_code != 200:
            return up
        files[str(material["n"])] = up.get_json()["fileId"]
    body = {"address": "临州市钱江路88号", "reason": "本人申请", "promise": True, "files": files, **fields}
    return api(client, "POST", f"/api/apply/{no}/submit", json=body)


def case_query(client, no, password, captcha=CODES["captcha"]):
    return api(client, "POST", "/api/query", json={"no": no, "password": password, "captcha": captcha})


def finished(app, client, code="rst-001"):
    """A submitted and 已办结 办件 of the signed-in client: (number, 查询密码)."""
    receipt = apply_c(client, no_of(app, code)).get_json()
    app.sandbox.db.advance(receipt["no"])
    app.sandbox.db.advance(receipt["no"])
    return receipt["no"], receipt["queryPassword"]


# the switch, staging codes, ids ------------------------------------------------------------------------
def test_flavour_c_serves_its_hosts():
    app = make()
    client = app.test_client()
    assert client.get(PORTAL + "/__sandbox__/health").get_json() == {"ok": True, "defects": [], "flavour": "c"}
    for label in ("zwfw", "uias", "hcp", "zlb", "rst", "gat", "lz", "yc", "ywxt"):
        assert label in app.sites
        assert client.get(site(label) + "/").status_code in (200, 302), label
    assert not {"idp", "tyrz"} & set(app.sites)
    assert client.get(PORTAL + "/search?q=社保卡").status_code == 404     # routes live after the '#'


def test_staging_codes_are_validated_random_by_default_and_read_from_the_environment():
    assert make().sandbox.staging_codes == CODES
    one, two = make_staging_codes(), make_staging_codes()
    assert re.fullmatch(r"\d{6}", one["sms"]) and re.fullmatch(r"[A-Z0-9]{4}", one["captcha"])
    assert one != two
    with pytest.raises(SandboxConfigError, match="SANDBOX_SMS_CODE"):
        make_staging_codes({"sms": "12ab"})
    with pytest.raises(SandboxConfigError, match="captcha"):
        make_staging_codes({"captcha": "图形"})
    with pytest.raises(SandboxConfigError, match="unknown staging code"):
        make_staging_codes({"otp": "1234"})
    assert staging_codes_from_env({"SANDBOX_SMS_CODE": "135790", "OTHER": "x"}) == {"sms": "135790"}


def test_item_ids_are_twelve_digits_deterministic_and_listed():
    app = make()
    listed = app.test_client().get(PORTAL + "/api/items").get_json()["list"]
    assert len(listed) == len(app.sandbox.catalogue.items)
    assert all(re.fullmatch(r"[1-9]\d{11}", entry["itemId"]) for entry in listed)
    assert len({entry["itemId"] for entry in listed}) == len(listed)
    assert {entry["code"]: entry["itemId"] for entry in listed}["gat-001"] == item_no("gat-001") == "108891735199"
    client = app.test_client()
    assert client.get(PORTAL + "/api/items/gat-001").status_code == 404
    assert client.get(PORTAL + "/api/items/" + item_no("gat-001")).get_json()["name"] == "居民身份证换领"


# the shell ----------------------------------------------------------------------------------------------
def test_shell_has_no_inline_script_an_icon_search_button_and_the_obstacles():
    html = text(make().test_client().get(PORTAL + "/"))
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    button = re.search(r'<form class="zw-hsearch".*?(<button.*?</button>)', html, re.S).group(1)
    assert 'title="搜索"' in button and "aria-label" not in button and re.sub(r"<[^>]+>", "", button).strip() == ""
    notice = re.search(r'<div class="zw-notice-box"[^>]*>', html).group(0)
    assert 'role="dialog"' in notice and 'aria-modal="true"' in notice
    assert "系统升级公告" in html and ">我知道了</button>" in html
    assert "本网站使用Cookie" in html and ">同意</button>" in html
    assert '<html lang="zh-CN">' in html and 'aria-label="主导航"' in html and "<main" in html


def test_session_api_shows_the_masked_name():
    app = make()
    assert app.test_client().get(PORTAL + "/api/session").get_json() == {"signedIn": False, "name": None}
    assert signed_in(app).get(PORTAL + "/api/session").get_json() == {"signedIn": True, "name": "王**"}


# search, channels ------------------------------------------------------------------------------------------
def test_search_api_pages_of_ten_and_zero_results():
    client = make().test_client()
    first = client.get(PORTAL + "/api/search?" + urlencode({"q": "证", "page": 1})).get_json()
    second = client.get(PORTAL + "/api/search?" + urlencode({"q": "证", "page": 2})).get_json()
    assert first["total"] > 10 and first["pages"] >= 2 and len(first["list"]) == 10
    assert not {i["itemId"] for i in first["list"]} & {i["itemId"] for i in second["list"]}
    assert client.get(PORTAL + "/api/search?q=社保卡").get_json()["list"][0]["name"] == "社会保障卡申领"
    assert client.get(PORTAL + "/api/search?q=量子纠缠申报").get_json()["total"] == 0
    assert client.get(PORTAL + "/api/search?q=社保卡&page=x").status_code == 400


def test_channels():
    client = make().test_client()
    dept = client.get(PORTAL + "/api/channel/dept/rst").get_json()
    assert dept["title"] == "江澜省人力资源和社会保障厅" and dept["siteUrl"] == "http://rst.localhost/" and dept["list"]
    assert client.get(PORTAL + "/api/channel/city/lz").get_json()["title"] == "临州市"
    assert client.get(PORTAL + "/api/channel/theme/legal").get_json()["list"]
    assert client.get(PORTAL + "/api/channel/dept/nope").status_code == 404


# the guide ---------------------------------------------------------------------------------------------------
def test_guide_labels_roman_depth_and_merged_material_cells():
    app = make()
    guide = app.test_client().get(PORTAL + "/api/items/" + no_of(app, "gat-001")).get_json()
    labels = dict(guide["basic"])
    assert labels["网上办理深度"] == "Ⅱ级" and "\u2161" in labels["网上办理深度"]
    assert labels["法定期限"] == "60个自然日" and labels["承诺期限"] == "20个自然日" and labels["跑动次数"] == "1次"
    for label in ("实施机构", "事项类别", "实施编码", "办件类型", "到现场原因说明", "中介服务及特殊环节"):
        assert label in labels, label
    assert [s["title"] for s in guide["sections"]] == ["基本信息", "申请材料", "办理流程", "办理地点及时间", "收费与依据"]
    rows = guide["materials"]
    assert [r["situationSpan"] for r in rows] == [3, 0, 0, 1]            # 通用材料 over three rows
    assert [r["sourceSpan"] for r in rows] == [2, 0, 1, 1]               # 政府部门核发 over two
    assert rows[2]["blankUrl"] == f"/files/{guide['itemId']}/3/blank" and rows[0]["blankUrl"] is None
    assert guide["online"] == {"url": f"#/apply/{guide['itemId']}", "external": False}
    four = app.test_client().get(PORTAL + "/api/items/" + no_of(app, "rst-001")).get_json()
    assert dict(four["basic"])["网上办理深度"] == "Ⅳ级"


def test_place_page_may_be_framed_by_the_portal_only_and_other_pages_not_at_all():
    app = make()
    client = app.test_client()
    place = client.get(PORTAL + "/guide/place/" + no_of(app, "gat-001"))
    assert place.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in place.headers["Content-Security-Policy"]
    html = text(place)
    for label in ("窗口名称", "办理地址", "工作时间", "咨询电话", "0575-87061110"):
        assert label in html, label
    for path in ("/", "/api/items"):
        response = client.get(PORTAL + path)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_downloads():
    app = make()
    client = app.test_client()
    no = no_of(app, "gat-001")
    blank = client.get(f"{PORTAL}/files/{no}/3/blank")
    assert blank.status_code == 200 and blank.data.startswith(b"%PDF-") and blank.mimetype == "application/pdf"
    assert client.get(f"{PORTAL}/files/{no}/3/sample").status_code == 200
    assert client.get(f"{PORTAL}/files/{no}/1/blank").status_code == 404     # not a form
    assert client.get(f"{PORTAL}/files/{no}/9/blank").status_code == 404


# uias: boxes, SMS, registration, back channel --------------------------------------------------------------
def test_sign_in_needs_both_boxes_the_password_and_the_sms_code_and_lands_on_the_route():
    app = make()
    client = app.test_client()
    no = no_of(app)
    form = client.get(client.get(PORTAL + "/auth/login?next=/item/" + no).headers["Location"])
    for agree, testenv, message in ((False, True, "请阅读并勾选同意《用户服务协议》《隐私政策》"),
                                    (True, False, "请勾选“我已知晓当前为测试环境”"), (False, False, "请阅读并勾选同意")):
        refused = idp_login(client, form, agree=agree, testenv=testenv)
        assert refused.status_code == 200 and message in text(refused) and 'role="alert"' in text(refused)
    wrong = idp_login(client, form, account={**ALICE, "password": "nope"})
    assert "账号或密码错误" in text(wrong) and "Location" not in wrong.headers
    assert idp_login(client, form).headers["Location"] == "/auth/sms"
    sms = client.get(UIAS + "/auth/sms")
    assert "138****5678" in text(sms) and ">获取验证码</button>" in text(sms) and 'for="sms_code">短信验证码' in text(sms)
    assert "请先点击“获取验证码”" in text(sms_step(client, send=False))
    assert "短信验证码错误" in text(sms_step(client, code="000000"))
    assert "请输入短信验证码" in text(sms_step(client, code="", send=False))
    back = sms_step(client, send=False)
    assert back.status_code == 302 and back.headers["Location"].startswith("http://zwfw.localhost/auth/callback?code=")
    landed = client.get(back.headers["Location"])
    assert landed.status_code == 302 and landed.headers["Location"] == "/#/item/" + no
    assert client.get(PORTAL + "/api/session").get_json()["signedIn"] is True


def test_the_sms_code_expires(monkeypatch):
    client = make().test_client()
    form = client.get(client.get(PORTAL + "/auth/login").headers["Location"])
    idp_login(client, form)
    page = client.get(UIAS + "/auth/sms")
    client.post(UIAS + "/auth/sms/send", data={"csrf_token": form_csrf(page)})
    later = time.time() + 301
    monkeypatch.setattr("sandbox.flavour_c.uias.time.time", lambda: later)
    assert "短信验证码已过期" in text(client.post(UIAS + "/auth/sms", data={"csrf_token": form_csrf(page),
                                                                       "sms_code": CODES["sms"]}))


def test_second_site_signs_in_silently():
    app = make()
    client = app.test_client()
    _, prompts = sign_in(client)
    assert prompts == 1
    for base in (site("rst"), site("lz"), HCP):
        _, prompts = sign_in(client, base=base)
        assert prompts == 0, base


def test_callbacks_are_registered_from_configuration_not_from_the_host_header():
    app = make()
    app.sandbox.public_port = 5555
    client = app.test_client()
    # the browser came in on another port: the portal still sends the registered address
    login = client.get("http://zwfw.localhost:7777/auth/login")
    params = query(login.headers["Location"])
    assert params["redirect_uri"] == "http://zwfw.localhost:5555/auth/callback" and params["app_id"] == "jl_zwfw"
    authorize = UIAS + ":7777/auth/authorize?"
    assert client.get(authorize + urlencode(params)).status_code == 200
    for bad in ("http://zwfw.localhost:7777/auth/callback", "http://evil.localhost:5555/auth/callback",
                "http://zwfw.localhost.evil.example:5555/auth/callback", "http://rst.localhost:5555/auth/callback",
                "http://zwfw.localhost:5555/auth/callback/", "http://zwfw.localhost:5555/auth/callback?x=1", ""):
        refused = client.get(authorize + urlencode({**params, "redirect_uri": bad}))
        assert refused.status_code == 400 and "redirect_uri" in text(refused), bad
    assert client.get(authorize + urlencode({**params, "app_id": "nobody"})).status_code == 400
    assert client.get(authorize + urlencode({**params, "response_type": "token"})).status_code == 400


def test_back_channel_calls_are_signed_fresh_and_single_use():
    app = make()
    client = app.test_client()
    store = app.sandbox.uias
    code = store.issue_code("alice", "jl_zwfw")
    good = store.signed("jl_zwfw", "code", code)
    for broken in ({**good, "sign": ""}, {**good, "sign": "0" * 64}, {**good, "app_id": "jl_hcp"},
                   {**good, "timestamp": str(int(time.time() * 1000) - 301_000)}):
        assert client.post(UIAS + "/api/v2/token", json=broken).status_code == 403
    secret = store.apps["jl_zwfw"]["secret"]
    stale = str(int(time.time() * 1000) - 301_000)
    assert client.post(UIAS + "/api/v2/token", json={**good, "timestamp": stale, "sign": signature(
        secret, "jl_zwfw", stale, good["nonce"], code)}).status_code == 403
    token = client.post(UIAS + "/api/v2/token", json=good)
    assert token.status_code == 200 and token.get_json()["access_token"]
    assert client.post(UIAS + "/api/v2/token", json=good).status_code == 403          # nonce replayed
    assert client.post(UIAS + "/api/v2/token", json=store.signed("jl_zwfw", "code", code)).status_code == 400  # code used
    info = client.post(UIAS + "/api/v2/userinfo", json=store.signed("jl_zwfw", "access_token", token.get_json()["access_token"]))
    assert info.get_json() == {"user_id": "alice", "user_name": ALICE["name"], "id_card_no": ALICE["id_number"],
                               "mobile": ALICE["phone"]}
    other = client.post(UIAS + "/api/v2/userinfo", json=store.signed("jl_hcp", "access_token", token.get_json()["access_token"]))
    assert other.status_code == 401                                                 # a token is bound to its app
    assert client.get(PORTAL + "/auth/callback?code=x&state=forged").status_code == 400


# apply, receipt, 我的办件 --------------------------------------------------------------------------------------
def test_apply_needs_sign_in_and_prefills_the_masked_identity():
    app = make()
    no = no_of(app)
    anonymous = app.test_client().get(f"{PORTAL}/api/apply/{no}")
    assert anonymous.status_code == 401 and anonymous.get_json()["code"] == 401
    data = signed_in(app).get(f"{PORTAL}/api/apply/{no}").get_json()
    assert data["applicant"] == {"name": ALICE["name"], "idType": "居民身份证", "idNumber": "330102********1234",
                                 "phone": "138****5678"}
    assert [m["name"] for m in data["materials"]] == ["居民身份证", "社会保障卡申领登记表", "近期免冠证件照电子文件"]
    assert signed_in(app).get(f"{PORTAL}/api/apply/123456789012").status_code == 404


def test_receipt_number_query_password_and_refusals():
    app = make()
    client = signed_in(app)
    no = no_of(app)
    missing = api(client, "POST", f"/api/apply/{no}/submit", json={"address": "", "reason": "", "files": {}})
    errors = missing.get_json()["errors"]
    assert missing.status_code == 400 and {"address", "reason", "promise", "file1"} <= set(errors)
    bad = apply_c(client, no, filename="a.exe", data=b"MZ")
    assert bad.status_code == 400 and "文件格式不支持" in bad.get_json()["msg"]
    fake = apply_c(client, no, filename="a.pdf", data=b"not a pdf")
    assert fake.status_code == 400 and "不符" in fake.get_json()["msg"]
    done = apply_c(client, no)
    receipt = done.get_json()
    assert done.status_code == 200 and re.fullmatch(r"JL\d{16}", receipt["no"])
    assert receipt["no"][2:10] == time.strftime("%Y%m%d") and re.fullmatch(r"\d{6}", receipt["queryPassword"])
    assert receipt["status"] == "已提交" and receipt["applicant"]["idNumber"] == "330102********1234"
    dump = "\n".join(app.sandbox.db._conn.iterdump())
    assert receipt["queryPassword"] not in dump.replace(receipt["no"], "")          # kept hashed
    assert len(app.sandbox.db.uploads_of(receipt["no"])) == 3
    assert signed_in(app, BOB).get(PORTAL + "/api/user/matters").get_json()["list"] == []


def test_my_matters_lists_status_and_offers_the_review_after_completion():
    app = make()
    client = signed_in(app)
    receipt = apply_c(client, no_of(app)).get_json()
    row = client.get(PORTAL + "/api/user/matters").get_json()["list"][0]
    assert row["no"] == receipt["no"] and row["status"] == "已提交" and row["reviewUrl"] is None
    app.sandbox.db.advance(receipt["no"])
    app.sandbox.db.advance(receipt["no"])
    row = client.get(PORTAL + "/api/user/matters").get_json()["list"][0]
    assert row["status"] == "已办结" and row["reviewUrl"] == f"http://hcp.localhost/evaluate/{receipt['no']}"
    assert client.get(PORTAL + "/api/user/profile").get_json()["phone"] == "138****5678"
    assert app.test_client().get(PORTAL + "/api/user/matters").status_code == 401


# 办件查询 ---------------------------------------------------------------------------------------------------
def test_query_shows_the_case_to_number_and_password_and_refuses_anything_else():
    app = make()
    owner = signed_in(app)
    receipt = apply_c(owner, no_of(app)).get_json()
    stranger = app.test_client()                             # no sign-in needed
    found = case_query(stranger, receipt["no"], receipt["queryPassword"], captcha=CODES["captcha"].lower())
    assert found.status_code == 200 and found.get_json() == {"code": 0, "data": {
        "办件编号": receipt["no"], "事项名称": "社会保障卡申领", "申请人": "王**", "办理状态": "已提交"}}
    wrong_password = case_query(stranger, receipt["no"], "000000" if receipt["queryPassword"] != "000000" else "111111")
    wrong_captcha = case_query(stranger, receipt["no"], receipt["queryPassword"], captcha="XXXX")
    unknown = case_query(stranger, "JL2025010100000000", receipt["queryPassword"])
    empty = case_query(stranger, receipt["no"], "")
    for refused, status, message in ((wrong_password, 404, "查询密码错误"), (wrong_captcha, 400, "图形验证码错误"),
                                     (unknown, 404, "查询密码错误"), (empty, 400, "请输入")):
        body = refused.get_json()
        assert refused.status_code == status and message in body["msg"] and "data" not in body
        assert receipt["no"] not in json.dumps(body, ensure_ascii=False) and "王" not in json.dumps(body, ensure_ascii=False)


def test_captcha_image_draws_the_staging_value():
    response = make().test_client().get(PORTAL + "/api/query/captcha")
    assert response.mimetype == "image/svg+xml" and response.headers["Cache-Control"] == "no-store"
    assert "".join(re.findall(r">([A-Z0-9])</text>", text(response))) == CODES["captcha"]


# 好差评 on hcp ------------------------------------------------------------------------------------------------
def test_review_levels_are_icons_named_by_title_and_a_bad_review_needs_a_reason():
    app = make()
    client = signed_in(app)
    no, _ = finished(app, client)
    page = client.get(f"{HCP}/evaluate/{no}")       # signed in at uias already: no prompt
    page = follow(client, page)
    html = text(page)
    faces = re.findall(r'<button type="button" class="hp-face[^"]*" title="([^"]+)" aria-label="([^"]+)"[^>]*>(.*?)</button>',
                       html)
    assert [f[0] for f in faces] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert all(f[0] == f[1] and re.sub(r"<[^>]+>", "", f[2]).strip() == "" for f in faces)
    refused = client.post(f"{HCP}/evaluate/{no}", data={"csrf_token": form_csrf(page), "level": "不满意", "content": ""})
    assert refused.status_code == 400 and "差评请选择差评原因或填写具体问题" in text(refused) and 'role="alert"' in text(refused)
    assert app.sandbox.db.review(no) is None
    done = client.post(f"{HCP}/evaluate/{no}", data={"csrf_token": form_csrf(page), "level": "不满意",
                                                     "reasons": "等待时间长"})
    shown = text(follow(client, done))
    assert "差评回访整改" in shown and "整改状态：<strong>待回访</strong>" in shown and "等待时间长" in shown
    row = client.get(PORTAL + "/api/user/matters").get_json()["list"][0]
    assert row["reviewed"] is True and row["reviewUrl"] is None


def test_a_good_review_needs_no_reason_and_others_cannot_review():
    app = make()
    client = signed_in(app)
    no, _ = finished(app, client)
    page = follow(client, client.get(f"{HCP}/evaluate/{no}"))
    done = client.post(f"{HCP}/evaluate/{no}", data={"csrf_token": form_csrf(page), "level": "非常满意"})
    assert done.status_code == 302 and app.sandbox.db.review(no)["level"] == "非常满意"
    assert app.sandbox.db.followup(no) is None
    bob = app.test_client()
    sign_in(bob, BOB, base=HCP)
    assert bob.get(f"{HCP}/evaluate/{no}").status_code == 404


# department and city sites, 长辈版 ------------------------------------------------------------------------------
def test_sites_have_their_name_as_heading_an_image_entry_in_a_new_tab_and_no_personal_centre():
    client = make().test_client()
    rst = text(client.get(site("rst") + "/"))
    assert '<h1 class="gs-title">江澜省人力资源和社会保障厅</h1>' in rst
    entry = re.search(r'<a class="gs-entry" href="([^"]+)" target="_blank"[^>]*><img [^>]*alt="([^"]+)"', rst)
    assert entry.groups() == ("http://zwfw.localhost/#/dept/rst", "江澜省政务服务网")
    lz = text(client.get(site("lz") + "/"))
    assert re.search(r'href="http://zwfw.localhost/#/city/lz" target="_blank"[^>]*><img [^>]*alt="网上办事大厅"', lz)
    for path in ("/my", "/ucenter", "/user"):
        assert client.get(site("rst") + path).status_code == 404
    assert "个人中心" not in rst


def test_sites_show_the_sign_in_in_the_header_of_every_page():
    client = make().test_client()
    landed, _ = sign_in(client, base=site("rst"), next_path="/zwgk")
    assert "当前用户：" in text(landed) and "王**" in text(landed)
    for path in ("/", "/bmfw", "/hdjl", "/zwgk/ztzl"):
        assert '<span class="gs-uname">王**</span>' in text(client.get(site("rst") + path)), path


def test_elder_site_is_big_and_clean():
    app = make()
    client = app.test_client()
    home = text(client.get(ZLB + "/"))
    assert "长辈版" in home and "zl-ad" not in home and 'role="dialog"' not in home
    assert 'href="http://zlb.localhost/"' in text(client.get(PORTAL + "/"))
    assert "社会保障卡申领" in text(client.get(ZLB + "/search?q=社保卡"))
    guide = text(client.get(ZLB + "/item/" + no_of(app)))
    assert "要带什么材料" in guide and f'href="http://zwfw.localhost/#/apply/{no_of(app)}"' in guide


def test_control_endpoint_needs_the_token():
    app = make()
    client = signed_in(app)
    receipt = apply_c(client, no_of(app)).get_json()
    assert client.post(f"{PORTAL}/__sandbox__/advance/{receipt['no']}").status_code == 403
    moved = client.post(f"{PORTAL}/__sandbox__/advance/{receipt['no']}",
                        headers={"X-Sandbox-Control-Token": app.sandbox.control_token})
    assert moved.get_json() == {"no": receipt["no"], "status": "已受理"}


# defects ---------------------------------------------------------------------------------------------------------
def test_search_defects_hit_the_api():
    for defects, slow in (((), False), (("slow_search",), True)):
        client = make(*defects).test_client()
        started = time.perf_counter()
        assert client.get(PORTAL + "/api/search?q=社保卡").status_code == 200
        assert (time.perf_counter() - started >= 2.5) == slow
        started = time.perf_counter()
        client.get(PORTAL + "/")
        assert time.perf_counter() - started < 1.0
    assert make("search_500").test_client().get(PORTAL + "/api/search?q=社保卡").status_code == 500
    assert make("search_500").test_client().get(ZLB + "/search?q=社保卡").status_code == 500   # 长辈版 too
    flaky = make("flaky_search").test_client()
    assert [flaky.get(PORTAL + "/api/search?q=社保卡").status_code for _ in range(4)] == [503, 200, 503, 200]
    assert make("search_miss").test_client().get(PORTAL + "/api/search?q=社保卡").get_json()["total"] == 0
    assert make("search_miss").test_client().get(PORTAL + "/api/search?q=社会保障卡申领").get_json()["total"] == 1


def test_sso_loop_sends_the_citizen_back_to_the_idp_forever():
    client = make("sso_loop").test_client()
    response = client.get(PORTAL + "/auth/login?next=/user")
    form = client.get(response.headers["Location"])
    idp_login(client, form)
    response = sms_step(client)
    hosts = []
    for _ in range(9):
        assert response.status_code == 302
        response = client.get(response.headers["Location"] if response.headers["Location"].startswith("http")
                              else PORTAL + response.headers["Location"])
        hosts.append(response.request.host)
    assert {"zwfw.localhost", "uias.localhost"} <= set(hosts)
    assert client.get(PORTAL + "/api/session").get_json()["signedIn"] is False


def test_site_sign_on_defects():
    client = make("sso_second_login").test_client()
    sign_in(client)
    response = follow(client, client.get(site("rst") + "/auth/login?next=/"))
    assert "首次访问本站，请完成本站注册" in text(response) and "当前用户" not in text(response)
    for label in ("手机号码", "设置密码", "确认密码"):
        assert f">{label}</label>" in text(response)
    client = make("session_lost_on_city_site").test_client()
    landed, _ = sign_in(client, base=site("lz"), next_path="/bmfw")
    assert "当前用户" in text(landed)
    assert "当前用户" not in text(client.get(site("lz") + "/hdjl"))      # the next page of any kind
    client = make().test_client()
    sign_in(client, base=site("lz"))
    assert "当前用户" in text(client.get(site("lz") + "/hdjl"))


def test_entry_buried_and_external_hop():
    buried = make("entry_buried").test_client()
    assert "gs-entry" not in text(buried.get(site("rst") + "/"))
    assert "gs-entry" in text(buried.get(site("lz") + "/"))            # city sites unaffected
    path = ["/zwgk", "/zwgk/ztzl", "/zwgk/ztzl/more", "/bmfw", "/bmfw/wsbs"]
    links = ["/zwgk", "/zwgk/ztzl", "/zwgk/ztzl/more", "/bmfw", "/bmfw/wsbs"]
    assert 'href="/zwgk">政务公开' in text(buried.get(site("rst") + "/"))
    for page_path, next_link in zip(path, links[1:] + ["http://zwfw.localhost/#/dept/rst"]):
        assert f'href="{next_link}"' in text(buried.get(site("rst") + page_path)), page_path
    assert re.search(r'href="http://zwfw.localhost/#/dept/rst" target="_blank"[^>]*>进入网上办事大厅',
                     text(buried.get(site("rst") + "/bmfw/wsbs")))
    app = make("external_hop")
    guide = app.test_client().get(PORTAL + "/api/items/" + no_of(app)).get_json()
    assert guide["online"] == {"url": "http://ywxt.localhost/login?item=rst-001", "external": True}


def test_upload_and_submit_defects():
    app = make("upload_rejects_pdf")
    client = signed_in(app)
    refused = apply_c(client, no_of(app))
    assert refused.status_code == 400 and refused.get_json()["msg"] == "文件格式不支持"
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 16
    assert apply_c(client, no_of(app), filename="a.png", data=png).status_code == 200
    app = make("submit_500")
    client = signed_in(app)
    assert client.get(f"{PORTAL}/api/apply/{no_of(app)}").status_code == 200
    assert apply_c(client, no_of(app)).status_code == 500


def test_status_defects():
    app = make("status_wrong")
    client = signed_in(app)
    receipt = apply_c(client, no_of(app)).get_json()
    app.sandbox.db.advance(receipt["no"])                  # 已受理
    shown = case_query(app.test_client(), receipt["no"], receipt["queryPassword"]).get_json()["data"]["办理状态"]
    assert shown == "已提交" and client.get(PORTAL + "/api/user/matters").get_json()["list"][0]["status"] == "已提交"
    app = make("status_leaks_other")
    client = signed_in(app)
    receipt = apply_c(client, no_of(app)).get_json()
    leaked = case_query(app.test_client(), receipt["no"], "", captcha="")
    assert leaked.status_code == 200 and leaked.get_json()["data"]["办件编号"] == receipt["no"]
    assert case_query(app.test_client(), "JL2025010100000000", "", captcha="").status_code == 400


def test_review_missing():
    app = make("review_missing")
    client = signed_in(app)
    no, _ = finished(app, client)
    assert client.get(PORTAL + "/api/user/matters").get_json()["list"][0]["reviewUrl"] is None
    assert client.get(f"{HCP}/evaluate/{no}").status_code == 404


def test_broken_download_and_guide_missing_elements():
    app = make("broken_download")
    client = app.test_client()
    no = no_of(app, "gat-001")
    assert client.get(f"{PORTAL}/files/{no}/3/blank").status_code == 404
    assert client.get(f"{PORTAL}/files/{no}/3/sample").status_code == 200
    app = make("guide_missing_elements")
    client = app.test_client()
    guide = client.get(PORTAL + "/api/items/" + no_of(app, "gat-001")).get_json()
    assert "法定期限" not in dict(guide["basic"]) and "承诺期限" in dict(guide["basic"])
    place = text(client.get(PORTAL + "/guide/place/" + no_of(app, "gat-001")))
    assert "工作时间" not in place and "咨询电话" not in place and "办理地址" in place


def test_pii_unmasked():
    app = make("pii_unmasked")
    client = signed_in(app)
    assert client.get(f"{PORTAL}/api/apply/{no_of(app)}").get_json()["applicant"]["idNumber"] == ALICE["id_number"]
    receipt = apply_c(client, no_of(app)).get_json()
    assert receipt["applicant"]["idNumber"] == ALICE["id_number"] and receipt["applicant"]["phone"] == ALICE["phone"]
    assert client.get(PORTAL + "/api/user/profile").get_json()["phone"] == ALICE["phone"]
    # 办件查询 masks the name as on A and B: the defect is the signed-in pages' 身份证号 and phone
    found = case_query(app.test_client(), receipt["no"], receipt["queryPassword"]).get_json()
    assert found["data"]["申请人"] != ALICE["name"] and found["data"]["申请人"][0] == ALICE["name"][0]


def test_elderly_popup_is_an_advert_of_plain_divs():
    html = text(make("elderly_popup").test_client().get(ZLB + "/"))
    mask = re.search(r'<div class="zl-ad-mask"[^>]*>', html).group(0)
    box = re.search(r'<div class="zl-ad-box"[^>]*>', html).group(0)
    assert "role=" not in mask + box and "aria-" not in mask + box and 'role="dialog"' not in html
    assert '<div class="zl-ad-close" title="关闭">' in html and '<script src="/static/zlb.js">' in html


def test_the_server_registers_callbacks_on_the_port_it_listens_on_and_exposes_the_codes():
    with SandboxServer(accounts=ACCOUNTS, flavour="c", staging_codes={"sms": "135790"}) as server:
        assert server.staging_codes["sms"] == "135790" and re.fullmatch(r"[A-Z0-9]{4}", server.staging_codes["captcha"])
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/auth/login", headers={"Host": "zwfw.localhost:1"})   # whatever the Host header says
        location = conn.getresponse().getheader("Location")
        conn.close()
        assert query(location)["redirect_uri"] == f"http://zwfw.localhost:{server.port}/auth/callback"
