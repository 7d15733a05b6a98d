"""The portal's one search box (搜索事项 + 搜索)."""
from __future__ import annotations


class SearchBox:
    def __init__(self, page):
        self.page = page
        self.input = page.get_by_label("搜索事项")
        self.button = page.get_by_role("button", name="搜索", exact=True)

    def submit(self, keyword: str) -> None:
        self.input.fill(keyword)
        self.button.click()
