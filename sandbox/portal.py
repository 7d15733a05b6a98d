"""江澜省政务服务网 (host ``zwfw``): home, search, channels, guides, downloads, online application,
办件查询, 我的办件, 好差评, and the sandbox-only control endpoints under ``/__sandbox__/``."""
from __future__ import annotations

import hashlib
import io
import time

from flask import Flask, abort, make_response, redirect, render_template, request, send_file, url_for

from . import downloads
from .catalogue import can_apply_online, required_materials
from .common import (MAX_UPLOAD, current_user, install_sso_client, login_required_redirect, make_app, sandbox,
                     sign_out)
from .control import install_control
from .elder import install_elder_password
from .guides import published
from .portal_assist import install_assistant
from .portal_booking import install_booking
from .portal_user import USER_TABS, install_user_centre
from .search import search as run_search
from .state import Sandbox
from .util import safe_next, site_url

TITLE = "江澜省政务服务网"
HOT_WORDS = ["社保卡", "身份证", "营业执照", "公积金提取", "护照", "居住证", "失业金", "新生儿上户口"]
GUIDE_TABS = [("basic", "基本信息"), ("place", "办理地点和时间"), ("materials", "申请材料"),
              ("flow", "办理流程"), ("fee", "收费标准"), ("basis", "设定依据")]
LEVELS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
BAD_LEVELS = {"不满意", "非常不满意"}
TAGS = ["办事便捷", "一次办成", "服务热情", "材料简便", "等待时间长", "材料繁琐", "多次跑动", "态度生硬"]
# status_wrong: what 办件查询 shows instead of the real status
WRONG_STATUS = {"已提交": "已办结", "已受理": "已提交", "已办结": "已受理"}
UPLOAD_KINDS = {".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}
MAGIC = {"pdf": b"%PDF-", "jpg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
SLOW_SEARCH_SECONDS = 2.5
# the pages that need the sign-in (defect elder_second_password asks the password again on them)
ELDER_GATED = {"my", "my_licences", "my_bookings", "my_subscriptions", "my_subscribe", "my_unsubscribe", "apply",
               "receipt", "status", "review", "booking", "booking_submit", "booking_result"}


def _hot_items(items: list[dict], limit: int = 12) -> list[dict]:
    """Round robin over departments so the home page shows a spread of items."""
    by_dept: dict[str, list[dict]] = {}
    for item in items:
        by_dept.setdefault(item.get("dept", ""), []).append(item)
    out: list[dict] = []
    while len(out) < limit and any(by_dept.values()):
        for queue in by_dept.values():
            if queue and len(out) < limit:
                out.append(queue.pop(0))
    return out


def searched(state: Sandbox, q: str, elder: bool = False) -> list[dict]:
    """The catalogue search as every flavour's portal runs it, with the search defects: search_500 (HTTP
    500), flaky_search (every other call 503), slow_search (+2.5 s), search_miss (full names only), and in
    the 长辈版 (`elder`) elder_slow_search (+2.5 s)."""
    if state.defect("search_500"):
        abort(500, "搜索服务暂时不可用。")
    if state.defect("flaky_search") and state.next_flaky_failure("search"):
        abort(503, "搜索服务繁忙，请稍后再试。")
    if state.defect("slow_search") or (elder and state.defect("elder_slow_search")):
        time.sleep(SLOW_SEARCH_SECONDS)
    return run_search(state.catalogue.items, q, exact_only=state.defect("search_miss"))


def search_args() -> tuple[str, int]:
    """q and page of a JSON search call (flavours B and C); a page that is not a positive number is a 400."""
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        abort(400, "page 应为正整数。")
    return request.args.get("q", "").strip()[:100], page


def check_upload(storage, reject_pdf: bool) -> tuple[str | None, dict | None]:
    """(error, meta) for one uploaded material: extension AND magic bytes, ≤ 5 MB."""
    if storage is None or not storage.filename:
        return "请上传该材料。", None
    filename = storage.filename
    ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = UPLOAD_KINDS.get(ext)
    if kind is None:
        return "文件格式不支持，仅支持 PDF、JPG、PNG 格式。", None
    if reject_pdf and kind == "pdf":
        return "文件格式不支持", None
    data = storage.stream.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return "文件大小超过 5MB，请压缩后重新上传。", None
    if not data:
        return "文件为空，请重新选择。", None
    if not data.startswith(MAGIC[kind]):
        return "文件内容与扩展名不符，文件格式不支持。", None
    return None, {"filename": filename, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def create_portal_app(state: Sandbox) -> Flask:
    app = make_app(state, "zwfw", kind="portal", title=TITLE)
    install_control(app, "a")
    cat = state.catalogue

    def after_validate(user, nxt):
        if sandbox().defect("sso_loop"):   # the session is lost: back to the IdP, forever
            sign_out()
            return redirect(url_for("login", next=nxt))
        return None

    install_sso_client(app, "ZWFW", after_validate)

    def owned_application(no: str) -> dict | None:
        record = sandbox().db.application(no)
        user = current_user()
        if record is None or user is None or record["username"] != user["username"]:
            return None
        return record

    # home and modes -----------------------------------------------------------------------
    @app.get("/")
    def home():
        audiences = [("personal", "个人服务", _hot_items(cat.items_for("个人"))),
                     ("legal", "法人服务", _hot_items(cat.items_for("法人")))]
        return render_template("portal/home.html", active="home", hide_header_search=True, hot_words=HOT_WORDS,
                               audiences=audiences, popup=sandbox().defect("elderly_popup"))

    @app.get("/mode/<mode>")
    def mode(mode: str):
        response = make_response(redirect(safe_next(request.args.get("next"), "/")))
        year = 365 * 24 * 3600
        if mode == "elder":
            response.set_cookie("elder", "1", max_age=year, samesite="Lax")
        elif mode == "standard":
            response.delete_cookie("elder")
        elif mode == "a11y":
            if request.cookies.get("a11y") == "1":
                response.delete_cookie("a11y")
            else:
                response.set_cookie("a11y", "1", max_age=year, samesite="Lax")
        else:
            abort(404)
        return response

    # search ---------------------------------------------------------------------------------
    @app.get("/search")
    def search():
        q = request.args.get("q", "").strip()[:100]
        results = searched(sandbox(), q, elder=request.cookies.get("elder") == "1")
        return render_template("portal/search.html", q=q, results=results, hot_words=HOT_WORDS)

    # channels -------------------------------------------------------------------------------
    def audience_groups(items):
        return [("个人事项", [i for i in items if i.get("audience") == "个人"]),
                ("法人事项", [i for i in items if i.get("audience") == "法人"])]

    @app.get("/personal")
    def personal():
        return render_template("portal/channel.html", active="personal", heading="个人服务",
                               groups=[("个人事项", cat.items_for("个人"))],
                               intro="面向自然人的生育收养、户籍办理、社会保障、就业创业等服务。")

    @app.get("/legal")
    def legal():
        return render_template("portal/channel.html", active="legal", heading="法人服务",
                               groups=[("法人事项", cat.items_for("法人"))],
                               intro="面向企业和社会组织的设立变更、资质认定、经营许可等服务。")

    @app.get("/dept/<code>")
    def dept(code: str):
        department = cat.dept_by_code.get(code) or abort(404, "未找到该部门。")
        return render_template("portal/channel.html", heading=department["name"] + "办事服务",
                               groups=audience_groups(cat.items_of_dept(code)),
                               site_link={"url": site_url(department["host"], "/"),
                                          "text": f"访问{department['short']}门户网站"})

    @app.get("/city/<code>")
    def city(code: str):
        town = cat.city_by_code.get(code) or abort(404, "未找到该城市站点。")
        return render_template("portal/channel.html", heading=town["name"] + "办事服务",
                               intro=f"{town['name']}分站点：省级事项在{town['name']}同城通办。",
                               groups=audience_groups(cat.items_of_city(code)),
                               site_link={"url": site_url(code, "/"), "text": f"访问{town['name']}政府门户网站"})

    # guides and downloads --------------------------------------------------------------------
    @app.get("/item/<item_id>")
    def item(item_id: str):
        record = published(sandbox(), cat.item_by_id.get(item_id) or abort(404, "未找到该事项。"))
        online_url = None
        if can_apply_online(record):
            online_url = (site_url("ywxt", f"/login?item={item_id}") if sandbox().defect("external_hop")
                          else url_for("apply", item_id=item_id))
        return render_template("portal/item.html", item=record, dept=cat.dept_of(record), tabs=GUIDE_TABS,
                               online_url=online_url, booking_url=url_for("booking", item_id=item_id), show_all=not sandbox().defect("guide_missing_elements"))

    @app.get("/download/<item_id>/<int:n>/<variant>")
    def download(item_id: str, n: int, variant: str):
        record = cat.item_by_id.get(item_id)
        materials = record["guide"].get("materials", []) if record else []
        if variant not in ("blank", "sample") or not 1 <= n <= len(materials):
            abort(404, "文件不存在。")
        material = materials[n - 1]
        filename = material.get(variant) if material.get("is_form") else None
        kind = downloads.kind_of(filename or "")
        if not filename or kind is None:
            abort(404, "文件不存在。")
        if variant == "blank" and sandbox().defect("broken_download"):
            abort(404, "文件不存在。")
        data = downloads.render(kind, material["名称"], record["name"], record["impl_code"], variant)
        return send_file(io.BytesIO(data), mimetype=downloads.CONTENT_TYPES[kind], as_attachment=True,
                         download_name=filename, max_age=0)

    # online application ----------------------------------------------------------------------
    @app.route("/apply/<item_id>", methods=["GET", "POST"])
    def apply(item_id: str):
        record = cat.item_by_id.get(item_id) or abort(404, "未找到该事项。")
        if not can_apply_online(record):
            abort(404, "该事项暂不支持在线办理，请到窗口办理。")
        gate = login_required_redirect()
        if gate:
            return gate
        user = current_user()
        materials = required_materials(record)
        form = {"address": "", "reason": ""}
        errors: dict[str, str] = {}
        if request.method == "POST":
            if sandbox().defect("submit_500"):
                abort(500, "系统繁忙，提交失败。")
            form = {k: request.form.get(k, "").strip()[:200] for k in form}
            if not form["address"]:
                errors["address"] = "请填写联系地址。"
            if not form["reason"]:
                errors["reason"] = "请填写申请事由。"
            uploads = []
            for n, material in materials:
                key = f"material_{n}"
                error, meta = check_upload(request.files.get(key), sandbox().defect("upload_rejects_pdf"))
                if error:
                    errors[key] = error
                else:
                    uploads.append({"material": material["名称"], **meta})
            if not errors:
                no = sandbox().db.create_application(impl_code=record["impl_code"], item=record, user=user,
                                                     address=form["address"], reason=form["reason"],
                                                     uploads=uploads)
                return redirect(url_for("receipt", no=no))
        status = 400 if errors else 200
        return render_template("portal/apply.html", item=record, materials=materials, form=form,
                               errors=errors), status

    @app.get("/receipt/<no>")
    def receipt(no: str):
        gate = login_required_redirect()
        if gate:
            return gate
        record = owned_application(no) or abort(404, "未查询到该办件。")
        return render_template("portal/receipt.html", app=record, uploads=sandbox().db.uploads_of(no))

    @app.route("/status", methods=["GET", "POST"])
    def status():
        gate = login_required_redirect()
        if gate:
            return gate
        ctx = {"active": "status", "searched": False, "app": None}
        if request.method == "POST":
            no = request.form.get("no", "").strip()
            name = request.form.get("name", "").strip()
            ctx.update(searched=True, no=no, name=name)
            record = sandbox().db.application(no) if no else None
            if sandbox().defect("status_leaks_other"):
                visible = record is not None
            else:
                visible = (record is not None and record["username"] == current_user()["username"]
                           and record["name"] == name)
            if visible:
                shown = record["status"]
                if sandbox().defect("status_wrong"):
                    shown = WRONG_STATUS[shown]
                ctx.update(app=record, shown_status=shown)
        return render_template("portal/status.html", **ctx)

    @app.get("/my")
    def my():
        gate = login_required_redirect()
        if gate:
            return gate
        return render_template("portal/my.html", active="my", tabs=USER_TABS, tab="my",
                               apps=sandbox().db.applications_of(current_user()["username"]),
                               review_channel=not sandbox().defect("review_missing"))

    @app.route("/review/<no>", methods=["GET", "POST"])
    def review(no: str):
        if sandbox().defect("review_missing"):
            abort(404)
        gate = login_required_redirect()
        if gate:
            return gate
        db = sandbox().db
        record = owned_application(no) or abort(404, "未查询到该办件。")
        error = None
        if request.method == "POST" and record["status"] == "已办结" and db.review(no) is None:
            level = request.form.get("level", "")
            tags = [t for t in request.form.getlist("tags") if t in TAGS]
            comment = request.form.get("comment", "").strip()[:500]
            if level not in LEVELS:
                error = "请选择评价等级。"
            else:
                db.add_review(no, level, tags, comment, followup=level in BAD_LEVELS)
                return redirect(url_for("review", no=no))
        followup = None if sandbox().defect("followup_hidden") else db.followup(no)
        return render_template("portal/review.html", app=record, review=db.review(no), followup=followup,
                               levels=LEVELS, tags=TAGS, error=error,
                               dept_name=cat.dept_of(cat.item_by_id.get(record["item_id"], {})).get("name", "承办部门")), \
            (400 if error else 200)

    install_assistant(app)
    install_booking(app)
    install_user_centre(app)
    install_elder_password(app, path="/elder/login", is_elder=lambda: request.cookies.get("elder") == "1",
                           gated=ELDER_GATED, template="portal/elder_login.html")
    return app
