"""办件查询 (B5-1): the applicant finds the right status; nobody sees someone else's 办件."""
from __future__ import annotations

import pytest
from pytest_bdd import given, scenarios, then, when

from shopper.failures import PortalDefect, SuiteError
from shopper.masking import mask_id
from steps.conftest import quoted

pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("status.feature")


@given("该办件已被受理", target_fixture="application")
def accepted(portal, application):
    return portal.advance_application(application, "已受理")


@given("另一位市民已在线申报门户配置的另一事项", target_fixture="others_application")
def other_applied(portal, personas, portal_profile, material_files):
    if "other" not in personas:
        raise SuiteError(f"{portal_profile.path}: 需要第二个测试账号 accounts.other (a second test account)")
    item = portal_profile.other_item or (portal_profile.apply_items[1:] or [portal_profile.first_item])[0]
    application = portal.apply_for(personas["other"], item, material_files)
    portal.forget_visitor()
    return application


@when("市民按办件编号查询", target_fixture="status_result")
def query_own(portal, application, citizen):
    return portal.open_status_query().query(application.number, citizen.name)


@when("市民用他人的办件编号查询", target_fixture="status_result")
def query_others(portal, others_application):
    return portal.open_status_query().query(others_application.number, others_application.persona.name)


@then(quoted("显示的办理状态为{status}", status=1))
def status_is(status_result, status, journey):
    journey.observe(found=status_result.found, status_expected=status, status_shown=status_result.status,
                    leaked_other=False)
    if not status_result.found:
        raise PortalDefect("凭本人办件编号查不到本人的办件", "B5-1")
    if status_result.status != status:
        raise PortalDefect(f"办理状态应为「{status}」，页面显示「{status_result.status}」", "B5-1")


@then("页面不显示他人的任何信息")
def nothing_of_others(status_result, others_application, journey):
    other = others_application.persona
    traces = [v for v in (other.name, mask_id(other.id_number), other.id_number) if v in status_result.page_text]
    leaked = status_result.found or bool(traces)
    journey.observe(other_found=status_result.found, leaked_other=leaked)  # `found` is for own 办件 only
    if leaked:
        raise PortalDefect(f"用他人办件编号查到了他人的办件信息（{len(traces)} 项个人信息可见）", "B5-1")
