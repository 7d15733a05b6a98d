"""用户中心 (B7-4): the signed-in citizen's own sections (我的办件, 我的证照, 我的预约, 消息订阅 …), each
opened from the menu that lists them, as a citizen goes from one to the next.

The sections are the profile's `user_center` (what this portal has, named as its menu names them). The
menu is the innermost element holding a link for every one of them (a main navigation that also links
我的办件 is not it); a section already open (its title showing) is not clicked again. A section is open
when its title shows (conventions `user.section`: a heading, a tab panel or a region named by it).

Evidence of the portal's failure: an error answer (5xx, document or API) while a section opened (kept
per section, so every section is tried); a section title this portal has shown before that does not
show. After a section that failed, the citizen goes back (the browser's back) and opens the next one.
What a section shows of the citizen is kept in memory only (never written) for the steps'
masking checks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from shopper.masking import ID_RE, PHONE_RE

from ..session import browser_errors
from ..view import View

STAGE = "用户中心"
# a masked 身份证号 as portals print it: 18 characters of digits, X and at least one *
MASKED_ID_RE = re.compile(r"(?<![0-9A-Za-z*])(?=[0-9Xx]{0,17}\*)[0-9Xx*]{18}(?![0-9A-Za-z*])")


@dataclass
class SectionVisit:
    name: str
    opened: bool
    evidence: str = ""                                 # the error answer when it did not open
    text: str = field(default="", repr=False)          # what it showed: in memory only, never written


class UserCenterVisit:
    """The sections a citizen opened, and what they showed."""

    def __init__(self, visits: list[SectionVisit]):
        self.visits = visits

    def __repr__(self) -> str:
        return f"UserCenterVisit({[(v.name, v.opened) for v in self.visits]})"

    def failed(self) -> list[SectionVisit]:
        return [v for v in self.visits if not v.opened]

    def unmasked(self) -> list[str]:
        """The sections that show a full 身份证号 or mobile number."""
        return [v.name for v in self.visits if ID_RE.search(v.text) or PHONE_RE.search(v.text)]

    def foreign_ids(self, own_id: str | None) -> list[str]:
        """The sections that show a masked 身份证号 that cannot be the citizen's (a shown character differs
        from the citizen's number at its place); nothing to compare without the citizen's number."""
        if not own_id or len(own_id) != 18:
            return []
        out = []
        for v in self.visits:
            for token in MASKED_ID_RE.findall(v.text):
                if any(c != "*" and c.upper() != own_id[i].upper() for i, c in enumerate(token)):
                    out.append(v.name)
                    break
        return out

    def own_ids_shown(self, own_id: str | None) -> int:
        """How many masked 身份证号 consistent with the citizen's were shown (0 without the number)."""
        if not own_id or len(own_id) != 18:
            return 0
        return sum(1 for v in self.visits for token in MASKED_ID_RE.findall(v.text)
                   if all(c == "*" or c.upper() == own_id[i].upper() for i, c in enumerate(token)))


class UserCenter(View):
    def visit(self, sections: list[str]) -> UserCenterVisit:
        """Open each section in turn (its error answer kept, the next one still tried)."""
        return UserCenterVisit([self._open(name, sections) for name in sections])

    def _menu(self, sections: list[str]):
        """The innermost element holding a link to every section (the page, when there is none)."""
        s = self.session
        holder = s.page.locator("*")
        for name in sections:
            holder = holder.filter(has=s.spec("user.section_link", section=name).union(s.page))
        return holder.last if holder.count() else s.page

    def _open(self, name: str, sections: list[str]) -> SectionVisit:
        s = self.session
        title = s.spec("user.section", section=name).union(s.page)
        if not title.count():
            link = s.expect("user.section_link", f"个人中心没有「{name}」", STAGE, scope=self._menu(sections),
                            section=name)
            with s.answers() as seen, s.moving() as moved:
                s.click(link.first, f"打开个人中心「{name}」", "user.section_link")
                s.wait_until([lambda: bool(seen.errors(500)), lambda: moved() and title.count() > 0], title)
            if seen.errors(500):   # the citizen goes back to the section they came from, and on
                with browser_errors():
                    s.page.go_back()
                return SectionVisit(name, False, seen.evidence(500))
        s.expect("user.section", f"个人中心「{name}」没有打开", STAGE, section=name)
        return SectionVisit(name, True, text=s.visible_text())
