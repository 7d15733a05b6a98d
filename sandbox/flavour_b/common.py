"""What flavour B's Flask apps share: their factory (own templates and static files), and both sides
of the OAuth2 authorization-code flow with ``tyrz`` (统一身份认证).

Client side:  GET /oauth2/login?next=  → 302 tyrz /oauth2/authorize?response_type=code&client_id=…
              &redirect_uri=<exactly the registered one>&state=<random, kept in the session>
              GET /oauth2/callback?code=&state=  → POST tyrz /oauth2/token (server to server, client
              secret) → GET tyrz /oauth2/userinfo (Bearer) → signed in, 302 next.
Sign-in, sessions and CSRF are the shared ones of sandbox.common (server-side, per host)."""
from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.test import Client

from ..common import (check_csrf, complete_sign_on, csrf_token, current_user, flask_app, pii_display, sandbox,
                      sign_in, sign_out)
from ..notice import notice_layer
from ..state import Sandbox
from ..util import safe_next, site_url

HERE = Path(__file__).parent
CODE_TTL = 60        # seconds an authorization code may wait before it is exchanged
TOKEN_TTL = 600
IDP_LABEL = "tyrz"
CALLBACK_PATH = "/oauth2/callback"


class OAuthStore:
    """Registered clients (client_id → host label, secret), single-use codes and access tokens."""

    def __init__(self, state: Sandbox):
        self._state = state
        self.clients: dict[str, dict] = {"jl_zwfw": {"label": "zwfw", "name": "江澜省政务服务网"}}
        for dept in state.catalogue.departments:
            self.clients[f"jl_dept_{dept['code']}"] = {"label": dept["host"], "name": dept["name"]}
        for city in state.catalogue.cities:
            self.clients[f"jl_city_{city['code']}"] = {"label": city["code"], "name": city["name"] + "人民政府"}
        for client in self.clients.values():
            client["secret"] = secrets.token_hex(16)
        self._codes: dict[str, tuple] = {}
        self._tokens: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def client_for_label(self, label: str) -> str:
        return next(cid for cid, c in self.clients.items() if c["label"] == label)

    def registered_redirect(self, client: dict) -> str:
        """The one redirect_uri registered for a client: the sandbox's configured origin of its site
        (Sandbox.origin), never this request's Host."""
        return self._state.origin(client["label"]) + CALLBACK_PATH

    def issue_code(self, username: str, client_id: str, redirect_uri: str) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = (username, client_id, redirect_uri, time.time())
        return code

    def consume_code(self, code: str, client_id: str, redirect_uri: str) -> str | None:
        with self._lock:
            entry = self._codes.pop(code, None)
        if entry is None:
            return None
        username, cid, uri, issued = entry
        if cid != client_id or uri != redirect_uri or time.time() - issued > CODE_TTL:
            return None
        return username

    def issue_token(self, username: str, client_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = (username, client_id, time.time())
        return token

    def token_user(self, token: str) -> str | None:
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None or time.time() - entry[2] > TOKEN_TTL:
            return None
        return entry[0]


def make_app(state: Sandbox, label: str, *, kind: str, title: str, **site) -> Flask:
    """A flavour-B Flask app for one host (cookie named after the host, server-side session)."""
    app = flask_app(state, label, name=f"sandbox_b_{label}", root=HERE, cookie=f"{label}_sid")
    site_info = {"label": label, "kind": kind, "title": title, **site}

    @app.context_processor
    def _context():
        return {"site": site_info, "catalogue": sandbox().catalogue, "user": current_user(),
                "elder": request.cookies.get("care") == "1", "csrf_token": csrf_token, "site_url": site_url,
                "notice_every_view": notice_layer(kind == "portal" and sandbox().defect("notice_every_view")
                                                  and request.cookies.get("care") != "1"),
                **pii_display()}

    @app.before_request
    def _csrf():
        if request.method == "POST" and request.endpoint not in app.config["CSRF_EXEMPT"]:
            if request.is_json:   # the SPA's fetch calls send the token in a header
                sent = request.headers.get("X-CSRF-Token", "")
                if not sent or sent != session.get("csrf"):
                    abort(400, "请求校验失败，请刷新页面后重试。")
            else:
                check_csrf()

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if request.path.startswith(("/api/", "/oauth2/token", "/oauth2/userinfo", "/__sandbox__/")):
            return {"code": exc.code, "msg": exc.description}, exc.code
        return render_template("error.html", code=exc.code, message=exc.description), exc.code

    return app


def _idp_call(state: Sandbox, method: str, path: str, **kwargs):
    """A back-channel call to tyrz through the in-process dispatcher (see sandbox/state.py)."""
    client = Client(state.root)
    base = "http://" + IDP_LABEL + "." + request.host.split(".", 1)[1]
    response = client.open(path, method=method, base_url=base, **kwargs)
    return response.status_code, (response.get_json(silent=True) or {})


def oauth_exchange(code: str, client_id: str, redirect_uri: str) -> tuple[dict | None, str]:
    """code → access token → user info, server to server. (userinfo, "") or (None, reason)."""
    state = sandbox()
    secret = state.oauth.clients[client_id]["secret"]
    status, body = _idp_call(state, "POST", "/oauth2/token", data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "client_id": client_id, "client_secret": secret})
    if status != 200 or not body.get("access_token"):
        return None, body.get("error_description") or body.get("error") or f"令牌交换失败（HTTP {status}）"
    status, info = _idp_call(state, "GET", "/oauth2/userinfo",
                             headers={"Authorization": "Bearer " + body["access_token"]})
    if status != 200 or not info.get("sub"):
        return None, info.get("error") or f"获取用户信息失败（HTTP {status}）"
    return {"username": info["sub"], "name": info["name"], "id_number": info["id_card"],
            "phone": info["mobile"]}, ""


AfterValidate = Callable[[dict, str], object]


def install_oauth_client(app: Flask, after_validate: AfterValidate | None = None) -> None:
    """/oauth2/login, /oauth2/callback and /logout of a flavour-B site."""

    def client_id() -> str:
        return sandbox().oauth.client_for_label(current_app.config["SITE_LABEL"])

    @app.get("/oauth2/login")
    def login():
        nxt = safe_next(request.args.get("next"))
        if current_user():
            return redirect(nxt)
        state_value = secrets.token_urlsafe(16)
        session["oauth_state"] = {"state": state_value, "next": nxt}
        redirect_uri = url_for("oauth_callback", _external=True)
        query = urlencode({"response_type": "code", "client_id": client_id(), "redirect_uri": redirect_uri,
                           "state": state_value, "scope": "userinfo"})
        return redirect(site_url(IDP_LABEL, "/oauth2/authorize?" + query))

    @app.get(CALLBACK_PATH)
    def oauth_callback():
        pending = session.pop("oauth_state", None)
        if not pending or request.args.get("state") != pending["state"]:
            abort(400, "登录状态校验失败（state 不匹配），请重新登录。")
        code = request.args.get("code", "")
        if not code:
            abort(400, "缺少授权码（code）。")
        user, reason = oauth_exchange(code, client_id(), url_for("oauth_callback", _external=True))
        if user is None:
            abort(403, f"统一身份认证失败：{reason}")
        return complete_sign_on(user, pending["next"], after_validate)

    @app.get("/logout")
    def logout():
        sign_out()
        return redirect("/")


def login_gate():
    """None when signed in, else the redirect through /oauth2/login that comes back here."""
    if current_user():
        return None
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("login", next=target))


__all__ = ["OAuthStore", "make_app", "install_oauth_client", "login_gate", "oauth_exchange", "sandbox",
           "current_user", "sign_in", "sign_out", "IDP_LABEL"]
