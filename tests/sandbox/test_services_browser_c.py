"""Flavour C in a real browser: ONE citizen walking issue 23's seven features with raw Playwright, the
reference for flavour C's abilities. In order:

  在线咨询 in the header opening the assistant host (znkf) in a new tab: a question appended to the
  role=log 对话记录, its answer's item link opening the portal's guide in another tab; the guide's 法定/承诺
  期限; 网上预约 (sign-in at uias with the boxes and the SMS code, a hall select, day buttons, slot buttons
  named by their time, 提交预约 → dialog 确认预约 → dialog 预约成功 with the 预约号) and 个人中心 (我的预约,
  我的证照 masked, 消息订阅); a department's and a city's 办事指南 copy (便民服务 → 办事指南) with the portal's
  values; a 差评 on hcp with its 差评回访整改; the 长辈版 host (the portal's results, SSO without a prompt,
  我的办件) passing the elder checks.

Locators are role / label / placeholder / title; the XPath says why."""
from __future__ import annotations

import re

import pytest

from sandbox_helpers import ALICE, advance_live, live_browser

pytestmark = pytest.mark.journeys

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

CODES = {"sms": "246810", "captcha": "K7PM"}


def row_value(scope, label: str) -> str:
    # XPath: the value cell has no accessible name of its own; it is the cell next to its row header
    return scope.get_by_role("rowheader", name=label, exact=True).locator("xpath=following-sibling::td[1]") \
        .inner_text().strip()


def term_value(scope, label: str) -> str:
    # XPath: a dd has no role of its own; it is the definition after its term
    return scope.get_by_text(label, exact=True).locator("xpath=following-sibling::dd[1]").inner_text().strip()


def test_a_citizen_uses_the_issue_23_features_of_flavour_c():
    from pages.abilities.accessibility import axe_scan, visual_audit

    with live_browser(flavour="c", staging_codes=CODES) as (server, context):
        page = context.new_page()
        portal = server.url("zwfw")
        page.goto(portal + "/")
        page.get_by_role("dialog", name="系统升级公告").get_by_role("button", name="我知道了").click()
        page.get_by_role("region", name="Cookie 提示").get_by_role("button", name="同意").click()

        # 1. 在线咨询: the assistant on its own host in a new tab; answers appended to the log
        with context.expect_page() as new_tab:
            page.get_by_role("link", name="在线咨询").click()
        kf = new_tab.value
        assert kf.url.startswith(server.url("znkf"))
        expect(kf.get_by_role("heading", name="智能客服")).to_be_visible()
        log = kf.get_by_role("log", name="对话记录")
        kf.get_by_role("button", name="身份证丢了怎么办？").click()
        first = log.get_by_role("link").first
        expect(first).to_have_text("居民身份证补领")
        kf.get_by_placeholder("请输入您的问题").fill("今天天气怎么样")
        kf.get_by_title("发送").click()
        expect(log).to_contain_text("人工客服")
        expect(log.get_by_role("link", name="拨打 12345")).to_be_visible()
        assert not axe_scan(kf).serious
        with context.expect_page() as guide_tab:
            first.click()
        guide = guide_tab.value
        page.close()

        # 2. the guide: 法定期限 and 承诺期限
        expect(guide.get_by_role("heading", name="居民身份证补领", level=1)).to_be_visible()
        item_no = re.search(r"#/item/(\d{12})$", guide.url).group(1)
        basic = guide.get_by_role("region", name="基本信息")
        assert row_value(basic, "法定期限") != row_value(basic, "承诺期限")

        # 3. 网上预约: uias (boxes, SMS), a hall, a day, a slot named by its time, two dialogs
        guide.get_by_role("link", name="网上预约").click()
        guide.get_by_label("账号").fill(ALICE["username"])
        guide.get_by_label("密码").fill(ALICE["password"])
        guide.get_by_label("我已阅读并同意《用户服务协议》《隐私政策》").check()
        guide.get_by_label("我已知晓当前为测试环境").check()
        guide.get_by_role("button", name="登录").click()
        guide.get_by_role("button", name="获取验证码").click()
        guide.get_by_label("短信验证码").fill(CODES["sms"])
        guide.get_by_role("button", name="确认登录").click()
        expect(guide).to_have_url(f"{portal}/#/booking/{item_no}")
        expect(guide.get_by_role("heading", name="网上预约：居民身份证补领")).to_be_visible()
        guide.get_by_label("办理大厅").select_option(label="临州市民之家政务服务中心")
        days = guide.get_by_role("group", name="预约日期").get_by_role("button")
        expect(days).to_have_count(5)
        days.nth(1).click()
        expect(days.nth(1)).to_have_attribute("aria-pressed", "true")
        slots = guide.get_by_role("group", name="预约时段").get_by_role("button")
        expect(slots).to_have_count(6)
        free = guide.get_by_role("group", name="预约时段").get_by_role("button", disabled=False).first
        slot = free.inner_text().strip()
        free.click()
        expect(guide.get_by_role("button", name=slot, exact=True)).to_have_attribute("aria-pressed", "true")
        assert not axe_scan(guide).serious
        guide.get_by_role("button", name="提交预约").click()
        confirm = guide.get_by_role("dialog", name="确认预约")
        expect(confirm).to_contain_text(slot)
        confirm.get_by_role("button", name="确认预约").click()
        done = guide.get_by_role("dialog", name="预约成功")
        number = term_value(done, "预约号")
        assert re.fullmatch(r"JLYY\d{14}", number)
        done.get_by_role("link", name="查看我的预约").click()
        expect(guide.get_by_role("table", name="我的预约").get_by_role("row", name=re.compile(number))).to_be_visible()

        # 4. 个人中心: its menu; 我的证照 masked; 消息订阅
        menu = guide.get_by_role("navigation", name="个人中心菜单")
        menu.get_by_role("link", name="我的证照").click()
        licences = guide.get_by_role("table", name="我的证照")
        expect(licences.get_by_role("row", name=re.compile("机动车驾驶证"))).to_contain_text("330102********1234")
        assert not axe_scan(guide).serious
        menu.get_by_role("link", name="消息订阅").click()
        guide.get_by_label("订阅事项").select_option(label="社会保障卡申领")
        guide.get_by_label("站内消息").check()
        guide.get_by_role("button", name="订阅", exact=True).click()
        expect(guide.get_by_role("status")).to_contain_text("已订阅“社会保障卡申领”")
        guide.get_by_role("button", name="取消订阅社会保障卡申领").click()
        expect(guide.get_by_role("status")).to_contain_text("已取消订阅")

        # 5. 数据同源: 便民服务 → 办事指南 → the item, on a department and a city site
        wjw_no = server.app.sandbox.item_ids.no_of["wjw-005"]
        guide.goto(f"{portal}/#/item/{wjw_no}")
        promised = row_value(guide.get_by_role("region", name="基本信息"), "承诺期限")
        for label in ("wjw", "lz"):
            guide.goto(server.url(label) + "/")
            guide.get_by_role("navigation", name="主导航").get_by_role("link", name="便民服务").click()
            guide.get_by_role("link", name="办事指南", exact=True).click()
            guide.get_by_role("link", name="医疗机构执业登记").click()
            expect(guide.get_by_role("heading", name="医疗机构执业登记", level=2)).to_be_visible()
            assert term_value(guide, "承诺期限") == promised
            assert guide.url == server.url(label) + f"/bmfw/bszn/{wjw_no}"

        # 6. a 差评 on hcp shows 差评回访整改 (the 办件 is made and finished by the sandbox itself)
        db = server.app.sandbox.db
        item = server.app.sandbox.catalogue.item_by_id["rst-001"]
        case = db.create_application(impl_code=item["impl_code"], item=item, user=server.accounts[0].userinfo(),
                                     address="临州市钱江路88号", reason="本人申领", uploads=[])
        assert [advance_live(server, case), advance_live(server, case)] == [200, 200]
        guide.goto(portal + "/#/user/matters")
        with context.expect_page() as review_tab:
            guide.get_by_role("row", name=re.compile(case)).get_by_role("link", name="去评价").click()
        review = review_tab.value
        review.get_by_role("button", name="非常不满意").click()
        review.get_by_label("多次跑动").check()
        review.get_by_role("button", name="提交评价").click()
        expect(review.get_by_role("region", name="差评回访整改")).to_contain_text("整改状态：待回访")
        review.close()

        # 7. 长辈版 (zlb): the portal's results, SSO without a prompt, 我的办件, the elder checks
        guide.goto(portal + "/#/search?q=公积金")
        results = guide.get_by_role("list", name="搜索结果列表").get_by_role("link")
        expect(results.first).to_be_visible()     # the view renders after its API answers
        standard = results.all_inner_texts()
        guide.goto(portal + "/")
        guide.get_by_role("link", name="长辈版").click()
        guide.get_by_label("搜一搜").fill("公积金")
        guide.get_by_role("button", name="搜索").click()
        expect(guide.get_by_role("status")).to_contain_text("找到")
        tiles = guide.get_by_role("list").last.get_by_role("link")
        assert [t.split("\n")[0] for t in tiles.all_inner_texts()] == standard and standard
        guide.get_by_role("link", name="登录").click()
        expect(guide.get_by_text("您好，王**")).to_be_visible()
        guide.get_by_role("link", name="我的办件").click()
        expect(guide.get_by_role("table", name="我的办件")).to_contain_text(case)
        for path in ("/", "/search?q=社保卡", "/my"):
            guide.goto(server.url("zlb") + path)
            audit = visual_audit(guide)
            assert audit.min_font_px >= 18 and not audit.small_targets(44) and audit.popups == 0, (path, audit)
            assert not audit.low_contrast(4.5), (path, audit.low_contrast(4.5))
            assert not axe_scan(guide).serious, path
