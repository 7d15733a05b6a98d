"""Flavour C's 网上预约 and 个人中心 APIs (JSON; sign-in needed: 401 sends the SPA to /auth/login). The rules
are shared (sandbox/booking.py, sandbox/usercenter.py); the views are static/spa/booking.js and user.js.

    GET    /api/booking/<no>                 {itemId, name, halls: [{id, name, address}], days: [{value, label}]}
    GET    /api/booking/<no>/slots?hall=&day= {slots: [{time, left, full}]}
    POST   /api/booking/<no>                 {hall, day, slot} → {bookingNo, itemName, hall, address, day, slot,
                                             status}; a full slot 409, a bad choice 400 ({code, msg})
    GET    /api/user/licences                我的证照 (numbers masked); defect user_center_broken: 500
    GET    /api/user/bookings                我的预约
    GET    /api/user/subscriptions           消息订阅 {list, items: [{itemId, name}], channels}
    POST   /api/user/subscriptions           {itemId, channels} → the list
    POST   /api/user/subscriptions/<no>/cancel → the list

预约号 = ``JLYY`` + yyyymmdd + 6 random digits (JLYY20251204013752)."""
from __future__ import annotations

from datetime import date

from flask import Flask, abort, jsonify, request

from .. import booking as rules
from ..common import pii_display
from ..usercenter import CHANNELS, licences, subscribe
from .common import api_user, sandbox


# JLYY + yyyymmdd + 6 random digits (JLYY20261203013752)
booking_number = rules.numbering(lambda: "JLYY" + rules.today("%Y%m%d"), 6)


def install_services_api(app: Flask) -> None:
    def item_of(no: str) -> dict:
        return sandbox().item_ids.item(no) or abort(404, "未找到该事项。")

    @app.get("/api/booking/<no>")
    def api_booking(no: str):
        api_user()
        item = item_of(no)
        return jsonify(itemId=no, name=item["name"],
                       halls=[{"id": h.id, "name": h.name, "address": h.address} for h in rules.halls(sandbox(), item)],
                       days=[{"value": d.isoformat(), "label": rules.day_label(d)} for d in rules.days()])

    @app.get("/api/booking/<no>/slots")
    def api_booking_slots(no: str):
        api_user()
        item = item_of(no)
        hall = rules.hall_of(sandbox(), item, request.args.get("hall", ""))
        day = rules.day_of(request.args.get("day", ""))
        if hall is None or day is None:
            abort(400, "请选择办理大厅和预约日期。")
        return jsonify(slots=[{"time": s.time, "left": s.left, "full": s.full}
                              for s in rules.slots(sandbox(), item, hall, day)])

    @app.post("/api/booking/<no>")
    def api_book(no: str):
        user = api_user()
        item = item_of(no)
        body = request.get_json(silent=True) or {}
        hall, day, slot = (str(body.get(k, "")) for k in ("hall", "day", "slot"))
        number, error = rules.book(sandbox(), user, item, hall, day, slot, booking_number)
        if number is None:
            status = 409 if error == rules.GONE else 400
            return jsonify(code=status, msg=error), status
        record = sandbox().db.booking(number)
        return jsonify(bookingNo=number, itemName=record["item_name"], hall=record["hall_name"],
                       address=record["hall_address"], day=rules.day_label(date.fromisoformat(record["day"])),
                       slot=record["slot"], status=record["status"])

    @app.get("/api/user/licences")
    def api_licences():
        return jsonify(list=licences(sandbox(), api_user(), pii_display()["show_id"]))

    @app.get("/api/user/bookings")
    def api_bookings():
        rows = sandbox().db.bookings_of(api_user()["username"])
        return jsonify(list=[{"bookingNo": b["no"], "itemName": b["item_name"], "hall": b["hall_name"],
                              "day": b["day"], "slot": b["slot"], "status": b["status"]} for b in rows])

    def subscriptions(user: dict):
        ids = sandbox().item_ids
        rows = sandbox().db.subscriptions_of(user["username"])
        return jsonify(list=[{"itemId": ids.no_of.get(r["item_id"], ""), "itemName": r["item_name"],
                              "channels": r["channels"], "createdAt": r["created_at"]} for r in rows],
                       items=[{"itemId": ids.no_of[i["id"]], "name": i["name"]} for i in sandbox().catalogue.items],
                       channels=list(CHANNELS))

    @app.get("/api/user/subscriptions")
    def api_subscriptions():
        return subscriptions(api_user())

    @app.post("/api/user/subscriptions")
    def api_subscribe():
        user = api_user()
        body = request.get_json(silent=True) or {}
        item = sandbox().item_ids.item(str(body.get("itemId", "")))
        channels = body.get("channels") if isinstance(body.get("channels"), list) else []
        error = subscribe(sandbox(), user, item["id"] if item else "", [str(c) for c in channels])
        if error:
            return jsonify(code=400, msg=error), 400
        return subscriptions(user)

    @app.post("/api/user/subscriptions/<no>/cancel")
    def api_unsubscribe(no: str):
        user = api_user()
        item = sandbox().item_ids.item(no) or abort(404, "未找到该订阅。")
        sandbox().db.unsubscribe(user["username"], item["id"])
        return subscriptions(user)
