"""Flavour-B 好差评: five clickable star icons titled 非常不满意 … 非常满意 (no radio buttons)."""
from __future__ import annotations

import re

from ..sandbox.review import ReviewPage as _Like


class ReviewPage(_Like):
    def star(self, level: str):
        return self.control("review.levels").get_by_title(level, exact=True)

    def levels_offered(self) -> list[str]:
        return [level for level in self.portal.review_levels if self.star(level).count()]

    def leave_review(self, level: str, comment: str) -> "ReviewPage":
        self.expect_control("review.levels", f"评价页没有「{level}」星级可选", "A1", locator=self.star(level))
        self.star(level).click()
        choice = self.control("review.choice")
        self.expect_control("review.choice", "点击星星后没有显示所选评价", "A1", locator=choice.filter(has_text=level))
        self.control("review.comment").fill(comment)
        with self.navigation("提交评价", "A1"):
            self.control("review.submit").click()
        self.expect_control("review.result", "提交评价后没有显示评价结果", "A1")
        return self

    def followup_state(self) -> str | None:
        """The 差评整改回访 state shown to the applicant (None when there is no follow-up section)."""
        line = self.control("review.followup_state")
        if not self.control("review.followup").count() or not line.count():
            return None
        match = re.search(r"回访状态[：:]\s*(\S+)", line.first.inner_text())
        return match.group(1) if match else ""
