"""Flavour-B 好差评: five clickable star icons titled 非常不满意 … 非常满意 (no radio buttons)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from ..base import BasePage

LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
BAD_LEVELS = ("不满意", "非常不满意")


class ReviewPage(BasePage):
    def wait_until_shown(self) -> "ReviewPage":
        expect(self.page.get_by_text("政务服务好差评"), "评价页未显示").to_be_visible()
        return self

    def star(self, level: str):
        return self.page.get_by_title(level, exact=True)

    def levels_offered(self) -> list[str]:
        return [level for level in LEVELS if self.star(level).count()]

    def leave_review(self, level: str, comment: str) -> "ReviewPage":
        expect(self.star(level), f"评价页没有「{level}」星级可选").to_be_visible()
        self.star(level).click()
        expect(self.page.get_by_text(level, exact=True).last, "点击星星后没有显示所选评价").to_be_visible()
        self.page.get_by_placeholder(re.compile("请输入您的评价内容")).fill(comment)
        with self.navigation("提交评价", "A1"):
            self.page.get_by_role("button", name="提交评价", exact=True).click()
        expect(self.page.get_by_text("您的评价", exact=True), "提交评价后没有显示评价结果").to_be_visible()
        return self

    def followup_state(self) -> str | None:
        """The 差评整改回访 state shown to the applicant (None when there is no follow-up section)."""
        line = self.page.get_by_text(re.compile(r"回访状态[：:]"))
        if not self.page.get_by_text("差评整改回访").count() or not line.count():
            return None
        match = re.search(r"回访状态[：:]\s*(\S+)", line.first.inner_text())
        return match.group(1) if match else ""
