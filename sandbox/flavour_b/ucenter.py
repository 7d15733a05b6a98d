"""Flavour B's 个人中心 (B7-4): a left menu (plain links under the heading 个人中心: 我的办件, 我的证照, 我的预约,
消息订阅), one page each:

    /user/matters         我的办件 (portal.py)
    /user/licences        我的证照: a table (证照名称, 证照号码 masked, 发证机关, 有效期至, 状态); defect
                          user_center_broken: 500
    /user/appointments    我的预约: 预约号, 预约事项, 办理大厅, 预约日期, 预约时段, 状态
    /user/subscribe       消息订阅: label 订阅事项 (select), checkboxes 短信通知 / 站内消息, button 立即订阅; the
                          table of subscriptions with a 取消订阅 button per row (title 取消订阅<item>)
    POST /user/subscribe, POST /user/subscribe/cancel (item)"""
from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for

from ..common import pii_display
from ..usercenter import CHANNELS, licences, subscribe
from .common import current_user, login_gate, sandbox

MENU = [("matters", "我的办件", "/user/matters"), ("licences", "我的证照", "/user/licences"),
        ("appointments", "我的预约", "/user/appointments"), ("subscribe", "消息订阅", "/user/subscribe")]


def install_ucenter(app: Flask) -> None:
    @app.get("/user/licences")
    def user_licences():
        gate = login_gate()
        if gate:
            return gate
        rows = licences(sandbox(), current_user(), pii_display()["show_id"])
        return render_template("user_licences.html", menu=MENU, on="licences", licences=rows)

    @app.get("/user/appointments")
    def user_appointments():
        gate = login_gate()
        if gate:
            return gate
        return render_template("user_appointments.html", menu=MENU, on="appointments",
                               bookings=sandbox().db.bookings_of(current_user()["username"]))

    @app.route("/user/subscribe", methods=["GET", "POST"])
    def user_subscribe():
        gate = login_gate()
        if gate:
            return gate
        state, error = sandbox(), None
        if request.method == "POST":
            item_id = request.form.get("item", "")
            error = subscribe(state, current_user(), item_id, request.form.getlist("channels"))
            if error is None:
                return redirect(url_for("user_subscribe", ok=item_id))
        return render_template("user_subscribe.html", menu=MENU, on="subscribe", error=error, channels=CHANNELS,
                               items=state.catalogue.items, done=state.catalogue.item_by_id.get(request.args.get("ok", "")),
                               subscriptions=state.db.subscriptions_of(current_user()["username"])), \
            (400 if error else 200)

    @app.post("/user/subscribe/cancel")
    def user_unsubscribe():
        gate = login_gate()
        if gate:
            return gate
        sandbox().db.unsubscribe(current_user()["username"], request.form.get("item", ""))
        return redirect(url_for("user_subscribe"))
