"""江澜省政务服务网, flavour B (host ``zwfw``): another vendor's portal over the shared data layer.

How it differs from flavour A (see sandbox/README.md): search results come from a JSON API rendered
client-side (10 per page, 下一页); guide tabs are plain ``li`` elements; guide fields sit in 4-column
label/value tables and ``dl`` blocks under other labels; sign-in is OAuth2 (tyrz); 在线申办 is a 3-step
wizard with hidden file inputs behind 上传 buttons and 办件编号 BJ+yyyymmdd+6 digits; 办件进度查询 is an
SPA route (/progress/<no> via history.pushState); 好差评 is five clickable stars."""
from __future__ import annotations

import io
import math
import secrets
from datetime import datetime

from flask import Flask, abort, jsonify, make_response, redirect, render_template, request, send_file, url_for

from .. import downloads
from ..catalogue import can_apply_online, required_materials
from ..common import session_data
from ..control import install_control
from ..elder import install_elder_password
from ..guides import published
from ..portal import BAD_LEVELS, LEVELS, TAGS, WRONG_STATUS, _hot_items, check_upload, search_args, searched
from ..state import Sandbox
from ..util import safe_next, site_url
from .common import current_user, install_oauth_client, login_gate, make_app, sandbox, sign_out
from .services import install_appointment, install_robot
from .ucenter import MENU, install_ucenter

TITLE = "江澜省政务服务网"
HOT_WORDS = ["社保卡", "身份证", "营业执照", "公积金提取", "护照", "居住证"]
PAGE_SIZE = 10
TABS = [("jbxx", "基本信息"), ("sqcl", "申请材料"), ("blck", "办理流程"), ("ckxx", "窗口信息"), ("sfyj", "收费及依据")]
# stars 1..5, the title each star shows (worst first, as on most portals)
STARS = list(reversed(LEVELS))
# the pages that need the sign-in (defect elder_second_password asks the password again on them in 关怀版)
CARE_GATED = {"wizard", "wizard_upload", "wizard_confirm", "result", "progress", "matters", "evaluate", "user_licences",
              "user_appointments", "user_subscribe", "user_unsubscribe", "appoint_hall", "appoint_time",
              "appoint_confirm", "appoint_result"}


def receipt_number(taken) -> str:
    """BJ + yyyymmdd + 6 random digits (flavour A uses 实施编码 + date + sequence)."""
    while True:
        no = "BJ" + datetime.now().strftime("%Y%m%d") + f"{secrets.randbelow(10 ** 6):06d}"
        if not taken(no):
            return no


def material_type(material: dict) -> str:
    """材料类型 as many portals label it (申请表格文书 / 证件证书证明 / 其他)."""
    if material.get("is_form"):
        return "申请表格文书"
    if material.get("来源") == "政府部门核发":
        return "证件证书证明"
    return "其他"


def create_portal_app(state: Sandbox) -> Flask:
    app = make_app(state, "zwfw", kind="portal", title=TITLE)
    install_control(app, "b")   # the control token, as flavour A
    cat = state.catalogue

    def after_validate(user, nxt):
        if sandbox().defect("sso_loop"):   # the session is lost: back to the IdP, forever
            sign_out()
            return redirect(url_for("login", next=nxt))
        return None

    install_oauth_client(app, after_validate)

    def owned(no: str) -> dict | None:
        record = sandbox().db.application(no)
        user = current_user()
        if record is None or user is None or record["username"] != user["username"]:
            return None
        return record

    # home, 关怀模式 ---------------------------------------------------------------------------------
    @app.get("/")
    def home():
        return render_template("home.html", hide_search=True, hot_words=HOT_WORDS, personal=_hot_items(cat.items_for("个人"), 8),
                               legal=_hot_items(cat.items_for("法人"), 8), popup=sandbox().defect("elderly_popup"))

    @app.get("/care/<switch>")
    def care(switch: str):
        response = make_response(redirect(safe_next(request.args.get("back"), "/")))
        if switch == "on":
            response.set_cookie("care", "1", max_age=365 * 24 * 3600, samesite="Lax")
        elif switch == "off":
            response.delete_cookie("care")
        else:
            abort(404)
        return response

    # search: a shell page and the JSON API behind it ------------------------------------------------
    @app.get("/so")
    def so():
        return render_template("search.html", keyword=request.args.get("keyword", "").strip()[:100],
                               hot_words=HOT_WORDS)

    @app.get("/api/search")
    def api_search():
        q, page = search_args()
        found = searched(sandbox(), q, elder=request.cookies.get("care") == "1")
        pages = max(1, math.ceil(len(found) / PAGE_SIZE))
        chunk = found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
        return jsonify(code=0, q=q, total=len(found), page=page, pageSize=PAGE_SIZE, pages=pages, list=[
            {"id": i["id"], "name": i["name"], "dept": cat.dept_of(i)["name"], "audience": i.get("audience", ""),
             "online": can_apply_online(i), "url": url_for("guide", matterId=i["id"])} for i in chunk])

    # channels ---------------------------------------------------------------------------------------
    @app.get("/dept/<code>")
    def dept(code: str):
        department = cat.dept_by_code.get(code) or abort(404, "未找到该部门。")
        return render_template("channel.html", heading=department["name"], kind="部门服务",
                               items=cat.items_of_dept(code), home_url=site_url(department["host"], "/"))

    @app.get("/city/<code>")
    def city(code: str):
        town = cat.city_by_code.get(code) or abort(404, "未找到该城市站点。")
        return render_template("channel.html", heading=town["name"], kind="市县站点",
                               items=cat.items_of_city(code), home_url=site_url(code, "/"))

    # guides and downloads ---------------------------------------------------------------------------
    @app.get("/guide/detail")
    def guide():
        record = published(sandbox(), cat.item_by_id.get(request.args.get("matterId", "")) or abort(404, "未找到该事项。"))
        online_url = None
        if can_apply_online(record):
            online_url = (site_url("ywxt", f"/login?item={record['id']}") if sandbox().defect("external_hop")
                          else url_for("wizard", matterId=record["id"]))
        return render_template("guide.html", item=record, g=record["guide"], dept=cat.dept_of(record), tabs=TABS,
                               online_url=online_url, show_all=not sandbox().defect("guide_missing_elements"),
                               material_type=material_type, appoint_url=url_for("appoint_hall", matterId=record["id"]))

    @app.get("/file/download")
    def download():
        record = cat.item_by_id.get(request.args.get("matterId", ""))
        materials = record["guide"].get("materials", []) if record else []
        kind_arg = request.args.get("type", "")
        try:
            n = int(request.args.get("idx", "0"))
        except ValueError:
            n = 0
        variant = {"kb": "blank", "yb": "sample"}.get(kind_arg)
        if variant is None or not 1 <= n <= len(materials):
            abort(404, "文件不存在。")
        material = materials[n - 1]
        filename = material.get(variant) if material.get("is_form") else None
        kind = downloads.kind_of(filename or "")
        if not filename or kind is None or (variant == "blank" and sandbox().defect("broken_download")):
            abort(404, "文件不存在。")
        data = downloads.render(kind, material["名称"], record["name"], record["impl_code"], variant)
        return send_file(io.BytesIO(data), mimetype=downloads.CONTENT_TYPES[kind], as_attachment=True,
                         download_name=filename, max_age=0)

    # the 3-step application wizard --------------------------------------------------------------------
    def wizard_item():
        record = cat.item_by_id.get(request.args.get("matterId", "")) or abort(404, "未找到该事项。")
        if not can_apply_online(record):
            abort(404, "该事项暂不支持网上申办，请到窗口办理。")
        return record

    def draft_of(item_id: str) -> dict:
        return session_data().setdefault("drafts", {}).setdefault(item_id, {})

    @app.route("/apply/wizard", methods=["GET", "POST"])
    def wizard():
        record = wizard_item()
        gate = login_gate()
        if gate:
            return gate
        draft = draft_of(record["id"])
        form = {"address": draft.get("address", ""), "reason": draft.get("reason", "")}
        errors = {}
        if request.method == "POST":
            form = {k: request.form.get(k, "").strip()[:200] for k in form}
            if not form["address"]:
                errors["address"] = "请填写通讯地址。"
            if not form["reason"]:
                errors["reason"] = "请填写申请原因。"
            if not errors:
                draft.update(form)
                return redirect(url_for("wizard_upload", matterId=record["id"]))
        return render_template("wizard_info.html", item=record, step=1, form=form, errors=errors), \
            (400 if errors else 200)

    @app.route("/apply/wizard/upload", methods=["GET", "POST"])
    def wizard_upload():
        record = wizard_item()
        gate = login_gate()
        if gate:
            return gate
        draft = draft_of(record["id"])
        if not draft.get("address"):
            return redirect(url_for("wizard", matterId=record["id"]))
        materials = required_materials(record)
        errors = {}
        if request.method == "POST":
            uploads = []
            for n, material in materials:
                error, meta = check_upload(request.files.get(f"file{n}"), sandbox().defect("upload_rejects_pdf"))
                if error:
                    errors[n] = error
                else:
                    uploads.append({"material": material["名称"], **meta})
            if not errors:
                draft["uploads"] = uploads
                return redirect(url_for("wizard_confirm", matterId=record["id"]))
        return render_template("wizard_upload.html", item=record, step=2, materials=materials, errors=errors), \
            (400 if errors else 200)

    @app.route("/apply/wizard/confirm", methods=["GET", "POST"])
    def wizard_confirm():
        record = wizard_item()
        gate = login_gate()
        if gate:
            return gate
        draft = draft_of(record["id"])
        if "uploads" not in draft:
            return redirect(url_for("wizard_upload", matterId=record["id"]))
        if request.method == "POST":
            if sandbox().defect("submit_500"):
                abort(500, "系统繁忙，提交失败。")
            no = sandbox().db.create_application(impl_code=record["impl_code"], item=record, user=current_user(),
                                                 address=draft["address"], reason=draft["reason"],
                                                 uploads=draft["uploads"], numbering=receipt_number)
            session_data()["drafts"].pop(record["id"], None)
            return redirect(url_for("result", no=no))
        return render_template("wizard_confirm.html", item=record, step=3, draft=draft)

    @app.get("/apply/result/<no>")
    def result(no: str):
        gate = login_gate()
        if gate:
            return gate
        record = owned(no) or abort(404, "未查询到该办件。")
        return render_template("result.html", app=record, uploads=sandbox().db.uploads_of(no))

    # 办件进度查询: an SPA route -----------------------------------------------------------------------
    @app.get("/progress")
    @app.get("/progress/<no>")
    def progress(no: str = ""):
        gate = login_gate()
        if gate:
            return gate
        return render_template("progress.html", no=no)

    @app.post("/api/progress")
    def api_progress():
        user = current_user()
        if user is None:
            abort(401, "请先登录。")
        body = request.get_json(silent=True) or {}
        no, name = str(body.get("no", "")).strip(), str(body.get("name", "")).strip()
        record = sandbox().db.application(no) if no else None
        if sandbox().defect("status_leaks_other"):
            visible = record is not None
        else:
            visible = record is not None and record["username"] == user["username"] and record["name"] == name
        if not visible:
            return jsonify(code=404, msg="未查到相关办件信息，请核对办件编号和申请人姓名。")
        shown = record["status"]
        if sandbox().defect("status_wrong"):
            shown = WRONG_STATUS[shown]
        pii = sandbox().defect("pii_unmasked")
        from ..util import mask_id, mask_name
        return jsonify(code=0, data={
            "办件编号": record["no"], "事项名称": record["item_name"],
            "申请人": record["name"] if pii else mask_name(record["name"]),
            "证件号码": record["id_number"] if pii else mask_id(record["id_number"]),
            "办件状态": shown, "申请时间": record["created_at"], "更新时间": record["updated_at"]})

    # 个人中心: 我的办件, 好差评 ---------------------------------------------------------------------------
    @app.get("/user/matters")
    def matters():
        gate = login_gate()
        if gate:
            return gate
        return render_template("matters.html", menu=MENU, on="matters",
                               apps=sandbox().db.applications_of(current_user()["username"]),
                               review_channel=not sandbox().defect("review_missing"))

    @app.route("/evaluate/<no>", methods=["GET", "POST"])
    def evaluate(no: str):
        if sandbox().defect("review_missing"):
            abort(404)
        gate = login_gate()
        if gate:
            return gate
        db = sandbox().db
        record = owned(no) or abort(404, "未查询到该办件。")
        error = None
        if request.method == "POST" and record["status"] == "已办结" and db.review(no) is None:
            try:
                score = int(request.form.get("score", "0"))
            except ValueError:
                score = 0
            tags = [t for t in request.form.getlist("tags") if t in TAGS]
            comment = request.form.get("content", "").strip()[:500]
            if not 1 <= score <= 5:
                error = "请点击星星进行评分。"
            else:
                level = STARS[score - 1]
                db.add_review(no, level, tags, comment, followup=level in BAD_LEVELS)
                return redirect(url_for("evaluate", no=no))
        review = db.review(no)
        score = STARS.index(review["level"]) + 1 if review else 0
        followup = None if sandbox().defect("followup_hidden") else db.followup(no)
        return render_template("evaluate.html", app=record, review=review, score=score, followup=followup,
                               stars=STARS, tags=TAGS, error=error), (400 if error else 200)

    install_robot(app)
    install_appointment(app)
    install_ucenter(app)
    install_elder_password(app, path="/care/login", is_elder=lambda: request.cookies.get("care") == "1",
                           gated=CARE_GATED, template="care_login.html")
    return app
