"""E1–E4 and D2: the guide journey's element checks (docs/GUIDE_RULES.md).

Only a 不合格 verdict counts against the portal; 需人工复核 is listed apart on the scorecard."""
from __future__ import annotations

from .base import Metric, _obs, _of, metric


def guide_failed(check: dict) -> bool:
    """Only a 不合格 verdict counts against the portal; 需人工复核 does not (it is listed apart).
    Records written before verdicts existed carry only ``ok``."""
    verdict = (check or {}).get("verdict")
    return verdict == "不合格" if verdict else not (check or {}).get("ok")


def _guide_rate(prefix: str) -> Metric:
    def fn(records):
        ok = total = 0
        for r in _of(records, ["guide"]):
            for element_id, check in (_obs(r).get("elements") or {}).items():
                if element_id == prefix or str(element_id).startswith(prefix + "-"):
                    total += 1
                    ok += not guide_failed(check)
        return None if total == 0 else ok / total
    return fn


for _p in ("E1", "E2", "E3", "E4", "D2"):
    metric(f"guide_{_p.lower()}_ok_rate", f"办事指南 {_p} 要素核对未判不合格的比例",
           journeys=("guide",), reads=("elements",))(_guide_rate(_p))
