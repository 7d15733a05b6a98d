"""Flavour C in a real browser: ONE citizen walk, raw Playwright (no page objects), as the reference for
driving C from a profile. What it shows, in order:

  the first-visit notice (a modal that takes the clicks until 我知道了) and the cookie bar (until 同意);
  a search from the icon button named only by title, on a hash route without a document load; the
  result opening in a new tab; the guide's accordion and the 办理地点及时间 iframe; sign-in at uias with
  both boxes and the SMS code, landing back on the SPA route; the wizard (hidden file inputs behind
  「点击或拖拽上传」) to the receipt dialog; 办件查询 with a wrong and the right captcha; a 差评 on the
  好差评 host (a new tab, signed in by SSO) that is refused without a reason.

Locators are role / label / title / alt first; the few CSS or JS probes say why."""
from __future__ import annotations

import re

import pytest

from sandbox.server import SandboxServer
from shopper.browser import chromium_executable

from sandbox_helpers import ACCOUNTS, ALICE, advance_live as advance

pytestmark = pytest.mark.journeys

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

CODES = {"sms": "246810", "captcha": "K7PM"}
PDF = {"name": "证明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}


def no_document_load_since_marked(page) -> bool:
    """A hash route keeps the window object; a document load would drop the marker (a JS probe: nothing
    on the page can tell a route change from a load)."""
    return page.evaluate("() => window.__routeMarker === true")


def mark(page) -> None:
    page.evaluate("() => { window.__routeMarker = true; }")


def test_a_citizen_walks_through_flavour_c():
    with SandboxServer(accounts=ACCOUNTS, flavour="c", staging_codes=CODES) as server, \
            playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable(headless=True), headless=True)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
            context.set_default_timeout(10_000)
            page = context.new_page()
            portal = server.url("zwfw")
            page.goto(portal + "/")

            # 1. the notice covers the page and takes the clicks until 我知道了; the cookie bar waits for 同意
            notice = page.get_by_role("dialog", name="系统升级公告")
            expect(notice).to_be_visible()
            search_box = page.get_by_role("searchbox")
            # JS probe: which element a click at the search box's centre would reach
            box = search_box.bounding_box()
            hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('#notice') !== null",
                                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
            assert hit, "the notice should intercept clicks on the page behind it"
            notice.get_by_role("button", name="我知道了").click()
            expect(notice).to_be_hidden()
            cookie_bar = page.get_by_role("region", name="Cookie 提示")
            expect(cookie_bar).to_contain_text("本网站使用Cookie")
            cookie_bar.get_by_role("button", name="同意").click()
            expect(cookie_bar).to_be_hidden()
            page.reload()
            expect(page.get_by_role("heading", name="热门事项")).to_be_visible()
            expect(notice).to_be_hidden()                      # remembered (localStorage)
            expect(cookie_bar).to_be_hidden()

            # 2. search: the button is an icon named only by its title; results come on a hash route
            mark(page)
            search_box.fill("社保卡")
            page.get_by_role("button", name="搜索").click()
            expect(page.get_by_role("heading", name="搜索结果", level=1)).to_be_visible()
            expect(page).to_have_url(re.compile(r"/#/search\?q="))
            assert no_document_load_since_marked(page)
            results = page.get_by_role("list", name="搜索结果列表")
            expect(page.get_by_role("status")).to_contain_text("共找到")

            # 3. a result opens in a new tab (target=_blank) on the guide's deep link
            with context.expect_page() as new_tab:
                results.get_by_role("link", name="社会保障卡申领", exact=True).click()
            guide = new_tab.value
            expect(guide.get_by_role("heading", name="社会保障卡申领", level=1)).to_be_visible()
            item_id = re.search(r"#/item/(\d{12})$", guide.url).group(1)
            page.close()

            # 4. the guide: an accordion (aria-expanded), not tabs; 办理地点及时间 is an iframe
            materials = guide.get_by_role("button", name="申请材料")
            expect(materials).to_have_attribute("aria-expanded", "false")
            materials.click()
            expect(materials).to_have_attribute("aria-expanded", "true")
            table = guide.get_by_role("region", name="申请材料").get_by_role("table")
            expect(table.get_by_role("columnheader", name="情形")).to_be_visible()
            expect(table.get_by_title("空表下载").first).to_be_visible()
            expect(guide.get_by_role("row", name=re.compile("网上办理深度")).get_by_text("Ⅳ级")).to_be_visible()
            guide.get_by_role("button", name="办理地点及时间").click()
            place = guide.get_by_title("办理地点及时间").content_frame
            expect(place.get_by_role("columnheader", name="工作时间")).to_be_visible()
            expect(place.get_by_role("columnheader", name="咨询电话")).to_be_visible()

            # 5. 在线办理 → uias: both boxes, then the SMS code; back on the wizard's route
            guide.get_by_role("link", name="在线办理").click()
            expect(guide.get_by_role("heading", name="用户登录")).to_be_visible()
            guide.get_by_label("账号").fill(ALICE["username"])
            guide.get_by_label("密码").fill(ALICE["password"])
            guide.get_by_role("button", name="登录").click()
            expect(guide.get_by_role("alert")).to_contain_text("请阅读并勾选同意")
            guide.get_by_label("我已阅读并同意《用户服务协议》《隐私政策》").check()
            guide.get_by_label("我已知晓当前为测试环境").check()
            guide.get_by_label("密码").fill(ALICE["password"])
            guide.get_by_role("button", name="登录").click()
            expect(guide.get_by_role("heading", name="短信验证")).to_be_visible()
            guide.get_by_role("button", name="获取验证码").click()
            guide.get_by_label("短信验证码").fill("000000")
            guide.get_by_role("button", name="确认登录").click()
            expect(guide.get_by_role("alert")).to_contain_text("短信验证码错误")
            guide.get_by_label("短信验证码").fill(CODES["sms"])
            guide.get_by_role("button", name="确认登录").click()
            expect(guide).to_have_url(f"{portal}/#/apply/{item_id}")
            expect(guide.get_by_role("heading", name="在线办理：社会保障卡申领")).to_be_visible()
            expect(guide.get_by_role("banner")).to_contain_text("王**")   # the masked name shows who is in

            # 6. the wizard: three steps in one view, uploads behind 「点击或拖拽上传」, the receipt in a dialog
            mark(guide)
            expect(guide.get_by_label("证件号码")).to_have_value("330102********1234")
            guide.get_by_label("通讯地址").fill("临州市钱江路88号")
            guide.get_by_label("申请事由").fill("本人申领社会保障卡")
            guide.get_by_role("button", name="下一步").click()
            uploads = guide.get_by_role("group")
            expect(uploads).to_have_count(3)
            for group in uploads.all():
                with guide.expect_file_chooser() as chooser:
                    group.get_by_text("点击或拖拽上传").click()
                chooser.value.set_files(PDF)
                expect(group.get_by_text("已上传：证明.pdf")).to_be_visible()
            guide.get_by_role("button", name="下一步").click()
            guide.get_by_label("本人承诺所填写的信息和提交的材料真实、有效").check()
            guide.get_by_role("button", name="提交申请").click()
            receipt = guide.get_by_role("dialog", name="申报成功")
            number = receipt.get_by_text(re.compile(r"^JL\d{16}$")).inner_text()
            password = receipt.get_by_text(re.compile(r"^\d{6}$")).inner_text()
            expect(guide).to_have_url(f"{portal}/#/apply/{item_id}")        # the receipt has no address
            assert no_document_load_since_marked(guide)
            receipt.get_by_role("button", name="关闭").click()
            expect(receipt).to_be_hidden()

            # 7. 办件查询: a wrong captcha is refused without case data; the right one shows it, name masked
            guide.get_by_role("navigation", name="主导航").get_by_role("link", name="办件查询").click()
            expect(guide.get_by_role("img", name="图形验证码")).to_be_visible()
            guide.get_by_label("办件编号").fill(number)
            guide.get_by_label("查询密码").fill(password)
            guide.get_by_label("图形验证码").fill("XXXX")
            guide.get_by_role("button", name="查询", exact=True).click()
            expect(guide.get_by_role("alert")).to_contain_text("图形验证码错误")
            expect(guide.get_by_role("table", name="办件信息")).to_have_count(0)
            guide.get_by_label("图形验证码").fill(CODES["captcha"])
            guide.get_by_role("button", name="查询", exact=True).click()
            found = guide.get_by_role("table", name="办件信息")
            expect(found.get_by_role("row", name=re.compile("申请人"))).to_contain_text("王**")
            expect(found.get_by_role("row", name=re.compile("办理状态"))).to_contain_text("已提交")

            # 8. the 办件 is finished (sandbox control endpoint); 去评价 opens the 好差评 host in a new tab
            assert [advance(server, number), advance(server, number)] == [200, 200]
            guide.get_by_role("navigation", name="主导航").get_by_role("link", name="个人中心").click()
            guide.get_by_role("navigation", name="个人中心菜单").get_by_role("link", name="我的办件").click()
            row = guide.get_by_role("row", name=re.compile(number))
            expect(row).to_contain_text("已办结")
            with context.expect_page() as new_tab:
                row.get_by_role("link", name="去评价").click()
            review = new_tab.value
            expect(review.get_by_role("heading", name="服务评价")).to_be_visible()     # SSO: no password asked
            assert review.url.startswith(server.url("hcp"))

            # 9. a 差评 needs a reason; the level icons are named only by title / aria-label
            review.get_by_role("button", name="不满意", exact=True).click()
            review.get_by_role("button", name="提交评价").click()
            expect(review.get_by_role("alert")).to_contain_text("差评请选择差评原因或填写具体问题")
            review.get_by_role("button", name="不满意", exact=True).click()
            review.get_by_label("等待时间长").check()
            review.get_by_role("button", name="提交评价").click()
            followup = review.get_by_role("region", name="差评回访整改")
            expect(followup).to_contain_text("整改状态：待回访")
        finally:
            browser.close()


def test_clean_flavour_c_passes_the_suites_accessibility_checks():
    """What the elder journey measures, on C: axe-core finds no serious violation on the home (notice
    open, as a first visit meets it), the results and a guide (also on a phone, every section open); the
    长辈版 host has type ≥ 18 px, contrast ≥ 4.5, targets ≥ 44 px and no pop-up."""
    from pages.abilities.accessibility import axe_scan, visual_audit

    with SandboxServer(accounts=ACCOUNTS, flavour="c", staging_codes=CODES) as server, \
            playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable(headless=True), headless=True)
        try:
            page = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
            portal = server.url("zwfw")
            item_id = server.app.sandbox.item_ids.no_of["gat-001"]
            for route, ready in (("/", page.get_by_role("dialog", name="系统升级公告")),
                                 ("/#/search?q=社保卡", page.get_by_role("list", name="搜索结果列表")),
                                 (f"/#/item/{item_id}", page.get_by_role("button", name="申请材料"))):
                page.goto(portal + route)
                expect(ready).to_be_visible()
                serious = axe_scan(page).serious
                assert not serious, (route, serious)
            # on a phone, with every section open, the wide tables scroll sideways inside their panels
            phone = browser.new_context(**pw.devices["Pixel 7"], locale="zh-CN").new_page()
            phone.goto(f"{portal}/#/item/{item_id}")
            phone.get_by_role("button", name="我知道了").click()
            for section in ("申请材料", "办理流程", "办理地点及时间", "收费与依据"):
                phone.get_by_role("button", name=section).click()
            expect(phone.get_by_role("region", name="收费与依据")).to_be_visible()
            assert not axe_scan(phone).serious
            page.goto(server.url("zlb") + "/")
            audit = visual_audit(page)
            assert audit.min_font_px >= 18 and not audit.low_contrast(4.5) and not audit.small_targets(44)
            assert audit.popups == 0 and not axe_scan(page).serious
        finally:
            browser.close()
