"""What flavour C's Flask apps share: their factory (own templates and static files, security headers,
CSRF by form field or ``X-CSRF-Token`` header, JSON errors under /api/), and the client side of the
sign-in with ``uias`` (统一身份认证):

    GET /auth/login?next=   → 302 uias /auth/authorize?response_type=code&app_id=&redirect_uri=&state=
                              (redirect_uri: the one registered for the app, from configuration)
    GET /auth/callback?code=&state= → signed POST uias /api/v2/token, signed POST /api/v2/userinfo
                              (server to server) → signed in → 302 to where the citizen came from
    GET /auth/logout

Sign-in, sessions and CSRF tokens are the shared ones of sandbox.common (server side, per host)."""
from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, render_template, request, session
from werkzeug.exceptions import HTTPException

from ..common import (add_security_headers, complete_sign_on, csrf_token, current_user, flask_app, pii_display,
                      sandbox, sign_out)
from ..state import Sandbox
from ..util import safe_next, site_url
from .uias_protocol import IDP_LABEL, exchange

HERE = Path(__file__).parent
CSRF_HEADER = "X-CSRF-Token"


def make_app(state: Sandbox, label: str, *, kind: str, title: str, **site) -> Flask:
    """A flavour-C Flask app for one host. Its session cookie is a random id (server-side data)."""
    # one cookie name on every host (as Java portals do); the browser keeps one cookie per host
    app = flask_app(state, label, name=f"sandbox_c_{label}", root=HERE, cookie="JSESSIONID")
    site_info = {"label": label, "kind": kind, "title": title, **site}

    @app.context_processor
    def _context():
        return {"site": site_info, "user": current_user(), "csrf_token": csrf_token, "site_url": site_url,
                **pii_display()}

    @app.before_request
    def _csrf():
        if request.method == "POST" and request.endpoint not in app.config["CSRF_EXEMPT"]:
            sent = request.headers.get(CSRF_HEADER) or request.form.get("csrf_token", "")
            expected = session.get("csrf", "")
            if not sent or not expected or not hmac.compare_digest(sent, expected):
                abort(400, "请求校验失败（CSRF 令牌缺失或无效），请刷新页面后重试。")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if request.path.startswith(("/api/", "/__sandbox__/")):
            return jsonify(code=exc.code, msg=exc.description), exc.code
        return render_template("error.html", code=exc.code, message=exc.description), exc.code

    app.after_request(add_security_headers)
    return app


def api_user() -> dict:
    """The signed-in citizen of an API call, else a JSON 401 (the SPA then goes to /auth/login)."""
    user = current_user()
    if user is None:
        abort(401, "请先登录。")
    return user


AfterValidate = Callable[[dict, str], object]


def install_uias_client(app: Flask, app_id: str, landing: Callable[[str], str] = lambda nxt: nxt,
                        after_validate: AfterValidate | None = None) -> None:
    """/auth/login, /auth/callback and /auth/logout of a flavour-C site. `landing(next)` is the address
    the citizen returns to (the portal turns its SPA route into ``/#<route>``); `after_validate(user,
    next)` may return a response instead of the normal sign-in (defects)."""

    def redirect_uri() -> str:
        return sandbox().uias.registered_redirect(app_id)

    @app.get("/auth/login")
    def login():
        nxt = safe_next(request.args.get("next"))
        if current_user():
            return redirect(landing(nxt))
        value = secrets.token_urlsafe(16)
        session["auth_state"] = {"state": value, "next": nxt}
        query = urlencode({"response_type": "code", "app_id": app_id, "redirect_uri": redirect_uri(),
                           "state": value})
        return redirect(site_url(IDP_LABEL, "/auth/authorize?" + query))

    @app.get("/auth/callback")
    def auth_callback():
        pending = session.pop("auth_state", None)
        if not pending or not hmac.compare_digest(request.args.get("state", ""), pending["state"]):
            abort(400, "登录状态校验失败（state 不匹配），请重新登录。")
        code = request.args.get("code", "")
        if not code:
            abort(400, "缺少授权码（code）。")
        user, reason = exchange(sandbox(), app_id, code)
        if user is None:
            abort(403, f"统一身份认证失败：{reason}")
        return complete_sign_on(user, pending["next"], after_validate, landing(pending["next"]))

    @app.get("/auth/logout")
    def logout():
        sign_out()
        return redirect(landing("/"))


def login_gate():
    """None when signed in, else the redirect through /auth/login that comes back here."""
    if current_user():
        return None
    target = request.full_path if request.query_string else request.path
    return redirect("/auth/login?" + urlencode({"next": target}))
