"""用户中心 (B7-4): the signed-in citizen's sections open; what they show of the citizen is masked and
the citizen's own (those two are 安全运行's: SEC)."""
from __future__ import annotations

import pytest
from pytest_bdd import scenario, scenarios, then, when

from shopper.failures import PortalDefect
from steps.conftest import judges, parametrize_from_profile


def pytest_generate_tests(metafunc):
    parametrize_from_profile(metafunc, "user_sections", lambda p: [p.user_center] if p.user_center else [],
                             ids=lambda cases: ["、".join(c) for c in cases])


@pytest.mark.usefixtures("user_sections")
@scenario("user_center.feature", "个人中心的各栏目")
def test_user_center_sections():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("user_center.feature")


@when("市民依次打开个人中心里门户配置的各栏目", target_fixture="user_center")
def open_sections(home, user_sections, journey):
    visit = home.open_user_center().visit(user_sections)
    journey.observe(sections=list(user_sections), sections_open=[v.name for v in visit.visits if v.opened],
                    sections_failed={v.name: v.evidence for v in visit.failed()})
    return visit


@then("每个栏目都能打开")
@judges("用户中心")
def every_section_opens(user_center):
    failed = user_center.failed()
    if failed:
        raise PortalDefect("个人中心栏目打不开: " + "；".join(f"「{v.name}」{v.evidence}" for v in failed))


@then("栏目页面上的身份证号和手机号均已脱敏")
@judges("安全")
def masked(user_center, journey):
    shown = user_center.unmasked()
    journey.observe(pii_unmasked_sections=shown)
    if shown:
        raise PortalDefect(f"个人中心「{'、'.join(shown)}」显示完整的身份证号或手机号")


@then("栏目页面上显示的证件号码是本人的")
@judges("安全")
def own_data(user_center, citizen, journey):
    own_id = getattr(citizen, "id_number", None)
    foreign = user_center.foreign_ids(own_id)
    journey.observe(own_ids_shown=user_center.own_ids_shown(own_id), foreign_id_sections=foreign)
    if foreign:
        raise PortalDefect(f"个人中心「{'、'.join(foreign)}」显示的证件号码不是本人的")
