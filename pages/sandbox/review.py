"""好差评 (service review) page."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from ..base import BasePage

LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
BAD_LEVELS = ("不满意", "非常不满意")


class ReviewPage(BasePage):
    def wait_until_shown(self) -> "ReviewPage":
        expect(self.page.get_by_role("heading", name="好差评"), "评价页未显示").to_be_visible()
        return self

    def levels_offered(self) -> list[str]:
        group = self.page.get_by_role("radiogroup", name="评价等级")
        if not group.count():
            return []
        return [level for level in LEVELS if group.get_by_role("radio", name=level, exact=True).count()]

    def leave_review(self, level: str, comment: str) -> "ReviewPage":
        group = self.page.get_by_role("radiogroup", name="评价等级")
        expect(group, "评价页没有评价等级可选").to_be_visible()
        group.get_by_role("radio", name=level, exact=True).check()
        self.page.get_by_label("评价内容", exact=True).fill(comment)
        with self.navigation("提交评价", "A1"):
            self.page.get_by_role("button", name="提交评价", exact=True).click()
        expect(self.page.get_by_role("table", name="我的评价"), "提交评价后没有显示评价结果").to_be_visible()
        return self

    def followup_state(self) -> str | None:
        """The 差评回访 state shown to the applicant (None when there is no follow-up section)."""
        section = self.page.get_by_role("region", name="差评回访")
        if not section.count():
            return None
        match = re.search(r"回访状态[：:]\s*(\S+)", section.inner_text())
        return match.group(1) if match else ""
