"""AGE 适老化与无障碍: the elder journey (长辈版 audit and the axe-core scans both run under
journey `elder`, features/elder.feature)."""
from __future__ import annotations

from .base import _numbers, _of, _rate, metric

AGE_JOURNEYS = ("elder",)


@metric("a11y_violations_max", "axe-core 无障碍违规数 (最差页面)", journeys=AGE_JOURNEYS, reads=("violations",))
def m_a11y(records):
    values = _numbers(_of(records, AGE_JOURNEYS), "violations")
    return max(values) if values else None


@metric("elder_font_px_min", "长辈版最小正文字号 (px)", journeys=AGE_JOURNEYS, reads=("font_px",))
def m_font(records):
    values = _numbers(_of(records, AGE_JOURNEYS), "font_px")
    return min(values) if values else None


@metric("elder_contrast_ok_rate", "文字对比度 ≥4.5:1 的页面比例", journeys=AGE_JOURNEYS, reads=("contrast_ok",))
def m_contrast(records):
    return _rate(_of(records, AGE_JOURNEYS), ("contrast_ok",), lambda o: bool(o["contrast_ok"]))


@metric("elder_popups_max", "长辈版弹窗个数 (最差页面)", journeys=AGE_JOURNEYS, reads=("popups",))
def m_popups(records):
    values = _numbers(_of(records, AGE_JOURNEYS), "popups")
    return max(values) if values else None


@metric("elder_search_slowdown_ms_max", "长辈版搜索比标准版慢多少 (毫秒, 最差一次)", journeys=AGE_JOURNEYS,
        reads=("elder_search_slowdown_ms",))
def m_elder_slowdown(records):
    values = _numbers(_of(records, AGE_JOURNEYS), "elder_search_slowdown_ms")
    return max(values) if values else None


@metric("elder_no_second_password_rate", "已登录市民在长辈版打开本人页面不再输入密码的比例", journeys=AGE_JOURNEYS,
        reads=("elder_own_page", "elder_credential_prompt"))
def m_elder_no_prompt(records):
    """Over the records that tried the own page (a scenario that failed before it, on a pop-up, is not
    counted); one that broke on the way counts as not reached."""
    tried = [r for r in _of(records, AGE_JOURNEYS) if (r.get("observations") or {}).get("elder_own_page")]
    return _rate(tried, ("elder_credential_prompt",), lambda o: o["elder_credential_prompt"] is False)
