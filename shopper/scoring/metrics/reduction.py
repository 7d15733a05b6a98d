"""A4-1 减时间, A4-4 减跑动, A4-8 即办程度: the published figures of the sampled guides (shopper/reduction.py
says how they are read). Whether promises are kept needs the portal's 办件 data: not measured."""
from __future__ import annotations

from .base import _mean, _numbers, _obs, _of, metric

REDUCTION = ("reduction",)


@metric("reduction_mean", "承诺办结时限较法定办结时限的平均压缩比例 (同单位比较, 即办视为 0)", journeys=REDUCTION,
        reads=("reduction",))
def m_reduction_mean(records):
    return _mean(_numbers(_of(records, REDUCTION), "reduction"))


@metric("visits_mean", "抽样事项平均到现场次数", journeys=REDUCTION, reads=("visits",))
def m_visits_mean(records):
    return _mean(_numbers(_of(records, REDUCTION), "visits"))


@metric("instant_share", "抽样事项中即办件的比例", journeys=REDUCTION, reads=("instant",))
def m_instant_share(records):
    cases = [r for r in _of(records, REDUCTION) if isinstance(_obs(r).get("instant"), bool)]
    return None if not cases else sum(_obs(r)["instant"] for r in cases) / len(cases)
