"""好差评 (service review) page."""
from __future__ import annotations

import re

from ..base import BasePage



class ReviewPage(BasePage):
    def wait_until_shown(self) -> "ReviewPage":
        self.expect_control("review.heading", "评价页未显示", "A1")
        return self

    def levels_offered(self) -> list[str]:
        group = self.control("review.levels")
        if not group.count():
            return []
        return [level for level in self.portal.review_levels if group.get_by_role("radio", name=level, exact=True).count()]

    def leave_review(self, level: str, comment: str) -> "ReviewPage":
        group = self.expect_control("review.levels", "评价页没有评价等级可选", "A1")
        group.get_by_role("radio", name=level, exact=True).check()
        self.page.get_by_label("评价内容", exact=True).fill(comment)
        with self.navigation("提交评价", "A1"):
            self.page.get_by_role("button", name="提交评价", exact=True).click()
        self.expect_control("review.result", "提交评价后没有显示评价结果", "A1")
        return self

    def followup_state(self) -> str | None:
        """The 差评回访 state shown to the applicant (None when there is no follow-up section)."""
        section = self.page.get_by_role("region", name="差评回访")
        if not section.count():
            return None
        match = re.search(r"回访状态[：:]\s*(\S+)", section.inner_text())
        return match.group(1) if match else ""
