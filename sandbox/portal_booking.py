"""网上预约 on flavour A's portal (C4-2; rules in sandbox/booking.py), reached by 网上预约 on a guide:

    GET  /yuyue/<id>?hall=&date=   (signed in) selects 办理大厅 and 预约日期 (button 查询号源 reloads), then
                                   the 预约时段 radios of that hall and day, each named 「09:00-10:00（剩余 3）」
                                   or 「…（已约满）」 (disabled), and the button 确认预约
    POST /yuyue/<id>               hall, date, slot → 302 /yuyue/result/<no>; a full slot: 409, a missing
                                   choice: 400, both with a ``role=alert``
    GET  /yuyue/result/<no>        预约成功 with 预约号 (``YY`` + yyyymmdd + 4 random digits), and 查看我的预约
The booking is listed in 个人中心 → 我的预约 (/my/bookings)."""
from __future__ import annotations

from datetime import date

from flask import Flask, abort, redirect, render_template, request, url_for

from . import booking as rules
from .common import current_user, login_required_redirect, sandbox


# YY + yyyymmdd + 4 random digits (YY202612030137)
booking_number = rules.numbering(lambda: "YY" + rules.today("%Y%m%d"), 4)


def install_booking(app: Flask) -> None:
    def item_or_404(item_id: str) -> dict:
        return sandbox().catalogue.item_by_id.get(item_id) or abort(404, "未找到该事项。")

    def page(item: dict, hall_id: str, day_value: str, error: str | None = None, chosen: str = ""):
        state = sandbox()
        halls = rules.halls(state, item)
        hall = rules.hall_of(state, item, hall_id) or halls[0]
        days = rules.days()
        day = rules.day_of(day_value) or days[0]
        slots = rules.slots(state, item, hall, day)
        return render_template("portal/booking.html", item=item, halls=halls, hall=hall, days=days, day=day,
                               slots=slots, label=rules.day_label, error=error, chosen=chosen,
                               none_left=all(s.full for s in slots))

    @app.get("/yuyue/<item_id>")
    def booking(item_id: str):
        item = item_or_404(item_id)
        gate = login_required_redirect()
        if gate:
            return gate
        return page(item, request.args.get("hall", ""), request.args.get("date", ""))

    @app.post("/yuyue/<item_id>")
    def booking_submit(item_id: str):
        item = item_or_404(item_id)
        gate = login_required_redirect()
        if gate:
            return gate
        hall, day, slot = (request.form.get(k, "") for k in ("hall", "date", "slot"))
        no, error = rules.book(sandbox(), current_user(), item, hall, day, slot, booking_number)
        if no is None:
            return page(item, hall, day, error, slot), (409 if error == rules.GONE else 400)
        return redirect(url_for("booking_result", no=no))

    @app.get("/yuyue/result/<no>")
    def booking_result(no: str):
        gate = login_required_redirect()
        if gate:
            return gate
        record = rules.own_booking(sandbox(), current_user(), no) or abort(404, "未查询到该预约。")
        return render_template("portal/booking_result.html", record=record,
                               day=rules.day_label(date.fromisoformat(record["day"])))
