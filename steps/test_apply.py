"""在线申报 (A3-2) and 网办深度 (B1): from home to a submitted application, stage by stage.

Each stage (引导 → 登录 → 填表 → 上传 → 提交 → 回执) is measured between named marks, not by the
position of a Gherkin line, so an added line cannot shift a stage.
"""
from __future__ import annotations

import re

import pytest
from pytest_bdd import scenario, scenarios, then, when

from pages.abilities.apply import NotSubmitted
from shopper.depth import claimed_at_most_offered, infer_depth, visits_of
from shopper.failures import PortalDefect
from shopper.textnorm import nfkc
from steps.conftest import judges, parametrize_from_profile


def pytest_generate_tests(metafunc):
    parametrize_from_profile(metafunc, "apply_item", lambda p: p.apply_items)


@pytest.mark.usefixtures("apply_item")
@scenario("apply.feature", "在线申报抽样事项")
def test_apply_for_sampled_item():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("apply.feature")


class Stages:
    """Clicks, pages and time per named stage, each measured from the end of the one before."""

    def __init__(self, journey):
        self.journey = journey
        self.mark = journey.origin()  # the first stage counts opening the home page
        self.done: dict[str, dict] = {}

    def end(self, name: str) -> dict:
        self.done[name] = self.journey.since(self.mark)
        self.mark = self.journey.mark()
        return self.done[name]

    def total(self, *names: str, key: str) -> float:
        return sum(self.done[n][key] for n in names if n in self.done)


@pytest.fixture
def stages(journey):
    return Stages(journey)


@when("市民搜索并打开抽样事项的办事指南", target_fixture="guide")
def find_guide(home, apply_item, journey, stages):
    journey.observe(item_name=apply_item)
    guide = home.search_for(apply_item).open_result(apply_item)
    stages.end("引导")
    return guide


@when("市民点击在线办理并经国家平台登录", target_fixture="form")
def apply_online(guide, citizen, journey, stages):
    basic = guide.basic_info()
    claimed = nfkc(basic.get("网办深度", "")).strip().removesuffix("级")   # 「Ⅳ级」 is IV
    journey.observe(item_id=guide.item_id, depth_claimed=claimed or None,
                    visits=visits_of(nfkc(basic.get("到现场次数"))))
    form, _ = guide.apply_online(citizen)
    stages.end("登录")
    return form


@when("市民用本人信息填写申请表")
def fill_form(form, citizen, stages):
    form.fill_in(citizen)
    stages.end("填表")


@when("市民上传所需材料")
def upload(form, material_files, stages):
    form.upload(material_files)
    stages.end("上传")


@when("市民提交申请", target_fixture="receipt")
def submit(form, portal_profile, journey, stages):
    outcome = form.submit_application(portal_profile)
    stages.end("提交")
    journey.observe(read_only=isinstance(outcome, NotSubmitted), submitted=not isinstance(outcome, NotSubmitted))
    return outcome


@then("页面显示回执和格式正确的办件编号")
@judges("申报")
def receipt_shown(receipt, journey, stages, portal_profile):
    if isinstance(receipt, NotSubmitted):
        pytest.skip(receipt.reason)
    number = receipt.application_number()
    stages.end("回执")
    through_submit = ("引导", "登录", "填表", "上传", "提交")
    journey.observe(application_no=number,
                    stage_ms={name: counts["ms"] for name, counts in stages.done.items()},
                    clicks_to_submit=stages.total(*through_submit, key="clicks"),
                    # pages as a citizen sees them: document loads and single-page-app route changes
                    pages_to_submit=stages.total(*through_submit, key="views"),
                    documents_to_submit=stages.total(*through_submit, key="pages"))
    shape = portal_profile.application_number
    journey.observe(number_format_checked=bool(shape))
    if shape and not re.fullmatch(shape["pattern"], number):
        raise PortalDefect(f"办件编号 {number} 不是门户约定的格式（{shape.get('description') or shape['pattern']}）")


@then("网办深度与办事指南所称一致")
@judges("网办深度")
def depth_as_claimed(journey):
    obs = journey.record.observations  # the journey reached the online form: Ⅲ or Ⅳ by the visits
    inferred = infer_depth(online_form=True, visits=obs.get("visits"))
    journey.observe(depth_inferred=inferred)
    if not obs.get("depth_claimed"):   # the guide states no depth: nothing claimed, nothing to compare
        return
    if not claimed_at_most_offered(obs["depth_claimed"], inferred):
        raise PortalDefect(f"办事指南称网办深度 {obs.get('depth_claimed')} 级，实际可达 {inferred} 级")


@then("市民关闭过的公告没有再次弹出")
@judges("申报")
def notices_stay_closed(portal):
    back = portal.notices_that_came_back()
    if back:
        raise PortalDefect(f"公告弹窗在市民点击关闭后再次弹出（每次都要再关一次）: {'；'.join(back[:3])}")
