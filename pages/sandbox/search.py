"""Search results (搜索结果)."""
from __future__ import annotations

import re

from ..base import BasePage

COUNT_RE = re.compile(r"共找到\s*(\d+)\s*个结果")


class SearchResultsPage(BasePage):
    def __init__(self, portal, page, keyword: str, latency_ms: float, http_status: int | None = None):
        super().__init__(portal, page)
        self.keyword = keyword
        self.latency_ms = latency_ms
        self.http_status = http_status  # of the results document
        self._names: list[str] | None = None  # the results as shown, read once (a journey asks several times)

    @property
    def result_list(self):
        return self.control("results.list")

    @property
    def zero_result_notice(self):
        return self.control("results.zero_notice")

    def wait_until_shown(self) -> "SearchResultsPage":
        self.expect_control("results.heading", "搜索后没有显示搜索结果页", "A3-1")
        self.expect_control("results.list", "搜索结果页既无结果列表也无零结果提示", "A3-1",
                            locator=self.result_list.or_(self.zero_result_notice))
        return self

    def result_names(self) -> list[str]:
        """The result titles in the order shown (read from the page once: the page does not change
        until the citizen acts on it, and then another page object takes over)."""
        if self._names is None:
            self._names = self._read_names()
        return list(self._names)

    def _read_names(self) -> list[str]:
        if not self.result_list.is_visible():
            return []
        return [re.sub(r"\s+", "", n) for n in self.result_list.get_by_role("link").all_inner_texts()]

    def result_count(self) -> int:
        """The count the page states (共找到 N 个结果); the listed links when it states none."""
        stated = self.control("results.count")
        if stated.count():
            return int(COUNT_RE.search(stated.first.inner_text()).group(1))
        return len(self.result_names())

    def rank_of(self, expected: str) -> int | None:
        want = re.sub(r"\s+", "", expected)
        for i, name in enumerate(self.result_names(), start=1):
            if name == want:
                return i
        return None

    def zero_result_help_shown(self) -> bool:
        return self.control("results.suggestions").is_visible()

    def open_result(self, name: str):
        from .guide import GuidePage

        with self.navigation(f"打开办事指南 {name}", "A3-1"):
            self.result_list.get_by_role("link", name=name, exact=True).first.click()
        return GuidePage(self.portal, self.page).wait_until_shown()
