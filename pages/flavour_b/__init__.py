"""Page objects of sandbox flavour B (another vendor's 江澜省政务服务网): OAuth2 sign-in at tyrz,
search from a JSON API, li tabs, a 3-step 申办 wizard, an SPA 办件进度查询 and star 好差评.

The Portal here offers the same methods, arguments and return types as pages.sandbox.Portal, so the
same steps drive either flavour; the result classes shared with flavour A are imported from there.
"""
from __future__ import annotations

import http.client

from shopper.failures import PortalDefect, SuiteError

from ..base import Portal as BasePortal
from ..base import browser_errors, host_of
from ..sandbox import Application, LinkCheck, PiiScan, SsoStats
from .channel import ChannelPage
from .home import HomePage
from .search import SearchResultsPage
from .sites import SitePage

__all__ = ["Portal", "HomePage", "SearchResultsPage", "SitePage", "ChannelPage", "SsoStats"]

STATUS_ORDER = ["已提交", "已受理", "已办结"]


class Portal(BasePortal):
    @property
    def portal_host(self) -> str:
        return host_of(self.profile.url("portal"))

    @property
    def idp_host(self) -> str:
        return host_of(self.profile.url("idp"))

    # URL shapes of this vendor --------------------------------------------------------------
    def guide_url(self, item_id: str) -> str:
        return f"{self.profile.url('portal')}/guide/detail?matterId={item_id}"

    def status_url(self) -> str:
        return f"{self.profile.url('portal')}/progress"

    # journeys' entry points -------------------------------------------------------------------
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
        return ChannelPage(self, self.page, site).wait_until_shown()

    def open_guide(self, item_id: str):
        from .guide import GuidePage

        guide = GuidePage(self, self.page)
        guide.goto(self.guide_url(item_id), f"办事指南 {item_id}", "E1")
        return guide.wait_until_shown()

    def open_status_query(self):
        from .status import StatusPage

        status = StatusPage(self, self.page)
        status.goto(self.status_url(), "办件进度查询", "B5-1")
        return status

    def apply_for(self, persona, item_name: str, files) -> Application:
        """A whole application as `persona`: search → guide → 立即申办 → sign in → 3-step wizard."""
        from .apply import NotSubmitted

        guide = self.open_home().search_for(item_name).open_result(item_name)
        form, _ = guide.apply_online(persona)
        outcome = form.fill_in(persona).upload(files).submit_application(self.profile)
        if isinstance(outcome, NotSubmitted):
            raise SuiteError("只读门户无法创建办件 (read-only profile: cannot create an application)")
        return Application(outcome.application_number(), persona, item_name, self.page.url)

    def forget_visitor(self) -> None:
        self.page.context.clear_cookies()

    def sandbox_advance(self, number: str, to_status: str) -> None:
        """Sandbox-only control endpoint: move a 办件 forward until it shows `to_status`."""
        if not self.profile.is_sandbox:
            raise SuiteError("只有沙箱能推进办件状态 (only the sandbox can move a 办件 forward)")
        for _ in range(STATUS_ORDER.index(to_status)):
            # *.localhost resolves in Chromium only: loopback with a Host header
            conn = http.client.HTTPConnection("127.0.0.1", self.profile.port, timeout=10)
            conn.request("POST", f"/__sandbox__/advance/{number}", headers={"Host": self.portal_host})
            status = conn.getresponse().status
            conn.close()
            if status == 409:
                break
            if status >= 400:
                raise SuiteError(f"沙箱推进办件失败 HTTP {status}")

    def open_my_applications(self):
        from .apply import MyApplicationsPage

        home = self.open_home()
        with home.navigation("个人中心 我的办件"):
            self.page.get_by_role("link", name="个人中心", exact=True).first.click()
        return MyApplicationsPage(self, self.page)

    def check_links(self, page_urls: list[str], limit: int = 120) -> LinkCheck:
        """Open every distinct link of the given pages in a second tab and note which are dead.
        空白表格/示例样表 downloads are left to the guide check (E4)."""
        links: list[str] = []
        for url in page_urls:
            with browser_errors():
                response = self.page.goto(url)
            if response is not None and response.status >= 500:
                raise PortalDefect(f"链接检查的起始页返回服务器错误 HTTP {response.status} ({url})", "SEC")
            if response is not None and response.status >= 400:
                # a page we were told to start from does not exist on this portal: our URL, not its link
                raise SuiteError(f"链接检查的起始页 {url} 返回 HTTP {response.status}：页面地址与本门户不符 "
                                 f"(this portal's guide URL is {self.guide_url('<id>')})")
            found = self.page.get_by_role("link").evaluate_all(
                "els => els.map(e => [e.href, (e.innerText || '') + (e.getAttribute('title') || '')])")
            for href, name in found:
                if "空白表格" in name or "示例样表" in name:
                    continue
                if href.startswith(("http://", "https://")) and href.split("#")[0] not in links:
                    links.append(href.split("#")[0])
        checker = self.page.context.new_page()
        dead, server_errors = [], []
        try:
            for href in links[:limit]:
                try:
                    response = checker.goto(href)
                    if response is not None and 400 <= response.status < 500:
                        dead.append(f"{response.status} {href}")
                    elif response is not None and response.status >= 500:
                        server_errors.append(f"{response.status} {href}")
                except Exception as exc:  # a download is a live link; anything else is dead
                    if "Download is starting" not in str(exc):
                        dead.append(f"{str(exc).splitlines()[0][:80]} {href}")
        finally:
            checker.close()
        return LinkCheck(min(len(links), limit), dead, server_errors)

    def scan_personal_pages(self, application, persona) -> PiiScan:
        """Text and form values of the pages that show the applicant's data, searched for unmasked
        身份证号 and phone numbers."""
        from shopper.masking import ID_RE, PHONE_RE

        texts = {}
        self.page.goto(application.receipt_url)
        texts["回执"] = self._visible_data()
        texts["我的办件"] = (self.open_my_applications(), self._visible_data())[1]
        self.open_status_query().query(application.number, persona.name)
        texts["办件查询"] = self._visible_data()
        guide = self.open_home().search_for(application.item_name).open_result(application.item_name)
        guide.apply_online(persona)
        texts["申请表"] = self._visible_data()
        hits, where = [], []
        for name, text in texts.items():
            found = [m.group(0) for m in ID_RE.finditer(text)] + [m.group(0) for m in PHONE_RE.finditer(text)]
            if found:
                hits += found
                where.append(name)
        return PiiScan(list(texts), hits, where)

    def _visible_data(self) -> str:
        return self.page.evaluate(
            "() => document.body.innerText + '\\n' + Array.from(document.querySelectorAll('input, textarea'))"
            ".map(e => e.value).join('\\n')")

    def site_named(self, name: str):
        for site in self.profile.sites():
            if site.name == name or site.name.startswith(name):
                return site
        raise SuiteError(f"{self.profile.path}: 门户配置中没有站点「{name}」 (no such site in the profile)")
