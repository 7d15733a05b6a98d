"""The 长辈版 of the portals whose elder mode is a cookie on the portal itself (A: ``elder=1``, B: ``care=1``),
as a citizen uses it: the same search, the same sign-in. Flavour C's 长辈版 is a host of its own
(sandbox/flavour_c/zlb.py).

Defect ``elder_second_password``: in elder mode, a page that needs the sign-in asks for 用户名 and 密码
again (``path``, e.g. ``/elder/login``) although the citizen is signed in to the portal; once given, the
portal's session remembers it. (``elder_slow_search`` is in ``portal.searched``.)"""
from __future__ import annotations

import hmac
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, redirect, render_template, request

from .common import current_user, sandbox, session_data
from .util import safe_next

WRONG = "用户名或密码错误，请重新输入。"


def install_elder_password(app: Flask, *, path: str, is_elder: Callable[[], bool], gated: set[str],
                           template: str) -> None:
    """Under elder_second_password: `gated` endpoints in elder mode send a signed-in citizen to `path`
    (the 长辈版's own password form, rendered with `template`) until the password is given again."""
    if not app.extensions["sandbox"].defect("elder_second_password"):
        return

    @app.before_request
    def _ask_again():
        if request.endpoint not in gated or not is_elder():
            return None
        data = session_data()
        if data is None or data.get("user") is None or data.get("elder_verified"):
            return None          # not signed in: the page's own gate sends the citizen to the IdP
        target = request.full_path if request.query_string else request.path
        return redirect(path + "?" + urlencode({"next": target}))

    @app.route(path, methods=["GET", "POST"], endpoint="elder_password")
    def elder_password():
        nxt = safe_next(request.args.get("next"))
        user = current_user()
        if user is None:
            return redirect(nxt)
        error = None
        if request.method == "POST":
            account = sandbox().accounts.get(request.form.get("username", "").strip())
            password = request.form.get("password", "")
            if (account is not None and account.username == user["username"]
                    and hmac.compare_digest(password.encode(), account.password.encode())):
                session_data()["elder_verified"] = True
                return redirect(nxt)
            error = WRONG
        return render_template(template, next=nxt, error=error), (401 if error else 200)
