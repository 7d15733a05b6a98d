"""B5-1 办件查询: the status journey."""
from __future__ import annotations

from .base import _obs, _of, _rate, metric


@metric("status_found_rate", "按办件编号查到办件的比例", journeys=("status",), reads=("found",))
def m_status_found(records):
    return _rate(_of(records, ["status"]), ("found",), lambda o: bool(o["found"]))


@metric("status_correct_rate", "显示的办理状态正确的比例", journeys=("status",),
        reads=("found", "status_shown", "status_expected"))
def m_status_correct(records):
    return _rate(_of(records, ["status"]), ("found",),
                 lambda o: bool(o["found"]) and o.get("status_shown") == o.get("status_expected"))


@metric("status_leak_count", "查询结果中出现他人办件的次数", journeys=("status",), reads=("leaked_other",))
def m_status_leak(records):
    cases = [r for r in _of(records, ["status"]) if _obs(r).get("leaked_other") is not None]
    return None if not cases else float(sum(bool(_obs(r)["leaked_other"]) for r in cases))
