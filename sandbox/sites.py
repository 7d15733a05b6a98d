"""Department sites (one generic app per department), city sites (lz, yc) and ``ywxt``, a department's
own business system that keeps its own accounts (only reached under defect external_hop)."""
from __future__ import annotations

from flask import Flask, abort, redirect, render_template, request, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from .catalogue import can_apply_online
from .common import current_user, install_sso_client, make_app, sandbox, sign_in, sign_out
from .guides import site_copy, site_item, site_items
from .site_defects import install_site_defects
from .state import Sandbox
from .util import site_url

NEWS = [("全省政务服务“一网通办”工作推进会召开", "2025-11-18"), ("“高效办成一件事”新增12个主题套餐", "2025-11-12"),
        ("政务服务好差评季度通报发布", "2025-11-05"), ("适老化和无障碍改造专项行动启动", "2025-10-28")]
NOTICES = [("关于系统升级维护的公告", "2025-11-20"), ("2025年第四季度政务公开工作要点", "2025-11-01"),
           ("关于优化办事指南要素的通知", "2025-10-22")]


def _site_pages(app: Flask, portal_path: str) -> None:
    """Pages shared by department and city sites, including the long path of defect entry_buried:
    政务公开 → 专题专栏 → 更多专栏 → 便民服务 → 网上办事大厅 → 进入 (6 clicks from the home page)."""

    def page(heading, crumbs, entries, intro=None, active="zwgk"):
        return render_template("site/page.html", heading=heading, crumbs=crumbs, entries=entries, intro=intro,
                               active=active)

    @app.get("/")
    def home():
        return render_template("site/home.html", active="home", news=NEWS, notices=NOTICES)

    @app.get("/my")
    def my():
        return render_template("site/my.html")

    @app.get("/zwgk")
    def zwgk():
        return page("政务公开", ["政务公开"], [{"text": "机构概况"}, {"text": "政策文件"}, {"text": "规划信息"},
                                          {"text": "专题专栏", "url": "/zwgk/ztzl"}, {"text": "统计信息"}])

    @app.get("/zwgk/ztzl")
    def zwgk_ztzl():
        return page("专题专栏", ["政务公开", "专题专栏"], [{"text": "优化营商环境"}, {"text": "乡村振兴"},
                                                   {"text": "更多专栏", "url": "/zwgk/ztzl/more"}])

    @app.get("/zwgk/ztzl/more")
    def zwgk_more():
        return page("更多专栏", ["政务公开", "专题专栏", "更多专栏"],
                    [{"text": "安全生产"}, {"text": "法治政府建设"}, {"text": "便民服务", "url": "/bmfw"},
                     {"text": "双随机一公开"}])

    @app.get("/bmfw")
    def bmfw():
        return page("便民服务", ["便民服务"], [{"text": "办事指南下载"}, {"text": "常见问题"},
                                          {"text": "网上办事大厅", "url": "/bmfw/wsbsdt"}], active="")

    @app.get("/bmfw/wsbsdt")
    def bmfw_hall():
        return page("网上办事大厅", ["便民服务", "网上办事大厅"],
                    [{"text": "进入", "url": site_url("zwfw", portal_path)}],
                    intro="本单位政务服务事项已统一在江澜省政务服务网办理。", active="")

    @app.get("/hdjl")
    def hdjl():
        return page("互动交流", ["互动交流"], [{"text": "领导信箱"}, {"text": "在线咨询"}, {"text": "意见征集"}],
                    intro="咨询投诉请拨打政务服务便民热线 12345。", active="hdjl")


def _guide_copies(app: Flask, state: Sandbox, kind: str, code: str) -> None:
    """The site's own copy of the guides of its items (数据同源, C3-2/C3-3): nav link 办事指南 → /bsfw (a
    list of links named by the items) → /bsfw/item/<id>, in the site's own markup (sections with h2
    headings, th/td tables). Defect stale_copy: department sites serve an outdated copy."""

    @app.get("/bsfw")
    def guides():
        return render_template("site/guides.html", items=site_items(state, kind, code), active="bsfw")

    @app.get("/bsfw/item/<item_id>")
    def guide_copy(item_id: str):
        item = site_item(state, kind, code, item_id) or abort(404, "未找到该事项。")
        copy = site_copy(state, item, kind)
        portal_url = site_url("zwfw", f"/item/{item_id}")
        return render_template("site/guide.html", item=copy, g=copy["guide"], dept=state.catalogue.dept_of(item),
                               online_url=portal_url if can_apply_online(item) else None, portal_url=portal_url,
                               active="bsfw")


def create_site_app(state: Sandbox, *, kind: str, code: str) -> Flask:
    """A department (kind='dept') or city (kind='city') site trusting the national IdP."""
    cat = state.catalogue
    if kind == "dept":
        dept = cat.dept_by_code[code]
        label, title, servicecode = dept["host"], dept["name"], f"DEPT_{code.upper()}"
        portal_path = f"/dept/{code}"
        logo = dept["short"][1:2]
        hide_entry = state.defect("entry_buried")
    else:
        city = cat.city_by_code[code]
        label, title, servicecode = code, city["name"] + "人民政府", f"CITY_{code.upper()}"
        portal_path = f"/city/{code}"
        logo = city["name"][:1]
        hide_entry = False
    site_code = 3900000100 + sorted(state.services).index(servicecode)
    app = make_app(state, label, kind=kind, title=title, logo=logo, portal_path=portal_path,
                   portal_link=not hide_entry, english="Jianglan Province" if kind == "dept" else "People's Government",
                   motto="服务人民　公开透明　依法行政", site_code=site_code, icp_no=site_code % 100)

    after_validate = install_site_defects(app, state, label, register_template="site/register.html",
                                          callback_endpoint="sso_callback")
    install_sso_client(app, servicecode, after_validate)
    _site_pages(app, portal_path)
    _guide_copies(app, state, kind, code)
    return app


def create_ywxt_app(state: Sandbox) -> Flask:
    """部门业务系统: its own 用户名/密码 accounts, not the national IdP (the 进多站、跑多网 of C1-1)."""
    app = make_app(state, "ywxt", kind="ywxt", title="江澜省部门业务办理系统")

    @app.get("/")
    def home():
        return redirect(url_for("login"))

    @app.route("/login", methods=["GET", "POST"])
    def login():
        item_id = request.values.get("item", "")
        error = None
        if request.method == "POST":
            username = request.form.get("username", "").strip()
            account = sandbox().db.site_account("ywxt", username)
            if account and check_password_hash(account["pw_hash"], request.form.get("password", "")):
                sign_in({"username": username, "name": username})
                return redirect(url_for("apply", item=item_id))
            error = "用户名或密码错误。本系统账号与统一身份认证账号不通用，请先注册本系统账号。"
        return render_template("ywxt/login.html", item_id=item_id, error=error), (401 if error else 200)

    @app.route("/register", methods=["GET", "POST"])
    def register():
        item_id = request.values.get("item", "")
        error = None
        if request.method == "POST":
            username = request.form.get("username", "").strip()
            password = request.form.get("password", "")
            if len(username) < 4 or len(password) < 8:
                error = "用户名至少4位，密码至少8位。"
            elif not sandbox().db.add_site_account("ywxt", username, generate_password_hash(password), None):
                error = "该用户名已被注册。"
            else:
                return redirect(url_for("login", item=item_id))
        return render_template("ywxt/register.html", item_id=item_id, error=error), (400 if error else 200)

    @app.get("/apply")
    def apply():
        if current_user() is None:
            return redirect(url_for("login", item=request.args.get("item", "")))
        item = sandbox().catalogue.item_by_id.get(request.args.get("item", ""))
        return render_template("ywxt/apply.html", item=item)

    @app.get("/logout")
    def logout():
        sign_out()
        return redirect(url_for("login"))

    return app
