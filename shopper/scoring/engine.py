"""The scoring engine: JourneyRecords + Rubric → Scorecard (per indicator, per 一级指标, total, ★, coverage).

PURE functions: no Playwright, no browser, no network. The rules (see the rubric header):
- Records whose failure_class is environment or suite_broken (and skipped records) are not the
  portal's fault: they are left out of every score and listed in Scorecard.not_scored.
- A portal_defect failure counts against exactly the indicators it was charged to (record field
  `charged_indicator`, a list, from PortalDefect.indicators), or against all of the record's indicators
  when it names none. A failed record without a class counts as a portal defect, a broken one without a class
  as suite_broken (Allure's meaning).
- A flaky record (passed on a retry) counts as passed for its indicator and lowers STAB.
- Bands are first-match steps; indicator = weighted mean of measured criteria; 一级 = weighted mean
  of measured indicators; total = weighted mean of measured 一级 (renormalised), with `coverage`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Iterable

from ..failures import PORTAL_DEFECT
from .card import CriterionResult, Evidence, IndicatorScore, Level1Score, NotScored, Scorecard
from .metrics import METRICS
from .metrics.base import _obs
from .records import (NOT_SCORED_REASONS, RecordError, charged_indicators, dedupe_records, failure_class_of,
                      is_flaky)
from .metrics.guide import guide_failed
from .registry import journeys_feeding
from .rubric import IndicatorSpec, Rubric, evaluate_bands, load_rubric

MAX_EVIDENCE = 60


def _key_observations(o: dict) -> dict:
    out = {}
    for k, v in o.items():
        if k == "elements" and isinstance(v, dict):   # guide: 不合格 and 需人工复核 apart
            out["elements_failed"] = {eid: (c or {}).get("why", "") for eid, c in v.items() if guide_failed(c)}
            out["elements_review"] = {eid: (c or {}).get("why", "") for eid, c in v.items()
                                      if (c or {}).get("verdict") == "需人工复核"}
            out["elements_checked"] = len(v)
        elif isinstance(v, list) and len(v) > 8:
            out[k] = v[:8] + [f"… 共{len(v)}项"]
        elif isinstance(v, str) and len(v) > 120:
            out[k] = v[:120] + "…"
        else:
            out[k] = v
    return out


def _evidence(r: dict) -> Evidence:
    steps = [s.get("name", "") for s in r.get("steps") or [] if isinstance(s, dict)
             and s.get("status", "passed") != "passed"]
    message = r.get("failure_message")
    return Evidence(
        nodeid=str(r.get("nodeid", "")), scenario=str(r.get("scenario", "")), journey=str(r.get("journey", "")),
        device=str(r.get("device", "desktop")), outcome=str(r.get("outcome", "passed")),
        failure_class=r.get("failure_class"), counted_as_failure=bool(r.get("_failed")), flaky=bool(r.get("_flaky")),
        failed_steps=steps, message=(message[:300] if isinstance(message, str) else None),
        observations=_key_observations(_obs(r)))


def _view(spec: IndicatorSpec, scored: list[dict]) -> list[dict]:
    """The records one indicator reads, each marked _failed (counts against it) and _flaky."""
    if spec.select == "all":
        chosen = scored
    elif spec.select == "mobile_and_peers":
        mobile_journeys = {r.get("journey") for r in scored if r.get("device") == "mobile"}
        chosen = [r for r in scored if r.get("journey") in mobile_journeys]
    else:
        feeding = set(spec.journeys) | set(journeys_feeding(spec.id))
        chosen = [r for r in scored
                  if spec.id in (r.get("indicators") or []) or r.get("journey") in feeding
                  or (failure_class_of(r) == PORTAL_DEFECT and spec.id in charged_indicators(r))]
    out = []
    for r in chosen:
        defect = failure_class_of(r) == PORTAL_DEFECT
        failed, other = defect, False
        if defect and spec.select == "tagged":
            charged = charged_indicators(r)
            failed = not charged or spec.id in charged
            other = not failed
        out.append({**r, "_failed": failed, "_other_failure": other, "_flaky": is_flaky(r)})
    return out


def _failure_cap(spec: IndicatorSpec, rubric: Rubric, view: list[dict]):
    """The rubric's failure_cap band for this indicator's journey pass rate; None when there is no cap
    (no failure_cap in the rubric, a non-tagged indicator, or no journey of its own)."""
    if rubric.failure_cap is None or spec.select != "tagged":
        return None
    pass_rate = METRICS["pass_rate"](view)
    return None if pass_rate is None else evaluate_bands(rubric.failure_cap, pass_rate)


def _score_indicator(spec: IndicatorSpec, rubric: Rubric, scored: list[dict]) -> IndicatorScore:
    view = _view(spec, scored)
    if spec.select == "mobile_and_peers":
        has_data = any(r.get("device") == "mobile" for r in view)
    else:
        has_data = bool(view)
    criteria = []
    total_w = total_p = 0.0
    for c in spec.criteria:
        value = METRICS[c.metric](view) if has_data else None
        if value is None:
            criteria.append(CriterionResult(c.metric, c.label, c.weight, None, None, "无可计量的记录 (not measured)", False))
            continue
        band = evaluate_bands(c.bands, value)
        criteria.append(CriterionResult(c.metric, c.label, c.weight, round(float(value), 4), band.points, band.why, True))
        total_w += c.weight
        total_p += c.weight * band.points
    measured = total_w > 0
    score = round(total_p / total_w, 1) if measured else None
    cap, cap_why = _failure_cap(spec, rubric, view), None
    if score is not None and cap is not None and score > cap.points:
        pass_rate = METRICS["pass_rate"](view)
        cap_why = (f"旅程通过率 {pass_rate:.0%} → {cap.why} (各度量加权 {score:g}, 按失败旅程封顶为 "
                   f"{cap.points:g}: a failed journey costs its indicator what a failure costs)")
        score = float(cap.points)
    evidence_rows = sorted(view, key=lambda r: (not r["_failed"], not r["_flaky"], str(r.get("nodeid"))))
    return IndicatorScore(
        id=spec.id, name=spec.name, level1=spec.level1, level2=spec.level2, level3=spec.level3,
        weight=spec.weight, measured=measured, score=score, stars=rubric.stars_for(score),
        records=len(view), failures=sum(r["_failed"] for r in view), flaky=sum(r["_flaky"] for r in view),
        why=spec.why, criteria=criteria, evidence=[_evidence(r) for r in evidence_rows[:MAX_EVIDENCE]],
        cap=cap.points if cap is not None else None, cap_why=cap_why)


def score(records: Iterable, rubric: Rubric | str | Path | None = None, portal: str | None = None,
          now: dt.datetime | None = None) -> Scorecard:
    """Score one portal's records (de-duplicated first). Raises RecordError for mixed portals."""
    if not isinstance(rubric, Rubric):
        rubric = load_rubric(rubric)
    records = dedupe_records(records)
    portals = sorted({str(r.get("portal", "")) for r in records})
    if portal is None:
        if len(portals) > 1:
            raise RecordError(f"记录来自多个门户 {', '.join(portals)}: 请用 score_portals() "
                              f"(records of several portals: use score_portals)")
        portal = portals[0] if portals else ""
    else:
        records = [r for r in records if str(r.get("portal", "")) == portal]
    for r in records:
        if not r.get("nodeid") or not r.get("journey"):
            raise RecordError(f"记录缺少 nodeid 或 journey: {str(r)[:200]} (not a JourneyRecord)")

    scored, not_scored = [], []
    for r in records:
        cls = failure_class_of(r)
        if cls in NOT_SCORED_REASONS:
            msg = r.get("failure_message")
            not_scored.append(NotScored(str(r["nodeid"]), str(r.get("scenario", "")), str(r["journey"]),
                                        list(r.get("indicators") or []), cls, NOT_SCORED_REASONS[cls],
                                        msg[:300] if isinstance(msg, str) else None))
        else:
            scored.append(r)

    indicators = [_score_indicator(spec, rubric, scored) for spec in rubric.indicators.values()]
    by_id = {i.id: i for i in indicators}
    level1 = []
    for l1 in rubric.level1.values():
        children = [i for i in indicators if i.level1 == l1.id]
        measured = [i for i in children if i.measured]
        w = sum(i.weight for i in measured)
        l1_score = round(sum(i.score * i.weight for i in measured) / w, 1) if w else None
        inner = rubric.level1_total_weight(l1.id)
        level1.append(Level1Score(l1.id, l1.name, l1.weight, l1_score, rubric.stars_for(l1_score),
                                  round(w / inner, 4) if inner else 0.0, [i.id for i in children]))
    measured_l1 = [l for l in level1 if l.score is not None]
    w = sum(l.weight for l in measured_l1)
    total = round(sum(l.score * l.weight for l in measured_l1) / w, 1) if w else None
    known_ids = set(rubric.indicators) | set(rubric.not_measured)
    unrated = sorted({i for r in records for i in (r.get("indicators") or []) if i not in known_ids})
    run_ids = sorted({str(r.get("run_id", "")) for r in records if r.get("run_id")})
    now = now or dt.datetime.now(dt.timezone.utc)
    return Scorecard(
        portal=portal, run_id=run_ids[-1] if run_ids else "", run_ids=run_ids,
        generated_at=now.isoformat(timespec="seconds"), rubric=rubric.name, rubric_path=rubric.path,
        total=total, stars=rubric.stars_for(total),
        coverage=round(rubric.coverage_of(i for i, s in by_id.items() if s.measured), 4),
        max_coverage=round(rubric.max_coverage, 4), level1=level1, indicators=indicators,
        not_measured=[asdict(n) for n in rubric.not_measured.values()], not_scored=not_scored,
        records_total=len(records), records_scored=len(scored), unrated_ids=unrated,
        regression_margin=rubric.regression_margin)


def score_portals(records: Iterable, rubric: Rubric | str | Path | None = None) -> dict[str, Scorecard]:
    """One Scorecard per portal found in the records (for a league table)."""
    if not isinstance(rubric, Rubric):
        rubric = load_rubric(rubric)
    records = dedupe_records(records)
    portals = sorted({str(r.get("portal", "")) for r in records})
    return {p: score(records, rubric, portal=p) for p in portals}
