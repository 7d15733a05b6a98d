"""Journeys name no portal: features, steps and the engine carry no sandbox data (the profile and
the page-object package own every portal fact). Also the new-portal scaffold and the live template."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from shopper.failures import SuiteError
from shopper.profile import load_profile
from shopper.scaffold import new_portal

ROOT = Path(__file__).resolve().parents[2]
# every module of pages/ is neutral now: a portal is its profile, not a package of code
NEUTRAL = ["features", "steps", "shopper", "pages"]


def _sandbox_facts() -> set[str]:
    """Names only our sandbox has: its province, departments, cities, items and URL shapes."""
    import json
    facts = set()
    for name in ("sandbox", "sandbox-matrix"):
        profile = load_profile(name)
        facts |= {s.name for s in profile.sites()} | set(profile.apply_items) | set(profile.guide_items)
    catalogue = json.loads((ROOT / "sandbox" / "data" / "catalogue.json").read_text(encoding="utf-8"))
    items = catalogue["items"] if isinstance(catalogue, dict) and "items" in catalogue else catalogue
    facts |= {i["name"] for i in items if isinstance(i, dict) and "name" in i and len(i["name"]) >= 4}
    facts |= {"江澜", "临州", "云川", "/item/", "/__sandbox__/", "社保卡"}
    return facts


def _files():
    for entry in NEUTRAL:
        path = ROOT / entry
        yield from ([path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".py", ".feature", ".j2", ".html", ".yaml")))


def test_no_sandbox_fact_in_features_steps_or_engine():
    facts = _sandbox_facts()
    assert len(facts) > 50  # the check really looks for the catalogue's names
    hits = []
    for path in _files():
        text = path.read_text(encoding="utf-8")
        hits += [f"{path.relative_to(ROOT)}: {fact}" for fact in facts if fact in text]
    assert not hits, "portal facts belong in the profile or pages/<kind>/: " + "; ".join(hits[:20])


def test_the_check_sees_a_planted_fact(tmp_path, monkeypatch):
    facts = _sandbox_facts()
    planted = "当 市民搜索“社保卡”"
    assert any(f in planted for f in facts)


def test_example_live_template_loads_and_names_everything_a_journey_needs():
    profile = load_profile("example-live")
    assert profile.kind == "live" and profile.guide_items and profile.apply_items and profile.keywords
    assert profile.advance["method"] == "cannot" and profile.advance["reason"]
    from pages import controls_for
    assert "home.search_input" in controls_for(profile)  # its locator override names a real control


def test_example_live_copied_and_filled_in_collects_every_journey(tmp_path):
    """The template, copied and filled in as its comments say, collects every journey (the first
    thing a supervisor's run did was stop at collection: guide_items missing)."""
    import subprocess
    import sys

    text = (ROOT / "fixtures" / "portals" / "example-live.yaml").read_text(encoding="utf-8")
    text = text.replace("name: example-live", "name: my-province")
    text = text.replace("keywords: ../keywords/", f"keywords: {ROOT / 'fixtures' / 'keywords'}/")
    profile = tmp_path / "my-province.yaml"
    profile.write_text(text, encoding="utf-8")
    steps = sorted(str(p) for p in (ROOT / "steps").glob("test_*.py"))
    result = subprocess.run([sys.executable, "-m", "pytest", *steps, "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-o", "testpaths=", f"--portal={profile}", "--device=desktop,mobile"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    collected = [l for l in result.stdout.splitlines() if "::" in l]
    journeys = {l.split("::")[0].rsplit("/", 1)[-1] for l in collected}
    assert journeys == {p.rsplit("/", 1)[-1] for p in steps}, journeys   # every journey module has cases
    assert len(collected) >= 40


def test_content_dependent_controls_never_block_a_journey(tmp_path):
    """A results list the portal did not return is not our misfit: such controls are declared
    `content: true`, and only missing structural controls block journeys."""
    from pages import controls_for
    from pages.controls import MISSING, UNCHECKED, Fit

    controls = controls_for(load_profile("sandbox"))
    assert controls["results.list"].content and not controls["home.search_input"].content
    fit = Fit(controls, probe={"results.list": {"status": UNCHECKED}, "home.search_input": {"status": MISSING}})
    assert fit.blocking("apply") == ["home.search_input"]
    fit.probe["home.search_input"] = {"status": "found"}
    assert fit.blocking("apply") == [] and fit.blocking("search") == []


def test_a_control_missed_where_earlier_runs_confirmed_it_is_for_the_journey_to_judge():
    """The probe could not see the booking form this time (the sign-in in front of it looped): earlier
    runs confirmed the same locator, so it does not excuse the journey, which judges it (the portal's
    only on a host where it was confirmed); never confirmed, or ambiguous, it still blocks."""
    from pages import controls_for
    from pages.controls import AMBIGUOUS, MISSING, Fit

    controls = controls_for(load_profile("sandbox"))
    missed = {"booking.form": {"status": MISSING, "host": "zwfw.localhost"}}
    fit = Fit(controls, probe=dict(missed))
    assert fit.blocking("booking") == ["booking.form"]                       # never seen: our misfit
    fit.remembered.add(("booking.form", "zwfw.localhost"))
    assert fit.blocking("booking") == []                                     # seen before on this host
    fit.probe["booking.form"] = {"status": MISSING, "host": "idp.localhost"}   # the walk ended elsewhere
    assert fit.blocking("booking") == []
    fit.probe["booking.form"] = {"status": AMBIGUOUS, "host": "zwfw.localhost"}
    assert fit.blocking("booking") == ["booking.form"]                       # ambiguity is our locator's
