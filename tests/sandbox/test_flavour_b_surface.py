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
    return getattr(importlib.import_module(f"pages.{package}" + (f".{module}" if module else "")), name)


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
    from pages.flavour_b import apply as b_apply
    from pages.sandbox import apply as a_apply
    from pages.sandbox.status import StatusResult
    from pages.flavour_b.status import StatusResult as BStatusResult
    assert b_apply.NotSubmitted is a_apply.NotSubmitted          # steps test isinstance(outcome, NotSubmitted)
    assert issubclass(BStatusResult, StatusResult)
    assert BStatusResult(True, {"办件状态": "已受理"}).status == "已受理"
    from pages.flavour_b.review import BAD_LEVELS, LEVELS
    from pages.sandbox import review
    assert (LEVELS, BAD_LEVELS) == (review.LEVELS, review.BAD_LEVELS)
