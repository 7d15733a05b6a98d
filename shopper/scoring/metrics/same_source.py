"""C3-2 / C3-3 数据同源: the department's and the city's copies of the sampled guides (same as the portal's
on every element both show)."""
from __future__ import annotations

from .base import _of, _rate, metric

SAME_SOURCE = ("same_source",)


@metric("same_source_department_rate", "部门网站发布的办事指南与门户同源的比例", journeys=SAME_SOURCE,
        reads=("dept_same",))
def m_department(records):
    return _rate(_of(records, SAME_SOURCE), ("dept_same",), lambda o: bool(o["dept_same"]))


@metric("same_source_city_rate", "市级网站发布的办事指南与门户同源的比例", journeys=SAME_SOURCE,
        reads=("city_same",))
def m_city(records):
    return _rate(_of(records, SAME_SOURCE), ("city_same",), lambda o: bool(o["city_same"]))
