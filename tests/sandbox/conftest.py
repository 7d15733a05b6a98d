"""Fixtures for the sandbox HTTP tests: apps with or without defects, and signed-in clients that
walked the real ticket flow (portal → IdP login form → ticket → server-to-server validation)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

# helpers live next to this file; make them importable whatever pytest's import mode is
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).parents[2]))

from sandbox import create_app  # noqa: E402
from sandbox_helpers import ACCOUNTS, ALICE, BOB, sso_login  # noqa: E402


@pytest.fixture
def make_app():
    def _make(*defects, accounts=ACCOUNTS):
        return create_app(accounts=accounts, defects=list(defects))
    return _make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def alice(app):
    c = app.test_client()
    sso_login(c, ALICE)
    return c


@pytest.fixture
def bob(app):
    c = app.test_client()
    sso_login(c, BOB)
    return c
