"""在线申报 (A3-2) and 网办深度 (B1): from home to a submitted application, stage by stage."""
from __future__ import annotations

import re

import pytest
from pytest_bdd import scenarios, then, when

from pages.sandbox.apply import NotSubmitted
from shopper.depth import claimed_at_most_offered, infer_depth, visits_of
from shopper.failures import PortalDefect
from steps.conftest import quoted

pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("apply.feature")

STAGES = ("引导", "登录", "填表", "上传", "提交", "回执")


@when(quoted("市民搜索并打开事项{item}的办事指南", item=1), target_fixture="guide")
def find_guide(home, item, journey):
    journey.observe(item_name=item)
    return home.search_for(item).open_result(item)


@when("市民点击在线办理并经国家平台登录", target_fixture="form")
def apply_online(guide, citizen, journey):
    basic = guide.basic_info()
    journey.observe(item_id=guide.item_id, depth_claimed=basic.get("网办深度", "").removesuffix("级"),
                    visits=visits_of(basic.get("到现场次数")))
    form, _ = guide.apply_online(citizen)
    return form


@when("市民用本人信息填写申请表")
def fill_form(form, citizen):
    form.fill_in(citizen)


@when("市民上传所需材料")
def upload(form, material_files):
    form.upload(material_files)


@when("市民提交申请", target_fixture="receipt")
def submit(form, portal_profile, journey):
    outcome = form.submit_application(portal_profile)
    journey.observe(read_only=isinstance(outcome, NotSubmitted), submitted=not isinstance(outcome, NotSubmitted))
    return outcome


@then("页面显示回执和格式正确的办件编号")
def receipt_shown(receipt, journey):
    if isinstance(receipt, NotSubmitted):
        pytest.skip(receipt.reason)
    number = receipt.application_number()
    steps = journey.record.steps  # [打开首页, 引导, 登录, 填表, 上传, 提交]; this step (回执) is still running
    through_submit = steps[:6]
    journey.observe(application_no=number,
                    stage_ms={stage: step.duration_ms for stage, step in zip(STAGES, steps[1:])},
                    clicks_to_submit=sum(s.clicks for s in through_submit),
                    pages_to_submit=sum(s.pages for s in through_submit))
    item_code = journey.record.observations.get("item_id")
    if not re.fullmatch(r"[0-9A-Z]{31}\d{8}\d{4}", number):
        raise PortalDefect(f"办件编号 {number} 不是 实施编码+日期+4位序号 的格式 ({item_code})", "A3-2")


@then("网办深度与办事指南所称一致")
def depth_as_claimed(journey):
    obs = journey.record.observations
    inferred = infer_depth(online_form=True, visits=obs.get("visits"), forms_downloadable=True)
    journey.observe(depth_inferred=inferred)
    if not claimed_at_most_offered(obs.get("depth_claimed", ""), inferred):
        raise PortalDefect(f"办事指南称网办深度 {obs.get('depth_claimed')} 级，实际可达 {inferred} 级", "B1")
