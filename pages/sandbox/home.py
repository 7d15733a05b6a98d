"""Portal home: search, sign-in, channels, 长辈版."""
from __future__ import annotations

from ..base import BasePage, Stopwatch
from ..components.idp_login import SignInResult, sign_in_via_idp


class HomePage(BasePage):
    def wait_until_shown(self) -> "HomePage":
        self.expect_control("home.search_input", "门户首页没有可用的搜索框（搜索事项）")
        return self

    @property
    def greeting(self):
        return self.control("signed_in.greeting")

    @property
    def login_link(self):
        return self.control("home.login_link")

    def search_for(self, keyword: str):
        """Type a keyword in the one search box and submit; returns the results page."""
        from .search import SearchResultsPage

        self.control("home.search_input").fill(keyword)
        clock = self.stopwatch()
        with self.navigation("搜索", "A3-1"):
            self.control("home.search_button").click()
        results = SearchResultsPage(self.portal, self.page, keyword, latency_ms=clock.ms(), http_status=self.last_status)
        return results.wait_until_shown()

    def sign_in(self, persona) -> SignInResult:
        """单点登录: 登录 → national IdP → back on the portal, signed in."""
        return sign_in_via_idp(self, self.login_link, persona, self.portal.idp_host, self.portal.portal_host,
                               signed_in="signed_in.greeting", indicator="B4-2")

    def switch_to_elder_mode(self) -> "HomePage":
        """长辈版: the link in the top bar, as an older citizen finds it."""
        with self.navigation("切换长辈版", "AGE"):
            self.control("home.elder_link").first.click()
        return self.wait_until_shown()

    def is_signed_in(self) -> bool:
        return self.greeting.is_visible()
