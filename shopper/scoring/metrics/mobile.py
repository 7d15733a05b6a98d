"""C2-3 移动端体验: mobile records against their desktop twins (same journey, same scenario)."""
from __future__ import annotations

import re
from statistics import median

from .base import _mean, metric

DEVICE_RE = re.compile(r"mobile|desktop|手机|桌面", re.I)


def _by_journey_device(records):
    groups: dict[str, dict[str, list[dict]]] = {}
    for r in records:
        device = "mobile" if r.get("device") == "mobile" else "desktop"
        groups.setdefault(r.get("journey", ""), {}).setdefault(device, []).append(r)
    return groups


def peer_key(r: dict) -> tuple[str, str]:
    """Same scenario on another device: journey + nodeid with the device words taken out."""
    return str(r.get("journey", "")), DEVICE_RE.sub("", str(r.get("nodeid", "")))


@metric("mobile_pass_parity", "移动端与桌面端同样可用的比例 (只计手机上才失败的)")
def m_mobile_parity(records):
    """Per mobile record: 0 when it failed but the same scenario passed on desktop, else 1.
    A mobile record without a desktop twin is compared with its journey's desktop pass rate
    (or, without any desktop record of the journey, counts by its own pass)."""
    desktop_by_key = {peer_key(r): r for r in records if r.get("device") != "mobile"}
    groups = _by_journey_device(records)
    scores = []
    for r in records:
        if r.get("device") != "mobile":
            continue
        twin = desktop_by_key.get(peer_key(r))
        if twin is not None:
            scores.append(0.0 if r.get("_failed") and not twin.get("_failed") else 1.0)
            continue
        desktop = groups.get(r.get("journey", ""), {}).get("desktop")
        if desktop:
            d = sum(not x.get("_failed") for x in desktop) / len(desktop)
            scores.append(1.0 - d if r.get("_failed") else 1.0)
        else:
            scores.append(0.0 if r.get("_failed") else 1.0)
    return _mean(scores)


@metric("mobile_click_ratio_max", "移动端点击数 ÷ 桌面端点击数 (各旅程中位数之比, 取最差)", fields=("clicks",))
def m_mobile_clicks(records):
    ratios = []
    for devices in _by_journey_device(records).values():
        m = [r.get("clicks") for r in devices.get("mobile", []) if isinstance(r.get("clicks"), (int, float))]
        d = [r.get("clicks") for r in devices.get("desktop", []) if isinstance(r.get("clicks"), (int, float))]
        if m and d and median(d) > 0:
            ratios.append(median(m) / median(d))
    return max(ratios) if ratios else None
