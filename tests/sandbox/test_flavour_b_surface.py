"""pages/flavour_b offers every public method and property of pages/sandbox that the steps can reach,
with the same parameters, so the same steps drive either flavour."""
from __future__ import annotations

import importlib
import inspect

import pytest

PAIRS = [("", "Portal"), ("home", "HomePage"), ("search", "SearchResultsPage"), ("guide", "GuidePage"),
         ("apply", "ApplyPage"), ("apply", "ReceiptPage"), ("apply", "MyApplicationsPage"),
         ("review", "ReviewPage"), ("status", "StatusPage"), ("sites", "SitePage"), ("channel", "ChannelPage")]


def _cls(package: str, module: str, name: str):
    """The class as the package's Portal opens it (its own page, else the one of the package it builds on)."""
    portal = importlib.import_module(f"pages.{package}").Portal
    if not module:
        return portal
    return portal.page_class(object.__new__(portal), module, name)


def _surface(cls) -> dict[str, object]:
    out = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_"):
            continue
        if isinstance(inspect.getattr_static(cls, name), property):
            out[name] = "property"
        elif callable(member):
            out[name] = [p.name for p in inspect.signature(member).parameters.values()]
    return out


@pytest.mark.parametrize("module,name", PAIRS, ids=[n for _, n in PAIRS])
def test_flavour_b_has_the_same_surface(module, name):
    a, b = _surface(_cls("sandbox", module, name)), _surface(_cls("flavour_b", module, name))
    missing = sorted(set(a) - set(b))
    assert not missing, f"pages.flavour_b {name} lacks {missing}"
    differing = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
    assert not differing, f"{name}: parameters differ {differing}"


def test_shared_result_types_are_the_same_classes():
    from pages.base import NotSubmitted
    from pages.flavour_b import apply as b_apply
    from pages.flavour_b.status import StatusResult as BStatusResult
    from pages.sandbox.status import StatusResult
    assert b_apply.NotSubmitted is NotSubmitted          # steps test isinstance(outcome, NotSubmitted)
    assert issubclass(BStatusResult, StatusResult)
    assert BStatusResult(True, {"办件状态": "已受理"}).status == "已受理"


def test_every_control_flavour_b_names_is_declared():
    """A name the code uses but controls.yaml lacks would be a misfit on every run (套件故障)."""
    import re
    from pathlib import Path

    from pages.controls import load_controls

    root = Path(__file__).resolve().parents[2] / "pages"
    declared = load_controls(root / "flavour_b")
    used = set()
    for path in [*(root / "flavour_b").glob("*.py"), root / "components" / "idp_login.py"]:
        used |= set(re.findall(r"""control\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")))
    assert len(used) > 30, used   # the pattern still finds the calls
    assert not used - set(declared), f"undeclared controls: {sorted(used - set(declared))}"
