"""江澜省统一身份认证平台 as flavour B shows it: an OAuth2 authorize page with 账号/密码 and 立即登录."""
from __future__ import annotations

from playwright.sync_api import expect

from ..base import BasePage, Stopwatch, browser_errors, host_of
from ..components.idp_login import SignInResult, fail_on_error_page


class OAuthLoginForm(BasePage):
    @property
    def account(self):
        return self.page.get_by_label("账号", exact=True)

    @property
    def password(self):
        return self.page.get_by_label("密码", exact=True)

    @property
    def submit(self):
        return self.page.get_by_role("button", name="立即登录", exact=True)

    def sign_in(self, user: str, password: str) -> None:
        expect(self.account, "统一身份认证登录页未显示账号输入框").to_be_visible()
        self.account.fill(user)
        self.password.fill(password)
        with browser_errors():
            self.submit.click()


def sign_in_via_oauth(page_object: BasePage, login_link, persona, idp_host: str, home_host: str,
                      signed_in, registration=None, indicator: str = "B4-2") -> SignInResult:
    """Click the site's 登录 link and follow the OAuth2 redirects until the site shows `signed_in`.

    Answers the IdP's password prompt when it appears (and notes that it did); a redirect loop, an
    error page or a registration page instead of the signed-in site is the portal's failure."""
    page = page_object.page
    clock = Stopwatch()
    with browser_errors():
        login_link.click()
        page.wait_for_url(lambda u: host_of(u) in (idp_host, home_host) or u.startswith("chrome-error://"),
                          wait_until="commit")
    fail_on_error_page(page, "点击登录后", indicator)
    prompted = False
    if host_of(page.url) == idp_host:
        prompted = True
        OAuthLoginForm(page_object.portal, page).sign_in(persona.username, persona.password)
        with browser_errors():
            page.wait_for_url(lambda u: host_of(u) == home_host or u.startswith("chrome-error://"),
                              wait_until="commit")
        fail_on_error_page(page, "统一身份认证登录后返回", indicator)
    target = signed_in if registration is None else signed_in.or_(registration)
    expect(target.first, f"登录后 {home_host} 未显示已登录状态").to_be_visible()
    demanded = registration is not None and registration.first.is_visible()
    return SignInResult(clock.ms(), prompted, host_of(page.url), demanded)
