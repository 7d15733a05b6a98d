"""Flavour-B 网上申办: a 3-step wizard (1 填写信息 → 2 上传材料 → 3 确认提交) with hidden file inputs
behind 上传 buttons, and a receipt whose 申办流水号 is BJ + yyyymmdd + 6 digits."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from shopper.failures import PortalDefect

from ..base import BasePage, browser_errors
from ..sandbox.apply import NotSubmitted

NO_RE = re.compile(r"申办流水号为[：:]\s*(BJ\d{14})")

__all__ = ["ApplyPage", "ReceiptPage", "MyApplicationsPage", "NotSubmitted"]


class ApplyPage(BasePage):
    def wait_until_shown(self) -> "ApplyPage":
        expect(self.page.get_by_role("heading", name=re.compile(r"^网上申办")), "网上申办页面未显示").to_be_visible()
        return self

    def _step_shown(self, n: int, label: str) -> None:
        # each step has its own promise: step 2 states the accepted formats, step 3 offers 确认提交
        sign = (self.page.get_by_text(re.compile(r"支持 ?PDF")) if n == 2
                else self.page.get_by_role("button", name="确认提交", exact=True))
        expect(sign, f"申办向导未进入第{n}步「{label}」").to_be_visible()

    def _alerts(self) -> str:
        return "；".join(t.strip() for t in self.page.get_by_role("alert").all_inner_texts() if t.strip())

    def prefilled_identity(self) -> dict:
        """What step 1 took from the 统一身份认证 identity (same keys as flavour A's form)."""
        return {key: self.page.get_by_label(label, exact=True).input_value()
                for key, label in (("申请人姓名", "申请人"), ("证件号码", "身份证件号码"), ("联系电话", "手机号码"))}

    def fill_in(self, persona) -> "ApplyPage":
        """Step 1 填写信息, then 下一步 to step 2."""
        identity = self.prefilled_identity()
        if identity["申请人姓名"] != persona.name:
            raise PortalDefect(f"申请表没有带入统一身份认证的姓名（显示「{identity['申请人姓名']}」）", "A3-2")
        self.page.get_by_label("通讯地址", exact=True).fill(persona.address)
        self.page.get_by_label("申请原因", exact=True).fill("本人申请办理，材料真实有效。")
        with self.navigation("申办第1步 下一步", "A3-2"):
            self.page.get_by_role("button", name="下一步", exact=True).click()
        alerts = self._alerts()
        if alerts:
            raise PortalDefect(f"申办第1步未通过: {alerts}", "A3-2")
        self._step_shown(2, "上传材料")
        return self

    @property
    def upload_rows(self):
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("button", name=re.compile("上传")))

    def material_labels(self) -> list[str]:
        return [self.text_of(row.get_by_role("cell").first) for row in self.upload_rows.all()]

    def upload(self, files) -> "ApplyPage":
        """Step 2: each 上传 button opens a file chooser (the input itself is hidden); then 下一步."""
        for i, row in enumerate(self.upload_rows.all()):
            with browser_errors():
                with self.page.expect_file_chooser() as chooser:
                    row.get_by_role("button", name=re.compile("上传")).click()
                chooser.value.set_files(str(files[i % len(files)]))
            expect(row.get_by_text(re.compile(r"\.(pdf|jpe?g|png)$", re.I)), "选择文件后未显示文件名").to_be_visible()
        with self.navigation("申办第2步 下一步", "A3-2"):
            self.page.get_by_role("button", name="下一步", exact=True).click()
        alerts = self._alerts()
        if alerts:
            raise PortalDefect(f"材料上传未通过: {alerts}", "A3-2")
        self._step_shown(3, "确认提交")
        return self

    def submit_application(self, profile):
        """Step 3 确认提交 (only where the profile allows writes); ReceiptPage or NotSubmitted."""
        if not profile.may_write(self.page.url):
            return NotSubmitted(self.page.url)
        with self.navigation("提交申请", "A3-2"):
            self.page.get_by_role("button", name="确认提交", exact=True).click()
        receipt = self.page.get_by_role("heading", name="提交成功")
        errors = self.page.get_by_role("alert")
        expect(receipt.or_(errors).first, "提交后既无回执也无错误提示").to_be_visible()
        if not receipt.is_visible():
            raise PortalDefect(f"申请未能提交: {self._alerts()}", "A3-2")
        return ReceiptPage(self.portal, self.page)


class ReceiptPage(BasePage):
    def application_number(self) -> str:
        text = self.page.get_by_text(re.compile(r"申办流水号为")).first.inner_text()
        match = NO_RE.search(text)
        if not match:
            raise PortalDefect(f"回执中的申办流水号格式不对: {text.strip()}", "A3-2")
        return match.group(1)


class MyApplicationsPage(BasePage):
    def row_for(self, number: str):
        return self.page.get_by_role("row").filter(has_text=number)

    def open_review(self, number: str):
        from .review import ReviewPage

        link = self.row_for(number).get_by_role("link", name="去评价", exact=True)
        expect(link, f"办件 {number} 办结后「我的办件」中没有评价入口").to_be_visible()
        with self.navigation("打开评价", "A1"):
            link.click()
        return ReviewPage(self.portal, self.page).wait_until_shown()
