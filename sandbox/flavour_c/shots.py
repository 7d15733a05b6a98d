"""Screenshots of flavour C for a visual check (``python -m sandbox.shots --flavour c [DIR]``): the home
with its notice, results, the guide (accordion and iframe), the IdP's two steps, the receipt dialog,
办件查询, a 差评 on the review host, the 智能客服 host answering, 网上预约 and its two dialogs, the 个人中心
sections, a department's 办事指南 copy, a department and a city site, the 长辈版 (signed in, clean and with
the advert of defect elderly_popup) and the phone-sized home."""
from __future__ import annotations

import re
from pathlib import Path

from ..server import SandboxServer

CODES = {"sms": "246810", "captcha": "K7PM"}
PASSWORD = "shots-pass-123"
ACCOUNT = {"username": "shots", "password": PASSWORD, "name": "张三丰", "id_number": "330102199003071234",
           "phone": "13812345678"}
PDF = {"name": "证明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%shots\n"}


def take(out: Path, launch: dict) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    written: list[Path] = []
    with SandboxServer(accounts=[ACCOUNT], flavour="c", staging_codes=CODES) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(**launch)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        portal = server.url("zwfw")
        item = server.app.sandbox.item_ids.no_of["rst-001"]

        def shot(name: str, target=None, full: bool = True) -> None:
            path = out / f"c-{name}.png"
            (target or page).screenshot(path=str(path), full_page=full)
            written.append(path)

        page.goto(portal + "/")
        expect(page.get_by_role("dialog", name="系统升级公告")).to_be_visible()
        shot("home-notice", full=False)
        page.get_by_role("button", name="我知道了").click()
        page.get_by_role("button", name="同意").click()
        shot("home")
        page.get_by_role("searchbox").fill("社保卡")
        page.get_by_role("button", name="搜索").click()
        expect(page.get_by_role("list", name="搜索结果列表")).to_be_visible()
        shot("results")
        page.goto(f"{portal}/#/item/{item}")
        page.get_by_role("button", name="申请材料").click()
        page.get_by_role("button", name="办理地点及时间").click()
        expect(page.get_by_title("办理地点及时间").content_frame.get_by_role("table")).to_be_visible()
        shot("guide")
        page.get_by_role("link", name="在线办理").click()
        page.get_by_label("账号").fill(ACCOUNT["username"])
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        shot("idp-refused", full=False)
        page.get_by_label("我已阅读并同意《用户服务协议》《隐私政策》").check()
        page.get_by_label("我已知晓当前为测试环境").check()
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("button", name="获取验证码").click()
        page.get_by_label("短信验证码").fill(CODES["sms"])
        shot("idp-sms", full=False)
        page.get_by_role("button", name="确认登录").click()
        page.get_by_label("通讯地址").fill("临州市钱江路88号")
        page.get_by_label("申请事由").fill("本人申领社会保障卡")
        shot("wizard-1")
        page.get_by_role("button", name="下一步").click()
        for group in page.get_by_role("group").all():
            with page.expect_file_chooser() as chooser:
                group.get_by_text("点击或拖拽上传").click()
            chooser.value.set_files(PDF)
            expect(group.get_by_text("已上传：证明.pdf")).to_be_visible()
        shot("wizard-2")
        page.get_by_role("button", name="下一步").click()
        page.get_by_label("本人承诺所填写的信息和提交的材料真实、有效").check()
        page.get_by_role("button", name="提交申请").click()
        receipt = page.get_by_role("dialog", name="申报成功")
        number = receipt.get_by_text(re.compile(r"^JL\d{16}$")).inner_text()
        password = receipt.get_by_text(re.compile(r"^\d{6}$")).inner_text()
        shot("receipt", full=False)
        receipt.get_by_role("button", name="关闭").click()
        page.goto(portal + "/#/query")
        page.get_by_label("办件编号").fill(number)
        page.get_by_label("查询密码").fill(password)
        page.get_by_label("图形验证码").fill(CODES["captcha"])
        page.get_by_role("button", name="查询", exact=True).click()
        expect(page.get_by_role("table", name="办件信息")).to_be_visible()
        shot("query")
        server.app.sandbox.db.advance(number)
        server.app.sandbox.db.advance(number)
        page.goto(portal + "/#/user/matters")
        with context.expect_page() as new_tab:
            page.get_by_role("link", name="去评价").click()
        review = new_tab.value
        review.get_by_role("button", name="非常不满意").click()
        shot("review-form", review)
        review.get_by_label("等待时间长").check()
        review.get_by_role("button", name="提交评价").click()
        expect(review.get_by_role("region", name="差评回访整改")).to_be_visible()
        shot("review-followup", review)
        page.goto(server.url("znkf") + "/")
        page.get_by_role("button", name="身份证丢了怎么办？").click()
        expect(page.get_by_role("log", name="对话记录").get_by_role("link", name="居民身份证补领")).to_be_visible()
        page.get_by_placeholder("请输入您的问题").fill("今天天气怎么样")
        page.get_by_title("发送").click()
        expect(page.get_by_role("log", name="对话记录")).to_contain_text("人工客服")
        shot("assistant", full=False)
        page.goto(f"{portal}/#/booking/{server.app.sandbox.item_ids.no_of['gat-002']}")
        page.get_by_role("group", name="预约日期").get_by_role("button").nth(1).click()
        page.get_by_role("group", name="预约时段").get_by_role("button", disabled=False).first.click()
        shot("booking")
        page.get_by_role("button", name="提交预约").click()
        shot("booking-confirm", full=False)
        page.get_by_role("dialog", name="确认预约").get_by_role("button", name="确认预约").click()
        expect(page.get_by_role("dialog", name="预约成功")).to_be_visible()
        shot("booking-done", full=False)
        for route in ("bookings", "licences", "subscriptions"):
            page.goto(f"{portal}/#/user/{route}")
            expect(page.get_by_role("heading", level=1)).not_to_have_text("正在加载…")
            shot(f"user-{route}")
        page.goto(server.url("wjw") + f"/bmfw/bszn/{server.app.sandbox.item_ids.no_of['wjw-005']}")
        shot("dept-guide-copy")
        page.goto(server.url("zlb") + "/auth/login?next=/my")
        expect(page.get_by_role("heading", name="我的办件")).to_be_visible()
        shot("elder-my")
        page.goto(server.url("rst") + "/")
        shot("dept-site")
        page.goto(server.url("lz") + "/zwgk")
        shot("city-site-page")
        page.goto(server.url("zlb") + "/")
        shot("elder-home")
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                    device_scale_factor=2, locale="zh-CN").new_page()
        phone.goto(portal + "/")
        shot("mobile-home", phone, full=False)
        browser.close()
    with SandboxServer(accounts=[ACCOUNT], flavour="c", defects=["elderly_popup"]) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(**launch)
        page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
        page.goto(server.url("zlb") + "/")
        shot("elder-home-advert", full=False)
        browser.close()
    return written
