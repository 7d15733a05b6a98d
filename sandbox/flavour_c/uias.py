"""江澜省统一身份认证中心 (host ``uias``): 账号 + 密码 + two boxes to tick, then an SMS code.

GET  /auth/authorize?response_type=code&app_id=&redirect_uri=&state=
        redirect_uri must be the app's registered one exactly (else 400, no redirect); with a live IdP
        session: 302 redirect_uri?code=&state= at once (silent SSO); else the login form
POST /auth/login      账号, 密码, agree (《用户服务协议》《隐私政策》), testenv (测试环境) → the SMS step
GET  /auth/sms        短信验证: 获取验证码 (POST /auth/sms/send) and 短信验证码
POST /auth/sms        the staging SMS code (Sandbox.staging_codes["sms"]) → IdP session → back with a code
POST /api/v2/token    signed {app_id, code, timestamp, nonce, sign} → {access_token, expires_in}
POST /api/v2/userinfo signed {app_id, access_token, …} → {user_id, user_name, id_card_no, mobile}
"""
from __future__ import annotations

import hmac
import time
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, render_template, request, session

from ..common import current_user, sandbox, sign_in, sign_out
from ..state import Sandbox
from ..util import mask_phone
from .common import make_app
from .uias_protocol import IDP_LABEL, TOKEN_TTL

TITLE = "江澜省统一身份认证中心"
SMS_TTL = 300          # seconds a sent SMS code stays valid
PENDING = IDP_LABEL + ":pending"
MESSAGES = {
    "agree": "请阅读并勾选同意《用户服务协议》《隐私政策》。",
    "testenv": "请勾选“我已知晓当前为测试环境”。",
    "credentials": "账号或密码错误，请重新输入。",
    "empty": "请输入账号和密码。",
    "not_sent": "请先点击“获取验证码”。",
    "no_code": "请输入短信验证码。",
    "expired": "短信验证码已过期，请重新获取。",
    "wrong_code": "短信验证码错误，请重新输入。",
}


def _checked_app() -> tuple[str, dict, str, str]:
    values = request.values
    if values.get("response_type", "code") != "code":
        abort(400, "仅支持授权码模式（response_type=code）。")
    app_id = values.get("app_id", "")
    app = sandbox().uias.apps.get(app_id)
    if app is None:
        abort(400, f"未注册的应用：{app_id or '（空）'}")
    redirect_uri = values.get("redirect_uri", "")
    if redirect_uri != sandbox().uias.registered_redirect(app_id):
        abort(400, "回调地址（redirect_uri）与应用登记的地址不一致。")
    return app_id, app, redirect_uri, values.get("state", "")


def _back(app_id: str, redirect_uri: str, state_value: str, username: str):
    code = sandbox().uias.issue_code(username, app_id)
    return redirect(redirect_uri + "?" + urlencode({"code": code, "state": state_value}))


def _pending(step: str = "login") -> dict:
    """The sign-in under way in this browser (which app, where back to; after the password: whose).
    None of it after a restart or in another browser: a clear 400 rather than a half sign-in."""
    pending = sandbox().sessions.get(PENDING, session.get("pending"))
    if pending is None or (step == "sms" and not pending.get("username")):
        abort(400, "登录请求已失效，请从原网站重新点击登录。")
    return pending


def create_uias_app(state: Sandbox) -> Flask:
    app = make_app(state, IDP_LABEL, kind="idp", title=TITLE)
    app.config["CSRF_EXEMPT"].update({"api_token", "api_userinfo"})

    # a refused step is the same page again with its message (200, as the IdPs of flavours A and B answer)
    def login_page(pending: dict, error: str | None = None, account: str = ""):
        return render_template("uias/login.html", app_name=sandbox().uias.apps[pending["app_id"]]["name"],
                               error=error, account=account)

    def sms_page(pending: dict, error: str | None = None):
        phone = sandbox().accounts[pending["username"]].phone
        return render_template("uias/sms.html", app_name=sandbox().uias.apps[pending["app_id"]]["name"],
                               phone=mask_phone(phone), sent=bool(pending.get("sms_sent_at")), error=error)

    @app.get("/")
    def home():
        return render_template("uias/home.html", message=None)

    @app.get("/auth/authorize")
    def authorize():
        app_id, _app, redirect_uri, state_value = _checked_app()
        user = current_user()
        if user:   # a live IdP session: no prompt at all
            return _back(app_id, redirect_uri, state_value, user["username"])
        sandbox().sessions.drop(PENDING, session.get("pending"))
        pending = {"app_id": app_id, "redirect_uri": redirect_uri, "state": state_value}
        session["pending"] = sandbox().sessions.create(PENDING, pending)
        return login_page(pending)

    @app.post("/auth/login")
    def login_submit():
        pending = _pending()
        account_name = request.form.get("account", "").strip()
        password = request.form.get("password", "")
        if request.form.get("agree") != "1":
            return login_page(pending, MESSAGES["agree"], account_name)
        if request.form.get("testenv") != "1":
            return login_page(pending, MESSAGES["testenv"], account_name)
        if not account_name or not password:
            return login_page(pending, MESSAGES["empty"], account_name)
        account = sandbox().accounts.get(account_name)
        if account is None or not hmac.compare_digest(password.encode(), account.password.encode()):
            return login_page(pending, MESSAGES["credentials"], account_name)
        pending.update(username=account.username, sms_sent_at=None)
        return redirect("/auth/sms")

    @app.get("/auth/sms")
    def sms():
        pending = _pending("sms")
        return sms_page(pending)

    @app.post("/auth/sms/send")
    def sms_send():
        pending = _pending("sms")
        pending["sms_sent_at"] = time.time()
        return redirect("/auth/sms")

    @app.post("/auth/sms")
    def sms_submit():
        pending = _pending("sms")
        code = request.form.get("sms_code", "").strip()
        sent_at = pending.get("sms_sent_at")
        if not sent_at:
            return sms_page(pending, MESSAGES["not_sent"])
        if not code:
            return sms_page(pending, MESSAGES["no_code"])
        if time.time() - sent_at > SMS_TTL:
            return sms_page(pending, MESSAGES["expired"])
        if not hmac.compare_digest(code.encode(), sandbox().staging_codes["sms"].encode()):
            return sms_page(pending, MESSAGES["wrong_code"])
        sandbox().sessions.drop(PENDING, session.pop("pending", None))
        sign_in(sandbox().accounts[pending["username"]].userinfo())
        return _back(pending["app_id"], pending["redirect_uri"], pending["state"], pending["username"])

    @app.post("/api/v2/token")
    def api_token():
        body = request.get_json(silent=True) or {}
        app_id, reason = sandbox().uias.check_signed(body, "code")
        if app_id is None:
            return jsonify(code=403, msg=reason), 403
        username = sandbox().uias.consume_code(str(body.get("code", "")), app_id)
        if username is None:
            return jsonify(code=400, msg="授权码无效、已过期或已使用"), 400
        return jsonify(access_token=sandbox().uias.issue_token(username, app_id), expires_in=TOKEN_TTL)

    @app.post("/api/v2/userinfo")
    def api_userinfo():
        body = request.get_json(silent=True) or {}
        app_id, reason = sandbox().uias.check_signed(body, "access_token")
        if app_id is None:
            return jsonify(code=403, msg=reason), 403
        account = sandbox().accounts.get(sandbox().uias.token_user(str(body.get("access_token", "")), app_id) or "")
        if account is None:
            return jsonify(code=401, msg="access_token 无效或已过期"), 401
        return jsonify(user_id=account.username, user_name=account.name, id_card_no=account.id_number,
                       mobile=account.phone)

    @app.get("/agreement")
    def agreement():
        return render_template("uias/home.html", message="《用户服务协议》：本系统为测试沙箱，账号与数据均为虚构。")

    @app.get("/register")
    def register():
        return render_template("uias/home.html", message="测试环境不开放个人注册，请使用测试账号登录。")

    @app.get("/privacy")
    def privacy():
        return render_template("uias/home.html", message="《隐私政策》：测试环境不收集真实个人信息。")

    @app.get("/logout")
    def logout():
        sign_out()
        return render_template("uias/home.html", message="您已退出统一身份认证中心。")

    return app
