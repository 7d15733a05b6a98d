"""C1-1 一网通办 (journey one_network) and C1-4 统一入口 (journey entry)."""
from __future__ import annotations

from .base import _mean, _numbers, _of, _rate, metric


@metric("one_network_on_platform_rate", "在线办理全程留在统一平台的比例", journeys=("one_network",),
        reads=("off_platform_hosts",))
def m_on_platform(records):
    return _rate(_of(records, ["one_network"]), ("off_platform_hosts",), lambda o: not o["off_platform_hosts"])


@metric("one_network_extra_logins_mean", "办理途中额外登录次数 (平均)", journeys=("one_network",),
        reads=("extra_logins",))
def m_extra_logins(records):
    return _mean(_numbers(_of(records, ["one_network"]), "extra_logins"))


@metric("entry_reached_rate", "从部门/市级站点到达统一入口的比例", journeys=("entry",), reads=("reached",))
def m_entry_reached(records):
    return _rate(_of(records, ["entry"]), ("reached",), lambda o: bool(o["reached"]))


@metric("entry_clicks_mean", "到达统一入口的点击次数 (平均)", journeys=("entry",), reads=("clicks_to_entry",))
def m_entry_clicks_mean(records):
    return _mean(_numbers(_of(records, ["entry"]), "clicks_to_entry"))


@metric("entry_clicks_max", "到达统一入口的点击次数 (最差站点)", journeys=("entry",), reads=("clicks_to_entry",))
def m_entry_clicks_max(records):
    values = _numbers(_of(records, ["entry"]), "clicks_to_entry")
    return max(values) if values else None
