import pytest

from shopper.failures import (ENVIRONMENT, PORTAL_DEFECT, SUITE_BROKEN, EnvironmentFault, Misfit, PortalDefect, classify,
                              translate_browser_error)


class FakePlaywrightError(Exception):
    pass


@pytest.mark.parametrize("exc, expected", [
    (PortalDefect("搜索太慢", "A3-1"), PORTAL_DEFECT),
    # an `expect` on our locator that matched nothing is ours until a page object shows the control exists
    (AssertionError("Locator expected to be visible"), SUITE_BROKEN),
    (Misfit("search.input", "门户首页没有搜索框"), SUITE_BROKEN),
    # a click that timed out waiting for our locator, even when its call log mentions navigations
    (FakePlaywrightError("Locator.click: Timeout 8000ms exceeded.\nCall log:\n  - waiting for get_by_role('button')"
                         "\n  - waiting for scheduled navigations to finish"), SUITE_BROKEN),
    (EnvironmentFault("门户无法访问"), ENVIRONMENT),
    (FakePlaywrightError("Page.goto: net::ERR_CONNECTION_REFUSED at http://zwfw.localhost:1/"), ENVIRONMENT),
    (FakePlaywrightError("net::ERR_NAME_NOT_RESOLVED at http://nowhere.invalid/"), ENVIRONMENT),
    (FakePlaywrightError("Target page, context or browser has been closed"), ENVIRONMENT),
    (FakePlaywrightError("Locator.click: Connection closed"), ENVIRONMENT),       # the driver lost the browser
    (FakePlaywrightError("Page.goto: Timeout 15000ms exceeded.\nCall log:\n  - navigating to"), ENVIRONMENT),
    (FakePlaywrightError("Page.wait_for_url: net::ERR_TOO_MANY_REDIRECTS"), PORTAL_DEFECT),
    (KeyError("observations"), SUITE_BROKEN),
    (FakePlaywrightError("strict mode violation: get_by_role('link') resolved to 3 elements"), SUITE_BROKEN),
])
def test_classify(exc, expected):
    assert classify(exc) == expected


def test_classify_none_is_none():
    assert classify(None) is None


def test_portal_defect_message_names_indicator():
    assert str(PortalDefect("x", "B4-2")).startswith("门户缺陷[B4-2]")


def test_translate_keeps_unknown_errors_and_converts_known_ones():
    plain = ValueError("ours")
    assert translate_browser_error(plain) is plain
    assert isinstance(translate_browser_error(FakePlaywrightError("net::ERR_TOO_MANY_REDIRECTS")), PortalDefect)
    assert isinstance(translate_browser_error(FakePlaywrightError("net::ERR_CONNECTION_REFUSED")), EnvironmentFault)


def test_an_already_classed_error_keeps_its_class():
    """A portal defect whose message quotes a network error code is still a portal defect."""
    defect = PortalDefect("登录后浏览器显示错误页 ERR_TOO_MANY_REDIRECTS (ERR_INTERNET_DISCONNECTED)", "B4-2")
    assert translate_browser_error(defect) is defect
    assert classify(defect) == PORTAL_DEFECT
    fault = EnvironmentFault("门户缺陷 wording inside an environment fault")
    assert translate_browser_error(fault) is fault


def test_locator_timeout_is_not_translated_into_an_environment_fault():
    exc = FakePlaywrightError("Locator.fill: Timeout 8000ms exceeded.\nCall log:\n  - waiting for scheduled navigations to finish")
    assert translate_browser_error(exc) is exc


def test_misfit_names_the_control_and_says_it_is_not_the_portal():
    exc = Misfit("search.input", "门户首页没有搜索框")
    assert exc.control == "search.input" and str(exc).startswith("套件故障 · 未适配")


def test_unsafe_port_is_a_profile_problem_with_a_hint_not_a_locator_fault():
    from shopper.failures import SuiteError

    raw = FakePlaywrightError("Page.goto: net::ERR_UNSAFE_PORT at http://zwfw.example.gov.cn:6000/\nCall log: …")
    translated = translate_browser_error(raw)
    assert isinstance(translated, SuiteError) and classify(translated) == SUITE_BROKEN
    assert "端口 6000" in str(translated) and "门户配置" in str(translated) and "ERR_UNSAFE_PORT" in str(translated)
