"""The sandbox-only control endpoints of a portal host: ``POST /__sandbox__/advance/<no>`` (moves a 办件
one step, 已提交 → 已受理 → 已办结; needs the server's control token in ``X-Sandbox-Control-Token``) and
``GET /__sandbox__/health``. The portal never moves statuses by itself."""
from __future__ import annotations

import hmac

from flask import Flask, jsonify, request

from .common import sandbox

CONTROL_HEADER = "X-Sandbox-Control-Token"


def install_control(app: Flask, flavour: str) -> None:
    app.config["CSRF_EXEMPT"].add("sandbox_advance")

    @app.post("/__sandbox__/advance/<no>")
    def sandbox_advance(no: str):
        given = request.headers.get(CONTROL_HEADER, "")
        if not given or not hmac.compare_digest(given.encode(), sandbox().control_token.encode()):
            return jsonify(error=f"control token required ({CONTROL_HEADER})"), 403
        db = sandbox().db
        before = db.application(no)
        if before is None:
            return jsonify(error="no such application", no=no), 404
        after = db.advance(no)
        if after == before["status"]:
            return jsonify(error="already final", no=no, status=after), 409
        return jsonify(no=no, status=after)

    @app.get("/__sandbox__/health")
    def sandbox_health():
        return jsonify(ok=True, defects=sorted(sandbox().defects), flavour=flavour)
