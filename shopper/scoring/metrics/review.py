"""A1 好差评: the review journey."""
from __future__ import annotations

from .base import _obs, _of, _rate, metric

REVIEW_LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
BAD_REVIEW_LEVELS = ("不满意", "非常不满意")


@metric("review_reachable_rate", "办结后能进入评价的比例", journeys=("review",), reads=("reachable",))
def m_review_reachable(records):
    return _rate(_of(records, ["review"]), ("reachable",), lambda o: bool(o["reachable"]))


@metric("review_five_levels_rate", "评价提供完整五级 (非常满意…非常不满意) 的比例", journeys=("review",),
        reads=("levels_offered",))
def m_review_levels(records):
    return _rate(_of(records, ["review"]), ("levels_offered",),
                 lambda o: set(REVIEW_LEVELS) <= set(o["levels_offered"] or []))


@metric("review_followup_rate", "差评后可见回访整改状态的比例", journeys=("review",),
        reads=("level", "followup_visible"))
def m_review_followup(records):
    cases = [r for r in _of(records, ["review"])
             if _obs(r).get("level") in BAD_REVIEW_LEVELS and _obs(r).get("followup_visible") is not None]
    return None if not cases else sum(bool(_obs(r)["followup_visible"]) for r in cases) / len(cases)
