"""The national identity platform's login form (国家政务服务平台统一身份认证)."""
from __future__ import annotations

import re

from shopper.failures import PortalDefect

from ..base import BasePage, Stopwatch, browser_errors, host_of


class IdpLoginForm(BasePage):
    @property
    def username(self):
        return self.control("idp.username")

    @property
    def password(self):
        return self.control("idp.password")

    @property
    def submit(self):
        return self.control("idp.submit")

    def sign_in(self, user: str, password: str) -> None:
        self.username.fill(user)
        self.password.fill(password)
        with browser_errors():
            self.submit.click()


class SignInResult:
    """What one sign-in through the IdP cost and whether credentials were asked for."""

    def __init__(self, ms: float, credential_prompt: bool, landed_host: str, registration_demanded: bool = False):
        self.ms = ms
        self.credential_prompt = credential_prompt
        self.landed_host = landed_host
        self.registration_demanded = registration_demanded

    def __repr__(self):
        return (f"SignInResult(ms={self.ms}, credential_prompt={self.credential_prompt}, "
                f"landed_host={self.landed_host!r}, registration_demanded={self.registration_demanded})")


def sign_in_via_idp(page_object: BasePage, login_link, persona, idp_host: str, home_host: str,
                    signed_in: str, registration=None, indicator: str = "B4-2") -> SignInResult:
    """Click the site's 登录 link and follow the national IdP until the site shows `signed_in`.

    Answers the IdP's password prompt when it appears (and notes that it did); a redirect loop, an
    error page or a registration page instead of the signed-in site is the portal's failure.
    `signed_in` names the control that shows the signed-in state (a misfit there is ours).
    """
    page = page_object.page
    clock = page_object.stopwatch()
    with browser_errors():
        login_link.click()
        page.wait_for_url(lambda u: host_of(u) in (idp_host, home_host) or u.startswith("chrome-error://"),
                          wait_until="commit")
    fail_on_error_page(page, "点击登录后", indicator)
    form = IdpLoginForm(page_object.portal, page)
    prompted = False
    if host_of(page.url) == idp_host:
        form.expect_control("idp.username", "国家平台登录页未显示用户名输入框", indicator)
        prompted = True
        form.sign_in(persona.username, persona.password)
        with browser_errors():
            page.wait_for_url(lambda u: host_of(u) == home_host or u.startswith("chrome-error://"),
                              wait_until="commit")
        fail_on_error_page(page, "国家平台登录后返回", indicator)
    greeting = page_object.control(signed_in)
    target = greeting if registration is None else greeting.or_(registration)
    page_object.expect_control(signed_in, f"登录后 {home_host} 未显示已登录状态", indicator, locator=target)
    demanded = registration is not None and registration.is_visible()
    return SignInResult(clock.ms(), prompted, host_of(page.url), demanded)


def fail_on_error_page(page, when: str, indicator: str) -> None:
    if page.url.startswith("chrome-error://"):
        # the visible text of Chromium's error page names the error (its source lists many codes)
        body = page.locator("body").inner_text(timeout=2000) if page.locator("body").count() else ""
        code = re.search(r"ERR_[A-Z_]+", body)
        raise PortalDefect(f"{when}浏览器显示错误页 {code.group(0) if code else ''}".strip(), indicator)
