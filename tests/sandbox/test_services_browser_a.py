"""Flavour A in a real browser: ONE citizen walking issue 23's seven features with raw Playwright (no page
objects), the reference the suite's abilities are built from. In order:

  智能问答 from the main navigation (a question about an item → links to its guide; the weather → 12345);
  the guide's 法定/承诺办结时限; 网上预约 from the guide (sign-in at the IdP, hall and day selects, a slot
  radio named with 剩余 N, 确认预约 → 预约成功 with the 预约号) and 个人中心's tabs (我的预约, 我的证照 masked,
  消息订阅); the department's and a city's own copy of the guide (办事指南 → the item) with the portal's
  values; a 差评 with its 差评回访; the 长辈版 (its search gives the standard results, 我的办件 without a second
  password) passing the elder checks; axe on the new pages.

Locators are role / label / text; the one CSS selector says why."""
from __future__ import annotations

import re

import pytest

from sandbox_helpers import ALICE, advance_live, live_browser

pytestmark = pytest.mark.journeys

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

PDF = {"name": "证明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}
PROMISE = re.compile(r"^承诺(办结|办理)?(时限|期限)$")


def row_value(scope, label) -> str:
    """The value cell of a th/td row whose header is `label` (a string or a pattern)."""
    header = scope.get_by_role("rowheader", name=label, exact=True) if isinstance(label, str) else \
        scope.get_by_role("rowheader", name=label)
    # XPath: the value cell has no accessible name of its own; it is the cell next to its row header
    return header.locator("xpath=following-sibling::td[1]").inner_text().strip()


def test_a_citizen_uses_the_issue_23_features_of_flavour_a():
    from pages.abilities.accessibility import axe_scan, visual_audit

    with live_browser() as (server, context):
        page = context.new_page()
        portal = server.url("zwfw")
        page.goto(portal + "/")

        # 1. 智能问答: from the main navigation; the answer region lists the items as links
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="智能问答").click()
        expect(page.get_by_role("heading", name="智能问答", level=1)).to_be_visible()
        page.get_by_label("请输入您的问题").fill("我的身份证丢了怎么办")
        page.get_by_role("button", name="提问").click()
        answer = page.get_by_role("region", name="智能客服回答")
        expect(answer).to_contain_text("为您找到以下相关事项")
        expect(answer.get_by_role("link").first).to_have_text("居民身份证补领")
        assert not axe_scan(page).serious
        page.get_by_label("请输入您的问题").fill("今天天气怎么样")
        page.get_by_role("button", name="提问").click()
        expect(answer).to_contain_text("人工客服")
        expect(answer.get_by_role("link", name="拨打 12345")).to_be_visible()
        page.get_by_label("请输入您的问题").fill("我的身份证丢了怎么办")
        page.get_by_role("button", name="提问").click()
        answer.get_by_role("link", name="居民身份证补领").click()

        # 2. the guide: 法定 and 承诺 limits with units, 办件类型
        expect(page.get_by_role("heading", name="居民身份证补领", level=1)).to_be_visible()
        basic = page.get_by_role("tabpanel", name="基本信息")
        legal, promised = row_value(basic, "法定办结时限"), row_value(basic, PROMISE)
        assert re.fullmatch(r"\d+个(工作日|自然日)", legal) and promised != legal

        # 3. 网上预约 from the guide: sign in, a hall, a day, a slot with places left, 确认预约
        page.get_by_role("link", name="网上预约").click()
        page.get_by_label("用户名").fill(ALICE["username"])
        page.get_by_label("密码").fill(ALICE["password"])
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="网上预约：居民身份证补领")).to_be_visible()
        page.get_by_label("办理大厅").select_option(label="临州市民之家政务服务中心")
        expect(page).to_have_url(re.compile(r"hall=lz"))                  # choosing reloads the slots
        page.get_by_label("预约日期").select_option(index=1)
        expect(page).to_have_url(re.compile(r"hall=lz&date="))
        expect(page.get_by_role("group", name=re.compile("预约时段")).get_by_role("radio")).to_have_count(6)
        free = page.get_by_role("radio", name=re.compile(r"（剩余 \d）$")).first
        slot = free.evaluate("e => e.value")
        free.check()
        page.get_by_role("button", name="确认预约").click()
        expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
        booked = page.get_by_role("table", name="预约信息")
        number = row_value(booked, "预约号")
        assert re.fullmatch(r"YY\d{12}", number) and row_value(booked, "预约时段") == slot
        page.get_by_role("link", name="查看我的预约").click()
        expect(page.get_by_role("table", name="我的预约").get_by_role("row", name=re.compile(number))).to_be_visible()

        # 4. 个人中心: its tabs; 我的证照 masked; 消息订阅 made and cancelled
        tabs = page.get_by_role("navigation", name="个人中心")
        expect(tabs.get_by_role("link", name="我的预约")).to_have_attribute("aria-current", "page")
        tabs.get_by_role("link", name="我的证照").click()
        licences = page.get_by_role("table", name="我的证照")
        expect(licences.get_by_role("row", name=re.compile("居民身份证"))).to_contain_text("330102********1234")
        expect(page.get_by_text(ALICE["id_number"])).to_have_count(0)
        assert not axe_scan(page).serious
        tabs.get_by_role("link", name="消息订阅").click()
        page.get_by_label("订阅事项").select_option(label="社会保障卡申领")
        page.get_by_label("站内消息").check()
        page.get_by_role("button", name="订阅", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("已订阅“社会保障卡申领”")
        expect(page.get_by_role("table", name="我的订阅")).to_contain_text("短信通知、站内消息")
        page.get_by_role("button", name="取消订阅社会保障卡申领").click()
        expect(page.get_by_text("您还没有订阅任何事项")).to_be_visible()

        # 5. 数据同源: the department's and a city's own copies carry the portal's values
        page.goto(portal + "/item/rst-007")
        portal_promise = row_value(page.get_by_role("tabpanel", name="基本信息"), PROMISE)
        for label in ("rst", "lz"):
            page.goto(server.url(label) + "/")
            page.get_by_role("navigation", name="主导航").get_by_role("link", name="办事指南").click()
            page.get_by_role("list", name="事项列表").get_by_role("link", name="劳务派遣经营许可").click()
            expect(page.get_by_role("heading", name="劳务派遣经营许可", level=1)).to_be_visible()
            assert row_value(page.get_by_role("table", name="基本信息"), "承诺办结时限") == portal_promise
            expect(page.get_by_role("table", name="办理地点和时间").get_by_role("columnheader", name="咨询电话")).to_be_visible()
            assert page.url == server.url(label) + "/bsfw/item/rst-007"

        # 6. a 差评 shows its follow-up: apply, the 办件 is finished, 评价 from 我的办件
        page.goto(portal + "/apply/rst-001")
        page.get_by_label("联系地址").fill("临州市钱江路88号")
        page.get_by_label("申请事由").fill("本人申领社会保障卡")
        for file_input in page.locator("input[type=file]").all():   # a file input has no ARIA role
            file_input.set_input_files(PDF)
        page.get_by_role("button", name="提交申请").click()
        expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
        case = re.search(r"办件编号：(\S+)", page.get_by_text(re.compile("办件编号：")).first.inner_text()).group(1)
        assert [advance_live(server, case), advance_live(server, case)] == [200, 200]
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的办件").click()
        page.get_by_role("row", name=re.compile(case)).get_by_role("link", name="评价").click()
        page.get_by_role("radio", name="非常不满意", exact=True).check()
        page.get_by_label("评价内容").fill("等待时间太长")
        page.get_by_role("button", name="提交评价").click()
        followup = page.get_by_role("region", name="差评回访")
        expect(followup).to_contain_text("回访状态：待回访")

        # 7. 长辈版: the same search results, 我的办件 with no second password, the elder checks
        page.goto(portal + "/search?q=社保卡")
        standard = page.get_by_role("list", name="搜索结果列表").get_by_role("link").all_inner_texts()
        page.goto(portal + "/")
        page.get_by_role("link", name="长辈版").click()
        page.get_by_label("搜索事项").fill("社保卡")
        page.get_by_role("button", name="搜索", exact=True).click()
        elder = page.get_by_role("list", name="搜索结果列表").get_by_role("link").all_inner_texts()
        assert elder == standard and standard
        audit = visual_audit(page)
        assert audit.min_font_px >= 18 and not audit.low_contrast(4.5) and not audit.small_targets(44), audit
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的办件").click()
        expect(page.get_by_role("heading", name="我的办件", level=1)).to_be_visible()
        expect(page.get_by_label("密码")).to_have_count(0)
        for path in ("/my", "/my/licences", "/my/subscriptions", "/yuyue/gat-002", "/znwd?q=社保卡怎么办理"):
            page.goto(portal + path)
            audit = visual_audit(page)
            assert audit.min_font_px >= 18 and not audit.small_targets(44) and audit.popups == 0, (path, audit)
            assert not axe_scan(page).serious, path
