"""`shopper probe`: the fit of our page objects on this portal, as a test (the plugin's `fit` fixture
runs the probe; this test fails, naming the controls, when any control is missing or ambiguous)."""
from __future__ import annotations

from pages.probe import format_table


def test_page_objects_fit_the_portal(fit):
    assert not fit.misfits(), "页面对象与门户不适配 (套件故障 · 未适配):\n" + format_table(fit)
