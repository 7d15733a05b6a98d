"""The metric registry and the small helpers every metric family uses.

A metric is `fn(records) -> number | None` (None: nothing to measure here), registered with
`@metric(name, label, journeys=…, reads=…, fields=…)`. The declaration is the measurement contract:
- `journeys`: the journeys whose records the metric reads (None: any record the indicator selects);
- `reads`: the observation keys (record["observations"][key]) it reads;
- `fields`: the top-level record fields it reads (besides journey/device/nodeid, which every record has).
tests/unit/test_measurement_contract.py runs every metric on the records of a real clean run through a
dict that logs each key read, so a declaration that omits a key fails, and checks that every declared
key is written by that run's records of the declared journeys.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable

Metric = Callable[[list[dict]], "float | None"]
METRICS: dict[str, Metric] = {}
METRIC_LABELS: dict[str, str] = {}

# Engine-made marks on every record an indicator reads (not written by a run): see engine._view.
ENGINE_FIELDS = frozenset({"_failed", "_other_failure", "_flaky"})
# Fields every JourneyRecord has: reading them needs no declaration.
IDENTITY_FIELDS = frozenset({"journey", "device", "nodeid", "observations"})


@dataclass(frozen=True)
class MetricSpec:
    name: str
    label: str
    journeys: tuple[str, ...] | None
    reads: tuple[str, ...]
    fields: tuple[str, ...]


METRIC_SPECS: dict[str, MetricSpec] = {}


def metric(name: str, label: str, journeys: Iterable[str] | None = None, reads: Iterable[str] = (),
           fields: Iterable[str] = ()):
    """Register `fn(records) -> number | None` under `name` with the keys it reads (see module doc)."""
    spec = MetricSpec(name, label, tuple(journeys) if journeys is not None else None, tuple(reads), tuple(fields))

    def deco(fn: Metric) -> Metric:
        METRICS[name] = fn
        METRIC_LABELS[name] = label
        METRIC_SPECS[name] = spec
        return fn
    return deco


def _obs(r: dict) -> dict:
    return r.get("observations") or {}


def _of(records: list[dict], journeys: Iterable[str]) -> list[dict]:
    js = set(journeys)
    return [r for r in records if r.get("journey") in js]


def _rate(records: list[dict], keys: tuple[str, ...], pred: Callable[[dict], bool]) -> float | None:
    """Share of records where pred(observations) holds. A record lacking the keys counts as a miss
    when it failed against this indicator (the journey broke before it could observe), else is left out."""
    hits = total = 0
    for r in records:
        o = _obs(r)
        if all(o.get(k) is not None for k in keys):
            total += 1
            hits += bool(pred(o))
        elif r.get("_failed"):
            total += 1
    return None if total == 0 else hits / total


def _numbers(records: list[dict], key: str) -> list[float]:
    out = []
    for r in records:
        v = _obs(r).get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            out.append(float(v))
    return out


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0–100): the smallest value with at least p % at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[k - 1]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
