"""减时间 (A4-1), 减跑动 (A4-4), 即办 (A4-8) from what a published 办事指南 says. Pure Python.

The evaluation (2020 scheme, A4-1/A4-4/A4-8) compares regions' data on the average 承诺时限 and "在法定时限
基础上缩减的比例", the average 跑动次数 and the share of 即办件, and checks by sampling that the 承诺 matches
what really happens. From a browser only the published figures can be read: the promise against the legal
limit, the number of visits, whether the item is handled on the spot. Whether a promise is kept (承诺 vs
the real 办理) needs the portal's 办件 data: not measured here (the rubric says so).

Readings, stated:
- 承诺 and 法定 are compared **only in like units** (工作日 with 工作日, 自然日 with 自然日). A 工作日 is not a
  fixed number of 自然日 (weekends, holidays), so a mixed pair is not converted: its reduction is not
  computed (None, with the reason) and nothing is judged on it. A bare 天/日/月 is not compared either
  (E1-1/E1-2 judge that wording).
- A 即办 promise (即办, 当场办结, 即时办结, 即来即办, 0个工作日/自然日) is 0 in any unit: a 100 % reduction of
  any positive legal limit.
- 即办: the 办件类型 says 即办件, or the promise is a 即办 promise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .depth import visits_of
from .guide.base import norm
from .guide.basic import parse_limit

INSTANT_RE = re.compile(r"即办|即时办结|当场办结|当场办理|即来即办|立即办结")


@dataclass(frozen=True)
class Reduction:
    legal: str
    promised: str
    ratio: float | None          # (法定 − 承诺) / 法定 in like units; None when not comparable
    why: str                     # how it was read, or why it was not compared


def promise_days(promised: str) -> tuple[int, str | None] | None:
    """(days, unit) of a promise; a 即办 promise is (0, None): zero in any unit."""
    s = norm(promised)
    parsed = parse_limit(s)
    if parsed is not None:
        return (0, None) if parsed[0] == 0 else parsed
    if INSTANT_RE.search(s):
        return 0, None
    return None


def reduction(legal: str, promised: str) -> Reduction:
    """How much shorter the promise is than the legal limit (see the module's readings)."""
    legal_s, promised_s = norm(legal), norm(promised)
    law = parse_limit(legal_s)
    if law is None:
        return Reduction(legal_s, promised_s, None, "法定办结时限未以工作日或自然日给出，不计算压缩比例")
    if law[0] <= 0:
        return Reduction(legal_s, promised_s, None, "法定办结时限为 0，不计算压缩比例")
    promise = promise_days(promised_s)
    if promise is None:
        return Reduction(legal_s, promised_s, None, "承诺办结时限未以工作日、自然日或即办给出，不计算压缩比例")
    days, unit = promise
    if unit is not None and unit != law[1]:
        return Reduction(legal_s, promised_s, None,
                         f"承诺以{unit}计、法定以{law[1]}计，单位不同不换算（工作日与自然日之比不固定）")
    ratio = round((law[0] - days) / law[0], 4)
    how = "即办，视为 0" if unit is None else f"同以{law[1]}计"
    return Reduction(legal_s, promised_s, ratio, f"{days} 对 {law[0]} 个{law[1]}（{how}）")


def is_instant(kind: str, promised: str) -> bool:
    """即办: the 办件类型 says 即办件, or the promise is a 即办 promise."""
    return "即办件" in norm(kind) or promise_days(promised) == (0, None)


def visits(text) -> int | None:
    """到现场次数 as a number (None when the guide does not say)."""
    return visits_of(norm(text)) if text is not None else None
