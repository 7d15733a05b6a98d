"""Department and city sites: sign-in through the same IdP, and the route to the unified entry."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..base import BasePage, host_of
from ..components.idp_login import SignInResult, sign_in_via_idp

# Link names a citizen follows when looking for online services, most promising first.
SERVICE_WORDS = ("网上办事", "政务服务", "办事服务", "网上办事大厅", "进入", "便民服务", "在线办事",
                 "更多专栏", "专题专栏", "政务公开", "互动交流")


@dataclass
class EntryRoute:
    """How a citizen got from a site's home to the unified portal (统一入口)."""
    reached: bool
    clicks: int
    pages: int
    path: list[str] = field(default_factory=list)
    landed_url: str = ""


class SitePage(BasePage):
    # link names a citizen follows when looking for online services, most promising first
    SERVICE_WORDS = SERVICE_WORDS
    # the links a citizen can see: (href, name) of each
    VISIBLE_LINKS_JS = ("els => els.filter(e => e.offsetParent !== null)"
                        ".map(e => [e.href, (e.innerText || e.getAttribute('aria-label') || '').trim()])")

    def __init__(self, portal, page, site):
        super().__init__(portal, page)
        self.site = site

    def wait_until_shown(self) -> "SitePage":
        self.expect_control("site.heading", f"{self.site.name} 首页没有标题")
        return self

    @property
    def greeting(self):
        return self.control("signed_in.greeting")

    @property
    def registration_demand(self):
        return self.page.get_by_text(re.compile(r"请完成本站注册"))

    def sign_in_via_sso(self, persona) -> SignInResult:
        """登录 on this site with the national IdP; notes a password prompt or a registration demand."""
        return sign_in_via_idp(self, self.control("site.login_link"), persona, self.portal.idp_host,
                               host_of(self.site.url), signed_in="signed_in.greeting",
                               registration=self.registration_demand, indicator="B4-3")

    def open_personal_center(self) -> "SitePage":
        with self.navigation(f"{self.site.name} 个人中心", "B4-3"):
            self.page.get_by_role("link", name="个人中心").first.click()
        self.expect_control("site.personal_center_heading", f"{self.site.name} 个人中心页未显示", "B4-3")
        return self

    def still_signed_in(self) -> bool:
        """Signed-in greeting or a 登录 link: whichever the page shows (auto-waits for one of them)."""
        self.expect_control("signed_in.greeting", f"{self.site.name} 页面既无登录状态也无登录入口", "B4-3",
                            locator=self.greeting.or_(self.control("site.login_link")))
        return self.greeting.first.is_visible()

    def find_unified_entry(self, portal_host: str, max_clicks: int = 8) -> EntryRoute:
        """Follow links as a citizen would until a page of the unified portal opens.

        On each page: a link into the portal host wins; otherwise the most promising service word
        not followed yet. Clicks and page loads are the recorder's counts, not ours.
        """
        mark = self.journey.mark()
        followed: list[str] = []
        for _ in range(max_clicks):
            links = self.page.get_by_role("link").evaluate_all(self.VISIBLE_LINKS_JS)
            into_portal = [name for href, name in links if host_of(href) == portal_host and name]
            if into_portal:
                name = into_portal[0]
            else:
                names = [name for _, name in links]
                options = [w for w in self.SERVICE_WORDS if w in names and w not in followed]
                if not options:
                    break
                name = options[0]
            followed.append(name)
            with self.navigation(f"{self.site.name} 链接「{name}」", "C1-4"):
                self.page.get_by_role("link", name=name, exact=True).first.click()
            if host_of(self.page.url) == portal_host:
                counts = self.journey.since(mark)
                return EntryRoute(True, counts["clicks"], counts["views"], followed, self.page.url)
        counts = self.journey.since(mark)  # views: document loads + single-page-app route changes
        return EntryRoute(False, counts["clicks"], counts["views"], followed, self.page.url)
