"""智能问答 on flavour A's portal (``/znwd``, linked as 智能问答 in the main navigation): a question box, the
answer below it as text with the matching items as links to their guides (sandbox/assistant.py).
``GET /znwd?q=`` asks; the 猜您想问 links ask too. Under assistant_down the answer is a 500 page that
still shows the question box and says what failed (``role=alert``)."""
from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from .assistant import GREETING, HOT_QUESTIONS, answer
from .common import sandbox


def install_assistant(app: Flask) -> None:
    @app.get("/znwd")
    def assistant():
        q = request.args.get("q", "").strip()
        page = {"active": "assistant", "question": q, "greeting": GREETING, "hot": HOT_QUESTIONS}
        if not q:
            return render_template("portal/assistant.html", reply=None, error=None, **page)
        try:
            reply = answer(sandbox(), q)
        except HTTPException as exc:      # assistant_down: the page stays, the answer is an error
            return render_template("portal/assistant.html", reply=None, error=exc.description, **page), exc.code
        return render_template("portal/assistant.html", reply=reply, error=None, **page)
