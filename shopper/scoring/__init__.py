"""Scoring: JourneyRecords + rubric → Scorecard. Pure Python: no Playwright, no browser, no network.

Split by reason to change:
- `metrics/`  one module per journey family (search, apply, sso, status, review, entry, mobile, age,
              safety, guide, stability): `fn(records) → number | None`, registered with the keys it reads;
- `registry`  which journey feeds which indicators (mirrors the features' @journey/@indicator tags);
- `rubric`    the rubric's data types and `load_rubric(path)` (validates; errors name file:line);
- `records`   de-duplication, shards, failure class, charged indicator;
- `card`      the Scorecard dataclasses, and whether a run is a verdict (结论 / 无结论 / 结论不完整);
- `engine`    `score(records, rubric) → Scorecard`, `score_portals`.
Every public name stays importable from `shopper.scoring`.
"""
from __future__ import annotations

from .card import (INCOMPLETE, NO_VERDICT, VERDICT, VERDICTS, CriterionResult, Evidence, IndicatorScore, Level1Score,
                   NotScored, Scorecard, line_verdict, misfit_controls, no_verdict_reason, run_verdict)
from .engine import MAX_EVIDENCE, score, score_portals
from .metrics import (BAD_REVIEW_LEVELS, DEPTHS, METRIC_LABELS, METRIC_SPECS, METRICS, REVIEW_LEVELS, Metric,
                      MetricSpec, metric, peer_key, percentile)
from .records import (NOT_SCORED_REASONS, RecordError, charged_indicators, dedupe_records, failure_class_of,
                      is_flaky, load_shards)
from .registry import JOURNEY_INDICATORS, indicators_fed_by, journeys_feeding
from .rubric import (DEFAULT_RUBRIC, DEFAULT_STARS, KNOWN_INDICATORS, OPS, SELECTS, Band, Criterion, IndicatorSpec,
                     Level1Spec, NotMeasuredSpec, Rubric, RubricError, evaluate_bands, load_rubric, stars_for,
                     stars_text)

__all__ = [
    "BAD_REVIEW_LEVELS", "INCOMPLETE", "NO_VERDICT", "VERDICT", "VERDICTS", "Band", "Criterion", "CriterionResult", "DEFAULT_RUBRIC", "DEFAULT_STARS", "DEPTHS",
    "Evidence", "IndicatorScore", "IndicatorSpec", "JOURNEY_INDICATORS", "KNOWN_INDICATORS", "Level1Score",
    "Level1Spec", "MAX_EVIDENCE", "METRICS", "METRIC_LABELS", "METRIC_SPECS", "Metric", "MetricSpec",
    "NOT_SCORED_REASONS", "NotMeasuredSpec", "NotScored", "OPS", "RecordError", "Rubric", "RubricError",
    "SELECTS", "Scorecard", "charged_indicators", "dedupe_records", "evaluate_bands", "failure_class_of",
    "indicators_fed_by", "is_flaky", "journeys_feeding", "load_rubric", "load_shards", "metric", "peer_key",
    "line_verdict", "misfit_controls", "no_verdict_reason", "percentile", "run_verdict", "score", "score_portals", "stars_for",
    "stars_text",
]
