"""Metrics per journey family; importing this package registers every one in METRICS."""
from . import (age, apply, assistant, booking, entry, guide, mobile, reduction, review, safety,  # noqa: F401
               same_source, search, sso, stability, status, user_center)
from .base import (ENGINE_FIELDS, IDENTITY_FIELDS, METRIC_LABELS, METRIC_SPECS, METRICS, Metric, MetricSpec,
                   metric, percentile)
from .mobile import peer_key
from .review import BAD_REVIEW_LEVELS, REVIEW_LEVELS
from .apply import DEPTHS

__all__ = ["ENGINE_FIELDS", "IDENTITY_FIELDS", "METRIC_LABELS", "METRIC_SPECS", "METRICS", "Metric", "MetricSpec",
           "metric", "percentile", "peer_key", "BAD_REVIEW_LEVELS", "REVIEW_LEVELS", "DEPTHS"]
