"""Finding and starting the browser: Debian chromium here, Playwright's own elsewhere, or a remote one."""
from __future__ import annotations

import os
from pathlib import Path

from .failures import BROWSER_GONE_PATTERNS, EnvironmentFault

# Headless runs use Chromium's headless shell (Debian package chromium-headless-shell), as Playwright
# does with its own browsers: on a clean sandbox run it costs half the CPU of the full browser in
# headless mode (README.md, Benchmarks). Headed runs (--headed) need the full browser.
HEADLESS_CANDIDATES = ("/usr/lib/chromium/chromium-headless-shell",)
CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser")
MOBILE_DEVICE = "Pixel 7"


def chromium_executable(headless: bool = True) -> str | None:
    """An explicit SHOPPER_CHROMIUM, else Debian's headless shell (headless runs) or real binary (not
    the /usr/bin wrapper), else None (None lets Playwright use its own downloaded browser)."""
    explicit = os.environ.get("SHOPPER_CHROMIUM")
    if explicit:
        if not Path(explicit).exists():
            raise EnvironmentFault(f"SHOPPER_CHROMIUM={explicit} 不存在 (no such browser binary)")
        return explicit
    for candidate in (HEADLESS_CANDIDATES if headless else ()) + CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None


def browser_args() -> list[str]:
    """Extra command-line switches for the browser from SHOPPER_BROWSER_ARGS (e.g. a proxy)."""
    return os.environ.get("SHOPPER_BROWSER_ARGS", "").split()


def launch(playwright, *, headed: bool = False, ws_endpoint: str | None = None):
    """A Browser: connected to a remote `playwright run-server` when ws_endpoint is given."""
    try:
        if ws_endpoint:
            return playwright.chromium.connect(ws_endpoint, timeout=30_000)
        return playwright.chromium.launch(executable_path=chromium_executable(headless=not headed),
                                          headless=not headed, args=browser_args())
    except Exception as exc:  # no browser at all is an environment problem, not a portal defect
        raise EnvironmentFault(f"浏览器无法启动 (browser did not start): {str(exc).splitlines()[0]}") from exc


class BrowserSession:
    """The run's browser. A browser that crashes or disconnects mid-run fails the journey it was running
    (an environment fault) and is launched again for the next one, so one crash does not take every
    remaining journey with it. `relaunches` counts how often that happened."""

    def __init__(self, playwright, *, headed: bool = False, ws_endpoint: str | None = None, on_relaunch=None):
        self._playwright = playwright
        self._headed = headed
        self._ws_endpoint = ws_endpoint
        self._on_relaunch = on_relaunch
        self.relaunches = 0
        self.browser = launch(playwright, headed=headed, ws_endpoint=ws_endpoint)

    def current(self):
        """The live browser, launched again first if the last one is gone."""
        if not self._connected():
            self._relaunch()
        return self.browser

    def new_context(self, **options):
        try:
            return self.current().new_context(**options)
        except Exception as exc:
            # The disconnect may only be noticed now, by the call that failed: one fresh browser, one retry.
            if not BROWSER_GONE_PATTERNS.search(str(exc)):
                raise
            self._relaunch()
            return self.browser.new_context(**options)

    def close(self) -> None:
        try:
            self.browser.close()
        except Exception:
            pass

    def _connected(self) -> bool:
        try:
            return self.browser.is_connected()
        except Exception:
            return False

    def _relaunch(self) -> None:
        self.close()
        self.browser = launch(self._playwright, headed=self._headed, ws_endpoint=self._ws_endpoint)
        self.relaunches += 1
        if self._on_relaunch:
            self._on_relaunch(self.relaunches)


def context_options(playwright, device: str) -> dict:
    options = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    if device == "mobile":
        options.update(playwright.devices[MOBILE_DEVICE])
        options.pop("default_browser_type", None)
    else:
        options["viewport"] = {"width": 1366, "height": 900}
    return options


def browser_version(browser) -> str:
    try:
        return f"Chromium {browser.version}"
    except Exception:
        return "unknown"
