"""SEC 安全运行: the safety journey (unmasked personal data, other persons' data, dead links)."""
from __future__ import annotations

from .base import _numbers, _obs, _of, metric


@metric("safety_pii_unmasked_max", "页面上未脱敏的身份证号/手机号个数 (最差页面)", journeys=("safety",),
        reads=("pii_unmasked",))
def m_pii(records):
    values = _numbers(_of(records, ["safety"]), "pii_unmasked")
    return max(values) if values else None


@metric("safety_other_data_count", "可见他人数据的页面数", journeys=("safety",), reads=("other_data_visible",))
def m_other_data(records):
    """observations["other_data_visible"]: count of other persons' data items a page showed (int);
    a page counts once however many items it showed."""
    cases = [r for r in _of(records, ["safety"]) if _obs(r).get("other_data_visible") is not None]
    return None if not cases else float(sum(bool(_obs(r)["other_data_visible"]) for r in cases))


@metric("safety_dead_links_max", "死链个数 (最差页面)", journeys=("safety",), reads=("dead_links",))
def m_dead_links(records):
    values = _numbers(_of(records, ["safety"]), "dead_links")
    return max(values) if values else None
