"""pytest plugin of the journey suite, loaded by the root conftest.py (`pytest_plugins`).

It registers one module per reason to change:
- shopper.pytest_options: command-line options, run id, device parametrisation;
- shopper.fixtures: `portal_profile` (session; starts the sandbox), `personas`, `citizen`, the
  browser, `context` (a fresh one per journey), `page`, `portal` (the page-object facade);
- shopper.record_lifecycle: `journey` (the JourneyRecorder), step boundaries, outcome and failure
  class, the JourneyRecord written at the end;
- shopper.allure_output: Gherkin tags as labels, titles, screenshots, traces, environment facts.
"""
from __future__ import annotations

# allure_output before record_lifecycle, which imports it: pytest registers (and may rewrite) each
# module before another imports it
pytest_plugins = ["shopper.pytest_options", "shopper.allure_output", "shopper.fixtures", "shopper.record_lifecycle"]


def __getattr__(name):
    """`from shopper.plugin import allure_title` keeps working, without importing the modules
    before pytest registers them."""
    if name in ("allure_title", "screenshot_masked"):
        from . import allure_output
        return getattr(allure_output, name)
    raise AttributeError(name)
