"""What every sandbox Flask app shares: the factory, server-side sign-in, CSRF, error pages and
the IdP client side of the ticket flow (``/login`` → IdP → ``/sso/callback``)."""
from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from .notice import notice_layer
from .state import Sandbox
from .util import mask_id, mask_name, mask_phone, safe_next, site_url

PACKAGE_DIR = Path(__file__).parent
MAX_UPLOAD = 5 * 1024 * 1024
LAYOUTS = {"portal": "portal/layout.html", "dept": "site/layout.html", "city": "site/layout.html",
           "idp": "idp/layout.html", "ywxt": "ywxt/layout.html"}


def sandbox() -> Sandbox:
    return current_app.extensions["sandbox"]


def site_label() -> str:
    return current_app.config["SITE_LABEL"]


def flask_app(state: Sandbox, label: str, *, name: str, root: Path, cookie: str) -> Flask:
    """The Flask app of one host, whatever the flavour: templates and static files under `root`, a
    session cookie named `cookie` holding only a random sid and the CSRF token (user data stays server
    side), the sandbox state as an extension (`sandbox()`)."""
    app = Flask(name, root_path=str(root), template_folder="templates", static_folder="static",
                static_url_path="/static")
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),
        SESSION_COOKIE_NAME=cookie,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,   # per-file 5 MB limit is checked (and explained) per field
        SITE_LABEL=label,
        CSRF_EXEMPT=set(),
    )
    app.extensions["sandbox"] = state
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    return app


def pii_display() -> dict:
    """How pages show personal data: masked (330102********1234, 138****5678), unless defect pii_unmasked."""
    pii = sandbox().defect("pii_unmasked")
    return {"mask_name": mask_name, "show_id": (lambda v: v) if pii else mask_id,
            "show_phone": (lambda v: v) if pii else mask_phone}


def make_app(state: Sandbox, label: str, *, kind: str, title: str, **site) -> Flask:
    """A Flask app for one host. Its cookie is named after the host; its session holds only a
    random sid and the CSRF token."""
    app = flask_app(state, label, name=f"sandbox_{label}", root=PACKAGE_DIR, cookie=f"{label}_session")
    site_info = {"label": label, "kind": kind, "title": title, **site}

    @app.context_processor
    def _context():
        state_ = sandbox()
        return {
            **pii_display(),
            "site": site_info,
            "layout": LAYOUTS.get(kind, "base.html"),
            "has_sso": "login" in current_app.view_functions and kind in ("portal", "dept", "city"),
            "catalogue": state_.catalogue,
            "user": current_user(),
            "elder": request.cookies.get("elder") == "1",
            "a11y": request.cookies.get("a11y") == "1",
            "csrf_token": csrf_token,
            "site_url": site_url,
            "notice_every_view": notice_layer(kind == "portal" and state_.defect("notice_every_view")
                                              and request.cookies.get("elder") != "1"),
        }

    @app.before_request
    def _csrf():
        if request.method == "POST" and request.endpoint not in app.config["CSRF_EXEMPT"]:
            check_csrf()

    @app.get("/about")
    def about():
        return render_template("message.html", heading="关于本站", lines=[
            f"{title}（测试沙箱）。", "本站所有事项、人员与数据均为虚构，仅供自动化检测使用。",
            "联系我们：政务服务便民热线 12345。"])

    app.after_request(add_security_headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if request.path.startswith(("/sso/api/", "/__sandbox__/")):
            return {"error": exc.description}, exc.code
        return render_template("error.html", code=exc.code, name=exc.name, message=exc.description), exc.code

    return app


# headers real portals send -------------------------------------------------------------------------
def content_security_policy() -> str:
    """Scripts and styles from the site itself; forms may post (and be redirected after posting) to
    the sandbox's sibling sites only (the IdP login posts, then returns to the portal); no framing.
    'unsafe-inline' for scripts as most provincial portals allow it: the suite's accessibility audit
    injects axe-core as a script tag (a strict policy would block it on a real portal too)."""
    _name, _, port = request.host.partition(":")
    domain = _name.split(".", 1)[1] if "." in _name else "localhost"
    return ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            f"frame-ancestors 'none'; form-action 'self' {request.scheme}://*.{domain}:*")


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


# CSRF -----------------------------------------------------------------------------------------
def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        abort(400, "请求校验失败（CSRF 令牌缺失或无效），请刷新页面后重试。")


# sign-in (server side) ------------------------------------------------------------------------
def current_user() -> dict | None:
    data = sandbox().sessions.get(site_label(), session.get("sid"))
    return data.get("user") if data else None


def sign_in(user: dict, **extra) -> None:
    sign_out()
    session["sid"] = sandbox().sessions.create(site_label(), {"user": user, **extra})
    session["csrf"] = secrets.token_urlsafe(32)


def sign_out() -> None:
    sandbox().sessions.drop(site_label(), session.get("sid"))
    session.pop("sid", None)


def session_data() -> dict | None:
    return sandbox().sessions.get(site_label(), session.get("sid"))


def login_required_redirect():
    """None when signed in, else the redirect through /login that comes back here."""
    if current_user():
        return None
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("login", next=target))


# IdP client side ------------------------------------------------------------------------------
AfterValidate = Callable[[dict, str], object]


def complete_sign_on(user: dict, nxt: str, after_validate: AfterValidate | None, target: str | None = None):
    """The end of every flavour's SSO callback, once the IdP vouched for `user`: the site's defect hook
    may answer instead (a registration, a loop), else the citizen is signed in and sent to `target`
    (default: `nxt`)."""
    if after_validate is not None:
        response = after_validate(user, nxt)
        if response is not None:
            return response
    sign_in(user)
    return redirect(target or nxt)


def install_sso_client(app: Flask, servicecode: str, after_validate: AfterValidate | None = None) -> None:
    """/login, /sso/callback and /logout of a site that trusts the national IdP.

    ``after_validate(user, next)`` may return a response to replace the normal sign-in (defects)."""

    @app.get("/login")
    def login():
        nxt = safe_next(request.args.get("next"))
        if current_user():
            return redirect(nxt)
        goto = url_for("sso_callback", next=nxt, _external=True)
        return redirect(site_url("idp", "/sso/login?" + urlencode({"servicecode": servicecode, "goto": goto})))

    @app.get("/sso/callback")
    def sso_callback():
        ticket = request.args.get("ticket", "")
        nxt = safe_next(request.args.get("next"))
        if not ticket:
            abort(400, "缺少票据（ticket）。")
        user, reason = sandbox().sso_validate(servicecode, ticket)
        if user is None:
            abort(403, f"统一身份认证失败：{reason}")
        return complete_sign_on(user, nxt, after_validate)

    @app.get("/logout")
    def logout():
        sign_out()
        return redirect("/")
