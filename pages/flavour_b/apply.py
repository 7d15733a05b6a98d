"""Flavour-B 网上申办: a 3-step wizard (1 填写信息 → 2 上传材料 → 3 确认提交) with hidden file inputs
behind 上传 buttons, and a receipt whose 申办流水号 is BJ + yyyymmdd + 6 digits."""
from __future__ import annotations

import re

from shopper.failures import PortalDefect

from ..base import BasePage, NotSubmitted, browser_errors
from ..sandbox.apply import MyApplicationsPage as _LikeMy

NO_RE = re.compile(r"申办流水号为[：:]\s*(BJ\d{14})")

__all__ = ["ApplyPage", "ReceiptPage", "MyApplicationsPage", "NotSubmitted"]


class ApplyPage(BasePage):
    def wait_until_shown(self) -> "ApplyPage":
        self.expect_control("apply.heading", "网上申办页面未显示", "A3-2")
        return self

    def _alerts(self) -> str:
        return "；".join(t.strip() for t in self.page.get_by_role("alert").all_inner_texts() if t.strip())

    def _next(self, step: int) -> None:
        with self.navigation(f"申办第{step}步 下一步", "A3-2"):
            self.control("apply.next").click()
        alerts = self._alerts()
        if alerts:
            raise PortalDefect(f"申办第{step}步未通过: {alerts}", "A3-2")

    def prefilled_identity(self) -> dict:
        """What step 1 took from the 统一身份认证 identity (same keys as flavour A's form)."""
        return {key: self.control(name).input_value()
                for key, name in (("申请人姓名", "apply.name"), ("证件号码", "apply.id_number"), ("联系电话", "apply.phone"))}

    def fill_in(self, persona) -> "ApplyPage":
        """Step 1 填写信息, then 下一步 to step 2 (which states the accepted formats)."""
        identity = self.prefilled_identity()
        if identity["申请人姓名"] != persona.name:
            raise PortalDefect(f"申请表没有带入统一身份认证的姓名（显示「{identity['申请人姓名']}」）", "A3-2")
        self.control("apply.address").fill(persona.address)
        self.control("apply.reason").fill("本人申请办理，材料真实有效。")
        self._next(1)
        self.expect_control("apply.step2_formats", "申办向导未进入第2步「上传材料」", "A3-2")
        return self

    @property
    def upload_rows(self):
        return self.page.get_by_role("row").filter(has=self.control("apply.upload_button"))

    def material_labels(self) -> list[str]:
        return [self.text_of(row.get_by_role("cell").first) for row in self.upload_rows.all()]

    def upload(self, files) -> "ApplyPage":
        """Step 2: each 上传 button opens a file chooser (the input itself is hidden); then 下一步."""
        for i, row in enumerate(self.upload_rows.all()):
            with browser_errors():
                with self.page.expect_file_chooser() as chooser:
                    self.control("apply.upload_button", scope=row).click()
                chooser.value.set_files(str(files[i % len(files)]))
            self.expect_control("apply.file_name", "选择文件后未显示文件名", "A3-2", scope=row)
        self._next(2)
        self.expect_control("apply.confirm", "申办向导未进入第3步「确认提交」", "A3-2")
        return self

    def submit_application(self, profile):
        """Step 3 确认提交 (only where the profile allows writes); ReceiptPage or NotSubmitted."""
        if not profile.may_write(self.page.url):
            return NotSubmitted(self.page.url)
        with self.navigation("提交申请", "A3-2"):
            self.control("apply.confirm").click()
        receipt = self.control("apply.receipt")
        self.expect_control("apply.receipt", "提交后既无回执也无错误提示", "A3-2",
                            locator=receipt.or_(self.page.get_by_role("alert")))
        if not receipt.is_visible():
            raise PortalDefect(f"申请未能提交: {self._alerts()}", "A3-2")
        return ReceiptPage(self.portal, self.page)


class ReceiptPage(BasePage):
    def application_number(self) -> str:
        text = self.expect_control("apply.number", "回执中没有申办流水号", "A3-2").first.inner_text()
        match = NO_RE.search(text)
        if not match:
            raise PortalDefect(f"回执中的申办流水号格式不对: {text.strip()}", "A3-2")
        return match.group(1)


class MyApplicationsPage(_LikeMy):
    def open_review(self, number: str):
        from .review import ReviewPage

        link = self.expect_control("my.review_link", f"办件 {number} 办结后「我的办件」中没有评价入口", "A1",
                                   scope=self.row_for(number))
        with self.navigation("打开评价", "A1"):
            link.first.click()
        return ReviewPage(self.portal, self.page).wait_until_shown()
