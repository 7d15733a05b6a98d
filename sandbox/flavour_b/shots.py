"""Screenshots of flavour B's issue-23 pages for a visual check (``python -m sandbox.shots --flavour b
[DIR]``, ``b-*.png``): the home with the 智能客服 panel answering, a guide with 预约办理, the three steps of
the wizard and its result, the 个人中心 pages, a department's and a city's 办事指南 copy, and the 关怀版 home."""
from __future__ import annotations

import re
from pathlib import Path

from ..server import SandboxServer

PASSWORD = "shots-pass-123"
ACCOUNT = {"username": "shots", "password": PASSWORD, "name": "张三丰", "id_number": "330102199003071234",
           "phone": "13812345678"}


def take(out: Path, launch: dict) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    written: list[Path] = []
    with SandboxServer(accounts=[ACCOUNT], flavour="b") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(**launch)
        page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
        portal = server.url("zwfw")

        def shot(name: str, full: bool = True) -> None:
            path = out / f"b-{name}.png"
            page.screenshot(path=str(path), full_page=full)
            written.append(path)

        page.goto(portal + "/")
        page.get_by_role("button", name="智能客服").click()
        robot = page.get_by_role("dialog", name="智能客服")
        robot.get_by_placeholder("请输入您的问题").fill("今天天气怎么样")
        robot.get_by_role("button", name="发送").click()
        expect(robot).to_contain_text("人工客服")
        robot.get_by_placeholder("请输入您的问题").fill("我的身份证丢了怎么办")
        robot.get_by_role("button", name="发送").click()
        expect(robot.get_by_role("link", name="居民身份证补领")).to_be_visible()
        shot("robot", full=False)
        page.goto(portal + "/guide/detail?matterId=gat-002")
        shot("guide")
        page.get_by_role("link", name="预约办理").click()
        page.get_by_label("账号").fill(ACCOUNT["username"])
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="立即登录").click()
        shot("appoint-1")
        page.get_by_role("radio", name=re.compile("^临州市民之家")).check()
        page.get_by_role("button", name="下一步").click()
        shot("appoint-2")
        page.get_by_role("radio", name=re.compile(r" 余\d$")).first.check()
        page.get_by_role("button", name="下一步").click()
        shot("appoint-3")
        page.get_by_role("button", name="确认预约").click()
        expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
        shot("appoint-result")
        for name, path in (("user-appointments", "/user/appointments"), ("user-licences", "/user/licences"),
                           ("user-subscribe", "/user/subscribe")):
            page.goto(portal + path)
            shot(name)
        page.goto(server.url("rst") + "/art/bszn/rst-007.html")
        shot("dept-guide-copy")
        page.goto(server.url("lz") + "/col/bszn")
        shot("city-guide-list", full=False)
        page.goto(portal + "/care/on")
        shot("care-home", full=False)
        browser.close()
    return written
