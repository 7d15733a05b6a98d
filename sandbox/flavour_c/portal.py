"""江澜省政务服务网, flavour C (host ``zwfw``): one HTML shell and a hash-route SPA (static/spa/*.js)
rendering views from JSON APIs. Document loads happen only for sign-in (/auth/…) and downloads.

    GET /                          the shell (views: #/, #/search?q=&page=, #/theme/<personal|legal>,
                                   #/dept/<code>, #/city/<code>, #/item/<no>, #/apply/<no>, #/user,
                                   #/user/matters, #/user/licences, #/user/bookings, #/user/subscriptions, #/booking/<no>,
                                   #/query)
    GET /api/session               signed-in state for the header
    GET /api/home, /api/items, /api/search?q=&page=, /api/channel/<kind>/<code>, /api/items/<no>
    GET /guide/place/<no>          the 办理地点及时间 page the guide shows in an iframe (framable by the
                                   portal itself only)
    GET /files/<no>/<n>/<blank|sample>
    apply, 个人中心, 网上预约 and 办件查询 APIs: sandbox/flavour_c/apply.py, services.py, query.py
"""
from __future__ import annotations

import io
import math
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, render_template, send_file

from .. import downloads
from ..catalogue import can_apply_online
from ..common import content_security_policy, current_user
from ..control import install_control
from ..guides import published
from ..portal import _hot_items, search_args, searched
from ..state import Sandbox
from ..util import mask_name, site_url
from . import guide as g
from .apply import install_apply_api
from .common import install_uias_client, make_app, sandbox
from .query import install_query_api
from .services import install_services_api

TITLE = "江澜省政务服务网"
HOT_WORDS = ["社保卡", "身份证", "营业执照", "公积金提取", "护照", "失业金"]
PAGE_SIZE = 10
NOTICES = [("关于政务服务网系统升级的公告", "2025-12-01"), ("“高效办成一件事”新增12个主题套餐", "2025-11-18"),
           ("政务服务好差评季度通报", "2025-11-05")]


def create_portal_app(state: Sandbox) -> Flask:
    app = make_app(state, "zwfw", kind="portal", title=TITLE)
    cat, ids = state.catalogue, state.item_ids

    def sso_loop(user, nxt):
        """Defect sso_loop: the sign-in is never kept, so the callback sends the citizen back to the IdP
        (which answers silently), forever."""
        return redirect("/auth/login?" + urlencode({"next": nxt}))

    install_uias_client(app, "jl_zwfw", landing=lambda route: "/#" + route,
                        after_validate=sso_loop if state.defect("sso_loop") else None)
    install_apply_api(app)
    install_query_api(app)
    install_services_api(app)
    install_control(app, "c")

    def summary(item: dict) -> dict:
        return {"itemId": ids.no_of[item["id"]], "name": item["name"], "dept": cat.dept_of(item)["name"],
                "online": can_apply_online(item)}

    def item_or_404(no: str) -> dict:
        return ids.item(no) or abort(404, "未找到该事项。")

    @app.get("/")
    def shell():
        return render_template("zwfw/index.html", elder_url=site_url("zlb", "/"), assistant_url=site_url("znkf", "/"),
                               register_url=site_url("uias", "/register"),
                               notice_every_view=sandbox().defect("notice_every_view"))

    @app.get("/api/session")
    def api_session():
        user = current_user()
        return jsonify(signedIn=user is not None, name=mask_name(user["name"]) if user else None)

    @app.get("/api/home")
    def api_home():
        return jsonify(hotWords=HOT_WORDS, notices=[{"title": t, "date": d} for t, d in NOTICES],
                       personal=[summary(i) for i in _hot_items(cat.items_for("个人"), 8)],
                       legal=[summary(i) for i in _hot_items(cat.items_for("法人"), 8)],
                       departments=[{"code": d["code"], "name": d["name"]} for d in cat.departments],
                       cities=[{"code": c["code"], "name": c["name"]} for c in cat.cities])

    @app.get("/api/items")
    def api_items():
        """The id mapping a profile lists guides from: 12-digit itemId ↔ catalogue code."""
        return jsonify(list=[{"itemId": ids.no_of[i["id"]], "code": i["id"], "name": i["name"]} for i in cat.items])

    @app.get("/api/search")
    def api_search():
        q, page = search_args()
        found = searched(sandbox(), q)
        chunk = found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
        return jsonify(q=q, total=len(found), page=page, pageSize=PAGE_SIZE,
                       pages=max(1, math.ceil(len(found) / PAGE_SIZE)), list=[summary(i) for i in chunk],
                       hotWords=HOT_WORDS)

    @app.get("/api/channel/<kind>/<code>")
    def api_channel(kind: str, code: str):
        if kind == "dept" and code in cat.dept_by_code:
            dept = cat.dept_by_code[code]
            title, items, home = dept["name"], cat.items_of_dept(code), site_url(dept["host"], "/")
        elif kind == "city" and code in cat.city_by_code:
            town = cat.city_by_code[code]
            title, items, home = town["name"], cat.items_of_city(code), site_url(code, "/")
        elif kind == "theme" and code in ("personal", "legal"):
            title = {"personal": "个人办事", "legal": "法人办事"}[code]
            items, home = cat.items_for({"personal": "个人", "legal": "法人"}[code]), None
        else:
            abort(404, "未找到该频道。")
        return jsonify(title=title, kind=kind, siteUrl=home, list=[summary(i) for i in items])

    @app.get("/api/items/<no>")
    def api_item(no: str):
        item = published(sandbox(), item_or_404(no))
        dept = cat.dept_of(item)
        show_all = not sandbox().defect("guide_missing_elements")
        online = None
        if can_apply_online(item):
            online = ({"url": site_url("ywxt", f"/login?item={item['id']}"), "external": True}
                      if sandbox().defect("external_hop") else {"url": f"#/apply/{no}", "external": False})
        return jsonify(itemId=no, code=item["id"], name=item["name"], dept={"code": dept["code"], "name": dept["name"]},
                       audience=item.get("audience", ""), sections=[{"id": k, "title": t} for k, t in g.SECTIONS],
                       basic=g.basic_rows(item, dept, show_all),
                       materials=g.material_rows(item, lambda n, variant: f"/files/{no}/{n}/{variant}"),
                       flow=g.flow_rows(item), fee=[["是否收费", item["guide"].get("收费", "")],
                                                    ["办理依据", item["guide"].get("设定依据", "")]],
                       placeUrl=f"/guide/place/{no}", online=online, bookingUrl=f"#/booking/{no}")

    @app.get("/guide/place/<no>")
    def guide_place(no: str):
        item = item_or_404(no)
        show_all = not sandbox().defect("guide_missing_elements")
        response = app.make_response(render_template("zwfw/place.html", item=item, windows=item["guide"]["windows"],
                                                     columns=g.window_columns(show_all)))
        # this page alone may be framed, and only by the portal itself
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = content_security_policy().replace(
            "frame-ancestors 'none'", "frame-ancestors 'self'")
        return response

    @app.get("/files/<no>/<int:n>/<variant>")
    def download(no: str, n: int, variant: str):
        found = downloads.material_file(item_or_404(no), n, variant, sandbox().defect("broken_download"))
        if found is None:
            abort(404, "文件不存在。")
        data, content_type, filename = found
        return send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=filename, max_age=0)

    return app
