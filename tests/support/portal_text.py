"""Test-only pytest plugin: the suite's own sandbox serves another catalogue.

Loaded into a journey run with `-p tests.support.portal_text` (e.g. through PYTEST_ADDOPTS under
`shopper run`); it does nothing unless SHOPPER_SANDBOX_CATALOGUE names a catalogue file. The sandbox
then shows that catalogue's names (实施主体, item names) on its pages, so a test can put hostile
portal text on a real page and follow it through the journeys into every output.
"""
from __future__ import annotations

import os
from pathlib import Path


def pytest_configure(config):
    path = os.environ.get("SHOPPER_SANDBOX_CATALOGUE")
    if path:
        import sandbox.catalogue

        sandbox.catalogue.DEFAULT_PATH = Path(path)   # read when the run's sandbox starts
