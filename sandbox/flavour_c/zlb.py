"""江澜省政务服务网长辈版 (host ``zlb``), linked from the portal home as 长辈版: big type (body 20 px, nothing
under 18 px), contrast ≥ 7:1 for body text, every control at least 48 px, no pop-ups.

    GET /              常用服务 tiles, 搜索, 12345, 返回标准版 (the portal)
    GET /search?q=     results as big tiles (the portal's search, with its defects)
    GET /item/<no>     a short guide (办理部门, 承诺期限, 跑动次数, 所需材料, 咨询电话) with 在线办理 on the portal
    GET /my            我的办件 (sign-in needed): table 我的办件 (办件编号, 事项名称, 办理状态)
    /auth/login …      sign-in through uias like every other site (app jl_zlb): a citizen signed in on the
                       portal is signed in here without any prompt; the header shows 您好，王** and 我的办件, 退出
Defects: elderly_popup: the home shows an advert built from plain divs (a mask and a box, no ARIA role,
a 关闭 "×" that is a div named only by title); elder_slow_search: /search answers after +2.5 s;
elder_second_password: 登录 opens the 长辈版's own form (heading 长辈版登录, 账号, 密码, 登录) instead of
uias, whatever the portal's sign-in."""
from __future__ import annotations

import hmac
from urllib.parse import urlencode

from flask import Flask, abort, redirect, render_template, request

from ..catalogue import can_apply_online
from ..common import current_user, sign_in, sign_out
from ..guides import published
from ..portal import _hot_items, searched
from ..state import Sandbox
from ..util import safe_next, site_url
from .apply import shown_status
from .common import install_uias_client, make_app, sandbox
from .guide import visits_text

TITLE = "江澜省政务服务网长辈版"
WRONG = "账号或密码错误，请重新输入。"


def install_own_login(app: Flask) -> None:
    """Defect elder_second_password: the 长辈版 keeps its own password form instead of the SSO."""

    @app.route("/auth/login", methods=["GET", "POST"])
    def login():
        nxt = safe_next(request.values.get("next"))
        error = None
        if request.method == "POST":
            account = sandbox().accounts.get(request.form.get("account", "").strip())
            if account is not None and hmac.compare_digest(request.form.get("password", "").encode(),
                                                           account.password.encode()):
                sign_in(account.userinfo())
                return redirect(nxt)
            error = WRONG
        return render_template("zlb/login.html", next=nxt, error=error, standard_url=site_url("zwfw", "/")), \
            (401 if error else 200)

    @app.get("/auth/logout")
    def logout():
        sign_out()
        return redirect("/")


def create_zlb_app(state: Sandbox) -> Flask:
    app = make_app(state, "zlb", kind="zlb", title=TITLE)
    cat, ids = state.catalogue, state.item_ids
    if state.defect("elder_second_password"):
        install_own_login(app)
    else:
        install_uias_client(app, "jl_zlb")

    def tile(item: dict) -> dict:
        return {"no": ids.no_of[item["id"]], "name": item["name"], "dept": cat.dept_of(item)["short"]}

    @app.context_processor
    def _standard():
        return {"standard_url": site_url("zwfw", "/")}

    @app.get("/")
    def home():
        return render_template("zlb/home.html", tiles=[tile(i) for i in _hot_items(cat.items_for("个人"), 8)],
                               advert=sandbox().defect("elderly_popup"))

    @app.get("/search")
    def search():
        q = request.args.get("q", "").strip()[:100]
        found = searched(sandbox(), q, elder=True)
        return render_template("zlb/search.html", q=q, tiles=[tile(i) for i in found[:20]], total=len(found))

    @app.get("/item/<no>")
    def item(no: str):
        record = published(sandbox(), ids.item(no) or abort(404, "未找到该事项。"))
        online = None
        if can_apply_online(record):
            online = (site_url("ywxt", f"/login?item={record['id']}") if sandbox().defect("external_hop")
                      else site_url("zwfw", f"/#/apply/{no}"))
        return render_template("zlb/item.html", item=record, dept=cat.dept_of(record), visits=visits_text(record),
                               materials=record["guide"].get("materials", []), windows=record["guide"]["windows"],
                               phones=not sandbox().defect("guide_missing_elements"), online=online,
                               standard_url=site_url("zwfw", f"/#/item/{no}"))

    @app.get("/my")
    def my():
        if current_user() is None:
            return redirect("/auth/login?" + urlencode({"next": "/my"}))
        rows = [{"no": r["no"], "item": r["item_name"], "status": shown_status(r["status"])}
                for r in sandbox().db.applications_of(current_user()["username"])]
        return render_template("zlb/my.html", rows=rows)

    return app
