"""The base of every page object, and the interface a portal package implements.

Page objects expose what a citizen does and return the next page. They turn the browser's raw
answers into verdicts: a 5xx document or a redirect loop is a PortalDefect; a refused connection an
EnvironmentFault. What the portal promises is asserted with `expect`, so its absence is the portal's
failure, not the suite's.
"""
from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from shopper.failures import NotMeasured, PortalDefect, SuiteError, translate_browser_error

from .controls import Fit, misfit


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


@contextmanager
def browser_errors():
    """Re-raise browser errors as the class that names the culprit."""
    try:
        yield
    except PlaywrightError as exc:
        new = translate_browser_error(exc)
        if new is exc:
            raise
        raise new from exc


class BasePage:
    def __init__(self, portal: "Portal", page):
        self.portal = portal
        self.page = page

    def __repr__(self) -> str:  # Allure shows step arguments by repr: a name, not a memory address
        return type(self).__name__

    @property
    def journey(self):
        return self.portal.journey

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def host(self) -> str:
        return host_of(self.page.url)

    def stopwatch(self) -> "Stopwatch":
        """A stopwatch for a measured duration on this page (our politeness waits taken out)."""
        return Stopwatch(self.page.context)

    def goto(self, url: str, what: str, indicator: str | None = None):
        with browser_errors():
            response = self.page.goto(url)
        self.check_document(response, what, indicator)
        return response

    def check_document(self, response, what: str, indicator: str | None = None) -> None:
        if response is not None and response.status >= 500:
            raise PortalDefect(f"{what} 返回服务器错误 HTTP {response.status} ({response.url})", indicator)
        if self.page.url.startswith("chrome-error://"):
            raise PortalDefect(f"{what} 无法显示 (browser error page)", indicator)

    @contextmanager
    def navigation(self, what: str, indicator: str | None = None):
        """Wrap an action that loads a new document; checks what came back."""
        with browser_errors():
            with self.page.expect_navigation() as nav:
                yield
        self.last_status = nav.value.status if nav.value is not None else None
        self.check_document(nav.value, what, indicator)

    # -- controls (pages/<kind>/controls.yaml, overridable in the profile's `locators:`) --
    def control(self, name: str, scope=None):
        """The locator of a named control, inside `scope` (default: the page)."""
        return self.portal.control(name, scope)

    def expect_control(self, name: str, message: str, indicator: str | None = None, scope=None, locator=None):
        """Wait for a control to be visible. Not there: the portal broke a promise only if the control
        has been seen before with this locator (probe, this run, earlier runs); otherwise it is our
        misfit (套件故障 · 未适配). Seen: the fit remembers it."""
        target = locator if locator is not None else self.control(name, scope)
        fit = self.portal.fit
        try:
            expect(target.first, message).to_be_visible()
        except AssertionError as exc:
            if fit.is_confirmed(name):
                raise PortalDefect(message, indicator) from exc
            raise misfit(self.portal.controls.get(name), name, message) from exc
        fit.confirm(name)
        return target

    def text_of(self, locator) -> str:
        return re.sub(r"\s+", " ", locator.inner_text()).strip()


@dataclass
class NotSubmitted:
    """The write guard stopped before the final click (the host is not marked staging)."""
    url: str
    reason: str = "只读未提交 (read-only profile: not submitted)"


class Application:
    """A submitted 办件: its number and whose it is."""

    def __init__(self, number: str, persona, item_name: str, receipt_url: str = ""):
        self.number = number
        self.persona = persona
        self.item_name = item_name
        self.receipt_url = receipt_url


class Portal(ABC):
    """What a journey can ask of any portal. Each portal kind implements it in pages/<kind>/."""

    def __init__(self, profile, page, journey, controls=None, fit: Fit | None = None):
        self.profile = profile
        self.page = page
        self.journey = journey
        self.controls = controls or {}
        self.fit = fit if fit is not None else Fit(self.controls)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.profile.name})"

    def control(self, name: str, scope=None):
        """The locator of a named control (controls.yaml, or the profile's `locators:`)."""
        spec = self.controls.get(name)
        if spec is None:
            raise misfit(None, name, f"页面对象引用了未声明的控件 {name}")
        return spec.locator.locate(scope if scope is not None else self.page)

    # -- portal facts from the profile (the same for every portal kind) --
    @property
    def portal_host(self) -> str:
        return host_of(self.profile.url("portal"))

    @property
    def idp_host(self) -> str:
        return host_of(self.profile.url("idp"))

    @property
    def review_levels(self) -> list[str]:
        return list(self.profile.review_levels)

    def sample_keyword(self) -> str:
        """The first keyword of the profile's keyword set (for pages that need any search)."""
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
        """The department site C1-1 starts from (profile `one_network_site`, else the first department)."""
        if self.profile.one_network_site:
            return self.site_by_code(self.profile.one_network_site)
        if not self.profile.departments:
            raise SuiteError(f"{self.profile.path}: 没有配置 departments (C1-1 needs a department site)")
        return self.profile.departments[0]

    def advance_application(self, application: Application, status: str) -> Application:
        """Bring a 办件 to `status` the way the profile says this portal can (`advance:`):
        sandbox → its control endpoint; existing → a 办件 the profile names that already has that
        status; cannot → 未测 with the profile's reason."""
        advance = self.profile.advance
        method = advance.get("method")
        if method == "sandbox":
            self.sandbox_advance(application.number, status)
            return application
        if method == "existing":
            number = (advance.get("applications") or {}).get(status)
            if not number:
                raise NotMeasured(f"门户配置 advance.applications 没有处于「{status}」的办件编号")
            return Application(str(number), application.persona, application.item_name)
        raise NotMeasured(advance.get("reason") or "门户配置说明无法推进办件 (advance: cannot)")

    def sandbox_advance(self, number: str, to_status: str) -> None:
        raise SuiteError(f"{type(self).__name__} 不支持 advance: sandbox (only a sandbox package can)")

    @abstractmethod
    def open_home(self):
        """The portal home page (HomePage)."""

    @abstractmethod
    def open_site(self, site):
        """A department or city site (SitePage)."""

    @abstractmethod
    def open_guide(self, item_id: str):
        """The 办事指南 of one item (GuidePage)."""

    @abstractmethod
    def open_status_query(self):
        """The 办件查询 page (StatusPage)."""


class Stopwatch:
    """Milliseconds between two points, for measured (never waited-out) durations. Given the
    browser context, the time our own politeness held its requests back in between is taken out:
    that wait is ours, not the portal's (shopper/politeness.py)."""

    def __init__(self, context=None):
        from shopper.politeness import held_seconds

        self._held = (lambda: held_seconds(context)) if context is not None else (lambda: 0.0)
        self.t0 = time.perf_counter()
        self.h0 = self._held()

    def ms(self) -> float:
        return round(max(0.0, time.perf_counter() - self.t0 - (self._held() - self.h0)) * 1000, 1)


__all__ = ["BasePage", "Portal", "Stopwatch", "browser_errors", "expect", "host_of"]
