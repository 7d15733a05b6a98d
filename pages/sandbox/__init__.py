"""Page objects of the embedded sandbox portal (江澜省政务服务网) and its department/city sites.

Locators are role/label/text first (see docs/CONTRACTS.md §1 for the names the sandbox promises).
"""
from __future__ import annotations

from shopper.failures import SuiteError

from ..base import Portal as BasePortal
from ..base import host_of
from .channel import ChannelPage
from .home import HomePage
from .search import SearchResultsPage
from .sites import SitePage

__all__ = ["Portal", "HomePage", "SearchResultsPage", "SitePage", "ChannelPage", "SsoStats"]


class SsoStats:
    """Repeated sign-ins from a clean browser state: success rate and time per attempt."""

    def __init__(self):
        self.attempts = 0
        self.times_ms: list[float] = []
        self.errors: list[str] = []

    @property
    def successes(self) -> int:
        return len(self.times_ms)


class Portal(BasePortal):
    @property
    def portal_host(self) -> str:
        return host_of(self.profile.url("portal"))

    @property
    def idp_host(self) -> str:
        return host_of(self.profile.url("idp"))

    def open_home(self) -> HomePage:
        home = HomePage(self, self.page)
        home.goto(self.profile.url("portal") + "/", "门户首页")
        return home.wait_until_shown()

    def open_home_signed_in(self, persona) -> HomePage:
        home = self.open_home()
        home.sign_in(persona)
        return home

    def sso_attempts(self, persona, attempts: int) -> SsoStats:
        """Sign in `attempts` times, each from a browser with no cookies (a new visitor each time)."""
        stats = SsoStats()
        for _ in range(attempts):
            stats.attempts += 1
            self.page.context.clear_cookies()
            try:
                stats.times_ms.append(self.open_home().sign_in(persona).ms)
            except AssertionError as exc:  # PortalDefect or a failed expect: this attempt failed
                stats.errors.append(str(exc).splitlines()[0])
        return stats

    def open_site(self, site) -> SitePage:
        page = SitePage(self, self.page, site)
        page.goto(site.url + "/", f"{site.name} 首页")
        return page.wait_until_shown()

    def channel_here(self, site) -> ChannelPage:
        """The channel page the browser is on (after following a site's route to the entry)."""
        return ChannelPage(self, self.page, site).wait_until_shown()

    def open_guide(self, item_id: str):
        from .guide import GuidePage

        guide = GuidePage(self, self.page)
        guide.goto(f"{self.profile.url('portal')}/item/{item_id}", f"办事指南 {item_id}", "E1")
        return guide.wait_until_shown()

    def open_status_query(self):
        from .status import StatusPage

        status = StatusPage(self, self.page)
        status.goto(self.profile.url("portal") + "/status", "办件查询", "B5-1")
        return status

    def site_named(self, name: str):
        for site in self.profile.sites():
            if site.name == name or site.name.startswith(name):
                return site
        raise SuiteError(f"{self.profile.path}: 门户配置中没有站点「{name}」 (no such site in the profile)")
