"""江澜省统一身份认证平台 (host ``tyrz``): an OAuth2 authorization-code IdP.

GET  /oauth2/authorize?response_type=code&client_id=&redirect_uri=&state=
                         silent sign-in (IdP session) or the login form; redirect_uri must equal the
                         client's registered one exactly, else 400 (no redirect to an unchecked URI)
POST /oauth2/authorize   账号/密码 → IdP session → 302 redirect_uri?code=…&state=…
POST /oauth2/token       grant_type=authorization_code, code, redirect_uri, client_id, client_secret
                         → {"access_token","token_type":"Bearer","expires_in"}; codes are single use
GET  /oauth2/userinfo    Authorization: Bearer → {"sub","name","id_card","mobile"}
"""
from __future__ import annotations

import hmac
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, render_template, request

from ..state import Sandbox
from .common import TOKEN_TTL, current_user, make_app, sandbox, sign_in, sign_out

TITLE = "江澜省统一身份认证平台"


def _checked_client() -> tuple[str, dict, str, str]:
    values = request.values
    if values.get("response_type", "code") != "code":
        abort(400, "unsupported_response_type：仅支持授权码模式（response_type=code）。")
    client_id = values.get("client_id", "")
    client = sandbox().oauth.clients.get(client_id)
    if client is None:
        abort(400, f"invalid_client：未注册的应用 {client_id or '（空）'}。")
    redirect_uri = values.get("redirect_uri", "")
    if redirect_uri != sandbox().oauth.registered_redirect(client):
        abort(400, "invalid_request：redirect_uri 与应用登记的回调地址不一致。")
    return client_id, client, redirect_uri, values.get("state", "")


def _back_to_client(client_id: str, redirect_uri: str, state_value: str, username: str):
    code = sandbox().oauth.issue_code(username, client_id, redirect_uri)
    return redirect(redirect_uri + "?" + urlencode({"code": code, "state": state_value}))


def create_tyrz_app(state: Sandbox) -> Flask:
    app = make_app(state, "tyrz", kind="idp", title=TITLE)
    app.config["CSRF_EXEMPT"].update({"token"})

    @app.get("/")
    def home():
        return render_template("idp_home.html", message=None)

    @app.get("/oauth2/authorize")
    def authorize():
        client_id, client, redirect_uri, state_value = _checked_client()
        user = current_user()
        if user:   # already signed in at the IdP: no prompt
            return _back_to_client(client_id, redirect_uri, state_value, user["username"])
        return render_template("idp_login.html", client=client, client_id=client_id, redirect_uri=redirect_uri,
                               state=state_value, error=None, account="")

    @app.post("/oauth2/authorize")
    def authorize_submit():
        client_id, client, redirect_uri, state_value = _checked_client()
        account_name = request.form.get("account", "").strip()
        password = request.form.get("password", "")
        account = sandbox().accounts.get(account_name)
        if account is None or not hmac.compare_digest(password.encode(), account.password.encode()):
            return render_template("idp_login.html", client=client, client_id=client_id, redirect_uri=redirect_uri,
                                   state=state_value, account=account_name, error="账号或密码错误，请重新输入。")
        sign_in(account.userinfo())
        return _back_to_client(client_id, redirect_uri, state_value, account_name)

    @app.post("/oauth2/token")
    def token():
        form = request.form
        if form.get("grant_type") != "authorization_code":
            return jsonify(error="unsupported_grant_type"), 400
        client = sandbox().oauth.clients.get(form.get("client_id", ""))
        if client is None or not hmac.compare_digest(form.get("client_secret", ""), client["secret"]):
            return jsonify(error="invalid_client"), 401
        username = sandbox().oauth.consume_code(form.get("code", ""), form.get("client_id", ""),
                                                form.get("redirect_uri", ""))
        if username is None:
            return jsonify(error="invalid_grant", error_description="授权码无效、已过期或已使用"), 400
        return jsonify(access_token=sandbox().oauth.issue_token(username, form["client_id"]), token_type="Bearer",
                       expires_in=TOKEN_TTL)

    @app.get("/oauth2/userinfo")
    def userinfo():
        auth = request.headers.get("Authorization", "")
        username = sandbox().oauth.token_user(auth[7:]) if auth.startswith("Bearer ") else None
        account = sandbox().accounts.get(username or "")
        if account is None:
            return jsonify(error="invalid_token"), 401
        info = account.userinfo()
        return jsonify(sub=info["username"], name=info["name"], id_card=info["id_number"], mobile=info["phone"])

    @app.get("/logout")
    def logout():
        sign_out()
        return render_template("idp_home.html", message="您已安全退出统一身份认证平台。")

    return app
