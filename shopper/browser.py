"""Finding and starting the browser: Debian chromium here, Playwright's own elsewhere, or a remote one."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .failures import EnvironmentFault

CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser")
MOBILE_DEVICE = "Pixel 7"


def chromium_executable() -> str | None:
    """An explicit SHOPPER_CHROMIUM, else Debian's real binary (not the /usr/bin wrapper), else None
    (None lets Playwright use its own downloaded browser)."""
    explicit = os.environ.get("SHOPPER_CHROMIUM")
    if explicit:
        if not Path(explicit).exists():
            raise EnvironmentFault(f"SHOPPER_CHROMIUM={explicit} 不存在 (no such browser binary)")
        return explicit
    for candidate in CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") and None


def launch(playwright, *, headed: bool = False, ws_endpoint: str | None = None):
    """A Browser: connected to a remote `playwright run-server` when ws_endpoint is given."""
    try:
        if ws_endpoint:
            return playwright.chromium.connect(ws_endpoint, timeout=30_000)
        return playwright.chromium.launch(executable_path=chromium_executable(), headless=not headed)
    except Exception as exc:  # no browser at all is an environment problem, not a portal defect
        raise EnvironmentFault(f"浏览器无法启动 (browser did not start): {str(exc).splitlines()[0]}") from exc


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
