"""Failure classes: who is to blame when a journey fails.

- portal defect: the portal broke a promise (wrong result, too slow, lost session, server error).
  Raised as PortalDefect, an AssertionError, so Allure marks it *failed*.
- environment: the portal could not be reached, DNS, a page that never finished loading, a crashed
  browser. Raised as EnvironmentFault; Allure marks it *broken* and the category regex sees 环境故障.
- suite broken: anything else (our locator, our profile, our code). Allure *broken*.
Pure Python: classification reads exception types and messages only.
"""
from __future__ import annotations

import re

PORTAL_DEFECT = "portal_defect"
SUITE_BROKEN = "suite_broken"
ENVIRONMENT = "environment"

LABELS_ZH = {PORTAL_DEFECT: "门户缺陷", SUITE_BROKEN: "套件故障", ENVIRONMENT: "环境故障"}


class PortalDefect(AssertionError):
    """The portal did not keep a promise a citizen relies on, on evidence the portal gave (its answer,
    a confirmed control's content, a measured duration).

    What it is charged to: `stage=` (what the citizen was doing: 搜索, 登录, 申报 …, see
    shopper/journeys.py STAGES), or explicit `indicators` (a guide failing E1 and E4 charges both), or
    neither: then the step that raised it says (its `@judges` registration, applied when the step
    fails). Never a string guessed from the message."""

    def __init__(self, message: str, *indicators: str, stage: str | None = None):
        from .journeys import indicator_of_stage

        self.stage = stage
        named = list(indicators) or ([indicator_of_stage(stage)] if stage else [])
        self.indicators: list[str] = list(dict.fromkeys(str(n) for n in named if n))   # each once, in order
        self.detail = message
        super().__init__(self._text())

    def charge(self, *indicators: str) -> None:
        """Charge the defect to `indicators` if nothing named any yet (the step's registration)."""
        if not self.indicators:
            self.indicators = list(indicators)
            self.args = (self._text(),)

    def _text(self) -> str:
        prefix = f"门户缺陷[{','.join(self.indicators)}]" if self.indicators else "门户缺陷"
        return f"{prefix}: {self.detail}"


class EnvironmentFault(Exception):
    """Not the portal's fault and not ours: network, DNS, a browser that died."""

    def __init__(self, message: str):
        super().__init__(f"环境故障: {message}")


class SuiteError(Exception):
    """Our own input is wrong (profile, keyword file, rubric): names file and line."""


class NotMeasured(Exception):
    """This portal cannot be measured here, and why (a read-only profile cannot create a 办件; the
    profile says no 办件 can be moved to 办结). Reported as 未测 with the reason, never as a failure."""

    def __init__(self, reason: str):
        super().__init__(f"未测: {reason}")


class Misfit(SuiteError):
    """Our page objects do not fit this portal: a control we rely on was not found (未适配).
    Never the portal's defect: the run is no verdict until the page objects fit."""

    def __init__(self, control: str, message: str):
        self.control = control
        super().__init__(f"套件故障 · 未适配: {message}")


# Playwright errors that mean the browser itself died or went away (crash, killed, lost connection).
BROWSER_GONE = (r"Target page, context or browser has been closed|Browser has been closed|browser has disconnected|"
                r"Target crashed|Page crashed|crashed|Connection closed")
BROWSER_GONE_PATTERNS = re.compile(BROWSER_GONE)
# Network errors from the browser that mean "could not reach it", not "it answered wrongly", and a dead browser.
ENVIRONMENT_PATTERNS = re.compile(
    r"环境故障|ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|"
    r"ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED|"
    r"ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|ERR_EMPTY_RESPONSE|" + BROWSER_GONE,
)
# Browser errors that are the portal's doing.
PORTAL_PATTERNS = re.compile(r"门户缺陷|ERR_TOO_MANY_REDIRECTS|ERR_INVALID_RESPONSE|ERR_HTTP_RESPONSE_CODE_FAILURE")
# An action on one of our locators that timed out waiting for the element: our locator found nothing.
LOCATOR_TIMEOUT = re.compile(r"^(\w+: )?Locator\.\w+: Timeout \d+ms exceeded")
NAVIGATION_TIMEOUT = re.compile(r"(page\.goto|navigat\w*|wait_for_load_state|wait_for_url).*Timeout|Timeout .*exceeded.*navigat", re.S)


# The Fetch standard's "bad ports" that Chromium refuses with net::ERR_UNSAFE_PORT. A profile URL on
# one of them is a profile error (the CLI refuses it before a browser starts, exit 4); met at run time
# (a link or redirect to such a port) it is 套件故障 with a hint naming the port, never a locator fault.
UNSAFE_PORTS = frozenset({1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
                          101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161,
                          179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563,
                          587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
                          5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080})
UNSAFE_PORT_RE = re.compile(r"ERR_UNSAFE_PORT(?:.*?https?://[^/\s:]+:(\d+))?", re.S)


def unsafe_port_hint(port: int | str | None) -> str:
    where = f"端口 {port}" if port else "该端口"
    return (f"门户配置问题: {where} 是浏览器拒绝访问的不安全端口 (ERR_UNSAFE_PORT): 请在门户配置 (profile) 中改用其他端口 "
            f"(Chromium refuses this port: use another port in the profile URL; not a portal defect)")


def classify(exc: BaseException | None) -> str | None:
    """Map an exception to portal_defect / environment / suite_broken (None when there is none)."""
    if exc is None:
        return None
    if isinstance(exc, PortalDefect):
        return PORTAL_DEFECT
    if isinstance(exc, EnvironmentFault):
        return ENVIRONMENT
    if isinstance(exc, SuiteError):
        return SUITE_BROKEN
    message = f"{type(exc).__name__}: {exc}"
    if PORTAL_PATTERNS.search(message):
        return PORTAL_DEFECT
    if LOCATOR_TIMEOUT.search(message):
        return SUITE_BROKEN
    if ENVIRONMENT_PATTERNS.search(message) or NAVIGATION_TIMEOUT.search(message):
        return ENVIRONMENT
    # A bare AssertionError is an `expect` on a locator of ours that did not match. Until a page object
    # has shown the control exists (and then raised PortalDefect itself), a miss is our misfit, not
    # the portal's defect: blaming a portal for our locator is the worst verdict this suite can give.
    return SUITE_BROKEN


def translate_browser_error(exc: BaseException) -> BaseException:
    """Turn a raw browser error into the class that names the culprit (or return it unchanged).
    An error already classed (PortalDefect, EnvironmentFault, SuiteError) keeps its class."""
    if isinstance(exc, (PortalDefect, EnvironmentFault, SuiteError)):
        return exc
    message = str(exc)
    unsafe = UNSAFE_PORT_RE.search(message)
    if unsafe:
        return SuiteError(unsafe_port_hint(unsafe.group(1)) + " — " + _first_line(message))
    if PORTAL_PATTERNS.search(message):
        return PortalDefect(_first_line(message))
    if LOCATOR_TIMEOUT.search(message):
        return exc  # our locator found nothing: a misfit, not a network fault
    if ENVIRONMENT_PATTERNS.search(message) or NAVIGATION_TIMEOUT.search(message):
        return EnvironmentFault(_first_line(message))
    return exc


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message
