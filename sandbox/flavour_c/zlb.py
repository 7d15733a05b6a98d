"""江澜省政务服务网长辈版 (host ``zlb``), linked from the portal home as 长辈版: big type (body 20 px, nothing
under 18 px), contrast ≥ 7:1 for body text, every control at least 48 px, no pop-ups.

    GET /              常用服务 tiles, 搜索, 12345, 返回标准版 (the portal)
    GET /search?q=     results as big tiles (the portal's search, with its defects)
    GET /item/<no>     a short guide (办理部门, 承诺期限, 跑动次数, 所需材料, 咨询电话) with 在线办理 on the portal
Defect elderly_popup: the home shows an advert built from plain divs (a mask and a box, no ARIA role,
a 关闭 "×" that is a div named only by title)."""
from __future__ import annotations

from flask import Flask, abort, render_template, request

from ..catalogue import can_apply_online
from ..portal import _hot_items, searched
from ..state import Sandbox
from ..util import site_url
from .common import make_app, sandbox
from .guide import visits_text

TITLE = "江澜省政务服务网长辈版"


def create_zlb_app(state: Sandbox) -> Flask:
    app = make_app(state, "zlb", kind="zlb", title=TITLE)
    cat, ids = state.catalogue, state.item_ids

    def tile(item: dict) -> dict:
        return {"no": ids.no_of[item["id"]], "name": item["name"], "dept": cat.dept_of(item)["short"]}

    @app.get("/")
    def home():
        return render_template("zlb/home.html", tiles=[tile(i) for i in _hot_items(cat.items_for("个人"), 8)],
                               standard_url=site_url("zwfw", "/"), advert=sandbox().defect("elderly_popup"))

    @app.get("/search")
    def search():
        q = request.args.get("q", "").strip()[:100]
        found = searched(sandbox(), q)
        return render_template("zlb/search.html", q=q, tiles=[tile(i) for i in found[:20]], total=len(found),
                               standard_url=site_url("zwfw", "/"))

    @app.get("/item/<no>")
    def item(no: str):
        record = ids.item(no) or abort(404, "未找到该事项。")
        online = None
        if can_apply_online(record):
            online = (site_url("ywxt", f"/login?item={record['id']}") if sandbox().defect("external_hop")
                      else site_url("zwfw", f"/#/apply/{no}"))
        return render_template("zlb/item.html", item=record, dept=cat.dept_of(record), visits=visits_text(record),
                               materials=record["guide"].get("materials", []), windows=record["guide"]["windows"],
                               phones=not sandbox().defect("guide_missing_elements"), online=online,
                               standard_url=site_url("zwfw", f"/#/item/{no}"))

    return app
