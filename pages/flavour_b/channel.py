"""A department's or city's channel on the flavour-B portal (/dept/<code>, /city/<code>)."""
from __future__ import annotations

from ..sandbox.channel import ChannelPage as _Like


class ChannelPage(_Like):
    def open_first_of(self, names: list[str]):
        """Open the first of `names` this channel lists (the profile's online items)."""
        from .guide import GuidePage

        for name in names:
            link = self.page.get_by_role("link", name=name, exact=True)
            if link.count():
                with self.navigation(f"打开办事指南 {name}"):
                    link.first.click()
                return GuidePage(self.portal, self.page).wait_until_shown()
        raise AssertionError(f"{self.site.name} 栏目中没有配置的在线办理事项: {', '.join(names)}")
