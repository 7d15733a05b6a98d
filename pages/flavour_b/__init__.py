"""Page objects of sandbox flavour B (another vendor's 江澜省政务服务网): OAuth2 sign-in at tyrz,
search from a JSON API, li tabs, a 3-step 申办 wizard, an SPA 办件进度查询 and star 好差评.

Starts from pages/sandbox/ (as `shopper new-portal --like sandbox` would) and overrides the flows
that differ; locators are in controls.yaml. Sign-in needs no code of its own: the OAuth redirects
end in the same login form (账号/密码/立即登录, controls idp.*) as flavour A's ticket flow.
"""
from __future__ import annotations

from shopper.failures import PortalDefect

from ..sandbox import SsoStats
from ..sandbox import Portal as _Like
from .home import SEARCH_API, HomePage
from .search import SearchResultsPage
from .sites import SitePage

__all__ = ["Portal", "HomePage", "SearchResultsPage", "SitePage", "SsoStats"]  # ChannelPage: flavour A's


class Portal(_Like):
    def probe_pages(self):
        """Flavour A's read-only pages (the sign-in page here is the provincial 统一身份认证), and a
        department's channel (办件进度查询 here needs sign-in, so the probe cannot reach it)."""
        names = {"国家平台登录页": "统一身份认证登录页"}
        portal = self.profile.url("portal")
        pages = [(names.get(name, name), self._api_checked(opener) if name in ("搜索结果页", "零结果页") else opener)
                 for name, opener in super().probe_pages()]
        if self.profile.departments:
            pages.append(("统一平台部门栏目", lambda: self.page.goto(f"{portal}/dept/{self.one_network_site().code}")))
        return pages

    def _api_checked(self, opener):
        """A results page whose search API fails cannot be probed: its controls stay 未检查 (the
        journeys then charge the failure to the portal) instead of being taken for our misfit."""
        def go():
            with self.page.expect_response(lambda r: SEARCH_API in r.url) as api:
                opener()
            if api.value.status >= 500:
                raise PortalDefect(f"搜索接口返回服务器错误 HTTP {api.value.status}", "A3-1")
        return go

    def open_status_query(self):
        from .status import StatusPage

        status = StatusPage(self, self.page)
        status.goto(self.profile.url("portal") + "/progress", "办件进度查询", "B5-1")
        return status

    def open_my_applications(self):
        from .apply import MyApplicationsPage

        home = self.open_home()
        with home.navigation("个人中心 我的办件"):
            home.control("home.my_link").first.click()
        return MyApplicationsPage(self, self.page)

    # 空白表格/示例样表 downloads (named 下载, told apart by their title) are left to the guide check (E4)
    FORM_LINK_WORDS = ("空白表格", "示例样表")
