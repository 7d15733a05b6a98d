"""Flavour-B department and city sites: OAuth2 sign-in (flavour A's flow, this vendor's words), and
the way to the unified entry (a floating 办事大厅 button on department sites, a 政务服务 link in city
sites' footer)."""
from __future__ import annotations

from ..base import host_of
from ..sandbox.sites import EntryRoute
from ..sandbox.sites import SitePage as _Like

# Link names a citizen follows when looking for online services, most promising first.
SERVICE_WORDS = ("办事大厅", "政务服务", "网上办事", "进入办事大厅", "便民服务", "更多", "专题专栏", "信息公开")


class SitePage(_Like):
    @property
    def registration_demand(self):
        return self.control("site.registration")

    def find_unified_entry(self, portal_host: str, max_clicks: int = 8) -> EntryRoute:
        """Follow links as a citizen would until a page of the unified portal opens (a link into the
        portal host wins, else the most promising service word not followed yet)."""
        mark = self.journey.mark()
        followed: list[str] = []
        for _ in range(max_clicks):
            links = self.page.get_by_role("link").evaluate_all(
                "els => els.filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')"
                ".map(e => [e.href, (e.innerText || e.getAttribute('aria-label') || '').trim()])")
            into_portal = [name for href, name in links if host_of(href) == portal_host and name]
            if into_portal:
                name = into_portal[0]
            else:
                names = [name for _, name in links]
                options = [w for w in SERVICE_WORDS if w in names and w not in followed]
                if not options:
                    break
                name = options[0]
            followed.append(name)
            with self.navigation(f"{self.site.name} 链接「{name}」", "C1-4"):
                self.page.get_by_role("link", name=name, exact=True).first.click()
            if host_of(self.page.url) == portal_host:
                counts = self.journey.since(mark)
                return EntryRoute(True, counts["clicks"], counts["views"], followed, self.page.url)
        counts = self.journey.since(mark)
        return EntryRoute(False, counts["clicks"], counts["views"], followed, self.page.url)
