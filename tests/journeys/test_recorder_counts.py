"""The recorder's click and page counts equal the true numbers of a scripted journey."""
from __future__ import annotations

import pytest

from shopper.record import JourneyRecord
from shopper.recorder import JourneyRecorder
from tests.support.tinysite import serve_tiny_site

pytestmark = pytest.mark.journeys


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
    assert (step.clicks, step.pages) == (1, 1)
    assert done.hosts == ["a.localhost"]
    # the scripted click on href="#" is a same-document navigation; documents are a, b, c
    assert [u.rsplit("/", 1)[-1] for u in done.navigations if not u.endswith("#")] == ["a", "b", "c"]
