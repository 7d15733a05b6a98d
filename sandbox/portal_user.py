"""个人中心 on flavour A's portal (B7-4): four sections of ``/my`` shown as tabs (a navigation 个人中心 of
links, the current one ``aria-current=page``):

    /my                    我的办件 (the table with 评价; in portal.py)
    /my/licences           我的证照: table 我的证照 (证照名称, 证照号码 masked, 发证机关, 有效期, 状态);
                           defect user_center_broken: 500
    /my/bookings           我的预约: table 我的预约 (预约号, 事项名称, 办理大厅, 预约日期, 预约时段, 状态)
    /my/subscriptions      消息订阅: select 订阅事项, checkboxes 短信通知 / 站内消息 (group 通知方式), button 订阅;
                           table 我的订阅 with a button 取消订阅 per row (aria-label 取消订阅<item>)
    POST /my/subscriptions, POST /my/subscriptions/<id>/cancel"""
from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for

from .common import current_user, login_required_redirect, pii_display, sandbox
from .usercenter import CHANNELS, licences, subscribe

USER_TABS = [("my", "我的办件", "/my"), ("my_licences", "我的证照", "/my/licences"),
             ("my_bookings", "我的预约", "/my/bookings"), ("my_subscriptions", "消息订阅", "/my/subscriptions")]


def install_user_centre(app: Flask) -> None:
    def section(template: str, tab: str, status: int = 200, **context):
        return render_template(template, active="my", tabs=USER_TABS, tab=tab, **context), status

    @app.get("/my/licences")
    def my_licences():
        gate = login_required_redirect()
        if gate:
            return gate
        return section("portal/my_licences.html", "my_licences",
                       licences=licences(sandbox(), current_user(), pii_display()["show_id"]))

    @app.get("/my/bookings")
    def my_bookings():
        gate = login_required_redirect()
        if gate:
            return gate
        return section("portal/my_bookings.html", "my_bookings",
                       bookings=sandbox().db.bookings_of(current_user()["username"]))

    def subscriptions_page(error: str | None = None, status: int = 200):
        state = sandbox()
        done = state.catalogue.item_by_id.get(request.args.get("ok", ""))
        return section("portal/my_subscriptions.html", "my_subscriptions", status, error=error, done=done,
                       channels=CHANNELS, items=state.catalogue.items,
                       subscriptions=state.db.subscriptions_of(current_user()["username"]))

    @app.get("/my/subscriptions")
    def my_subscriptions():
        gate = login_required_redirect()
        return gate or subscriptions_page()

    @app.post("/my/subscriptions")
    def my_subscribe():
        gate = login_required_redirect()
        if gate:
            return gate
        item_id = request.form.get("item", "")
        error = subscribe(sandbox(), current_user(), item_id, request.form.getlist("channels"))
        if error:
            return subscriptions_page(error, 400)
        return redirect(url_for("my_subscriptions", ok=item_id))

    @app.post("/my/subscriptions/<item_id>/cancel")
    def my_unsubscribe(item_id: str):
        gate = login_required_redirect()
        if gate:
            return gate
        sandbox().db.unsubscribe(current_user()["username"], item_id)
        return redirect(url_for("my_subscriptions"))
