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
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from shopper.failures import PortalDefect, translate_browser_error


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
        self.check_document(nav.value, what, indicator)

    def text_of(self, locator) -> str:
        return re.sub(r"\s+", " ", locator.inner_text()).strip()


class Portal(ABC):
    """What a journey can ask of any portal. Each portal kind implements it in pages/<kind>/."""

    def __init__(self, profile, page, journey):
        self.profile = profile
        self.page = page
        self.journey = journey

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.profile.name})"

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
    """Milliseconds between two points, for measured (never waited-out) durations."""

    def __init__(self):
        self.t0 = time.perf_counter()

    def ms(self) -> float:
        return round((time.perf_counter() - self.t0) * 1000, 1)


__all__ = ["BasePage", "Portal", "Stopwatch", "browser_errors", "expect", "host_of"]
