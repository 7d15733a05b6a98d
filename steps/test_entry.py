"""统一入口 (C1-4) and 一网通办 (C1-1): from department and city sites into the unified platform."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenario, scenarios, then, when

from shopper.failures import PortalDefect
from steps.conftest import judges, sampled_sites


def pytest_generate_tests(metafunc):
    sampled_sites(metafunc)  # the profile's department and city sites, one scenario each


@pytest.mark.usefixtures("sampled_site")
@scenario("entry.feature", "从抽样站点找到统一办事入口")
def test_entry_from_sampled_site():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("entry.feature")


@given("市民打开门户配置的一网通办起点部门网站", target_fixture="site")
def open_one_network_site(portal):
    return portal.open_site(portal.one_network_site())


@when("市民寻找网上办事入口", target_fixture="entry_route")
def find_entry(site, portal, journey):
    route = site.find_unified_entry(portal.portal_host)   # stops the journey where the walk stops
    journey.observe(site=site.site.name, reached=route.reached, clicks_to_entry=route.clicks,
                    pages_to_entry=route.pages, path=route.path)
    return route


@then("到达省级统一平台")
def reached_platform(entry_route, portal):
    portal.confirm_on_platform(entry_route.landed_url)


@then(parsers.parse("点击次数不超过 {n:d} 次"))
@judges("统一入口")
def few_clicks(entry_route, site, n):
    if entry_route.clicks > n:
        raise PortalDefect(f"从 {site.site.name} 到统一入口用了 {entry_route.clicks} 次点击"
                           f"（{' → '.join(entry_route.path)}），超过 {n} 次")


@when("市民在统一平台打开一个可在线办理的事项", target_fixture="guide")
def open_online_item(portal, site, portal_profile):
    return portal.channel_here(site.site).open_first_of(portal_profile.apply_items)


@when("市民点击在线办理", target_fixture="online_start")
def click_online(guide):
    return guide.start_online_application()


@then("办理页面仍在统一平台上")
@judges("一网通办")
def still_on_platform(online_start, journey, portal, site):
    allowed = portal.platform_hosts() | {site.site_host}
    hosts = journey.record.hosts
    journey.observe(distinct_hosts=len(hosts), off_platform_hosts=[h for h in hosts if h not in allowed],
                    extra_logins=int(online_start.extra_login))
    if not online_start.on_platform:
        raise PortalDefect(f"在线办理跳转到其他网站 {online_start.host}（进多站、跑多网）")


@then("没有要求再次登录")
@judges("一网通办")
def no_extra_login(online_start):
    if online_start.extra_login:
        raise PortalDefect(f"在线办理时 {online_start.host} 要求另行登录")
