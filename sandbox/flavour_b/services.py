"""Flavour B's 智能客服 and 预约办理 (the shared rules: sandbox/assistant.py, sandbox/booking.py).

智能客服: a floating button 智能客服 on every portal page opens a panel (``role=dialog`` named 智能客服, not
modal) with a textbox named only by its placeholder 请输入您的问题, a button 发送 and 猜你想问 buttons; the
answers come from ``POST /api/robot/ask`` {question} (JSON, X-CSRF-Token) → {code: 0, data: {answer,
found, items: [{name, url}]}} and are appended to the panel. assistant_down: the API answers 500 {code,
msg}; the panel says 智能客服服务异常，请稍后再试。

预约办理 (a guide's 预约办理 link): a 3-step wizard, the choice kept in the session like 网上申办's draft:
    /appoint/hall?matterId=     1 选择大厅: radios named by hall (name + address), 下一步
    /appoint/time?matterId=&day= 2 选择日期时段: day links named 「12月4日 周五」, slot radios named
                                 「09:00-10:00 余3」 or 「09:00-10:00 已约满」 (disabled), 下一步
    /appoint/confirm?matterId=  3 确认预约: table 预约信息, button 确认预约
    /appoint/result/<no>        预约成功, 预约号 ``YY`` + yymmdd + ``-`` + 4 random digits (YY251204-0137);
                                link 我的预约 (/user/appointments)
slots_full: every slot 已约满 and disabled; 下一步 is disabled; a forced POST answers 409."""
from __future__ import annotations

from datetime import date

from flask import Flask, abort, jsonify, redirect, render_template, request, url_for

from .. import booking as rules
from ..assistant import answer
from ..common import session_data
from .common import current_user, login_gate, sandbox


# YY + yymmdd + '-' + 4 random digits (YY261203-0137)
booking_number = rules.numbering(lambda: "YY" + rules.today("%y%m%d") + "-", 4)


def install_robot(app: Flask) -> None:
    @app.post("/api/robot/ask")
    def robot_ask():
        body = request.get_json(silent=True) or {}
        reply = answer(sandbox(), str(body.get("question", "")))
        return jsonify(code=0, data={"answer": reply.text, "found": reply.found, "items": [
            {"name": i["name"], "url": url_for("guide", matterId=i["id"])} for i in reply.items]})


def install_appointment(app: Flask) -> None:
    def item() -> dict:
        return sandbox().catalogue.item_by_id.get(request.args.get("matterId", "")) or abort(404, "未找到该事项。")

    def draft(item_id: str) -> dict:
        return session_data().setdefault("appoint", {}).setdefault(item_id, {})

    @app.route("/appoint/hall", methods=["GET", "POST"])
    def appoint_hall():
        record = item()
        gate = login_gate()
        if gate:
            return gate
        halls = rules.halls(sandbox(), record)
        chosen, error = draft(record["id"]).get("hall", ""), None
        if request.method == "POST":
            chosen = request.form.get("hall", "")
            if rules.hall_of(sandbox(), record, chosen) is None:
                error = "请选择办理大厅。"
            else:
                draft(record["id"])["hall"] = chosen
                return redirect(url_for("appoint_time", matterId=record["id"]))
        return render_template("appoint_hall.html", item=record, step=1, halls=halls, chosen=chosen, error=error), \
            (400 if error else 200)

    @app.route("/appoint/time", methods=["GET", "POST"])
    def appoint_time():
        record = item()
        gate = login_gate()
        if gate:
            return gate
        state, saved = sandbox(), draft(record["id"])
        hall = rules.hall_of(state, record, saved.get("hall", ""))
        if hall is None:
            return redirect(url_for("appoint_hall", matterId=record["id"]))
        days = rules.days()
        day = rules.day_of(request.values.get("day", "")) or rules.day_of(saved.get("day", "")) or days[0]
        slots = rules.slots(state, record, hall, day)
        error = None
        if request.method == "POST":
            slot = next((s for s in slots if s.time == request.form.get("slot", "")), None)
            if slot is None:
                error = "请选择预约时段。"
            elif slot.full:
                error = rules.GONE
            else:
                saved.update(day=day.isoformat(), slot=slot.time)
                return redirect(url_for("appoint_confirm", matterId=record["id"]))
        status = 409 if error == rules.GONE else (400 if error else 200)
        return render_template("appoint_time.html", item=record, step=2, hall=hall, days=days, day=day, slots=slots,
                               label=rules.day_label, error=error, none_left=all(s.full for s in slots)), status

    @app.route("/appoint/confirm", methods=["GET", "POST"])
    def appoint_confirm():
        record = item()
        gate = login_gate()
        if gate:
            return gate
        state, saved = sandbox(), draft(record["id"])
        hall, day = rules.hall_of(state, record, saved.get("hall", "")), rules.day_of(saved.get("day", ""))
        if hall is None or day is None or not saved.get("slot"):
            return redirect(url_for("appoint_hall", matterId=record["id"]))
        error = None
        if request.method == "POST":
            no, error = rules.book(state, current_user(), record, hall.id, day.isoformat(), saved["slot"],
                                   booking_number)
            if no is not None:
                session_data()["appoint"].pop(record["id"], None)
                return redirect(url_for("appoint_result", no=no))
        return render_template("appoint_confirm.html", item=record, step=3, hall=hall, day=rules.day_label(day),
                               slot=saved["slot"], error=error), (409 if error else 200)

    @app.get("/appoint/result/<no>")
    def appoint_result(no: str):
        gate = login_gate()
        if gate:
            return gate
        record = rules.own_booking(sandbox(), current_user(), no) or abort(404, "未查询到该预约。")
        return render_template("appoint_result.html", record=record,
                               day=rules.day_label(date.fromisoformat(record["day"])))
