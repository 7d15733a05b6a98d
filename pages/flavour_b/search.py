"""Flavour-B search results: rendered client-side from /api/search, 10 per page, 下一页."""
from __future__ import annotations

import re

from shopper.failures import PortalDefect

from ..base import browser_errors
from ..sandbox.search import SearchResultsPage as _Like

COUNT_RE = re.compile(r"为您找到相关事项\s*(\d+)\s*个")
PAGE_SIZE = 10


class SearchResultsPage(_Like):
    def __init__(self, portal, page, keyword: str, latency_ms: float, http_status: int | None = None):
        super().__init__(portal, page, keyword, latency_ms, http_status)  # http_status: of /api/search
        self.page_no = 1

    def wait_until_shown(self) -> "SearchResultsPage":
        links, error = self.result_list.get_by_role("link"), self.control("results.error")
        self.expect_control("results.list", "搜索后既无结果列表也无零结果提示", "A3-1",
                            locator=links.or_(self.zero_result_notice).or_(error))
        if error.first.is_visible():
            raise PortalDefect(f"搜索「{self.keyword}」页面显示：搜索服务异常", "A3-1")
        return self

    def _read_names(self) -> list[str]:
        links = self.result_list.get_by_role("link")
        return [re.sub(r"\s+", "", n) for n in links.all_inner_texts()] if links.count() else []

    def result_count(self) -> int:
        stated = self.control("results.count")
        if stated.count() and stated.first.is_visible():
            return int(COUNT_RE.search(stated.first.inner_text()).group(1))
        return len(self.result_names())

    def rank_of(self, expected: str) -> int | None:
        """Rank on the page shown (page N's first result is rank 10·(N−1)+1)."""
        rank = super().rank_of(expected)
        return None if rank is None else (self.page_no - 1) * PAGE_SIZE + rank

    def next_page(self) -> "SearchResultsPage":
        """下一页: another call to the JSON API, no document load."""
        button = self.expect_control("results.next_page", "搜索结果没有下一页", "A3-1")
        with browser_errors():
            with self.page.expect_response(lambda r: "/api/search" in r.url) as api:
                button.click()
        if api.value.status >= 500:
            raise PortalDefect(f"搜索翻页接口返回 HTTP {api.value.status}", "A3-1")
        self.page_no += 1
        self.expect_control("results.page_info", "翻页后页码未更新", "A3-1",
                            locator=self.control("results.page_info").filter(has_text=f"第 {self.page_no} /"))
        return self.wait_until_shown()

    def open_result(self, name: str):
        from .guide import GuidePage

        with self.navigation(f"打开办事指南 {name}", "A3-1"):
            self.result_list.get_by_role("link", name=name, exact=True).first.click()
        return GuidePage(self.portal, self.page).wait_until_shown()
