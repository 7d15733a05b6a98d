"""The journey → indicators registry (shopper/scoring/registry.py) agrees with the features' tags,
and the rubric selects only journeys that exist and feed the indicator."""
from __future__ import annotations

import re
from pathlib import Path

from shopper.scoring import JOURNEY_INDICATORS, KNOWN_INDICATORS, journeys_feeding, load_rubric

ROOT = Path(__file__).resolve().parents[2]
TAG = re.compile(r"@(journey|indicator):(\S+)")
SCENARIO = re.compile(r"^\s*(场景大纲|场景|Scenario Outline|Scenario|Example)\s*[:：]")
FEATURE = re.compile(r"^\s*(功能|Feature)\s*[:：]")


def feature_journeys(text: str) -> dict[str, set[str]]:
    """journey → indicators, from one feature file's tags (feature-level tags apply to every scenario)."""
    out: dict[str, set[str]] = {}
    feature_tags: list[tuple[str, str]] = []
    pending: list[tuple[str, str]] = []
    seen_feature = False
    for line in text.splitlines():
        if line.strip().startswith("#"):
            continue
        if line.strip().startswith("@"):
            pending += TAG.findall(line)
        elif FEATURE.match(line):
            feature_tags, pending, seen_feature = pending, [], True
        elif SCENARIO.match(line) and seen_feature:
            tags = feature_tags + pending
            pending = []
            journeys = [v for k, v in tags if k == "journey"]
            journey = journeys[-1] if journeys else None       # a scenario tag overrides the feature's
            assert journey, f"scenario without @journey: {line.strip()}"
            out.setdefault(journey, set()).update(v for k, v in tags if k == "indicator")
    return out


def all_feature_journeys() -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for path in sorted((ROOT / "features").glob("*.feature")):
        for journey, ids in feature_journeys(path.read_text(encoding="utf-8")).items():
            merged.setdefault(journey, set()).update(ids)
    return merged


def test_parser_reads_feature_and_scenario_tags():
    text = ("@journey:a @indicator:X\n功能: f\n  场景: one\n    假如 x\n"
            "  @journey:b @indicator:Y\n  场景: two\n    假如 y\n")
    assert feature_journeys(text) == {"a": {"X"}, "b": {"X", "Y"}}


def test_registry_matches_the_features_tags():
    tags = all_feature_journeys()
    assert tags, "no @journey tag found in features/"
    assert {j: set(ids) for j, ids in JOURNEY_INDICATORS.items()} == tags


def test_registry_names_known_indicators_and_every_tagged_indicator_is_rated():
    rubric = load_rubric()
    for journey, ids in JOURNEY_INDICATORS.items():
        for iid in ids:
            assert iid in KNOWN_INDICATORS and iid in rubric.indicators, (journey, iid)
            assert journey in journeys_feeding(iid)


def test_rubric_journeys_are_journeys_of_the_registry():
    for spec in load_rubric().indicators.values():
        for journey in spec.journeys:
            assert spec.id in JOURNEY_INDICATORS.get(journey, ()), (spec.id, journey)
