"""国家政务服务平台统一身份认证 (the national IdP, host ``idp``): CONTRACTS.md section 1.

GET  /sso/login?servicecode=&goto=   silent SSO (IdP session cookie) or the login form
POST /sso/login                      用户名/密码 → IdP session → 302 goto?ticket=…
POST /sso/api/validate               servicecode, ticket, time, sign → {"token"}
POST /sso/api/userinfo               servicecode, token, time, sign → {"name","id_number","phone","username"}
sign = md5(servicecode + secret + time), |now − time| ≤ 300 s, else 403. Tickets are single use (400).
"""
from __future__ import annotations

import hmac
import time
from urllib.parse import urlsplit

from flask import Flask, abort, jsonify, redirect, render_template, request

from .common import current_user, make_app, sandbox, sign_in, sign_out
from .state import SIGN_WINDOW, Sandbox, sign

CALLBACK_PATH = "/sso/callback"

TITLE = "国家政务服务平台统一身份认证"


def registered_callback(label: str) -> tuple[str, str, str]:
    """(scheme, netloc, path) of the callback registered for site `label`: the sandbox's configured
    origin of that site (Sandbox.origin), path ``/sso/callback``. Never derived from this request's
    Host: a login made at this server under another host name would send its ticket there."""
    parts = urlsplit(sandbox().origin(label) + CALLBACK_PATH)
    return parts.scheme, parts.netloc.lower(), parts.path


def _check_service(servicecode: str, goto: str) -> None:
    """The return URL must be the registered callback exactly (scheme, host, port and path), as a
    real IdP matches it; only the query (``next=``) may vary. Anything else gets an error page and
    no ticket: comparing only the first host label let ``zwfw.evil.example`` receive tickets."""
    state = sandbox()
    label = state.services.get(servicecode)
    if label is None:
        abort(400, f"未注册的接入系统：{servicecode or '（空）'}")
    parts = urlsplit(goto or "")
    if (parts.scheme, parts.netloc.lower(), parts.path) != registered_callback(label) or parts.fragment:
        abort(400, "回调地址与接入系统登记的地址不符。")


def _with_ticket(goto: str, ticket: str) -> str:
    return goto + ("&" if "?" in goto else "?") + "ticket=" + ticket


def _check_signature() -> str:
    """Validate servicecode/time/sign of a server-to-server call; returns the servicecode."""
    state = sandbox()
    code = request.form.get("servicecode", "")
    stamp = request.form.get("time", "")
    given = request.form.get("sign", "")
    if code not in state.secrets:
        abort(403, "unknown servicecode")
    if not given:
        abort(403, "unsigned request")
    try:
        skew = abs(time.time() - int(stamp))
    except ValueError:
        abort(403, "bad time")
    if skew > SIGN_WINDOW:
        abort(403, "stale request (time outside 300 s)")
    if not hmac.compare_digest(given.lower(), sign(code, state.secrets[code], stamp)):
        abort(403, "bad sign")
    return code


def create_idp_app(state: Sandbox) -> Flask:
    app = make_app(state, "idp", kind="idp", title=TITLE)
    app.config["CSRF_EXEMPT"].update({"api_validate", "api_userinfo"})

    @app.get("/")
    def home():
        return render_template("idp/home.html")

    @app.get("/sso/login")
    def login_form():
        code = request.args.get("servicecode", "")
        goto = request.args.get("goto", "")
        _check_service(code, goto)
        user = current_user()
        if user:  # silent SSO
            return redirect(_with_ticket(goto, sandbox().idp.issue_ticket(user["username"], code)))
        return render_template("idp/login.html", servicecode=code, goto=goto, error=None, username="",
                               service_name=sandbox().service_titles[code])

    @app.post("/sso/login")
    def login_submit():
        code = request.form.get("servicecode", "")
        goto = request.form.get("goto", "")
        _check_service(code, goto)
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        account = sandbox().accounts.get(username)
        if account is None or not hmac.compare_digest(password.encode(), account.password.encode()):
            return render_template("idp/login.html", servicecode=code, goto=goto, username=username,
                                   service_name=sandbox().service_titles[code],
                                   error="用户名或密码错误，请重新输入。"), 200
        sign_in(account.userinfo())
        return redirect(_with_ticket(goto, sandbox().idp.issue_ticket(username, code)))

    @app.get("/sso/logout")
    def logout():
        sign_out()
        return render_template("idp/home.html", message="您已退出统一身份认证。")

    @app.get("/sso/register")
    def register():
        return render_template("idp/home.html",
                               message="沙箱环境不开放个人注册，请使用测试账号登录。")

    @app.post("/sso/api/validate")
    def api_validate():
        code = _check_signature()
        username = sandbox().idp.consume_ticket(request.form.get("ticket", ""), code)
        if username is None:
            return jsonify(error="invalid, expired or already used ticket"), 400
        return jsonify(token=sandbox().idp.issue_token(username, code))

    @app.post("/sso/api/userinfo")
    def api_userinfo():
        code = _check_signature()
        username = sandbox().idp.token_user(request.form.get("token", ""), code)
        account = sandbox().accounts.get(username or "")
        if account is None:
            return jsonify(error="invalid or expired token"), 400
        return jsonify(account.userinfo())

    return app
