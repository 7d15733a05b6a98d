"""Records as the engine reads them: de-duplication, shards, failure class, charged indicator, flakiness."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..failures import ENVIRONMENT, PORTAL_DEFECT, SUITE_BROKEN, SuiteError


class RecordError(SuiteError):
    """A record cannot be scored (not a JourneyRecord)."""


NOT_SCORED_REASONS = {
    ENVIRONMENT: "环境故障: 不是门户的问题, 不计分",
    SUITE_BROKEN: "套件故障: 测试自身或配置有误, 不计分",
    "skipped": "已跳过, 不计分",
}


def _as_dict(record) -> dict:
    if isinstance(record, dict):
        return record
    if hasattr(record, "to_dict"):
        return record.to_dict()
    raise RecordError(f"不是 JourneyRecord: {type(record).__name__} (not a record)")


def dedupe_records(records: Iterable) -> list[dict]:
    """One record per (run_id, nodeid) — and portal, since shards by portal share node ids: the
    highest attempt wins; equal attempts → the later one."""
    best: dict[tuple[str, str, str], dict] = {}
    order: list[tuple[str, str, str]] = []
    for raw in records:
        r = _as_dict(raw)
        key = (str(r.get("portal", "")), str(r.get("run_id", "")), str(r.get("nodeid", "")))
        if key not in best:
            order.append(key)
            best[key] = r
        elif int(r.get("attempt") or 1) >= int(best[key].get("attempt") or 1):
            best[key] = r
    return [best[k] for k in order]


def load_shards(*directories: str | Path) -> list[dict]:
    """Records from several shard directories (recursively), merged and de-duplicated."""
    from ..record import load_records

    out = []
    for directory in directories:
        if not Path(directory).is_dir():
            raise RecordError(f"{directory}: 记录目录不存在 (no such records directory)")
        out += load_records(Path(directory))
    return dedupe_records(out)


def failure_class_of(r: dict) -> str | None:
    """portal_defect / suite_broken / environment / 'skipped' / None (passed)."""
    outcome = r.get("outcome", "passed")
    if outcome == "passed":
        return None
    if outcome == "skipped":
        return "skipped"
    cls = r.get("failure_class")
    if cls in (PORTAL_DEFECT, SUITE_BROKEN, ENVIRONMENT):
        return cls
    return PORTAL_DEFECT if outcome == "failed" else SUITE_BROKEN


def charged_indicators(r: dict) -> list[str]:
    """The indicators a portal defect was charged to (JourneyRecord.charged_indicator, from
    PortalDefect.indicators): a list, or one id as a string in records written before it was a list.
    [] when the defect names none (it then counts against all of the record's indicators)."""
    value = r.get("charged_indicator")
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [n for n in (str(v).strip() for v in names if v is not None) if n]


def is_flaky(r: dict) -> bool:
    return r.get("outcome") == "passed" and (bool(r.get("flaky")) or int(r.get("attempt") or 1) > 1)


