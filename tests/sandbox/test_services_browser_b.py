"""Flavour B in a real browser: ONE citizen walking issue 23's seven features with raw Playwright, the
reference for flavour B's abilities. In order:

  the floating 智能客服 button opening its panel (a dialog; a textbox named only by its placeholder, 发送),
  answers appended with links to the guide; the guide's 法定/承诺办理时限; 预约办理 (sign-in at tyrz, the
  3-step wizard 选择大厅 → 选择日期时段 → 确认预约 → 预约成功 with the 预约号) and the 个人中心 left menu (我的预约,
  我的证照 masked, 消息订阅); a department's and a city's 办事指南 copy with the portal's values; a 差评 with its
  差评整改回访; the 关怀版 (same search results, 我的办件 without a second password) passing the elder checks.

Locators are role / label / placeholder / text; the XPath says why."""
from __future__ import annotations

import re

import pytest

from sandbox_helpers import ALICE, advance_live, live_browser

pytestmark = pytest.mark.journeys

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

PDF = {"name": "证明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}


def value(scope, label: str) -> str:
    """B's 4-column tables: the cell after the header `label` (headers carry no scope, so they may read as
    cells; XPath: the value has no accessible name of its own)."""
    return scope.get_by_text(label, exact=True).locator("xpath=following-sibling::td[1]").inner_text().strip()


def test_a_citizen_uses_the_issue_23_features_of_flavour_b():
    from pages.abilities.accessibility import axe_scan, visual_audit

    with live_browser(flavour="b") as (server, context):
        page = context.new_page()
        portal = server.url("zwfw")
        page.goto(portal + "/")

        # 1. 智能客服: the floating button opens a dialog; answers come from the JSON API
        robot = page.get_by_role("dialog", name="智能客服")
        expect(robot).to_be_hidden()
        page.get_by_role("button", name="智能客服").click()
        expect(robot).to_be_visible()
        robot.get_by_placeholder("请输入您的问题").fill("今天天气怎么样")
        robot.get_by_role("button", name="发送").click()
        expect(robot).to_contain_text("人工客服")
        robot.get_by_placeholder("请输入您的问题").fill("我的身份证丢了怎么办")
        robot.get_by_placeholder("请输入您的问题").press("Enter")
        first = robot.get_by_role("link").first
        expect(first).to_have_text("居民身份证补领")
        assert not axe_scan(page).serious
        first.click()

        # 2. the guide: 法定 and 承诺 limits
        expect(page.get_by_role("heading", name="居民身份证补领", level=1)).to_be_visible()
        assert value(page, "法定办理时限") != value(page, "承诺办理时限")

        # 3. 预约办理: sign in at tyrz, then 选择大厅 → 选择日期时段 → 确认预约
        page.get_by_role("link", name="预约办理").click()
        page.get_by_label("账号").fill(ALICE["username"])
        page.get_by_label("密码").fill(ALICE["password"])
        page.get_by_role("button", name="立即登录").click()
        expect(page.get_by_role("heading", name="预约办理：居民身份证补领")).to_be_visible()
        page.get_by_role("radio", name=re.compile("^云川市政务服务中心")).check()
        page.get_by_role("button", name="下一步").click()
        days = page.get_by_role("link", name=re.compile(r"^\d+月\d+日 周[一二三四五]$"))
        expect(days).to_have_count(5)
        days.nth(1).click()
        free = page.get_by_role("radio", name=re.compile(r" 余\d$")).first
        slot = free.evaluate("e => e.value")
        free.check()
        page.get_by_role("button", name="下一步").click()
        assert value(page, "预约时段") == slot
        page.get_by_role("button", name="确认预约").click()
        expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
        number = re.search(r"预约号为：(\S+?)，", page.get_by_text(re.compile("您的预约号为")).inner_text()).group(1)
        assert re.fullmatch(r"YY\d{6}-\d{4}", number)
        page.get_by_role("link", name="我的预约").click()
        expect(page.get_by_role("row", name=re.compile(number))).to_contain_text("云川市政务服务中心")

        # 4. 个人中心: the left menu; 我的证照 masked; 消息订阅
        page.get_by_role("link", name="我的证照", exact=True).click()
        expect(page.get_by_role("row", name=re.compile("社会保障卡"))).to_contain_text("330102********1234")
        expect(page.get_by_text(ALICE["id_number"])).to_have_count(0)
        page.get_by_role("link", name="消息订阅", exact=True).click()
        page.get_by_label("订阅事项").select_option(label="社会保障卡申领")
        page.get_by_role("button", name="立即订阅").click()
        expect(page.get_by_text("订阅成功：社会保障卡申领")).to_be_visible()
        page.get_by_role("row", name=re.compile("社会保障卡申领")).get_by_role("button", name="取消订阅").click()
        expect(page.get_by_text("暂无订阅")).to_be_visible()

        # 5. 数据同源: the department's and a city's 办事指南 copy carry the portal's values
        page.goto(portal + "/guide/detail?matterId=scjgj-003")
        promised = value(page, "承诺办理时限")
        for label in ("scjgj", "yc"):
            page.goto(server.url(label) + "/")
            page.get_by_role("link", name="办事指南", exact=True).click()
            page.get_by_role("link", name="食品经营许可").click()
            expect(page.get_by_role("heading", name="食品经营许可办事指南")).to_be_visible()
            assert value(page, "承诺办理时限") == promised
            assert page.url == server.url(label) + "/art/bszn/scjgj-003.html"

        # 6. a 差评 shows 差评整改回访: apply through the wizard, the 办件 is finished, 去评价, one star
        page.goto(portal + "/apply/wizard?matterId=rst-001")
        page.get_by_label("通讯地址").fill("临州市钱江路88号")
        page.get_by_label("申请原因").fill("本人申领")
        page.get_by_role("button", name="下一步").click()
        for button in page.get_by_role("button", name="上传").all():
            with page.expect_file_chooser() as chooser:
                button.click()
            chooser.value.set_files(PDF)
        page.get_by_role("button", name="下一步").click()
        page.get_by_role("button", name="确认提交").click()
        case = page.locator("strong").first.inner_text()     # the number is the result's only bold text
        assert [advance_live(server, case), advance_live(server, case)] == [200, 200]
        page.get_by_role("link", name="我的办件").last.click()
        page.get_by_role("row", name=re.compile(case)).get_by_role("link", name="去评价").click()
        page.get_by_title("非常不满意").click()
        page.get_by_role("button", name="提交评价").click()
        expect(page.get_by_text("差评整改回访")).to_be_visible()
        expect(page.get_by_text("回访状态：待回访")).to_be_visible()

        # 7. 关怀版: the same results, 我的办件 with no second password, the elder checks
        page.goto(portal + "/so?keyword=公积金")
        results = page.locator("#soList").get_by_role("link")   # the list has no name (a CSS id, our sandbox)
        expect(results.first).to_be_visible()                    # drawn from the JSON API after the load
        standard = results.all_inner_texts()
        page.goto(portal + "/")
        page.get_by_role("link", name="关怀版").click()
        page.get_by_placeholder("请输入事项名称、关键词").fill("公积金")
        page.get_by_role("button", name="搜索").click()
        expect(page.get_by_text(re.compile(r"为您找到相关事项 \d+ 个"))).to_be_visible()
        expect(results.first).to_be_visible()
        assert results.all_inner_texts() == standard and standard
        for path in ("/", "/user/matters", "/user/licences", "/appoint/hall?matterId=gat-002"):
            page.goto(portal + path)
            expect(page.get_by_label("密码")).to_have_count(0)
            audit = visual_audit(page)
            assert audit.min_font_px >= 18 and not audit.small_targets(44) and audit.popups == 0, (path, audit)
            assert not audit.low_contrast(4.5), (path, audit.low_contrast(4.5))
            assert not axe_scan(page).serious, path
