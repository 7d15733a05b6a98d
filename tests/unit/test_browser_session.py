"""BrowserSession relaunches a browser that died, and only then (fakes stand in for Playwright)."""
from __future__ import annotations

import pytest

from shopper import browser as browser_mod


class FakeBrowser:
    def __init__(self, n):
        self.n, self.connected, self.closed, self.fail_next = n, True, False, None

    def is_connected(self):
        return self.connected

    def new_context(self, **options):
        if self.fail_next:
            raise self.fail_next
        return ("context", self.n, options)

    def close(self):
        self.closed = True


@pytest.fixture
def launched(monkeypatch):
    browsers = []

    def launch(playwright, *, headed=False, ws_endpoint=None):
        browsers.append(FakeBrowser(len(browsers)))
        return browsers[-1]

    monkeypatch.setattr(browser_mod, "launch", launch)
    return browsers


def test_a_live_browser_is_reused(launched):
    session = browser_mod.BrowserSession(None)
    assert session.new_context(locale="zh-CN") == ("context", 0, {"locale": "zh-CN"})
    assert session.new_context()[1] == 0 and session.current() is launched[0]
    assert session.relaunches == 0 and len(launched) == 1


def test_a_disconnected_browser_is_replaced_and_reported(launched):
    seen = []
    session = browser_mod.BrowserSession(None, on_relaunch=seen.append)
    launched[0].connected = False
    assert session.new_context()[1] == 1
    assert launched[0].closed and session.relaunches == 1 and seen == [1]


def test_a_crash_noticed_only_by_new_context_gets_one_retry(launched):
    session = browser_mod.BrowserSession(None)
    launched[0].fail_next = RuntimeError("Browser.new_context: Target page, context or browser has been closed")
    assert session.new_context()[1] == 1 and session.relaunches == 1


def test_other_errors_are_not_hidden_by_a_relaunch(launched):
    session = browser_mod.BrowserSession(None)
    launched[0].fail_next = ValueError("viewport: expected an object")
    with pytest.raises(ValueError, match="viewport"):
        session.new_context()
    assert session.relaunches == 0


def test_a_relaunch_that_fails_is_an_environment_fault(launched, monkeypatch):
    session = browser_mod.BrowserSession(None)
    launched[0].connected = False
    monkeypatch.setattr(browser_mod, "launch", lambda *a, **k: (_ for _ in ()).throw(
        browser_mod.EnvironmentFault("浏览器无法启动 (browser did not start): no binary")))
    with pytest.raises(browser_mod.EnvironmentFault, match="环境故障"):
        session.current()
