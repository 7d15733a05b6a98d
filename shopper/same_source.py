"""数据同源 (C3-2 department, C3-3 city): a site's own copy of a guide against the portal's. Pure Python.

The evaluation (2020 scheme, C3-2/C3-3) asks whether a department's or a city's own service channel
offers the same service "在保障数据源唯一的原则下，同源提供"; the county plan (数据同源) lists what must be
published from one source: 事项清单、办事指南、办理状态. A copy from the same source says what the portal says.

Readings, stated:
- **Only elements shown on both pages are compared.** An element one page does not show (a portal guide
  that lost its 法定办结时限 row, a copy that lists no 流程) is not a difference here: completeness is
  E1–E4's, not 同源's.
- Values are compared as a citizen reads them: width (NFKC), spaces and a closing 。 do not count; a time
  limit is its number and unit (`20个工作日` = `20 个工作日`, 即办 = 当场办结 = 0), 到现场次数 its number.
- The element lists: the basic fields below; the materials by name (the set of names, then each common
  material's 份数 and 来源); the windows by name (地址, 办理时间, 咨询电话); the 流程 by its steps' names
  (then each common step's 时限 and 办理人). Names of the item and of its 实施主体 are not compared: sites
  write them with their own decorations.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

from .depth import visits_of
from .reduction import promise_days

BASIC = ("法定办结时限", "承诺办结时限", "办件类型", "事项类型", "impl_code", "到现场次数", "收费", "设定依据",
         "特殊环节", "网办深度")
LIMITS = ("法定办结时限", "承诺办结时限")
NAMES = {"impl_code": "实施编码", "materials": "申请材料", "windows": "办理窗口", "流程": "办理流程"}


@dataclass(frozen=True)
class Difference:
    element: str
    portal: str
    copy: str

    def as_dict(self) -> dict:
        return {"element": self.element, "portal": self.portal, "copy": self.copy}

    def __str__(self) -> str:
        return f"{self.element}: 门户「{self.portal}」, 副本「{self.copy}」"


def text(value: Any) -> str:
    """A value as a citizen reads it: NFKC, no spaces, no closing 。."""
    s = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return re.sub(r"\s+", "", s).rstrip("。.")


def _canonical(element: str, value: Any):
    s = text(value)
    if element in LIMITS:
        return promise_days(s) or s
    if element == "到现场次数":
        n = visits_of(s)
        return s if n is None else n
    return s


def _rows(guide: Mapping[str, Any], key: str, name_keys: tuple[str, ...]) -> dict[str, Mapping[str, Any]]:
    out = {}
    for row in guide.get(key) or []:
        if not isinstance(row, Mapping):
            continue
        name = next((text(row.get(k)) for k in name_keys if text(row.get(k))), "")
        if name and name not in out:
            out[name] = row
    return out


def compare(portal: Mapping[str, Any], copy: Mapping[str, Any]) -> tuple[int, list[Difference]]:
    """(elements compared, the differences) of a copy against the portal's guide (see the readings)."""
    compared, diffs = 0, []

    def one(element: str, a: Any, b: Any, label: str | None = None) -> None:
        nonlocal compared
        if not text(a) or not text(b):
            return
        compared += 1
        if _canonical(element, a) != _canonical(element, b):
            diffs.append(Difference(label or NAMES.get(element, element), text(a)[:80], text(b)[:80]))

    for element in BASIC:
        one(element, portal.get(element), copy.get(element))
    for key, names, fields in (("materials", ("名称",), ("份数", "来源")),
                               ("windows", ("name", "窗口名称", "名称"), ("地址", "办理时间", "咨询电话")),
                               ("流程", ("环节",), ("时限", "办理人"))):
        mine, theirs = _rows(portal, key, names), _rows(copy, key, names)
        if not mine or not theirs:
            continue
        compared += 1
        if set(mine) != set(theirs):   # what only one of them lists, by name
            only = lambda a, b: "、".join(n for n in a if n not in b)[:120] or "（无）"   # noqa: E731
            diffs.append(Difference(f"{NAMES[key]}（仅一方列出）", only(mine, theirs), only(theirs, mine)))
        for name in sorted(set(mine) & set(theirs), key=list(mine).index):
            for field in fields:
                one(field, mine[name].get(field), theirs[name].get(field), f"{NAMES[key]}「{name[:20]}」{field}")
    return compared, diffs
