"""The two sign-on defects of department and city sites, the same in every flavour:

* ``sso_second_login``: after SSO, ``rst`` demands its own registration (手机号码, 设置密码, 确认密码) once
  before it signs the citizen in (``/register``, rendered with the flavour's `register_template`);
* ``session_lost_on_city_site``: ``lz`` signs in and shows it on the page the callback lands on; from
  the next page on it has forgotten the sign-in."""
from __future__ import annotations

import hmac

from flask import Flask, redirect, render_template, request, session, url_for
from werkzeug.security import generate_password_hash

from .common import sandbox, session_data, sign_in, sign_out
from .state import Sandbox
from .util import safe_next

RST = "rst"
LZ = "lz"


def install_site_defects(app: Flask, state: Sandbox, label: str, *, register_template: str,
                         callback_endpoint: str):
    """Registers what the active defects need on site `label` and returns the `after_validate(user,
    next)` hook its SSO client calls after a successful sign-on (None: sign in as usual)."""
    second_login = label == RST and state.defect("sso_second_login")
    forget_after_landing = label == LZ and state.defect("session_lost_on_city_site")

    def after_validate(user, nxt):
        if second_login and sandbox().db.site_account(label, user["username"]) is None:
            session["pending"] = sandbox().sessions.create(label + ":pending", {"user": user})
            return redirect(url_for("register", next=nxt))
        if forget_after_landing:
            sign_in(user, landing=True)
            return redirect(nxt)
        return None

    if forget_after_landing:
        @app.before_request
        def _forget_sign_in():
            # the sign-in survives the page the callback lands on, then it is gone
            if request.endpoint in (None, "static", callback_endpoint, "login", "logout"):
                return
            data = session_data()
            if data and data.get("landing"):
                if data.get("shown"):
                    sign_out()
                else:
                    data["shown"] = True

    if second_login:
        @app.route("/register", methods=["GET", "POST"])
        def register():
            nxt = safe_next(request.args.get("next"))
            pending = sandbox().sessions.get(label + ":pending", session.get("pending"))
            if pending is None:
                return redirect(url_for("login", next=nxt))
            user, error = pending["user"], None
            if request.method == "POST":
                phone = request.form.get("phone", "").strip()
                password = request.form.get("password", "")
                if not (len(phone) == 11 and phone.isdigit()):
                    error = "请输入11位手机号码。"
                elif len(password) < 8 or not hmac.compare_digest(password, request.form.get("password2", "")):
                    error = "密码至少8位，且两次输入需一致。"
                else:
                    sandbox().db.add_site_account(label, user["username"], generate_password_hash(password), phone)
                    sandbox().sessions.drop(label + ":pending", session.pop("pending", None))
                    sign_in(user)
                    return redirect(nxt)
            return render_template(register_template, pending=user, next=nxt, error=error), (400 if error else 200)

    return after_validate
