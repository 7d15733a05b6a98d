"""Flavour-C department and city sites: heading = the site's name, 登录 through uias (SSO: no password
the second time), NO 个人中心 (the signed-in name shows in the header of every page), and the way to the
unified portal is an image link opening a new tab: <img alt="江澜省政务服务网"> on department sites (to the
portal's #/dept/<code>), <img alt="网上办事大厅"> on city sites (to #/city/<code>).

便民服务 → 办事指南 (/bmfw/bszn, a list) → /bmfw/bszn/<12-digit no>: the site's own copy of its items' guides
(数据同源; defect stale_copy: department sites serve an outdated one).

Under entry_buried the department sites lose the image link; the portal is then only reached through
政务公开 → 专题专栏 → 更多专栏 → 便民服务 → 网上办事 → 进入网上办事大厅 (6 clicks, the last one a new tab)."""
from __future__ import annotations

from flask import Flask, abort, render_template

from ..catalogue import can_apply_online
from ..guides import site_copy, site_item, site_items
from ..site_defects import install_site_defects
from ..state import Sandbox
from ..util import site_url
from .common import install_uias_client, make_app
from .guide import visits_text

NEWS = [("省政府召开全省优化营商环境工作会议", "2025-11-26"), ("“一件事一次办”改革成效显著", "2025-11-19"),
        ("2025年政务公开工作要点解读", "2025-11-08"), ("适老化改造：长辈版上线", "2025-10-30")]


def create_site_app(state: Sandbox, *, kind: str, code: str) -> Flask:
    cat = state.catalogue
    if kind == "dept":
        dept = cat.dept_by_code[code]
        label, title, route, alt = dept["host"], dept["name"], f"/#/dept/{code}", "江澜省政务服务网"
        buried = state.defect("entry_buried")
        app_id = f"jl_dept_{code}"
    else:
        label, title, route, alt = code, cat.city_by_code[code]["name"] + "人民政府", f"/#/city/{code}", "网上办事大厅"
        buried = False
        app_id = f"jl_city_{code}"
    app = make_app(state, label, kind=kind, title=title)
    install_uias_client(app, app_id, after_validate=install_site_defects(
        app, state, label, register_template="site/register.html", callback_endpoint="auth_callback"))

    @app.context_processor
    def _buried():   # buried: 便民服务 is not in the main navigation either, only at the end of 政务公开's maze
        return {"entry_buried": buried}

    def page(heading: str, crumbs: list[str], entries: list[dict], intro: str | None = None):
        return render_template("site/page.html", heading=heading, crumbs=crumbs, entries=entries, intro=intro)

    @app.get("/")
    def home():
        entry = None if buried else {"url": site_url("zwfw", route), "alt": alt}
        return render_template("site/home.html", news=NEWS, entry=entry)

    @app.get("/zwgk")
    def zwgk():
        return page("政务公开", ["政务公开"], [{"text": "机构职能"}, {"text": "政策文件"},
                                          {"text": "专题专栏", "url": "/zwgk/ztzl"}, {"text": "统计数据"}])

    @app.get("/zwgk/ztzl")
    def ztzl():
        return page("专题专栏", ["政务公开", "专题专栏"], [{"text": "优化营商环境"}, {"text": "乡村振兴"},
                                                   {"text": "更多专栏", "url": "/zwgk/ztzl/more"}])

    @app.get("/zwgk/ztzl/more")
    def ztzl_more():
        return page("更多专栏", ["政务公开", "专题专栏", "更多专栏"],
                    [{"text": "安全生产"}, {"text": "便民服务", "url": "/bmfw"}, {"text": "法治政府建设"}])

    @app.get("/bmfw")
    def bmfw():
        return page("便民服务", ["便民服务"], [{"text": "常见问题"}, {"text": "网上办事", "url": "/bmfw/wsbs"},
                                          {"text": "办事指南", "url": "/bmfw/bszn"}])

    @app.get("/bmfw/bszn")
    def guides():
        return page("办事指南", ["便民服务", "办事指南"],
                    [{"text": i["name"], "url": f"/bmfw/bszn/{state.item_ids.no_of[i['id']]}"}
                     for i in site_items(state, kind, code)], intro="本单位政务服务事项办事指南。")

    @app.get("/bmfw/bszn/<no>")
    def guide_copy(no: str):
        item = state.item_ids.item(no)
        item = site_item(state, kind, code, item["id"]) if item else None
        if item is None:
            abort(404, "未找到该事项。")
        copy = site_copy(state, item, kind)
        return render_template("site/guide.html", item=copy, g=copy["guide"], dept=cat.dept_of(item),
                               visits=visits_text(copy), portal_url=site_url("zwfw", f"/#/item/{no}"),
                               online=can_apply_online(item))

    @app.get("/bmfw/wsbs")
    def wsbs():
        return page("网上办事", ["便民服务", "网上办事"],
                    [{"text": "进入网上办事大厅", "url": site_url("zwfw", route), "new_tab": True}],
                    intro="本单位政务服务事项已统一在江澜省政务服务网办理。")

    @app.get("/hdjl")
    def hdjl():
        return page("互动交流", ["互动交流"], [{"text": "领导信箱"}, {"text": "在线咨询"}, {"text": "意见征集"}],
                    intro="咨询投诉请拨打政务服务便民热线 12345。")

    return app
