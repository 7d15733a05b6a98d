"""The recorder's click, page and route-change counts equal the true numbers of scripted journeys."""
from __future__ import annotations

import pytest

from shopper.record import JourneyRecord
from shopper.recorder import JourneyRecorder
from tests.support.tinysite import serve_tiny_site

pytestmark = pytest.mark.journeys


@pytest.fixture
def browser():
    """A browser of this test's own (the plugin's session-wide Playwright would outlive the test in a
    journeys-lane worker and keep every later test from starting one)."""
    from playwright.sync_api import sync_playwright

    from shopper.browser import launch

    with sync_playwright() as pw:
        launched = launch(pw)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def site():
    with serve_tiny_site() as base:
        yield base


def test_known_journey_counts(browser, site):
    context = browser.new_context()
    record = JourneyRecord(run_id="t", portal="t", journey="known", scenario="known", nodeid="known", indicators=[])
    recorder = JourneyRecorder(context, record)
    page = context.new_page()
    page.goto(site + "/a")                                   # page 1 (typed URL: no click)
    page.get_by_role("button", name="脚本点击").click()        # click 1 (its scripted click must not count)
    recorder.begin_step("to B")
    page.get_by_role("link", name="去B").click()              # click 2 → page 2
    page.get_by_role("heading", name="B").wait_for()
    step = recorder.end_step()
    page.get_by_role("button", name="按钮").click()           # click 3, no page
    page.get_by_role("link", name="去C").click()              # click 4 → page 3
    page.get_by_role("heading", name="C").wait_for()
    done = recorder.finish("passed", None, None)
    context.close()
    assert (done.clicks, done.pages) == (4, 3)
    assert (done.route_changes, done.views) == (0, 3)  # the scripted href="#" is no new view
    assert (step.clicks, step.pages) == (1, 1)
    assert done.hosts == ["a.localhost"]
    # the scripted click on href="#" is a same-document navigation; documents are a, b, c
    assert [u.rsplit("/", 1)[-1] for u in done.navigations if not u.endswith("#")] == ["a", "b", "c"]


def test_single_page_app_route_changes_count_as_views_apart_from_document_loads(browser, site):
    context = browser.new_context()
    record = JourneyRecord(run_id="t", portal="t", journey="spa", scenario="spa", nodeid="spa", indicators=[])
    recorder = JourneyRecorder(context, record)
    page = context.new_page()
    view = page.get_by_role("heading", level=2)
    page.goto(site + "/spa")                                  # document 1 (its replaceState keeps the URL)
    page.get_by_role("heading", name="SPA").wait_for()
    mark = recorder.mark()
    recorder.begin_step("to the list")
    page.get_by_role("link", name="列表").click()              # click 1 → route 1 (pushState)
    page.get_by_role("heading", name="列表").wait_for()
    step = recorder.end_step()
    page.get_by_role("link", name="详情").click()              # click 2 → route 2 (pushState, new query)
    page.get_by_role("heading", name="详情").wait_for()
    counts = recorder.since(mark)
    page.get_by_role("link", name="回到顶部").click()          # click 3: an in-page anchor, no new view
    page.get_by_role("link", name="办件查询").click()          # click 4 → route 3 (hash route #/status)
    page.get_by_role("heading", name="办件查询").wait_for()
    page.go_back()                                            # route 4 (popstate back to 详情)
    page.get_by_role("heading", name="详情").wait_for()
    assert view.inner_text() == "详情"
    done = recorder.finish("passed", None, None)
    context.close()
    assert (done.clicks, done.pages, done.route_changes, done.views) == (4, 1, 4, 5)
    assert (step.clicks, step.pages, step.route_changes, step.views) == (1, 0, 1, 1)
    assert {k: counts[k] for k in ("clicks", "pages", "route_changes", "views")} == \
        {"clicks": 2, "pages": 0, "route_changes": 2, "views": 2}
    # a fragment navigation fires popstate then hashchange (Chromium): one view, counted once
    assert [r["url"].split("/spa")[-1] for r in recorder.routes] == ["/list", "/detail?id=1", "/detail?id=1#/status",
                                                                    "/detail?id=1#top"]
    assert [r["how"] for r in recorder.routes][:2] == ["pushState", "pushState"]
