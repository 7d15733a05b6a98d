"""Flavour-B portal home: a placeholder-only search box with an icon button whose results come from
a JSON API; 关怀版, 登录 and the greeting are flavour A's controls under this vendor's words."""
from __future__ import annotations

from shopper.failures import PortalDefect

from ..base import Stopwatch, browser_errors
from ..sandbox.home import HomePage as _Like

SEARCH_API = "/api/search"


class HomePage(_Like):
    def search_for(self, keyword: str):
        """Type a keyword and click the 搜索 icon; the results page fills itself from /api/search."""
        from .search import SearchResultsPage

        self.control("home.search_input").fill(keyword)
        clock = self.stopwatch()
        with browser_errors():
            with self.page.expect_response(lambda r: SEARCH_API in r.url) as api:
                with self.navigation("搜索", "A3-1"):
                    self.control("home.search_button").click()
        if api.value.status >= 500:
            raise PortalDefect(f"搜索接口返回服务器错误 HTTP {api.value.status} ({api.value.url})", "A3-1")
        results = SearchResultsPage(self.portal, self.page, keyword, latency_ms=0.0, http_status=api.value.status)
        results.wait_until_shown()
        results.latency_ms = clock.ms()
        return results
