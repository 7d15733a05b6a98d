"""Screenshots are masked where page.get_by_text(ID_RE / PHONE_RE) finds text (shopper/allure_output.py
screenshot_masked, pages/probe.py): the patterns run as JavaScript regular expressions in the page,
so every form the text masking knows must be found there too, and no code, date or hotline (the
evidence a screenshot is kept for) may be painted over."""
from __future__ import annotations

import html

import pytest

from shopper.browser import launch
from shopper.masking import ID_RE, PHONE_RE
from tests.unit.test_masking import EVIDENCE, ID_FORMS, PHONE_FORMS

pytestmark = pytest.mark.journeys


@pytest.fixture   # per test: a module-wide Playwright would outlive the test while the journeys lane
                 # interleaves other modules' tests (longest first), and theirs would then refuse to start
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def found_by(page, pattern) -> set[str]:
    return set(page.get_by_text(pattern).evaluate_all("els => els.map(e => e.id)"))


def test_screenshot_masks_find_every_form_and_spare_the_evidence(page):
    rows = {f"p{i}": f"联系电话：{t}" for i, t in enumerate(PHONE_FORMS)}
    rows |= {f"i{i}": f"证件号码：{t}" for i, t in enumerate(ID_FORMS)}
    rows |= {f"e{i}": f"办件信息：{t}" for i, t in enumerate(EVIDENCE)}
    page.set_content("<main>" + "".join(f'<p id="{k}">{html.escape(v)}</p>' for k, v in rows.items()) + "</main>")
    phones, ids = found_by(page, PHONE_RE), found_by(page, ID_RE)
    assert {k for k in rows if k.startswith("p")} - phones == set(), [rows[k] for k in rows if k.startswith("p") and k not in phones]
    assert {k for k in rows if k.startswith("i")} - ids == set(), [rows[k] for k in rows if k.startswith("i") and k not in ids]
    assert not (phones | ids) & {k for k in rows if k.startswith("e")}, [rows[k] for k in sorted(phones | ids) if k.startswith("e")]
