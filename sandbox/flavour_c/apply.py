"""Flavour C's 在线办理 wizard and 个人中心 APIs (JSON; sign-in needed: 401 sends the SPA to /auth/login).

    GET  /api/apply/<no>            the wizard's data: applicant (prefilled from the identity, masked),
                                    the 必要 materials to upload
    POST /api/apply/<no>/files      one file (multipart: n, file) → {fileId, name, size}; checked like A's
                                    uploads (extension and magic bytes, ≤ 5 MB; upload_rejects_pdf)
    POST /api/apply/<no>/submit     {address, reason, promise, files: {n: fileId}} → {no, queryPassword, …}
    GET  /api/user/profile          我的信息
    GET  /api/user/matters          我的办件 with status and the 去评价 address on hcp (已办结, not reviewed)

办件编号 = "JL" + yyyymmdd + 8 random digits (18 characters); 查询密码 = 6 random digits, shown once on
the receipt and stored salted and hashed (sandbox/db.py)."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import Flask, abort, jsonify, request

from ..catalogue import can_apply_online, required_materials
from ..common import pii_display, session_data
from ..portal import WRONG_STATUS, check_upload
from ..util import site_url
from .common import api_user, sandbox

ID_TYPE = "居民身份证"


def receipt_number(taken) -> str:
    """JL + yyyymmdd + 8 random digits (A: 实施编码 + date + 4 digits; B: BJ + date + 6 digits)."""
    while True:
        no = "JL" + datetime.now().strftime("%Y%m%d") + f"{secrets.randbelow(10 ** 8):08d}"
        if not taken(no):
            return no


def new_query_password() -> str:
    return f"{secrets.randbelow(10 ** 6):06d}"


def shown_identity(user: dict) -> dict:
    """The identity as the portal shows it: masked, unless defect pii_unmasked."""
    show = pii_display()
    return {"name": user["name"], "idType": ID_TYPE, "idNumber": show["show_id"](user["id_number"]),
            "phone": show["show_phone"](user["phone"])}


def shown_status(status: str) -> str:
    return WRONG_STATUS[status] if sandbox().defect("status_wrong") else status


def install_apply_api(app: Flask) -> None:
    def online_item(no: str) -> dict:
        item = sandbox().item_ids.item(no) or abort(404, "未找到该事项。")
        if not can_apply_online(item):
            abort(404, "该事项暂不支持网上办理，请到窗口办理。")
        return item

    def uploads() -> dict:
        return session_data().setdefault("uploads", {})

    @app.get("/api/apply/<no>")
    def api_apply(no: str):
        user = api_user()
        item = online_item(no)
        dept = sandbox().catalogue.dept_of(item)
        return jsonify(itemId=no, name=item["name"], dept=dept["name"], applicant=shown_identity(user),
                       materials=[{"n": n, "name": m["名称"]} for n, m in required_materials(item)])

    @app.post("/api/apply/<no>/files")
    def api_upload(no: str):
        api_user()
        item = online_item(no)
        materials = dict(required_materials(item))
        try:
            n = int(request.form.get("n", "0"))
        except ValueError:
            n = 0
        if n not in materials:
            abort(400, "材料序号无效。")
        error, meta = check_upload(request.files.get("file"), sandbox().defect("upload_rejects_pdf"))
        if error:
            return jsonify(code=400, msg=error), 400
        file_id = secrets.token_hex(12)
        uploads()[file_id] = {"item": no, "n": n, "material": materials[n]["名称"], **meta}
        return jsonify(fileId=file_id, name=meta["filename"], size=meta["size"])

    @app.post("/api/apply/<no>/submit")
    def api_submit(no: str):
        user = api_user()
        item = online_item(no)
        if sandbox().defect("submit_500"):
            abort(500, "系统繁忙，提交失败。")
        body = request.get_json(silent=True) or {}
        address, reason = (str(body.get(k, "")).strip()[:200] for k in ("address", "reason"))
        errors = {}
        if not address:
            errors["address"] = "请填写通讯地址。"
        if not reason:
            errors["reason"] = "请填写申请事由。"
        if body.get("promise") is not True:
            errors["promise"] = "请阅读并勾选承诺。"
        files = body.get("files") if isinstance(body.get("files"), dict) else {}
        stored = uploads()
        chosen = []
        for n, material in required_materials(item):
            meta = stored.get(str(files.get(str(n), "")))
            if meta is None or meta["item"] != no or meta["n"] != n:
                errors[f"file{n}"] = f"请上传“{material['名称']}”。"
            else:
                chosen.append({k: meta[k] for k in ("material", "filename", "size", "sha256")})
        if errors:
            return jsonify(code=400, msg="请完善申请信息。", errors=errors), 400
        db = sandbox().db
        case_no = db.create_application(impl_code=item["impl_code"], item=item, user=user, address=address,
                                        reason=reason, uploads=chosen, numbering=receipt_number)
        password = new_query_password()
        db.set_query_password(case_no, password)
        for file_id in [k for k, v in stored.items() if v["item"] == no]:
            stored.pop(file_id)
        record = db.application(case_no)
        return jsonify(no=case_no, queryPassword=password, itemName=item["name"], submittedAt=record["created_at"],
                       applicant=shown_identity(user), status=shown_status(record["status"]))

    @app.get("/api/user/profile")
    def api_profile():
        return jsonify(shown_identity(api_user()))

    @app.get("/api/user/matters")
    def api_matters():
        user = api_user()
        db = sandbox().db
        channel = not sandbox().defect("review_missing")
        rows = []
        for record in db.applications_of(user["username"]):
            reviewed = db.review(record["no"]) is not None
            can_review = channel and record["status"] == "已办结" and not reviewed
            rows.append({"no": record["no"], "itemName": record["item_name"], "submittedAt": record["created_at"],
                         "status": shown_status(record["status"]), "reviewed": reviewed and channel,
                         "reviewUrl": site_url("hcp", f"/evaluate/{record['no']}") if can_review else None})
        return jsonify(list=rows)
