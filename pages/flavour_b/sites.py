"""Flavour-B department and city sites: OAuth2 sign-in, and the way to the unified entry (a floating
办事大厅 button on department sites, a 政务服务 link in city sites' footer)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from ..base import BasePage, host_of
from ..sandbox.sites import EntryRoute
from .idp import sign_in_via_oauth

# Link names a citizen follows when looking for online services, most promising first.
SERVICE_WORDS = ("办事大厅", "政务服务", "网上办事", "进入办事大厅", "便民服务", "更多", "专题专栏", "信息公开")


class SitePage(BasePage):
    def __init__(self, portal, page, site):
        super().__init__(portal, page)
        self.site = site

    def wait_until_shown(self) -> "SitePage":
        expect(self.page.get_by_role("heading", level=1), f"{self.site.name} 首页没有标题").to_be_visible()
        return self

    @property
    def greeting(self):
        return self.page.get_by_text(re.compile(r"欢迎您，"))

    @property
    def registration_demand(self):
        return self.page.get_by_text(re.compile(r"请先完成本站账号注册"))

    def sign_in_via_sso(self, persona):
        login = self.page.get_by_role("link", name="登录", exact=True)
        return sign_in_via_oauth(self, login, persona, self.portal.idp_host, host_of(self.site.url),
                                 signed_in=self.greeting, registration=self.registration_demand, indicator="B4-3")

    def open_personal_center(self) -> "SitePage":
        with self.navigation(f"{self.site.name} 个人中心", "B4-3"):
            self.page.get_by_role("link", name="个人中心").first.click()
        expect(self.page.get_by_role("heading", name="个人中心"), f"{self.site.name} 个人中心页未显示").to_be_visible()
        return self

    def is_signed_in(self) -> bool:
        return self.greeting.first.is_visible()

    def still_signed_in(self) -> bool:
        login = self.page.get_by_role("link", name="登录", exact=True)
        expect(self.greeting.or_(login).first, f"{self.site.name} 页面既无登录状态也无登录入口").to_be_visible()
        return self.greeting.first.is_visible()

    def find_unified_entry(self, portal_host: str, max_clicks: int = 8) -> EntryRoute:
        """Follow links as a citizen would until a page of the unified portal opens (a link into the
        portal host wins, else the most promising service word not followed yet)."""
        mark = self.journey.mark()
        followed: list[str] = []
        for _ in range(max_clicks):
            links = self.page.get_by_role("link").evaluate_all(
                "els => els.filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')"
                ".map(e => [e.href, (e.innerText || e.getAttribute('aria-label') || '').trim()])")
            into_portal = [name for href, name in links if host_of(href) == portal_host and name]
            if into_portal:
                name = into_portal[0]
            else:
                names = [name for _, name in links]
                options = [w for w in SERVICE_WORDS if w in names and w not in followed]
                if not options:
                    break
                name = options[0]
            followed.append(name)
            with self.navigation(f"{self.site.name} 链接「{name}」", "C1-4"):
                self.page.get_by_role("link", name=name, exact=True).first.click()
            if host_of(self.page.url) == portal_host:
                counts = self.journey.since(mark)
                return EntryRoute(True, counts["clicks"], counts["pages"], followed, self.page.url)
        counts = self.journey.since(mark)
        return EntryRoute(False, counts["clicks"], counts["pages"], followed, self.page.url)
