"""The online application form, the receipt, and the write guard."""
from __future__ import annotations

import re

from shopper.failures import PortalDefect

from ..base import BasePage, NotSubmitted

NO_RE = re.compile(r"办件编号[：:]\s*([0-9A-Z]{31}\d{12})")


class ApplyPage(BasePage):
    def wait_until_shown(self) -> "ApplyPage":
        self.expect_control("apply.heading", "在线办理申请表未显示", "A3-2")
        return self

    def prefilled_identity(self) -> dict:
        """What the form took from the national identity (it should not be typed again)."""
        return {label: self.page.get_by_label(label, exact=True).input_value()
                for label in ("申请人姓名", "证件号码", "联系电话")}

    def fill_in(self, persona) -> "ApplyPage":
        identity = self.prefilled_identity()
        if identity["申请人姓名"] != persona.name:
            raise PortalDefect(f"申请表没有带入统一身份认证的姓名（显示「{identity['申请人姓名']}」）", "A3-2")
        self.page.get_by_label("联系地址", exact=True).fill(persona.address)
        self.page.get_by_label("申请事由", exact=True).fill("本人申请办理，材料真实有效。")
        return self

    def material_labels(self) -> list[str]:
        # file inputs have no ARIA role, so they are found by type and addressed by their labels
        return self.page.locator("input[type=file]").evaluate_all(
            "els => els.map(e => (e.labels && e.labels[0] ? e.labels[0].innerText : '').trim())")

    def upload(self, files) -> "ApplyPage":
        labels = self.material_labels()
        if not labels:
            return self
        for i, label in enumerate(labels):
            self.page.get_by_label(label, exact=True).set_input_files(str(files[i % len(files)]))
        return self

    def submit_application(self, profile):
        """提交申请 (only where the profile allows writes); returns the ReceiptPage or NotSubmitted."""
        if not profile.may_write(self.page.url):
            return NotSubmitted(self.page.url)
        with self.navigation("提交申请", "A3-2"):
            self.page.get_by_role("button", name="提交申请", exact=True).click()
        receipt = self.control("apply.receipt")
        errors = self.page.get_by_role("alert")
        self.expect_control("apply.receipt", "提交后既无回执也无错误提示", "A3-2", locator=receipt.or_(errors))
        if not receipt.is_visible():
            messages = "；".join(t.strip() for t in errors.all_inner_texts() if t.strip())
            raise PortalDefect(f"申请未能提交: {messages}", "A3-2")
        return ReceiptPage(self.portal, self.page)


class ReceiptPage(BasePage):
    def application_number(self) -> str:
        text = self.page.get_by_text(re.compile(r"办件编号[：:]")).first.inner_text()
        match = NO_RE.search(text)
        if not match:
            raise PortalDefect(f"回执中的办件编号格式不对: {text.strip()}", "A3-2")
        return match.group(1)


class MyApplicationsPage(BasePage):
    def row_for(self, number: str):
        return self.page.get_by_role("row").filter(has_text=number)

    def open_review(self, number: str):
        from .review import ReviewPage

        link = self.expect_control("my.review_link", f"办件 {number} 办结后「我的办件」中没有评价入口", "A1",
                                   scope=self.row_for(number))
        with self.navigation("打开评价", "A1"):
            link.click()
        return ReviewPage(self.portal, self.page).wait_until_shown()
