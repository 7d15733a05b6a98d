"""Flavour C's public 办件查询 (no sign-in): 办件编号 + 查询密码 + 图形验证码.

    GET  /api/query/captcha   an SVG image of the staging captcha (Sandbox.staging_codes["captcha"]),
                              new noise on every load, the same characters for the whole start
    POST /api/query           {no, password, captcha} → 200 {code: 0, data: {办件编号, 事项名称, 申请人, 办理状态}}
                              wrong captcha → 400 {code: 4001}; unknown number or wrong password → 404
                              {code: 4004} (one message for both: a number's existence is not told);
                              neither carries any case data.
The applicant's name is masked (王**) as many real portals show it to whoever knows number and password.
Defects: status_leaks_other shows any existing 办件 whatever password and captcha are typed;
status_wrong shows a wrong status; pii_unmasked shows the full name."""
from __future__ import annotations

import hmac
import secrets
from xml.sax.saxutils import escape

from flask import Flask, Response, jsonify, request

from ..util import mask_name
from .apply import shown_status
from .common import sandbox

CAPTCHA_SIZE = (120, 44)
INK = ["#1d3557", "#6a040f", "#283618", "#3c096c", "#7f4f24"]


def captcha_svg(text: str) -> str:
    width, height = CAPTCHA_SIZE
    rnd = secrets.SystemRandom()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="#f4f1e8"/>']
    for _ in range(6):
        parts.append(f'<line x1="{rnd.randint(0, width)}" y1="{rnd.randint(0, height)}" x2="{rnd.randint(0, width)}" '
                     f'y2="{rnd.randint(0, height)}" stroke="{rnd.choice(INK)}" stroke-opacity="0.35" stroke-width="1"/>')
    step = (width - 16) / max(1, len(text))
    for i, char in enumerate(text):
        x, y, angle = 10 + i * step, rnd.randint(28, 34), rnd.randint(-18, 18)
        parts.append(f'<text x="{x:.0f}" y="{y}" transform="rotate({angle} {x:.0f} {y})" font-family="DejaVu Sans Mono, '
                     f'monospace" font-size="24" font-weight="700" fill="{rnd.choice(INK)}">{escape(char)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def install_query_api(app: Flask) -> None:
    @app.get("/api/query/captcha")
    def api_captcha():
        return Response(captcha_svg(sandbox().staging_codes["captcha"]), mimetype="image/svg+xml",
                        headers={"Cache-Control": "no-store"})

    @app.post("/api/query")
    def api_query():
        state = sandbox()
        body = request.get_json(silent=True) or {}
        no, password, captcha = (str(body.get(k, "")).strip() for k in ("no", "password", "captcha"))
        record = state.db.application(no) if no else None
        leak = state.defect("status_leaks_other") and record is not None
        if not leak:
            if not (no and password and captcha):
                return jsonify(code=4000, msg="请输入办件编号、查询密码和图形验证码。"), 400
            if not hmac.compare_digest(captcha.upper().encode(), state.staging_codes["captcha"].upper().encode()):
                return jsonify(code=4001, msg="图形验证码错误，请重新输入。"), 400
            if record is None or not state.db.query_password_ok(no, password):
                return jsonify(code=4004, msg="办件编号或查询密码错误，未查询到办件信息。"), 404
        # the applicant's name masked, as on flavours A and B (pii_unmasked is about the signed-in pages'
        # 身份证号 and phone; what 办件查询 shows to whoever knows the number is status_leaks_other's)
        return jsonify(code=0, data={"办件编号": record["no"], "事项名称": record["item_name"], "申请人": mask_name(record["name"]),
                                     "办理状态": shown_status(record["status"])})
