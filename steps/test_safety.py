"""安全运行 (SEC): dead links on sampled pages; no unmasked 身份证号 or phone on any page."""
from __future__ import annotations

import pytest
from pytest_bdd import scenarios, then, when

from pages.session import host_of
from shopper.failures import PortalDefect
from steps.conftest import judges

pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("safety.feature")


@when("检查首页和一份办事指南上的全部链接", target_fixture="link_check")
def check_links(portal, portal_profile, journey):
    result = portal.check_links([portal_profile.url("portal") + "/", portal_profile.guide_url(portal_profile.guide_items[0])])
    journey.observe(links_checked=result.checked, dead_links=len(result.dead), dead=result.dead[:10],
                    server_errors=result.server_errors[:10])
    return result


@then("没有死链")
@judges("安全")
def no_dead_links(link_check):
    if link_check.dead:
        raise PortalDefect(f"{len(link_check.dead)} 个死链: {link_check.dead[:3]}")


@when("市民浏览申请表、回执、办件查询和我的办件页面", target_fixture="pii_scan")
def browse_personal_pages(portal, application, citizen, personas, journey):
    result = portal.scan_personal_pages(application, citizen)
    others = [v for role, p in personas.items() if role != "citizen" for v in (p.name, p.id_number, p.phone)]
    journey.observe(pages_scanned=result.pages, pii_unmasked=len(result.hits),
                    other_data_visible=len(result.pages_showing(others)))
    return result


@then("页面上没有未脱敏的身份证号或手机号")
@judges("安全")
def nothing_unmasked(pii_scan):
    if pii_scan.hits:
        raise PortalDefect(f"{len(pii_scan.hits)} 处显示了完整的身份证号或手机号（页面: {', '.join(pii_scan.where)}）")


@when("以其他主机的回调地址请求门户的统一身份认证登录页", target_fixture="idp_probe")
def probe_idp_return_url(home, portal_profile, journey):
    idp_host = host_of(portal_profile.url("idp"))
    if not portal_profile.is_staging(portal_profile.url("idp")):   # never try to trick a live IdP
        journey.observe(idp_return_url_probe="未测")
        pytest.skip(f"未测：配置未把统一身份认证 {idp_host} 标为测试环境 (staging_hosts)，不发送探测请求")
    result = home.probe_idp_return_url()
    journey.observe(**result.summary())
    return result


@then("统一身份认证拒绝了该回调地址")
@judges("安全")
def foreign_return_url_refused(idp_probe):
    if idp_probe.accepted:
        raise PortalDefect(f"统一身份认证接受了其他主机的回调地址（{idp_probe.parameter}，{idp_probe.answer}），"
                           "票据可被他人截取")


@then("这些页面上没有其他人的信息")
@judges("安全")
def nothing_of_others(pii_scan, personas):
    others = [v for role, p in personas.items() if role != "citizen" for v in (p.name, p.id_number, p.phone)]
    shown = pii_scan.pages_showing(others)
    if shown:
        raise PortalDefect(f"本人的页面上出现了他人的信息（页面: {', '.join(shown)}）")
