"""The portal as a citizen meets it: one facade over the shared abilities, chosen by the profile.

Every portal is driven by this one class; what differs between portals is data in its profile
(flows, locators, URLs, facts). The steps call only what `pages/interface.py` declares.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from shopper.failures import NotMeasured, PortalDefect, SuiteError

from .abilities import advance as advancing
from .abilities.apply import NotSubmitted
from .abilities.guide import Guide
from .abilities.home import Home
from .abilities.review import MyApplications
from .abilities.sites import Channel, Site
from .abilities.status import StatusQuery
from .controls import Fit
from .session import Session, host_of


@dataclass
class Application:
    """A submitted 办件: its number, whose it is, and what the receipt said."""
    number: str
    persona: object
    item_name: str
    receipt_url: str = ""
    query_password: str | None = None
    receipt_text: str = field(default="", repr=False)   # what the receipt showed: in memory only, never written

    def __repr__(self) -> str:
        return f"Application({self.item_name})"


@dataclass
class SsoStats:
    """Repeated sign-ins from a clean browser state: success rate and time per attempt."""
    attempts: int = 0
    times_ms: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def successes(self) -> int:
        return len(self.times_ms)


@dataclass
class LinkCheck:
    checked: int
    dead: list
    server_errors: list = field(default_factory=list)


class PiiScan:
    def __init__(self, pages: list[str], hits: list[str], where: list[str], texts: dict[str, str] | None = None):
        self.pages = pages
        self.hits = hits  # the unmasked values themselves: never written anywhere unmasked
        self.where = where
        self._texts = texts or {}  # page → what it showed: in memory only, never written

    def __repr__(self) -> str:
        return f"PiiScan(pages={self.pages}, unmasked={len(self.hits)}, where={self.where})"

    def pages_showing(self, values: list[str]) -> list[str]:
        """The scanned pages that show any of `values` (another person's name, 身份证号, phone); an
        empty value never matches (a fact the profile left out is not on every page)."""
        values = [v for v in values if v and v.strip()]
        return [page for page, text in self._texts.items() if any(v in text for v in values)]


class Portal:
    """What a journey can ask of any portal (pages/interface.py), composed from the profile."""

    def __init__(self, profile, page, journey, fit: Fit):
        self.profile = profile
        self.journey = journey
        self.fit = fit
        self.session = Session(self, page)

    def __repr__(self) -> str:
        return f"Portal({self.profile.name})"

    @property
    def page(self):
        return self.session.page

    # -- portal facts from the profile ----------------------------------------------------------------
    @property
    def portal_host(self) -> str:
        return host_of(self.profile.url("portal"))

    @property
    def idp_host(self) -> str:
        return host_of(self.profile.url("idp"))

    def platform_hosts(self) -> set[str]:
        """The unified platform: the portal, its identity platform, and hosts the profile names as its
        own (`platform_hosts`: a 好差评系统, a 长辈版 host …)."""
        return {self.portal_host, self.idp_host, *self.profile.platform_hosts}

    @property
    def review_levels(self) -> list[str]:
        return list(self.profile.review_levels)

    def sample_keyword(self) -> str:
        from shopper.keywords import load_keywords

        if self.profile.keywords is None:
            raise SuiteError(f"{self.profile.path}: 没有配置 keywords (no keyword set)")
        return load_keywords(self.profile.keywords)[0].keyword

    def site_by_code(self, code: str):
        for site in self.profile.sites():
            if site.code == code:
                return site
        raise SuiteError(f"{self.profile.path}: 门户配置中没有代码为「{code}」的站点 (no such site code)")

    def one_network_site(self):
        if self.profile.one_network_site:
            return self.site_by_code(self.profile.one_network_site)
        if not self.profile.departments:
            raise SuiteError(f"{self.profile.path}: 没有配置 departments (C1-1 needs a department site)")
        return self.profile.departments[0]

    # -- where a citizen goes -------------------------------------------------------------------------
    def open_home(self) -> Home:
        self.session.goto(self.profile.url("portal") + "/", "门户首页", "搜索", profile_key="urls.portal")
        return Home(self.session).wait_until_shown()

    def open_home_signed_in(self, persona) -> Home:
        home = self.open_home()
        home.sign_in(persona)
        return home

    def sso_attempts(self, persona, attempts: int) -> SsoStats:
        """Sign in `attempts` times, each from a browser with no cookies (a new visitor each time)."""
        stats = SsoStats()
        for _ in range(attempts):
            stats.attempts += 1
            self.forget_visitor()
            try:
                stats.times_ms.append(self.open_home().sign_in(persona).ms)
            except PortalDefect as exc:  # this attempt failed on the portal's answer
                stats.errors.append(str(exc).splitlines()[0])
        return stats

    def open_site(self, site) -> Site:
        self.session.goto(site.url + "/", f"{site.name} 首页", "统一入口", profile_key=f"sites[{site.code}].url")
        return Site(self.session, site).wait_until_shown()

    def confirm_on_platform(self, url: str) -> None:
        """The citizen is on the unified platform: its host, showing one of its pages (its home, a
        channel or a guide)."""
        s = self.session
        if host_of(url) not in self.platform_hosts():
            raise SuiteError(f"套件故障: 入口步骤结束于 {host_of(url)}，不是统一平台 (the walk ended off the platform)")
        shown = s.spec("home.search_input").union(s.page).or_(s.spec("channel.heading").union(s.page)).or_(
            s.spec("guide.sections").union(s.page))
        s.expect("channel.heading", "到达的统一平台页面未显示（首页、部门栏目或办事指南）", "统一入口", locator=shown)

    def channel_here(self, site) -> Channel:
        return Channel(self.session, site).wait_until_shown()

    def open_guide(self, item_id: str) -> Guide:
        self.session.goto(self.profile.guide_url(item_id), f"办事指南 {item_id}", "办事指南", profile_key="urls.guide")
        return Guide(self.session, item_id).wait_until_shown()

    def open_site_copy(self, kind: str, code: str, item: str) -> Guide:
        """数据同源: a department's (`kind` department) or city's own copy of the guide of `item`, at the
        profile's `urls.<kind>_copy` address (a 404 there is our address, not the portal's)."""
        site = self.site_by_code(code)
        stage = "部门数据同源" if kind == "department" else "市级数据同源"
        self.session.goto(self.profile.copy_url(kind, site, item), f"{site.name} 的办事指南 {item}", stage,
                          profile_key=f"urls.{kind}_copy")
        return Guide(self.session, item).wait_until_shown(stage=stage)

    def open_status_query(self) -> StatusQuery:
        flow = self.profile.flows.get("status") or {}
        how = flow.get("open") or ("url" if self.profile.urls.get("status") else "link")
        if how == "url":
            self.session.goto(self.profile.url("status"), "办件查询", "办件查询", profile_key="urls.status")
        else:
            home = self.open_home()
            home.session.click("home.status_link", "打开办件查询")
        self.session.expect("status.number", "办件查询页没有办件编号输入框", "办件查询")
        return StatusQuery(self.session)

    def open_my_applications(self) -> MyApplications:
        """The citizen's list of their own 办件: 我的办件 from the home, or 个人中心 and then its 我的办件."""
        s = self.session
        self.open_home()
        s.click("home.my_link", "打开我的办件")
        return MyApplications(s)

    def notices_that_came_back(self) -> list[str]:
        """Notices (公告 modals, consent bars) the citizen closed in this journey that the same site showed
        again: the portal's own pages, seen by the browser (each close a counted click)."""
        return self.session.notices_that_came_back()

    def apply_for(self, persona, item_name: str, files) -> Application:
        """A whole application as `persona`: search → guide → 在线办理 → sign in → form → submit."""
        guide = self.open_home().search_for(item_name).open_result(item_name)
        form, _ = guide.apply_online(persona)
        outcome = form.fill_in(persona).upload(files).submit_application(self.profile)
        if isinstance(outcome, NotSubmitted):
            raise NotMeasured("只读门户无法创建办件, 依赖办件的场景未测 (read-only profile: no application created)")
        return Application(outcome.application_number(), persona, item_name, self.page.url, outcome.query_password(),
                           self.session.visible_text())

    def advance_application(self, application: Application, status: str) -> Application:
        number = advancing.advance(self.profile, application.number, status)
        if number is None:
            return application
        return Application(number, application.persona, application.item_name)

    def forget_visitor(self) -> None:
        """A new visitor: no cookies and no stored state on any site (portal, IdP, departments)."""
        self.session.context.clear_cookies()
        self.session.forget_dismissed()
        for page in self.session.context.pages:
            try:
                page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            except Exception:  # a page that is gone or on an error page has no storage to clear
                pass

    def verification(self, application: Application, persona=None) -> dict[str, str]:
        """What 办件查询 asks besides the number, for this 办件 (flows.status.verify)."""
        from .abilities.status import captcha_value

        values = {"name": (persona or application.persona).name}
        if application.query_password:
            values["password"] = application.query_password
        captcha = captcha_value(self.profile)
        if captcha:
            values["captcha"] = captcha
        return values

    # -- 安全运行 ----------------------------------------------------------------------------------------
    def check_links(self, page_urls: list[str], limit: int = 120) -> LinkCheck:
        """Open every distinct link of the given pages in a second tab and note which are dead.

        A start page that answers 5xx is the portal's failure (SEC); one that answers 4xx is our wrong
        address for this portal (套件故障), not a dead link of the portal's. Form downloads are left
        to the guide check (E4), which downloads them.
        """
        from .abilities.guide import DOWNLOAD_WORDS
        from .abilities.sites import VISIBLE_LINKS_JS

        s = self.session
        links: list[str] = []
        for url in page_urls:
            s.goto(url, "链接检查的起始页", "安全", profile_key="urls")
            for href, name in s.page.get_by_role("link").evaluate_all(VISIBLE_LINKS_JS):
                if DOWNLOAD_WORDS.search(name or ""):
                    continue
                if href.startswith(("http://", "https://")) and href.split("#")[0] not in links:
                    links.append(href.split("#")[0])
        checker = s.context.new_page()
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

    def scan_personal_pages(self, application: Application, persona) -> PiiScan:
        """Text and form values of the pages that show the applicant's data, searched for unmasked
        身份证号 and phone numbers."""
        from shopper.masking import ID_RE, PHONE_RE

        s = self.session
        texts = {"回执": application.receipt_text}
        self.open_my_applications().find_row(application.number)
        texts["我的办件"] = s.visible_text()
        self.open_status_query().query(application.number, self.verification(application, persona))
        texts["办件查询"] = s.visible_text()
        guide = self.open_home().search_for(application.item_name).open_result(application.item_name)
        guide.apply_online(persona)
        texts["申请表"] = s.visible_text()
        hits, where = [], []
        for name, text in texts.items():
            found = [m.group(0) for m in ID_RE.finditer(text)] + [m.group(0) for m in PHONE_RE.finditer(text)]
            if found:
                hits += found
                where.append(name)
        return PiiScan(list(texts), hits, where, texts)

