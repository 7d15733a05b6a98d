"""办件查询 (B5-1): the applicant finds the right status; nobody sees someone else's 办件 without its
verification (a wrong name, 查询密码 or captcha must be refused)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pytest_bdd import given, scenarios, then, when

from shopper.failures import PortalDefect, SuiteError
from steps.conftest import judges, quoted

pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("status.feature")


@dataclass
class WrongQueries:
    """The other person's 办件 queried with one verification value wrong at a time."""
    results: dict = field(default_factory=dict)   # which value was wrong → StatusResult


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
    return portal.open_status_query().query(application.number, portal.verification(application, citizen))


@when("市民用他人的办件编号和错误的验证信息查询", target_fixture="wrong_queries")
def query_others_wrongly(portal, others_application, portal_profile):
    from pages.abilities.status import verification_of, wrong_value

    right = portal.verification(others_application)
    kinds = verification_of(portal_profile) or ["none"]
    out = WrongQueries()
    for kind in kinds:
        values = dict(right)
        if kind != "none":
            values[kind] = wrong_value(kind, right.get(kind, ""))
        out.results[kind] = portal.open_status_query().query(others_application.number, values)
    return out


@then(quoted("显示的办理状态为{status}", status=1))
@judges("办件查询")
def status_is(status_result, status, journey):
    journey.observe(found=status_result.found, status_expected=status, status_shown=status_result.status,
                    leaked_other=False)
    if not status_result.found:   # refused: whether what we typed is what this portal asks is our reading
        raise SuiteError("套件故障: 凭本人办件编号和验证信息的查询被拒绝：请核对门户配置 flows.status.verify "
                         "（门户要求的验证信息），不计为门户缺陷")
    if status_result.status != status:
        raise PortalDefect(f"办理状态应为「{status}」，页面显示「{status_result.status}」")


@then("门户拒绝查询且页面不显示他人的信息")
@judges("办件查询")
def refused_and_nothing_of_others(wrong_queries, others_application, journey, portal_profile):
    from pages.abilities.status import leaked, public_of

    # a portal that asks nothing but the number may show what its profile allows (a masked name, the
    # status); one that asks more must refuse a wrong value
    shown = {kind: r for kind, r in wrong_queries.results.items() if r.found and kind != "none"}
    public = public_of(portal_profile)
    traces = sorted({kind for kind, r in wrong_queries.results.items()
                     if leaked(r.page_text, others_application.persona, public)})
    leaked = bool(shown or traces)
    journey.observe(other_found=bool(shown), leaked_other=leaked, wrong_verifications=sorted(wrong_queries.results))
    if shown:
        raise PortalDefect(f"用他人的办件编号和错误的{'、'.join(_kind_zh(k) for k in shown)}查询，门户仍显示了该办件")
    if traces:
        raise PortalDefect(f"查询页面上出现了门户配置允许公开以外的他人信息（{'、'.join(_kind_zh(k) for k in traces)}）")


def _kind_zh(kind: str) -> str:
    return {"name": "姓名", "password": "查询密码", "captcha": "图形验证码", "none": "（无验证信息）"}.get(kind, kind)
