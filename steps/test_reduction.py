"""减时间 (A4-1), 减跑动 (A4-4), 即办 (A4-8): what each sampled guide promises against the law.

Only A4-1 is judged per guide (a promise no shorter than the legal limit, in like units); the visits and
the 即办 share are measurements the rubric scores over the sample (shopper/reduction.py says how they
are read)."""
from __future__ import annotations

import pytest
from pytest_bdd import scenario, scenarios, then, when

from shopper.failures import PortalDefect, SuiteError
from shopper.reduction import is_instant, reduction, visits
from steps.conftest import judges, parametrize_from_profile


def pytest_generate_tests(metafunc):
    parametrize_from_profile(metafunc, "guide_item", lambda p: p.guide_items)


@pytest.mark.usefixtures("guide_item")
@scenario("reduction.feature", "抽样办事指南的时限、跑动次数和即办")
def test_sampled_guide_reduction():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("reduction.feature")


@when("市民打开抽样事项的办事指南并查看时限、办件类型和到现场次数", target_fixture="limits")
def read_limits(portal, guide_item, journey):
    basic = portal.open_guide(guide_item).basic_info()
    if not (basic.get("法定办结时限") or basic.get("承诺办结时限")):   # nothing of the limits read: our reading
        raise SuiteError(f"套件故障 · 未适配: 办事指南 {guide_item} 上未能读出法定或承诺办结时限，不计为门户缺陷")
    found = reduction(basic.get("法定办结时限", ""), basic.get("承诺办结时限", ""))
    journey.observe(item_id=guide_item, legal_limit=found.legal, promised_limit=found.promised,
                    reduction=found.ratio, reduction_how=found.why, visits=visits(basic.get("到现场次数")),
                    instant=is_instant(basic.get("办件类型", ""), found.promised),
                    implementer=str(basic.get("实施主体", "")))
    return found


@then("承诺办结时限比法定办结时限有所压缩")
@judges("减时间")
def promise_shorter_than_law(limits):
    if limits.ratio is not None and limits.ratio <= 0:
        raise PortalDefect(f"承诺办结时限「{limits.promised}」未在法定办结时限「{limits.legal}」的基础上压缩"
                           f"（{limits.why}）")
