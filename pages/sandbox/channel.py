"""A department's or city's channel on the unified portal (/dept/<code>, /city/<code>)."""
from __future__ import annotations

from ..base import BasePage


class ChannelPage(BasePage):
    def __init__(self, portal, page, site):
        super().__init__(portal, page)
        self.site = site

    def wait_until_shown(self) -> "ChannelPage":
        self.expect_control("channel.heading", f"统一平台上没有 {self.site.name} 的办事服务栏目", "C1-1")
        return self

    def open_first_of(self, names: list[str]):
        """Open the first of `names` this channel lists (the profile's online items)."""
        for name in names:
            link = self.page.get_by_role("link", name=name, exact=True)
            if link.count():
                with self.navigation(f"打开办事指南 {name}"):
                    link.first.click()
                return self.portal.page_class("guide", "GuidePage")(self.portal, self.page).wait_until_shown()
        raise AssertionError(f"{self.site.name} 栏目中没有配置的在线办理事项: {', '.join(names)}")
