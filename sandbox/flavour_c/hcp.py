"""江澜省政务服务“好差评”系统 (host ``hcp``), flavour C's review site, reached by 去评价 in 我的办件 (a new
tab) and signed in by SSO through uias (silent once the citizen signed in on the portal).

    GET  /evaluate/<no>   the 办件 (own, 已办结) and five level icons (buttons named only by title and
                          aria-label: 非常满意 … 非常不满意), 差评原因 boxes, 评价内容, 提交评价
    POST /evaluate/<no>   level, reasons[], content; a 差评 (不满意/非常不满意) needs a reason (a ticked
                          差评原因 or a written 评价内容), else 400 and a message; after a 差评 the page
                          shows 差评回访整改 with its state (待回访)
Defect review_missing: /evaluate/<no> answers 404 (and the portal offers no 去评价); followup_hidden: the
差评回访整改 region is not shown after a 差评."""
from __future__ import annotations

from flask import Flask, abort, redirect, render_template, request, url_for

from ..portal import BAD_LEVELS, LEVELS
from ..state import Sandbox
from .common import current_user, install_uias_client, login_gate, make_app, sandbox

TITLE = "江澜省政务服务“好差评”系统"
BAD_REASONS = ["办事流程繁琐", "等待时间长", "材料要求不清楚", "多次跑动", "工作人员态度差", "系统操作不便"]
FACES = {"非常满意": "5", "满意": "4", "基本满意": "3", "不满意": "2", "非常不满意": "1"}


def create_hcp_app(state: Sandbox) -> Flask:
    app = make_app(state, "hcp", kind="hcp", title=TITLE)
    install_uias_client(app, "jl_hcp")

    @app.get("/")
    def home():
        return render_template("hcp/home.html")

    @app.route("/evaluate/<no>", methods=["GET", "POST"])
    def evaluate(no: str):
        if sandbox().defect("review_missing"):
            abort(404, "页面不存在。")
        gate = login_gate()
        if gate:
            return gate
        db = sandbox().db
        record = db.application(no)
        if record is None or record["username"] != current_user()["username"]:
            abort(404, "未查询到您的该笔办件。")
        error, form = None, {"level": "", "reasons": [], "content": ""}
        if request.method == "POST" and record["status"] == "已办结" and db.review(no) is None:
            form = {"level": request.form.get("level", ""),
                    "reasons": [r for r in request.form.getlist("reasons") if r in BAD_REASONS],
                    "content": request.form.get("content", "").strip()[:500]}
            if form["level"] not in LEVELS:
                error = "请选择满意程度。"
            elif form["level"] in BAD_LEVELS and not (form["reasons"] or form["content"]):
                error = "差评请选择差评原因或填写具体问题，以便部门核实整改。"
            else:
                db.add_review(no, form["level"], form["reasons"], form["content"],
                              followup=form["level"] in BAD_LEVELS)
                return redirect(url_for("evaluate", no=no))
        dept = sandbox().catalogue.dept_of(sandbox().catalogue.item_by_id.get(record["item_id"], {}))
        followup = None if sandbox().defect("followup_hidden") else db.followup(no)
        return render_template("hcp/evaluate.html", app=record, dept=dept, review=db.review(no),
                               followup=followup, levels=LEVELS, faces=FACES, reasons=BAD_REASONS,
                               bad_levels=BAD_LEVELS, form=form, error=error), (400 if error else 200)

    return app
