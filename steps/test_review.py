"""好差评 (A1): after 办结, five levels offered; a 差评 shows its follow-up to the applicant."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_bdd import given, scenario, scenarios, then, when

from shopper.failures import PortalDefect
from steps.conftest import judges, parametrize_from_profile


def pytest_generate_tests(metafunc):
    parametrize_from_profile(metafunc, "review_level", lambda p: p.review_levels)


@pytest.mark.usefixtures("review_level")
@scenario("review.feature", "办结后按抽样等级评价")
def test_review_each_level():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("review.feature")


@dataclass
class ReviewOutcome:
    page: object
    level: str
    levels_offered: list


@given("该办件已办结", target_fixture="application")
def finished(portal, application):
    return portal.advance_application(application, "已办结")


@when("市民对该办件按抽样等级评价", target_fixture="review")
def leave_review(portal, application, review_level):
    page = portal.open_my_applications().open_review(application.number)
    offered = page.levels_offered()
    return ReviewOutcome(page.leave_review(review_level, f"模拟办事评价：{review_level}"), review_level, offered)


@then("评价提交成功")
@judges("评价")
def review_saved(review, journey, portal_profile):
    journey.observe(reachable=True, levels_offered=review.levels_offered, level=review.level)
    missing = [level for level in portal_profile.review_levels if level not in review.levels_offered]
    if missing:
        raise PortalDefect(f"评价等级不全，缺少 {'、'.join(missing)}")


@then("差评时可以看到回访整改记录")
def followup_for_bad_review(review, journey, portal_profile):
    if review.level not in portal_profile.bad_review_levels:
        journey.observe(followup_visible=None)
        return
    journey.observe(followup_visible=False)
    journey.observe(followup_visible=True, followup_state=review.page.followup_state())
