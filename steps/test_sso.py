"""国家平台单点登录 (B4-2) and 统一身份认证接入 on department/city sites (B4-3)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_bdd import scenario, scenarios, then, when

from shopper.failures import PortalDefect
from steps.conftest import judges, sampled_sites


def pytest_generate_tests(metafunc):
    sampled_sites(metafunc)  # the profile's department and city sites, one scenario each


@pytest.mark.usefixtures("sampled_site")
@scenario("sso.feature", "登录门户后访问抽样站点，身份随之带入")
def test_identity_carried_to_sampled_site():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("sso.feature")


@dataclass
class SiteSignIn:
    site: object
    result: object


@when("市民经国家平台登录门户，按配置重复多次", target_fixture="sso_stats")
def sign_in_repeatedly(portal, citizen, portal_profile):
    return portal.sso_attempts(citizen, portal_profile.sso_attempts)


@then("每次登录都成功回到门户并显示已登录")
@judges("登录")
def every_sign_in_succeeded(sso_stats, journey):
    journey.observe(attempts=sso_stats.attempts, successes=sso_stats.successes, times_ms=sso_stats.times_ms)
    if sso_stats.successes < sso_stats.attempts:
        raise PortalDefect(f"单点登录 {sso_stats.attempts} 次中成功 {sso_stats.successes} 次；"
                           f"首个错误: {sso_stats.errors[0]}")


@then("同一会话中再次访问门户不再要求输入密码")
@judges("登录")
def no_second_prompt(portal, journey):
    still = portal.open_home().is_signed_in()
    journey.observe(credential_prompts_after_first=0 if still else 1)
    if not still:
        raise PortalDefect("登录后再次打开门户首页时已不是登录状态")


@when("市民打开抽样的部门或市级网站并点击登录", target_fixture="site_sign_in")
def sign_in_on_site(portal, citizen, sampled_site):
    page = portal.open_site(portal.site_by_code(sampled_site))
    return SiteSignIn(page, page.sign_in_via_sso(citizen))


@then("不再要求输入密码也不要求另行注册")
@judges("站点登录")
def no_password_no_registration(site_sign_in, journey):
    result = site_sign_in.result
    journey.observe(site=site_sign_in.site.site.name, signed_in=not result.registration_demanded,
                    credential_prompts=int(result.credential_prompt),
                    registration_demanded=result.registration_demanded)
    if result.registration_demanded:
        raise PortalDefect(f"{site_sign_in.site.site.name} 要求另行注册本站账号")
    if result.credential_prompt:
        raise PortalDefect(f"{site_sign_in.site.site.name} 登录时再次要求输入密码")


@then("打开本站下一个页面仍显示已登录")
@judges("站点登录")
def still_signed_in_on_next_page(site_sign_in, journey):
    site = site_sign_in.site.open_next_page()
    kept = site.still_signed_in()
    journey.observe(kept_on_next_page=kept)
    if not kept:
        raise PortalDefect(f"{site.site.name} 打开下一个页面后登录状态丢失（页面显示登录入口）")
