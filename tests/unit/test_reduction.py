"""减时间/减跑动/即办 read from a guide's published figures (shopper/reduction.py): like units only."""
from __future__ import annotations

import pytest

from shopper.reduction import is_instant, reduction, visits


@pytest.mark.parametrize("legal, promised, ratio", [
    ("60个自然日", "20个自然日", 0.6667),
    ("20个工作日", "15 个工作日", 0.25),
    ("20个工作日（不含专家评审时间）", "二十个工作日", 0.0),      # a note after the limit; Chinese numerals
    ("20个工作日", "20个工作日", 0.0),                           # no reduction at all
    ("20个工作日", "30个工作日", -0.5),                          # longer than the law: negative
    ("20个工作日", "即办", 1.0),                                 # 即办 is 0 in any unit
    ("5个工作日", "当场办结", 1.0),
    ("3个工作日", "0个工作日", 1.0),
    ("60个自然日", "0个工作日", 1.0),                            # 0 is 0 whatever its unit
])
def test_reduction_in_like_units(legal, promised, ratio):
    assert reduction(legal, promised).ratio == pytest.approx(ratio, abs=1e-4)


@pytest.mark.parametrize("legal, promised, why", [
    ("20个工作日", "20个自然日", "单位不同不换算"),     # a 工作日 is not a fixed number of 自然日
    ("10天", "5个工作日", "法定办结时限未以工作日或自然日给出"),
    ("20个工作日", "15天", "承诺办结时限未以工作日、自然日或即办给出"),
    ("", "5个工作日", "法定办结时限未以工作日或自然日给出"),      # a guide that lost its legal limit
    ("20个工作日", "", "承诺办结时限未以工作日、自然日或即办给出"),
])
def test_mixed_units_and_unitless_limits_are_not_compared(legal, promised, why):
    found = reduction(legal, promised)
    assert found.ratio is None and why in found.why


def test_instant_by_kind_or_by_promise():
    assert is_instant("即办件", "5个工作日") and is_instant("承诺件", "当场办结") and is_instant("", "0个工作日")
    assert not is_instant("承诺件", "5个工作日") and not is_instant("", "")


def test_visits_as_a_number():
    assert visits("2次") == 2 and visits("0") == 0 and visits("最多跑一次") == 1 and visits("１次") == 1
    assert visits(None) is None and visits("") is None
