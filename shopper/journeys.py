"""The one journey registry: which journeys there are, the step module that binds each group, the
indicators each journey feeds, and the stage of a citizen's journey each indicator judges.

Read by the CLI (`--journeys`), scoring (which records feed an indicator), the controls (which journeys
need a control) and the record lifecycle (which indicator a 门户缺陷 is charged to). Pure Python.

A **stage** is what the citizen was doing when the portal failed them: 搜索, 登录, 申报 … An ability
raises `PortalDefect(message, stage=…)`; a step is registered with the stage it judges
(`@judges("搜索")`, steps/conftest.py) for the defects it raises itself. The indicator follows from
the stage, so a journey whose earlier stage failed (sign-in inside an application) charges that stage,
not the journey's own indicator.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Journey:
    name: str                       # the @journey tag of its scenarios
    group: str                      # what `shopper run --journeys` calls it
    module: str                     # the step module that binds its feature
    indicators: tuple[str, ...]     # the indicators its records feed


JOURNEYS: tuple[Journey, ...] = (
    Journey("search", "search", "steps/test_search.py", ("A3-1",)),
    Journey("sso", "sso", "steps/test_sso.py", ("B4-2",)),
    Journey("sso_sites", "sso", "steps/test_sso.py", ("B4-3",)),
    Journey("entry", "entry", "steps/test_entry.py", ("C1-4",)),
    Journey("one_network", "entry", "steps/test_entry.py", ("C1-1",)),
    Journey("apply", "apply", "steps/test_apply.py", ("A3-2", "B1")),
    Journey("status", "status", "steps/test_status.py", ("B5-1",)),
    Journey("review", "review", "steps/test_review.py", ("A1",)),
    Journey("guide", "guide", "steps/test_guide.py", ("E1", "E2", "E3", "E4", "D2")),
    Journey("elder", "elder", "steps/test_elder.py", ("AGE",)),
    Journey("safety", "safety", "steps/test_safety.py", ("SEC",)),
    Journey("assistant", "assistant", "steps/test_assistant.py", ("B5-2",)),
    Journey("same_source", "same_source", "steps/test_same_source.py", ("C3-2", "C3-3")),
    Journey("reduction", "reduction", "steps/test_reduction.py", ("A4-1", "A4-4", "A4-8")),
    Journey("booking", "booking", "steps/test_booking.py", ("C4-2", "A3-2")),
    Journey("user_center", "user_center", "steps/test_user_center.py", ("B7-4",)),
)

# stage → the indicator a 门户缺陷 in that stage is charged to
STAGES: dict[str, str] = {
    "搜索": "A3-1",          # search box, results, latency, zero-result help
    "登录": "B4-2",          # national/provincial IdP sign-in and its return to the portal
    "站点登录": "B4-3",      # identity carried to department and city sites
    "一网通办": "C1-1",      # staying on one platform, no second login
    "统一入口": "C1-4",      # from a department or city site to the unified entry
    "申报": "A3-2",          # the application: form, uploads, submission, receipt
    "网办深度": "B1",        # what the guide claims against what can be done online
    "办件查询": "B5-1",      # status by number, nobody else's 办件
    "评价": "A1",            # 好差评 after 办结, 差评 follow-up
    "办事指南": "E1",        # a guide that cannot be opened or read at all (its elements: E1–E4, D2)
    "适老化": "AGE",         # 长辈版 and accessibility
    "安全": "SEC",           # dead links, unmasked personal data, other people's data
    "智能客服": "B5-2",      # the assistant answers the question, in time, and helps when it cannot
    "部门数据同源": "C3-2",  # a department's own copy of a guide says what the portal says
    "市级数据同源": "C3-3",  # a city's own copy of a guide says what the portal says
    "减时间": "A4-1",        # the 承诺办结时限 is shorter than the 法定办结时限
    "预约": "C4-2",          # 线上预约: a hall, a day, a free slot, a 预约号
    "用户中心": "B7-4",      # the signed-in citizen's own sections (我的办件, 我的证照 …) open
}


def groups() -> dict[str, str]:
    """`--journeys` name → step module (in registry order)."""
    out: dict[str, str] = {}
    for j in JOURNEYS:
        out.setdefault(j.group, j.module)
    return out


def journey_indicators() -> dict[str, tuple[str, ...]]:
    return {j.name: j.indicators for j in JOURNEYS}


def indicator_of_stage(stage: str) -> str:
    try:
        return STAGES[stage]
    except KeyError:
        raise ValueError(f"未知的旅程阶段「{stage}」(unknown stage; known: {', '.join(STAGES)})") from None
