"""安全运行 (SEC): dead links on sampled pages; no unmasked 身份证号 or phone on any page."""
from __future__ import annotations

import pytest
from pytest_bdd import scenarios, then, when

from shopper.failures import PortalDefect

pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("safety.feature")


@when("检查首页和一份办事指南上的全部链接", target_fixture="link_check")
def check_links(portal, portal_profile, journey):
    result = portal.check_links([portal_profile.url("portal") + "/", portal_profile.guide_url(portal_profile.guide_items[0])])
    journey.observe(links_checked=result.checked, dead_links=len(result.dead), dead=result.dead[:10],
                    server_errors=result.server_errors[:10])
    return result


@then("没有死链")
def no_dead_links(link_check):
    if link_check.dead:
        raise PortalDefect(f"{len(link_check.dead)} 个死链: {link_check.dead[:3]}", "SEC")


@when("市民浏览申请表、回执、办件查询和我的办件页面", target_fixture="pii_scan")
def browse_personal_pages(portal, application, citizen, journey):
    result = portal.scan_personal_pages(application, citizen)
    journey.observe(pages_scanned=result.pages, pii_unmasked=len(result.hits))
    return result


@then("页面上没有未脱敏的身份证号或手机号")
def nothing_unmasked(pii_scan):
    if pii_scan.hits:
        raise PortalDefect(f"{len(pii_scan.hits)} 处显示了完整的身份证号或手机号（页面: {', '.join(pii_scan.where)}）", "SEC")
