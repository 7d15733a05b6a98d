"""Page objects of the embedded sandbox portal (江澜省政务服务网) and its department/city sites.

Locators are role/label/text first (see docs/CONTRACTS.md §1 for the names the sandbox promises).
"""
from __future__ import annotations

from shopper.failures import NotMeasured, PortalDefect, SuiteError

from ..base import Application, NotSubmitted
from ..base import Portal as BasePortal
from ..base import browser_errors
from .channel import ChannelPage
from .home import HomePage
from .search import SearchResultsPage
from .sites import SitePage

__all__ = ["Portal", "HomePage", "SearchResultsPage", "SitePage", "ChannelPage", "SsoStats"]


class LinkCheck:
    def __init__(self, checked: int, dead: list[str], server_errors: list[str] = ()):
        self.checked = checked
        self.dead = dead
        self.server_errors = list(server_errors)


class PiiScan:
    def __init__(self, pages: list[str], hits: list[str], where: list[str], texts: dict[str, str] | None = None):
        self.pages = pages
        self.hits = hits  # the unmasked values themselves: never written anywhere unmasked
        self.where = where
        self._texts = texts or {}  # page → what it showed: in memory only, never written

    def __repr__(self) -> str:
        return f"PiiScan(pages={self.pages}, unmasked={len(self.hits)}, where={self.where})"

    def pages_showing(self, values: list[str]) -> list[str]:
        """The scanned pages that show any of `values` (another person's name, 身份证号, phone)."""
        values = [v for v in values if v]
        return [page for page, text in self._texts.items() if any(v in text for v in values)]


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
    def probe_pages(self):
        """The pages the probe opens (read-only, no sign-in), by the page names of controls.yaml."""
        portal = self.profile.url("portal")

        def search(query):
            def go():
                self.page.goto(portal + "/")
                self.control("home.search_input").fill(query, timeout=3000)
                with self.page.expect_navigation():
                    self.control("home.search_button").click(timeout=3000)
            return go

        def sign_in_page():
            self.page.goto(portal + "/")
            with self.page.expect_navigation():
                self.control("home.login_link").first.click(timeout=3000)

        pages = [("首页", lambda: self.page.goto(portal + "/")),
                 ("搜索结果页", search(self.sample_keyword())),
                 ("零结果页", search(self.profile.zero_result_query)),
                 ("国家平台登录页", sign_in_page)]
        if self.profile.guide_items:
            pages.append(("办事指南页", lambda: self.page.goto(self.profile.guide_url(self.profile.guide_items[0]))))
        if self.profile.sites():
            pages.append(("部门/市级网站首页", lambda: self.page.goto(self.profile.sites()[0].url + "/")))
        return pages

    def page_class(self, module: str, name: str):
        """A page class of this portal's own package, else of the package it builds on (as flavour_b
        and the new-portal scaffold do): a portal that differs only in one page keeps every flow."""
        import importlib

        for cls in type(self).__mro__:
            try:
                found = getattr(importlib.import_module(f"{cls.__module__}.{module}"), name, None)
            except ModuleNotFoundError:
                continue
            if found is not None:
                return found
        raise SuiteError(f"{type(self).__module__}: 没有页面类 {module}.{name} (no page class)")

    def open_home(self) -> HomePage:
        home = self.page_class("home", "HomePage")(self, self.page)
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
        page = self.page_class("sites", "SitePage")(self, self.page, site)
        page.goto(site.url + "/", f"{site.name} 首页")
        return page.wait_until_shown()

    def channel_here(self, site) -> ChannelPage:
        """The channel page the browser is on (after following a site's route to the entry)."""
        return self.page_class("channel", "ChannelPage")(self, self.page, site).wait_until_shown()

    def open_guide(self, item_id: str):
        guide = self.page_class("guide", "GuidePage")(self, self.page)
        guide.goto(self.profile.guide_url(item_id), f"办事指南 {item_id}", "E1")
        return guide.wait_until_shown()

    def open_status_query(self):
        from .status import StatusPage

        status = StatusPage(self, self.page)
        status.goto(self.profile.url("portal") + "/status", "办件查询", "B5-1")
        return status

    def apply_for(self, persona, item_name: str, files) -> "Application":
        """A whole application as `persona`: search → guide → 在线办理 → sign in → form → submit."""
        guide = self.open_home().search_for(item_name).open_result(item_name)
        form, _ = guide.apply_online(persona)
        outcome = form.fill_in(persona).upload(files).submit_application(self.profile)
        if isinstance(outcome, NotSubmitted):
            raise NotMeasured("只读门户无法创建办件, 依赖办件的场景未测 (read-only profile: no application created)")
        return Application(outcome.application_number(), persona, item_name, self.page.url)

    def forget_visitor(self) -> None:
        """A new visitor: no cookies on any site (portal, IdP, departments)."""
        self.page.context.clear_cookies()

    def sandbox_advance(self, number: str, to_status: str) -> None:
        """Sandbox-only control endpoint: move a 办件 forward until it shows `to_status`."""
        import http.client
        import os
        from urllib.parse import urlsplit

        from sandbox.server import control_token

        port = self.profile.port or urlsplit(self.profile.url("portal")).port
        # held by the SandboxServer this process started, or (a sandbox started by hand, reached
        # through a live profile) given to both in the environment variable the profile names
        token_env = self.profile.advance.get("token_env")
        token = control_token(port) or (os.environ.get(token_env) if token_env else None)
        if token is None:
            raise SuiteError(f"端口 {port} 上没有本进程启动的沙箱, 门户配置 advance.token_env 也未给出控制令牌 "
                             f"(no control token: set advance.token_env and that variable)")
        order = ["已提交", "已受理", "已办结"]
        # *.localhost resolves in Chromium only, so the control call goes to loopback with a Host header
        for _ in range(order.index(to_status)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", f"/__sandbox__/advance/{number}",
                         headers={"Host": self.portal_host, "X-Sandbox-Control-Token": token})
            status = conn.getresponse().status
            conn.close()
            if status == 409:  # already at the last status
                break
            if status >= 400:
                raise SuiteError(f"沙箱推进办件失败 HTTP {status}")

    def open_my_applications(self):
        from .apply import MyApplicationsPage

        home = self.open_home()
        with home.navigation("我的办件"):
            self.page.get_by_role("link", name="我的办件", exact=True).first.click()
        return MyApplicationsPage(self, self.page)

    # how this portal names the 空表/样表 download links (left to the guide check, E4, which downloads them)
    FORM_LINK_WORDS = ("空表", "样表")

    def check_links(self, page_urls: list[str], limit: int = 120) -> "LinkCheck":
        """Open every distinct link of the given pages in a second tab and note which are dead.

        A start page that answers 5xx is the portal's failure (SEC); one that answers 4xx is our wrong
        address for this portal (套件故障), not a dead link of the portal's.
        """
        links: list[str] = []
        for url in page_urls:
            with browser_errors():
                response = self.page.goto(url)
            if response is not None and response.status >= 500:
                raise PortalDefect(f"链接检查的起始页返回服务器错误 HTTP {response.status} ({url})", "SEC")
            if response is not None and response.status >= 400:
                raise SuiteError(f"链接检查的起始页 {url} 返回 HTTP {response.status}：页面地址与本门户不符 "
                                 f"(check urls.guide / guide_items in {self.profile.path})")
            found = self.page.get_by_role("link").evaluate_all(
                "els => els.map(e => [e.href, (e.innerText || '') + (e.getAttribute('aria-label') || '')"
                " + (e.getAttribute('title') || '')])")
            for href, name in found:
                if any(word in name for word in self.FORM_LINK_WORDS):
                    continue
                if href.startswith(("http://", "https://")) and href.split("#")[0] not in links:
                    links.append(href.split("#")[0])
        checker = self.page.context.new_page()
        dead, server_errors = [], []
        try:
            for href in links[:limit]:
                try:
                    response = checker.goto(href)
                    # a 死链 leads nowhere (4xx); a 5xx is a broken feature, charged where it is used
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

    def scan_personal_pages(self, application, persona) -> "PiiScan":
        """Text and form values of the pages that show the applicant's data, searched for
        unmasked 身份证号 and phone numbers."""
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
        return PiiScan(list(texts), hits, where, texts)

    def _visible_data(self) -> str:
        # page text plus form values (input values are not part of innerText); a DOM read, no action
        return self.page.evaluate(
            "() => document.body.innerText + '\\n' + Array.from(document.querySelectorAll('input, textarea'))"
            ".map(e => e.value).join('\\n')")

