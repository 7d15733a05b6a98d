"""A3-2 申报易用度 and B1 网办深度: the apply journey."""
from __future__ import annotations

from statistics import median

from ...depth import level
from .base import _mean, _numbers, _obs, _of, _rate, metric

DEPTHS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
APPLY = ("apply",)


def _submitted(records):
    return [r for r in _of(records, APPLY) if _obs(r).get("submitted")]


@metric("apply_submit_rate", "在线申报成功提交的比例", journeys=APPLY, reads=("submitted",))
def m_apply_submit(records):
    return _rate(_of(records, APPLY), ("submitted",), lambda o: bool(o["submitted"]))


@metric("apply_clicks_to_submit_median", "从首页到提交的点击次数 (中位数)", journeys=APPLY,
        reads=("submitted", "clicks_to_submit"))
def m_apply_clicks(records):
    values = _numbers(_submitted(records), "clicks_to_submit")
    return median(values) if values else None


@metric("apply_pages_to_submit_median", "从首页到提交的页面数 (中位数)", journeys=APPLY,
        reads=("submitted", "pages_to_submit"))
def m_apply_pages(records):
    values = _numbers(_submitted(records), "pages_to_submit")
    return median(values) if values else None


@metric("apply_time_to_submit_median_s", "各阶段 (引导…回执) 合计用时 (秒, 中位数)", journeys=APPLY,
        reads=("submitted", "stage_ms"))
def m_apply_time(records):
    totals = []
    for r in _submitted(records):
        stages = _obs(r).get("stage_ms") or {}
        vals = [v for v in stages.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if vals:
            totals.append(sum(vals) / 1000)
    return median(totals) if totals else None


def _depth(value) -> int | None:
    """'IV', 'Ⅳ', 'Ⅳ级', 'ＩＶ' → 4 (portal text: read after NFKC)."""
    return DEPTHS.get(level(value)) if value is not None else None


@metric("apply_depth_mean", "推断网办深度平均 (I=1 … IV=4)", journeys=APPLY, reads=("depth_inferred",))
def m_depth_mean(records):
    values = [d for d in (_depth(_obs(r).get("depth_inferred")) for r in _of(records, APPLY)) if d]
    return _mean(values)


@metric("apply_depth_claim_consistent_rate", "实测深度不低于指南声称深度的比例", journeys=APPLY,
        reads=("depth_inferred", "depth_claimed"))
def m_depth_claim(records):
    cases = [(_depth(_obs(r).get("depth_inferred")), _depth(_obs(r).get("depth_claimed")))
             for r in _of(records, APPLY)]
    cases = [(i, c) for i, c in cases if i and c]
    return None if not cases else sum(i >= c for i, c in cases) / len(cases)
