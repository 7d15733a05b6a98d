"""Flavour-B portal home: a placeholder-only search box with an icon button, 关怀版, OAuth sign-in."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from shopper.failures import PortalDefect

from ..base import BasePage, Stopwatch, browser_errors
from .idp import sign_in_via_oauth

SEARCH_PLACEHOLDER = re.compile(r"^请输入事项名称、关键词")
SEARCH_API = "/api/search"


class HomePage(BasePage):
    @property
    def search_input(self):
        # the home page has the big box; other pages a small one in the masthead: the first visible
        return self.page.get_by_placeholder(SEARCH_PLACEHOLDER).first

    def wait_until_shown(self) -> "HomePage":
        expect(self.search_input, "门户首页没有可用的搜索框（请输入事项名称、关键词）").to_be_visible()
        return self

    @property
    def greeting(self):
        return self.page.get_by_text(re.compile(r"欢迎您，"))

    @property
    def login_link(self):
        return self.page.get_by_role("link", name="登录", exact=True)

    def search_for(self, keyword: str):
        """Type a keyword and press Enter (the button is an icon); the results come from a JSON API."""
        from .search import SearchResultsPage

        self.search_input.fill(keyword)
        clock = Stopwatch()
        with browser_errors():
            with self.page.expect_response(lambda r: SEARCH_API in r.url) as api:
                with self.navigation("搜索", "A3-1"):
                    self.search_input.press("Enter")
        if api.value.status >= 500:
            raise PortalDefect(f"搜索接口返回服务器错误 HTTP {api.value.status} ({api.value.url})", "A3-1")
        results = SearchResultsPage(self.portal, self.page, keyword, latency_ms=0.0)
        results.wait_until_shown()
        results.latency_ms = clock.ms()
        return results

    def sign_in(self, persona):
        """统一身份认证: 登录 → tyrz (OAuth2) → back on the portal, signed in."""
        return sign_in_via_oauth(self, self.login_link, persona, self.portal.idp_host, self.portal.portal_host,
                                 signed_in=self.greeting, indicator="B4-2")

    def switch_to_elder_mode(self) -> "HomePage":
        """关怀版: the link in the top bar."""
        with self.navigation("切换关怀版", "AGE"):
            self.page.get_by_role("link", name="关怀版", exact=True).first.click()
        return self.wait_until_shown()

    def is_signed_in(self) -> bool:
        return self.greeting.first.is_visible()

    def sign_out(self) -> "HomePage":
        with self.navigation("退出登录"):
            self.page.get_by_role("link", name="安全退出", exact=True).click()
        return self
