"""The guides as they are published: on the portal, and the copies department and city sites serve of
their items (数据同源: one source, the catalogue), with the defects that change what a citizen reads.

* ``no_reduction`` (A4-1): everywhere, every 承诺办结时限 equals the 法定办结时限 (no reduction) and 即办件
  become 承诺件;
* ``stale_copy`` (C3-2): the department sites (not the cities) serve an outdated copy: another
  承诺办结时限 (``stale_promise``) and the last material gone.

The catalogue's dicts are never changed: each call returns a copy of the item with its own guide."""
from __future__ import annotations

import re

from .state import Sandbox

INSTANT = ("即办", "当场办结", "即来即办")
_LIMIT = re.compile(r"^(\d+)\s*(个)?(工作日|自然日|天)$")


def stale_promise(promise: str) -> str:
    """The 承诺办结时限 an outdated copy still shows: a 即办件 was once promised in 5 working days; a
    limit with a number is 5 units longer (the promise was shortened since)."""
    value = (promise or "").strip()
    if value in INSTANT:
        return "5个工作日"
    match = _LIMIT.match(value)
    if match:
        return f"{int(match.group(1)) + 5}{match.group(2) or ''}{match.group(3)}"
    return "15个工作日"


def _with_guide(item: dict, **changes) -> dict:
    guide = {**item["guide"], "materials": list(item["guide"].get("materials", [])), **changes}
    return {**item, "guide": guide}


def published(state: Sandbox, item: dict) -> dict:
    """The item as the portal (and every copy) shows it; under no_reduction 承诺 = 法定 and no 即办件."""
    if not state.defect("no_reduction"):
        return _with_guide(item)
    guide = item["guide"]
    return _with_guide(item, **{"承诺办结时限": guide.get("法定办结时限", ""),
                                "办件类型": "承诺件" if guide.get("办件类型") == "即办件" else guide.get("办件类型", "")})


def site_copy(state: Sandbox, item: dict, kind: str) -> dict:
    """The copy a department (kind 'dept') or city (kind 'city') site serves of `item`'s guide."""
    copy = published(state, item)
    if kind == "dept" and state.defect("stale_copy"):
        guide = copy["guide"]
        guide["承诺办结时限"] = stale_promise(guide.get("承诺办结时限", ""))
        guide["materials"] = guide["materials"][:-1]
    return copy


def site_items(state: Sandbox, kind: str, code: str) -> list[dict]:
    """The items whose guides a department or city site serves."""
    cat = state.catalogue
    return cat.items_of_dept(code) if kind == "dept" else cat.items_of_city(code)


def site_item(state: Sandbox, kind: str, code: str, item_id: str) -> dict | None:
    """Catalogue item `item_id` if the site serves its guide (else None: the site answers 404)."""
    return next((i for i in site_items(state, kind, code) if i["id"] == item_id), None)
