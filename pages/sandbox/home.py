"""Portal home: search, sign-in, channels, 长辈版."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from ..base import BasePage, Stopwatch
from ..components.idp_login import SignInResult, sign_in_via_idp
from ..components.search_box import SearchBox


class HomePage(BasePage):
    def wait_until_shown(self) -> "HomePage":
        expect(SearchBox(self.page).input, "门户首页没有可用的搜索框（搜索事项）").to_be_visible()
        return self

    @property
    def greeting(self):
        return self.page.get_by_text(re.compile(r"您好"))

    @property
    def login_link(self):
        return self.page.get_by_role("link", name="登录", exact=True)

    def search_for(self, keyword: str):
        """Type a keyword in the one search box and submit; returns the results page."""
        from .search import SearchResultsPage

        box = SearchBox(self.page)
        box.input.fill(keyword)
        clock = Stopwatch()
        with self.navigation("搜索", "A3-1"):
            box.button.click()
        results = SearchResultsPage(self.portal, self.page, keyword, latency_ms=clock.ms())
        return results.wait_until_shown()

    def sign_in(self, persona) -> SignInResult:
        """单点登录: 登录 → national IdP → back on the portal, signed in."""
        return sign_in_via_idp(self, self.login_link, persona, self.portal.idp_host, self.portal.portal_host,
                               signed_in=self.greeting, indicator="B4-2")

    def switch_to_elder_mode(self) -> "HomePage":
        """长辈版: the link in the top bar, as an older citizen finds it."""
        with self.navigation("切换长辈版", "AGE"):
            self.page.get_by_role("link", name="长辈版", exact=True).first.click()
        return self.wait_until_shown()

    def is_signed_in(self) -> bool:
        return self.greeting.is_visible()

    def sign_out(self) -> "HomePage":
        with self.navigation("退出登录"):
            self.page.get_by_role("link", name="退出", exact=True).click()
        return self
