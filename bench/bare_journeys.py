"""The journeys of one family as a bare Playwright script: no pytest, no recorder, no tracing, no
Allure, no politeness; the same sandbox, profile and page objects, one fresh context per journey
(as the suite does). The baseline of bench/bench_vs_bare.py.

    .venv/bin/python -m bench.bare_journeys search|sso|apply|guide [--profile sandbox-matrix]

Prints one line: `journeys=N`. Runs in its own process so that it pays the same start-up
(interpreter, sandbox, browser) as the suite's run it is compared with.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from pages import portal_for
from sandbox.server import SandboxServer
from shopper.browser import context_options, launch
from shopper.keywords import load_keywords
from shopper.materials import material_files
from shopper.personas import sandbox_personas
from shopper.profile import load_profile

ZERO_RESULT_KEYWORD = "量子纠缠签证加急"  # features/search.feature's second scenario
APPLY_ITEMS = ["社会保障卡申领", "失业保险金申领", "无犯罪记录证明开具"]  # features/apply.feature's examples


class NoJourney:
    """What page objects ask of a journey (mark/since/observe), recording nothing."""

    def mark(self):
        return 0, 0, time.perf_counter()

    def since(self, mark):
        return {"clicks": 0, "pages": 0, "ms": round((time.perf_counter() - mark[2]) * 1000, 1)}

    def observe(self, **values):
        pass


def journeys(family: str, profile, citizen, files):
    """(name, function of portal) for each scenario the suite runs in that family."""
    if family == "search":
        def search(keyword):
            def run(portal):
                results = portal.open_home().search_for(keyword)
                return results.result_count(), results.result_names()[:5]
            return run

        def zero(portal):
            results = portal.open_home().search_for(ZERO_RESULT_KEYWORD)
            return results.result_count(), results.zero_result_help_shown()
        return [(c.id, search(c.keyword)) for c in load_keywords(profile.keywords)] + [("zero", zero)]
    if family == "sso":
        def sso(portal):
            portal.open_home()
            stats = portal.sso_attempts(citizen, profile.sso_attempts)
            return stats.successes, portal.open_home().is_signed_in()
        return [("sso", sso)]
    if family == "apply":
        return [(item, lambda portal, item=item: portal.apply_for(citizen, item, files)) for item in APPLY_ITEMS]
    if family == "guide":
        def guide(item_id):
            def run(portal):
                page = portal.open_guide(item_id)
                return page.download_forms(page.read_guide())
            return run
        return [(i, guide(i)) for i in profile.guide_items]
    raise SystemExit(f"unknown family {family!r}: search, sso, apply or guide")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("family")
    parser.add_argument("--profile", default="sandbox-matrix")
    args = parser.parse_args()
    profile = load_profile(args.profile)
    personas = sandbox_personas(profile)
    server = SandboxServer(accounts=[p.as_account() for p in personas.values()])
    server.start()
    try:
        profile.bind(server.port)
        profile.personas = personas
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
            files = material_files(Path(tmp), 4)
            browser = launch(pw)
            todo = journeys(args.family, profile, personas.get("citizen"), files)
            for _name, run in todo:
                context = browser.new_context(**context_options(pw, "desktop"))
                context.set_default_timeout(profile.timeouts["action_ms"])
                context.set_default_navigation_timeout(profile.timeouts["navigation_ms"])
                run(portal_for(profile, context.new_page(), NoJourney()))
                context.close()
            browser.close()
        print(f"journeys={len(todo)}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
