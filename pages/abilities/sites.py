"""Department and city sites: sign-in through the same identity platform, the signed-in state on the
next page, and the citizen's way from the site to the unified portal (统一入口).

The way to the entry is walked as a citizen walks it: on each page, a link whose target is the unified
portal wins (evidence: where the link goes, not what it says); otherwise the most promising service
word not followed yet (ENTRY_WORDS, plus the profile's `flows.entry.words`). Links are named by their
text, `title`, `aria-label` or an image's `alt`; a link that opens a new tab is followed there.
Clicks and views are the recorder's counts between two marks.

Verdicts rest on what was measured: reaching the portal in more clicks than the evaluation allows
is the portal's (C1-4, with the path as evidence). Not reaching it is our walker's reading — the word
list did not find this site's way — and is 套件故障 · 未适配, never "the portal has no entry".

`flows.sites` in the profile: `personal_center: false` for sites without a 个人中心 (the signed-in
state is then checked on the site's next page, its home opened again).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from shopper.failures import SuiteError

from ..session import host_of
from ..view import View
from .signin import SignInResult, sign_in

ENTRY_WORDS = ("网上办事", "政务服务", "办事服务", "网上办事大厅", "办事大厅", "进入办事大厅", "在线办事",
               "网上服务", "便民服务", "政务服务网", "一网通办", "进入", "更多专栏", "专题专栏", "政务公开",
               "互动交流", "更多", "信息公开")
# the links a citizen can see (a fixed-position button too): (href, accessible name) of each, the name
# from the text, aria-label, title, or the alt of an image inside
VISIBLE_LINKS_JS = """els => els.filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
  .map(e => [e.href || '', ((e.innerText || '').trim() || e.getAttribute('aria-label') || e.getAttribute('title')
             || Array.from(e.querySelectorAll('img')).map(i => i.alt).join(' ') || '').trim()])"""


@dataclass
class EntryRoute:
    """How a citizen got from a site's home to the unified portal (统一入口)."""
    reached: bool
    clicks: int
    pages: int
    path: list[str] = field(default_factory=list)
    landed_url: str = ""


class Site(View):
    def __init__(self, session, site):
        super().__init__(session)
        self.site = site

    def wait_until_shown(self) -> "Site":
        self.session.expect("site.heading", f"{self.site.name} 首页没有显示站名", "统一入口", site=self.site.name)
        return self

    @property
    def site_host(self) -> str:
        return host_of(self.site.url)

    def sign_in_via_sso(self, persona) -> SignInResult:
        """登录 on this site with the identity platform; notes a password prompt or a registration demand."""
        return sign_in(self, "site.login_link", persona, self.site_host, stage="站点登录",
                       registration="site.registration")

    def open_next_page(self) -> "Site":
        """The citizen's next page on this site: its 个人中心, or (sites without one) its home again."""
        s = self.session
        if (self.flows.get("sites") or {}).get("personal_center", True):
            s.click("site.personal_center", f"{self.site.name} 个人中心")
        else:
            s.goto(self.site.url + "/", f"{self.site.name} 首页", "站点登录")
        return self

    def still_signed_in(self) -> bool:
        """The signed-in state or a 登录 link: whichever the page shows."""
        s = self.session
        greeting, login = s.spec("signed_in.greeting").union(s.page), s.spec("site.login_link").union(s.page)
        s.expect("signed_in.greeting", f"{self.site.name} 页面既无登录状态也无登录入口", "站点登录",
                 locator=greeting.or_(login))
        return greeting.count() > 0

    def find_unified_entry(self, portal_host: str, max_clicks: int = 8) -> EntryRoute:
        """Follow links as a citizen would until a page of the unified portal opens."""
        s = self.session
        words = tuple((self.flows.get("entry") or {}).get("words") or ()) + ENTRY_WORDS
        journey = self.journey
        mark = journey.mark() if journey is not None else None   # the probe walks without a recorder
        followed: list[str] = []
        for _ in range(max_clicks):
            links = s.page.get_by_role("link").evaluate_all(VISIBLE_LINKS_JS)
            into_portal = [(href, name) for href, name in links if host_of(href) == portal_host and name]
            if into_portal:
                name = into_portal[0][1]
            else:
                names = {name for _, name in links}
                options = [w for w in words if w in names and w not in followed]
                if not options:
                    break
                name = options[0]
            followed.append(name)
            target = s.page.get_by_role("link", name=name, exact=True).filter(visible=True)
            s.click(target, f"{self.site.name} 链接「{name}」")
            if s.host == portal_host:
                counts = journey.since(mark) if journey is not None else {"clicks": len(followed), "views": 0}
                return EntryRoute(True, counts["clicks"], counts["views"], followed, s.page.url)
        path = " → ".join(followed) or "（无可跟随的链接）"
        raise SuiteError(f"套件故障 · 未适配: 从 {self.site.name} 按 {path} 未能到达统一平台 {portal_host}："
                         f"站点的办事入口字样不在我们的词表中或链接形式未识别（可在门户配置 flows.entry.words 中补充），"
                         f"不计为门户缺陷")


class Channel(View):
    """A department's or city's channel on the unified portal (where the entry from a site leads)."""

    def __init__(self, session, site):
        super().__init__(session)
        self.site = site

    def wait_until_shown(self) -> "Channel":
        self.session.expect("channel.heading", f"统一平台上没有 {self.site.name} 的办事服务栏目", "一网通办")
        return self

    def open_first_of(self, names: list[str]):
        """Open the first of `names` this channel lists (the profile's online items)."""
        from .guide import Guide

        s = self.session
        for name in names:
            link = s.page.get_by_role("link", name=name, exact=True).filter(visible=True)
            if link.count():
                s.click(link.first, f"打开办事指南 {name}")
                return Guide(s).wait_until_shown(stage="一网通办")
        raise SuiteError(f"套件故障: {self.site.name} 栏目中没有门户配置的在线办理事项 {', '.join(names)} "
                         f"(apply_items: 本栏目列出的事项名称与配置不符)")
