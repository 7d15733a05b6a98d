"""The entry point (check_guide) and the per-department 整改 list."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from .base import ELEMENT_IDS, FAIL, REVIEW, ElementResult, GuideResult, norm
from .basic import (check_address, check_hours, check_legal_limit, check_phone, check_promised_limit,
                    check_special)
from .materials import check_copies, check_form, check_material_names, check_sources
from .process import check_forms, check_impl_code, check_process, check_visits
from .unread import guard_unread

CHECKS = {
    "E1-1": check_legal_limit, "E1-2": check_promised_limit, "E1-3": check_address,
    "E1-4": check_hours, "E1-5": check_phone, "E1-6": check_special, "E2-1": check_sources,
    "E2-2": check_copies, "E2-3": check_form, "E2-x": check_material_names, "E3-1": check_process,
    "E3-2": check_visits, "E4": check_forms, "D2": check_impl_code,
}


def _dept_of(guide: Mapping[str, Any]) -> str:
    d = norm(guide.get("dept"))
    if d:
        return d
    iid = norm(guide.get("item_id"))
    return iid.split("-", 1)[0] if "-" in iid else ""


def check_guide(guide: Mapping[str, Any]) -> GuideResult:
    """Check one normalised guide (``check_guide(normalise_labels(raw))``) against every element.

    Never raises on odd input: a check that breaks on malformed page data gives that element
    需人工复核 with the error as its why (the page could not be read, so no verdict is claimed)."""
    if not isinstance(guide, Mapping):
        raise TypeError("guide must be a mapping (CONTRACTS.md section 4)")
    res = GuideResult(item_id=norm(guide.get("item_id")), dept=_dept_of(guide),
                      name=norm(guide.get("name")), subject=norm(guide.get("实施主体")))
    for eid, fn in CHECKS.items():
        try:
            res.elements[eid] = fn(guide)
        except Exception as exc:  # malformed page data: say so, claim no verdict
            res.elements[eid] = ElementResult(REVIEW, "", f"指南数据无法解析：{type(exc).__name__}: {exc}",
                                              "解读：页面数据结构异常，需人工查看")
    return guard_unread(res, guide)


# --------------------------------------------------------------------------- aggregation
def _verdicts_of(r: Any) -> tuple[str, str, str, str, dict[str, tuple[str, str]]]:
    """(item_id, dept, name, 实施主体, {element: (verdict, why)}) of a GuideResult or an observation."""
    if isinstance(r, GuideResult):
        return r.item_id, r.dept, r.name, r.subject, {e: (x.verdict, x.why) for e, x in r.elements.items()}
    if isinstance(r, Mapping):
        els = {}
        for e, x in (r.get("elements") or {}).items():
            x = x if isinstance(x, Mapping) else {}
            verdict = x.get("verdict") or ("合格" if x.get("ok") else FAIL)
            els[e] = (verdict, str(x.get("why") or ""))
        return (norm(r.get("item_id")), norm(r.get("dept")), norm(r.get("name")),
                norm(r.get("实施主体")), els)
    raise TypeError(f"not a guide result: {type(r).__name__}")


def guide_rectification(results: Iterable[Any]) -> dict[str, list[tuple[str, str, str, str]]]:
    """Per-department guide 整改 list (pure): ``{实施主体: [(item, element, verdict, why), …]}``.

    ``results`` are GuideResults or ``guide`` observations. Only 不合格 and 需人工复核 are listed,
    不合格 first, then by item and element order; ``item`` is the guide's name (else its item id);
    a guide that does not show its 实施主体 is filed under its ``dept`` (or 「未标注实施主体」)."""
    order = {e: i for i, e in enumerate(ELEMENT_IDS)}
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for r in results:
        iid, dept, name, subject, verdicts = _verdicts_of(r)
        key = subject or dept or "未标注实施主体"
        rows = out.setdefault(key, [])
        for e, (v, why) in verdicts.items():
            if v in (FAIL, REVIEW):
                rows.append((name or iid, e, v, why))
    for key, rows in out.items():
        rows.sort(key=lambda t: (t[2] != FAIL, t[0], order.get(t[1], 99)))
    return {k: v for k, v in out.items() if v}
