"""Flavour-B department and city sites: OAuth2 sign-in through tyrz, and a different way to the
unified entry: a floating 办事大厅 button (departments) or a 政务服务 link in the footer (cities).

Under entry_buried the department sites drop the floating button; the portal is then only reached
through 信息公开 → 专题专栏 → 更多 → 便民服务 → 网上办事 → 进入办事大厅 (6 clicks)."""
from __future__ import annotations

import hmac

from flask import Flask, redirect, render_template, request, session, url_for
from werkzeug.security import generate_password_hash

from ..common import session_data
from ..state import Sandbox
from ..util import safe_next, site_url
from .common import install_oauth_client, make_app, sandbox, sign_in, sign_out

NEWS = [("全省政务服务“一网通办”工作推进会召开", "2025-11-18"), ("“高效办成一件事”新增12个主题套餐", "2025-11-12"),
        ("政务服务好差评季度通报发布", "2025-11-05")]
RST = "rst"
LZ = "lz"


def create_site_app(state: Sandbox, *, kind: str, code: str) -> Flask:
    cat = state.catalogue
    if kind == "dept":
        dept = cat.dept_by_code[code]
        label, title, portal_path = dept["host"], dept["name"], f"/dept/{code}"
        buried = state.defect("entry_buried")
    else:
        label, title, portal_path = code, cat.city_by_code[code]["name"] + "人民政府", f"/city/{code}"
        buried = False
    app = make_app(state, label, kind=kind, title=title, portal_path=portal_path, buried=buried)
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

    install_oauth_client(app, after_validate)

    if forget_after_landing:
        @app.before_request
        def _forget_sign_in():
            if request.endpoint in (None, "static", "oauth_callback", "login", "logout"):
                return
            data = session_data()
            if data and data.get("landing"):
                if data.get("shown"):
                    sign_out()
                else:
                    data["shown"] = True

    def page(heading, entries, intro=None):
        return render_template("site_page.html", heading=heading, entries=entries, intro=intro)

    @app.get("/")
    def home():
        return render_template("site_home.html", news=NEWS)

    @app.get("/ucenter")
    def ucenter():
        return render_template("site_ucenter.html")

    @app.get("/xxgk")
    def xxgk():
        return page("信息公开", [{"text": "机构职能"}, {"text": "政策文件"}, {"text": "专题专栏", "url": "/xxgk/zt"}])

    @app.get("/xxgk/zt")
    def xxgk_zt():
        return page("专题专栏", [{"text": "优化营商环境"}, {"text": "更多", "url": "/xxgk/zt/more"}])

    @app.get("/xxgk/zt/more")
    def xxgk_more():
        return page("更多专题", [{"text": "安全生产"}, {"text": "便民服务", "url": "/bmfw"}])

    @app.get("/bmfw")
    def bmfw():
        return page("便民服务", [{"text": "常见问题"}, {"text": "网上办事", "url": "/bmfw/wsbs"}])

    @app.get("/bmfw/wsbs")
    def bmfw_wsbs():
        return page("网上办事", [{"text": "进入办事大厅", "url": site_url("zwfw", portal_path)}],
                    intro="本单位政务服务事项已统一在江澜省政务服务网办理。")

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
            return render_template("site_register.html", pending=user, next=nxt, error=error), (400 if error else 200)

    return app
