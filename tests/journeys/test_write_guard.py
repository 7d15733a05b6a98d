"""Writes only where the profile marks the host as staging: elsewhere the journey stops before
the final click and records 'not submitted (read-only)'."""
from __future__ import annotations

import pytest

from tests.support.runs import ROOT, run_journeys

pytestmark = pytest.mark.journeys


def test_read_only_profile_never_submits(tmp_path):
    text = (ROOT / "fixtures/portals/sandbox-matrix.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "sandbox-readonly.yaml"
    profile.write_text(text.replace("writes_allowed: true", "writes_allowed: false")
                       .replace("keywords: ../keywords/matrix.csv", f"keywords: {ROOT / 'fixtures/keywords/matrix.csv'}"),
                       encoding="utf-8")
    records = run_journeys(tmp_path / "out", steps=[str(ROOT / "steps/test_apply.py")], profile=str(profile),
                           extra=["--device", "desktop"])
    from shopper.profile import load_profile
    assert len(records) == len(load_profile(profile).apply_items) >= 2   # one per sampled item, none submitted
    for r in records:
        assert r["outcome"] == "skipped", (r["nodeid"], r["outcome"], r["failure_message"])
        assert r["observations"]["read_only"] is True and r["observations"]["submitted"] is False
        assert not r["observations"].get("application_no")
