"""Sign-in through the identity platform (国家政务服务平台 or a province's 统一身份认证), as a citizen
does it: click 登录, answer the platform's login page, come back signed in.

From the browser a ticket redirect and an OAuth2 code flow look the same (redirects out, a login
page, redirects back), so there is one flow; what differs between portals is said in the profile
(`flows.sign_in`):
  tick: [re:我已阅读并同意, 测试环境]   checkboxes to tick on the login page (by accessible name)
  captcha_env: NAME                  a staging 图形验证码 value, from this environment variable
  sms_code_env: NAME                 an SMS step after the password: 获取验证码, then this code
  slider: true                       a slider (role slider) to drag to its end
"Signed in" is what the page shows (conventions `signed_in.greeting`: 退出/注销, 您好，…), not which
link moved. Evidence of the portal's failure: an error answer (4xx/5xx document) on the way back, a
browser error page (a redirect loop), a registration demand. An IdP that refuses our credentials is
our account's problem (套件故障), not the portal's.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from shopper.failures import PortalDefect, SuiteError

from ..session import host_of


@dataclass
class SignInResult:
    """What one sign-in cost and whether credentials were asked for."""
    ms: float
    credential_prompt: bool
    landed_host: str
    registration_demanded: bool = False


def _env(name: str | None, what: str) -> str | None:
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise SuiteError(f"套件故障: {what}需要环境变量 {name} (set {name}: flows.sign_in names it)")
    return value


class IdpLogin:
    """The identity platform's login page (and its SMS step, when the profile says there is one)."""

    def __init__(self, session, stage: str):
        self.s = session
        self.stage = stage

    @property
    def flow(self) -> dict:
        return self.s.portal.profile.flows.get("sign_in") or {}

    def answer(self, persona) -> None:
        """Fill and submit the login page (and its SMS step). A box the profile names that this login
        page does not show is left alone: if the page then refuses, it says why."""
        s = self.s
        s.fill("idp.username", persona.username, "输入账号")
        s.fill("idp.password", persona.password, "输入密码")
        for i, _ in enumerate(self.flow.get("tick") or []):
            box = s.find(f"idp.tick[{i}]")
            if box is not None:
                s.act(box.first, f"勾选登录页选项 idp.tick[{i}]", lambda t: t.check(), f"idp.tick[{i}]")
        captcha = _env(self.flow.get("captcha_env"), "登录页图形验证码")
        if captcha:
            s.fill("idp.captcha", captcha, "输入图形验证码")
        if self.flow.get("slider"):
            slider = s.control("idp.slider")
            s.act(slider.first, "拖动滑块", lambda t: t.press("End"), "idp.slider")
        s.click("idp.submit", "点击登录")
        code = _env(self.flow.get("sms_code_env"), "短信验证码")
        if code:
            self._sms_step(code)

    def _sms_step(self, code: str) -> None:
        s = self.s
        request = s.expect("idp.sms_request", "登录后未出现短信验证步骤", None)
        s.click(request, "获取短信验证码", "idp.sms_request")
        s.fill("idp.sms_code", code, "输入短信验证码")
        s.click("idp.sms_submit", "提交短信验证码")


def sign_in(view, login_control: str, persona, home_host: str, stage: str = "登录",
            registration: str | None = None) -> SignInResult:
    """Click the 登录 control of `view` and follow the identity platform until `home_host` shows the
    citizen signed in. Answers the login page when it appears (and notes that it did)."""
    s = view.session
    clock = s.stopwatch()
    with s.answers() as seen:
        s.click(login_control, "点击登录")
        outcome = _wait_for_outcome(s, home_host, seen, registration, after="点击登录")
        prompted = False
        if outcome == "login":
            prompted = True
            if home_host == view.portal.portal_host:   # where the portal's own 登录 leads: its identity platform
                s.fit.facts.setdefault("idp_host", s.host)
            IdpLogin(s, stage).answer(persona)
            outcome = _wait_for_outcome(s, home_host, seen, registration, after="统一身份认证登录后")
    demanded = outcome == "registration"
    _verdict(s, outcome, seen, home_host, stage)
    s.confirm("signed_in.greeting" if not demanded else registration)
    return SignInResult(clock.ms(), prompted, s.host, demanded)


def _wait_for_outcome(s, home_host: str, seen, registration: str | None, after: str) -> str | None:
    """signed_in | login | registration | error | answered_error, or None when nothing showed."""
    signed = s.spec("signed_in.greeting")
    login = s.spec("idp.username")
    looks = [
        ("signed_in", lambda: s.host == home_host and signed.union(s.page).count() > 0),
        ("login", lambda: on_login_page(s)),
        ("error", lambda: s.page.url.startswith("chrome-error://")),
        # the portal's answer on the way: an error document in the redirect chain (a callback's 401)
        ("answered_error", lambda: bool(seen.errors(400, documents=True))),
    ]
    union = signed.union(s.page).or_(login.union(s.page))
    if registration:
        reg = s.spec(registration)
        looks.append(("registration", lambda: s.host == home_host and reg.union(s.page).count() > 0))
        union = union.or_(reg.union(s.page))
    which = s.wait_until([look for _, look in looks], union)
    return None if which is None else looks[which][0]


def on_login_page(s) -> bool:
    """A login form is showing: an account box and a password box (a form that shows the citizen's
    证件号码 is not a login page)."""
    return s.spec("idp.password").union(s.page).count() > 0 and s.spec("idp.username").union(s.page).count() > 0


def _verdict(s, outcome: str | None, seen, home_host: str, stage: str) -> None:
    if outcome in ("signed_in", "registration"):
        return
    if outcome == "error":
        raise PortalDefect(f"登录过程中浏览器显示错误页 {s.error_code()}".strip(), stage=stage)
    if outcome == "answered_error":
        raise PortalDefect(f"登录过程中门户答错: {seen.evidence(400, documents=True)}", stage=stage)
    # nothing a citizen could recognise: the login page told us why, or our flow did not fit
    refusal = s.find("idp.error")
    if refusal is not None and host_of(s.page.url) != home_host:
        from shopper.masking import mask_text
        raise SuiteError(f"套件故障: 统一身份认证未接受登录: {mask_text(s.text_of(refusal.first))[:120]}"
                         f"（测试账号、勾选项或验证码配置: flows.sign_in）")
    if s.fit.is_confirmed("signed_in.greeting", s.host) and s.host == home_host:
        raise PortalDefect(f"登录后回到 {home_host}，但页面未显示已登录状态", stage=stage)
    s.raise_missing("signed_in.greeting", f"登录后未能在 {home_host} 上确认已登录（现在在 {s.host}）", stage)
