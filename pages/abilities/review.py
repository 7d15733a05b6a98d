"""好差评: from the citizen's own 办件 to the review, its levels, a 差评's reason and follow-up.

The review may be on the portal or on another host (a 好差评系统), in the same tab or a new one; its
levels may be radios, stars or icons whose level is only in `title`/aria-label (one control,
`review.level`, tries each way by the level's own words). A 差评 that requires a reason gets one: the
profile's `flows.review.bad_reason` (a reason's label), else the first reason offered.
"""
from __future__ import annotations

import re

from shopper.failures import PortalDefect, SuiteError

from ..view import View

STAGE = "评价"
FOLLOWUP_STATE = re.compile(r"(待回访|已回访|回访中|整改中|已整改|待整改|处理中|已处理|待处理|已办结)")


class MyApplications(View):
    def row_for(self, number: str):
        """The row (or list item) of one 办件 in the citizen's list."""
        page = self.page
        return page.get_by_role("row").filter(has_text=number).or_(
            page.get_by_role("listitem").filter(has_text=number)).filter(visible=True)

    def find_row(self, number: str):
        """The row of `number`: on the page reached (我的办件), or behind its 我的办件 link (a 个人中心
        that opens on another section)."""
        s = self.session
        row, link = self.row_for(number), s.spec("my.applications_link").union(s.page)
        if s.wait_until([lambda: row.count() > 0, lambda: link.count() > 0], row.or_(link)) == 1:
            s.click(link, "打开我的办件", "my.applications_link")
        return row

    def open_review(self, number: str) -> "Review":
        s = self.session
        row = self.find_row(number)
        try:
            s.expect("my.row", f"「我的办件」中没有办件 {number}", STAGE, locator=row)
        except PortalDefect as exc:   # a list we read may be paged or filtered: not finding one row is our reading
            raise SuiteError(f"套件故障: 「我的办件」中未找到办件 {number}（列表可能分页或需筛选，未能确认），"
                             f"不计为门户缺陷") from exc
        link = s.expect("my.review_link", f"办件 {number} 办结后「我的办件」中没有评价入口", STAGE, scope=row.first)
        s.click(link, "打开评价", "my.review_link")
        return Review(s).wait_until_shown()


class Review(View):
    def wait_until_shown(self) -> "Review":
        levels = self.portal.review_levels
        self.session.expect("review.level", "评价页没有评价等级可选", STAGE, level=levels[0])
        return self

    def levels_offered(self) -> list[str]:
        """The profile's levels this review page offers (all of them shown, or the time is up)."""
        s, levels = self.session, self.portal.review_levels
        union = s.spec("review.level", level=levels[0]).union(s.page)
        s.wait_until([lambda: all(s.find("review.level", level=level) is not None for level in levels)], union)
        return [level for level in levels if s.find("review.level", level=level) is not None]

    def leave_review(self, level: str, comment: str) -> "Review":
        s = self.session
        choice = s.expect("review.level", f"评价页没有「{level}」可选", STAGE, level=level)
        s.act(choice.first, f"选择评价等级「{level}」", lambda t: t.click(), "review.level")
        if level in self.profile.bad_review_levels:
            self._give_reason()
        s.fill("review.comment", comment, "填写评价内容")
        with s.answers() as seen:
            s.click("review.submit", "提交评价")
            done = s.spec("review.done").union(s.page)
            s.wait_until([lambda: done.count() > 0, lambda: bool(seen.errors(500))], done)
        if seen.errors(500):
            from shopper.failures import PortalDefect
            raise PortalDefect(f"提交评价时{seen.evidence(500)}", stage=STAGE)
        s.expect("review.done", "提交评价后没有显示评价结果", STAGE)
        return self

    def _give_reason(self) -> None:
        s = self.session
        wanted = (self.flows.get("review") or {}).get("bad_reason")
        if wanted:
            box = self.page.get_by_role("checkbox", name=wanted).or_(self.page.get_by_label(wanted)).filter(visible=True)
            s.expect("review.reason", f"差评原因「{wanted}」不在评价页上", STAGE, locator=box)
        else:
            box = s.find("review.reason")
            if box is None:
                return          # this portal asks no reason
        if not box.first.is_checked():
            s.act(box.first, "勾选差评原因", lambda t: t.check(), "review.reason")

    def followup_state(self) -> str:
        """The 差评回访/整改 state shown to the applicant after a 差评. Not shown: the portal's failure
        when this portal has shown its follow-up before; otherwise our reading (未适配)."""
        self.session.expect("review.followup", "差评后看不到回访整改记录", STAGE)
        text = self.session.visible_text()
        match = FOLLOWUP_STATE.search(text[text.find("回访") if "回访" in text else 0:])
        return match.group(1) if match else ""
