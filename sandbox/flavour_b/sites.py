"""Flavour-B department and city sites: OAuth2 sign-in through tyrz, and a different way to the
unified entry: a floating 办事大厅 button (departments) or a 政务服务 link in the footer (cities).

办事指南 (nav) → /col/bszn → /art/bszn/<id>.html: the site's own copy of its guides (数据同源; defect
stale_copy: department sites serve an outdated one).

Under entry_buried the department sites drop the floating button; the portal is then only reached
through 信息公开 → 专题专栏 → 更多 → 便民服务 → 网上办事 → 进入办事大厅 (6 clicks)."""
from __future__ import annotations

from flask import Flask, abort, render_template

from ..catalogue import can_apply_online
from ..guides import site_copy, site_item, site_items
from ..site_defects import install_site_defects
from ..state import Sandbox
from ..util import site_url
from .common import install_oauth_client, make_app

NEWS = [("全省政务服务“一网通办”工作推进会召开", "2025-11-18"), ("“高效办成一件事”新增12个主题套餐", "2025-11-12"),
        ("政务服务好差评季度通报发布", "2025-11-05")]


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
    install_oauth_client(app, install_site_defects(app, state, label, register_template="site_register.html",
                                                   callback_endpoint="oauth_callback"))

    def page(heading, entries, intro=None):
        return render_template("site_page.html", heading=heading, entries=entries, intro=intro)

    @app.get("/")
    def home():
        return render_template("site_home.html", news=NEWS)

    @app.get("/col/bszn")
    def guides():
        """办事指南 (nav): the site's own copy of its items' guides (数据同源), a CMS column of articles."""
        return render_template("site_guides.html", items=site_items(state, kind, code))

    @app.get("/art/bszn/<item_id>.html")
    def guide_copy(item_id: str):
        item = site_item(state, kind, code, item_id) or abort(404, "文章不存在。")
        copy = site_copy(state, item, kind)
        portal_url = site_url("zwfw", f"/guide/detail?matterId={item_id}")
        return render_template("site_guide.html", item=copy, g=copy["guide"], dept=cat.dept_of(item),
                               portal_url=portal_url, online=can_apply_online(item))

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

    return app
