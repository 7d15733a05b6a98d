"""好差评 (A1): after 办结, five levels offered; a 差评 shows its follow-up to the applicant."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_bdd import given, scenarios, then, when

from pages.sandbox.review import BAD_LEVELS, LEVELS
from shopper.failures import PortalDefect
from steps.conftest import quoted

pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("review.feature")


@dataclass
class ReviewOutcome:
    page: object
    level: str
    levels_offered: list


@given("该办件已办结")
def finished(portal, application):
    portal.sandbox_advance(application.number, "已办结")


@when(quoted("市民对该办件评价{level}", level=1), target_fixture="review")
def leave_review(portal, application, level):
    page = portal.open_my_applications().open_review(application.number)
    offered = page.levels_offered()
    return ReviewOutcome(page.leave_review(level, f"模拟办事评价：{level}"), level, offered)


@then("评价提交成功")
def review_saved(review, journey):
    journey.observe(reachable=True, levels_offered=review.levels_offered, level=review.level)
    missing = [level for level in LEVELS if level not in review.levels_offered]
    if missing:
        raise PortalDefect(f"评价等级不全，缺少 {'、'.join(missing)}", "A1")


@then("差评时可以看到回访整改记录")
def followup_for_bad_review(review, journey):
    if review.level not in BAD_LEVELS:
        journey.observe(followup_visible=None)
        return
    state = review.page.followup_state()
    journey.observe(followup_visible=state is not None, followup_state=state)
    if state is None:
        raise PortalDefect(f"「{review.level}」评价后看不到差评回访整改记录", "A1")
