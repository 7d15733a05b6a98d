"""江澜省政务服务智能客服 (host ``znkf``), opened by 在线咨询 in the portal's header in a new tab (B5-2; the
answers are sandbox/assistant.py's).

    GET  /           heading 智能客服; a ``role=log`` 对话记录 (the greeting first, then each question and its
                     answer); buttons under 猜你想问 ask for the citizen; a textbox named by its placeholder
                     请输入您的问题 and an icon button named only by its title 发送 (Enter sends too)
    POST /api/chat   {question} (X-CSRF-Token) → {answer, found, items: [{name, url}]}; url = the portal's
                     guide route (``zwfw/#/item/<no>``, opened in a new tab). assistant_down: 500 {code, msg}
                     and the log shows a ``role=alert`` message"""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request

from ..assistant import GREETING, HOT_QUESTIONS, answer
from ..state import Sandbox
from ..util import site_url
from .common import make_app, sandbox

TITLE = "江澜省政务服务智能客服"


def create_znkf_app(state: Sandbox) -> Flask:
    app = make_app(state, "znkf", kind="znkf", title=TITLE)
    ids = state.item_ids

    @app.get("/")
    def home():
        return render_template("znkf/index.html", greeting=GREETING, hot=HOT_QUESTIONS,
                               portal_url=site_url("zwfw", "/"))

    @app.post("/api/chat")
    def chat():
        body = request.get_json(silent=True) or {}
        reply = answer(sandbox(), str(body.get("question", "")))
        return jsonify(answer=reply.text, found=reply.found, items=[
            {"name": i["name"], "url": site_url("zwfw", f"/#/item/{ids.no_of[i['id']]}")} for i in reply.items])

    return app
