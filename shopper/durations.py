"""How long each scenario took when the portal was last run whole: reports/history/<portal>/durations.json,
{node id: milliseconds}. `shopper run --shard` balances its split by it (shopper/shard.py).

Written by a whole run (`shopper run` without --shard) and by `shopper merge`, never by a shard alone,
under the portal folder's lock and replaced atomically. Only durations that measured the scenario are
kept: a record that failed by the environment or our own misfit (套件故障) stopped early, and a
skipped one did not run. Pure Python.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .exitcodes import final_attempts
from .paths import locked

FILE_NAME = "durations.json"
NOT_MEASURED = ("environment", "suite_broken")


def durations_path(history_dir: str | Path) -> Path:
    """`history_dir`: the portal's folder, reports/history/<portal>."""
    return Path(history_dir) / FILE_NAME


def load_durations(path: str | Path) -> dict[str, float]:
    """{node id: ms}; {} when there is no file. A file that is not such a mapping raises ValueError
    naming it (every shard reads the same file: a silent fallback could split two shards differently)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: 不是耗时记录 (not a durations file: {exc})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, (int, float))
                                             and not isinstance(v, bool) and v >= 0 for k, v in data.items()):
        raise ValueError(f"{path}: 应为 {{场景: 毫秒}} 的映射 (expected {{node id: milliseconds ≥ 0}})")
    return {k: float(v) for k, v in data.items()}


def measured(records: list[dict]) -> dict[str, float]:
    """{node id: duration_ms} of the scenarios the records measured (last attempt of each)."""
    out = {}
    for r in final_attempts(records):
        if r.get("outcome") == "skipped" or r.get("failure_class") in NOT_MEASURED:
            continue
        if r.get("nodeid") and isinstance(r.get("duration_ms"), (int, float)):
            out[str(r["nodeid"])] = round(float(r["duration_ms"]), 1)
    return out


def remember_durations(history_dir: str | Path, records: list[dict]) -> Path | None:
    """Add the records' measured durations to the portal's file (a scenario's newest wins)."""
    new = measured(records)
    if not new:
        return None
    path = durations_path(history_dir)
    with locked(path.parent):
        try:
            kept = load_durations(path)
        except ValueError:     # a broken file is replaced by what this run measured
            kept = {}
        kept.update(new)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(dict(sorted(kept.items())), ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, path)
    return path
