"""Which journey feeds which indicators: one table, read by the engine and the rubric loader.

It mirrors the @journey/@indicator tags of features/*.feature (tests/unit/test_scoring_registry.py
parses the features and fails when the two disagree). C2-3 (mobile records and their desktop twins)
and STAB (every record) select records by device and outcome, not by journey: see the rubric's `select`.
"""
from __future__ import annotations

JOURNEY_INDICATORS: dict[str, tuple[str, ...]] = {
    "search": ("A3-1",),
    "apply": ("A3-2", "B1"),
    "sso": ("B4-2",),
    "sso_sites": ("B4-3",),
    "status": ("B5-1",),
    "review": ("A1",),
    "one_network": ("C1-1",),
    "entry": ("C1-4",),
    "guide": ("E1", "E2", "E3", "E4", "D2"),
    "elder": ("AGE",),
    "safety": ("SEC",),
    "assistant": ("B5-2",),
    "same_source": ("C3-2", "C3-3"),
    "reduction": ("A4-1", "A4-4", "A4-8"),
    "booking": ("C4-2", "A3-2"),
    "user_center": ("B7-4",),
}


def journeys_feeding(indicator: str) -> tuple[str, ...]:
    """The journeys whose records feed `indicator` (empty for C2-3, STAB and unknown ids)."""
    return tuple(j for j, ids in JOURNEY_INDICATORS.items() if indicator in ids)


def indicators_fed_by(journey: str) -> tuple[str, ...]:
    return JOURNEY_INDICATORS.get(journey, ())
