"""办事指南 (guide) page: read its elements, download its forms, start the online application."""
from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import expect

from ..base import BasePage, host_of


@dataclass
class OnlineStart:
    """Where 在线办理 led: still on the platform, and whether a new login was demanded there."""
    url: str
    host: str
    on_platform: bool
    extra_login: bool


class GuidePage(BasePage):
    def wait_until_shown(self) -> "GuidePage":
        expect(self.page.get_by_role("tablist"), "办事指南页没有分栏（基本信息/申请材料…）").to_be_visible()
        return self

    @property
    def title(self) -> str:
        return self.text_of(self.page.get_by_role("heading", level=1))

    @property
    def online_link(self):
        return self.page.get_by_role("link", name="在线办理", exact=True)

    def start_online_application(self) -> OnlineStart:
        """Click 在线办理 and report where the citizen ends up (一网通办: one platform, one login)."""
        expect(self.online_link, "办事指南没有「在线办理」入口").to_be_visible()
        with self.navigation("在线办理", "C1-1"):
            self.online_link.click()
        host = host_of(self.page.url)
        platform = {self.portal.portal_host, self.portal.idp_host}
        # a password box on a host other than the national IdP is a second, separate login
        password_box = self.page.get_by_label("密码")
        extra_login = host != self.portal.idp_host and password_box.count() > 0 and password_box.first.is_visible()
        return OnlineStart(self.page.url, host, host in platform, extra_login)
