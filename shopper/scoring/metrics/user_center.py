"""B7-4 用户中心: the 个人中心 sections the profile lists, opened by the signed-in citizen."""
from __future__ import annotations

from .base import _obs, _of, metric

USER_CENTER = ("user_center",)


@metric("user_center_sections_rate", "个人中心栏目能打开的比例", journeys=USER_CENTER,
        reads=("sections", "sections_open"))
def m_sections(records):
    listed = opened = 0
    for r in _of(records, USER_CENTER):
        o = _obs(r)
        if isinstance(o.get("sections"), list) and isinstance(o.get("sections_open"), list):
            listed += len(o["sections"])
            opened += len(o["sections_open"])
        elif r.get("_failed"):
            listed += 1          # it broke before any section could be counted: one section that did not open
    return None if listed == 0 else opened / listed
