"""Metrics of every indicator: journey pass rate (门户缺陷 = failed) and flakiness (STAB)."""
from __future__ import annotations

from .base import metric


@metric("pass_rate", "旅程通过率 (门户缺陷计为失败)")
def m_pass_rate(records):
    """Records that failed against ANOTHER indicator (charged_indicator naming others only) are neutral here."""
    own = [r for r in records if not r.get("_other_failure")]
    return None if not own else sum(not r.get("_failed") for r in own) / len(own)


@metric("flaky_rate", "重试后才通过的旅程占比")
def m_flaky_rate(records):
    return None if not records else sum(bool(r.get("_flaky")) for r in records) / len(records)
