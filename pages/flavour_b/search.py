"""Flavour-B search results: rendered client-side from /api/search, 10 per page, 下一页."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from shopper.failures import PortalDefect

from ..base import BasePage, browser_errors

COUNT_RE = re.compile(r"为您找到相关事项\s*(\d+)\s*个")
PAGE_SIZE = 10


class SearchResultsPage(BasePage):
    def __init__(self, portal, page, keyword: str, latency_ms: float):
        super().__init__(portal, page)
        self.keyword = keyword
        self.latency_ms = latency_ms
        self.page_no = 1

    @property
    def result_list(self):
        # the vendor's result list has no accessible name: its id is the only stable handle
        return self.page.locator("#soList")

    @property
    def zero_result_notice(self):
        return self.page.get_by_text("抱歉，没有找到")

    @property
    def error_notice(self):
        return self.page.get_by_text("搜索服务异常")

    def wait_until_shown(self) -> "SearchResultsPage":
        shown = self.result_list.get_by_role("link").first.or_(self.zero_result_notice).or_(self.error_notice)
        expect(shown.first, "搜索后既无结果列表也无零结果提示").to_be_visible()
        if self.error_notice.is_visible():
            raise PortalDefect(f"搜索「{self.keyword}」页面显示：搜索服务异常", "A3-1")
        return self

    def result_names(self) -> list[str]:
        if not self.result_list.get_by_role("link").count():
            return []
        return [re.sub(r"\s+", "", n) for n in self.result_list.get_by_role("link").all_inner_texts()]

    def result_count(self) -> int:
        stated = self.page.get_by_text(COUNT_RE)
        if stated.count() and stated.first.is_visible():
            return int(COUNT_RE.search(stated.first.inner_text()).group(1))
        return len(self.result_names())

    def rank_of(self, expected: str) -> int | None:
        """Rank on the page shown (page N's first result is rank 10·(N−1)+1)."""
        want = re.sub(r"\s+", "", expected)
        for i, name in enumerate(self.result_names(), start=1):
            if name == want:
                return (self.page_no - 1) * PAGE_SIZE + i
        return None

    def next_page(self) -> "SearchResultsPage":
        """下一页: another call to the JSON API, no document load."""
        button = self.page.get_by_role("button", name="下一页", exact=True)
        expect(button, "搜索结果没有下一页").to_be_enabled()
        with browser_errors():
            with self.page.expect_response(lambda r: "/api/search" in r.url) as api:
                button.click()
        if api.value.status >= 500:
            raise PortalDefect(f"搜索翻页接口返回 HTTP {api.value.status}", "A3-1")
        self.page_no += 1
        expect(self.page.get_by_text(f"第 {self.page_no} / "), "翻页后页码未更新").to_be_visible()
        return self.wait_until_shown()

    def zero_result_help_shown(self) -> bool:
        return self.page.get_by_text("您可以尝试").is_visible()

    def open_result(self, name: str):
        from .guide import GuidePage

        with self.navigation(f"打开办事指南 {name}", "A3-1"):
            self.result_list.get_by_role("link", name=name, exact=True).first.click()
        return GuidePage(self.portal, self.page).wait_until_shown()
