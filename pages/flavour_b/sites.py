"""Flavour-B department and city sites: OAuth2 sign-in (flavour A's flow, this vendor's words), and
the way to the unified entry (a floating 办事大厅 button on department sites, a 政务服务 link in city
sites' footer)."""
from __future__ import annotations

from ..sandbox.sites import SitePage as _Like


class SitePage(_Like):
    """Flavour A's route to the entry (SitePage.find_unified_entry), this vendor's words and links."""
    SERVICE_WORDS = ("办事大厅", "政务服务", "网上办事", "进入办事大厅", "便民服务", "更多", "专题专栏", "信息公开")
    # the floating 办事大厅 button is position: fixed, which has no offsetParent
    VISIBLE_LINKS_JS = ("els => els.filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')"
                        ".map(e => [e.href, (e.innerText || e.getAttribute('aria-label') || '').trim()])")

    @property
    def registration_demand(self):
        return self.control("site.registration")
