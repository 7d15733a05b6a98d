"""One interface: every method a step calls is declared in pages/interface.py, and the one
implementation (pages/portal.py and the views of pages/abilities/) has each of them."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pages.interface as interface
from pages.abilities.apply import ApplyForm, NotSubmitted, Receipt
from pages.abilities.guide import Guide, OnlineStart
from pages.abilities.home import Home
from pages.abilities.idp_probe import IdpProbe
from pages.abilities.review import MyApplications, Review
from pages.abilities.search import Results
from pages.abilities.signin import SignInResult
from pages.abilities.sites import Channel, EntryRoute, Site
from pages.abilities.status import StatusQuery, StatusResult
from pages.abilities.accessibility import VisualAudit
from pages.abilities.assistant import Answer, Assistant
from pages.abilities.booking import BookingForm, BookingReceipt
from pages.abilities.elder import OwnPage
from pages.abilities.user_center import SectionVisit, UserCenter, UserCenterVisit
from pages.portal import Application, LinkCheck, PiiScan, Portal, SsoStats

ROOT = Path(__file__).resolve().parents[2]
IMPLEMENTS = {"Portal": Portal, "Home": Home, "Results": Results, "Guide": Guide, "ApplyForm": ApplyForm,
              "Receipt": Receipt, "NotSubmitted": NotSubmitted, "OnlineStart": OnlineStart, "StatusQuery": StatusQuery,
              "StatusResult": StatusResult, "Review": Review, "MyApplications": MyApplications, "Site": Site,
              "Channel": Channel, "EntryRoute": EntryRoute, "SignIn": SignInResult, "Application": Application,
              "SsoStats": SsoStats, "LinkCheck": LinkCheck, "PiiScan": PiiScan, "VisualAudit": VisualAudit, "IdpProbe": IdpProbe,
              "Answer": Answer, "Assistant": Assistant, "BookingForm": BookingForm, "BookingReceipt": BookingReceipt,
              "OwnPage": OwnPage, "SectionVisit": SectionVisit, "UserCenter": UserCenter,
              "UserCenterVisit": UserCenterVisit}


def _declared(protocol) -> dict[str, object]:
    names = {n: v for n, v in vars(protocol).items() if not n.startswith("_")}
    names.update({n: None for n in getattr(protocol, "__annotations__", {})})
    return names


def test_every_protocol_has_its_implementation_with_the_same_parameters():
    protocols = {n: p for n, p in vars(interface).items() if isinstance(p, type) and p.__module__ == interface.__name__}
    assert set(protocols) == set(IMPLEMENTS), set(protocols) ^ set(IMPLEMENTS)
    for name, protocol in protocols.items():
        impl = IMPLEMENTS[name]
        for member, declared in _declared(protocol).items():
            fields = getattr(impl, "__dataclass_fields__", {})
            assert hasattr(impl, member) or member in fields or member in inspect.signature(impl).parameters, \
                f"{impl.__name__} lacks {member} declared by interface.{name}"
            if callable(declared) and not isinstance(declared, property):
                want = list(inspect.signature(declared).parameters)
                have = list(inspect.signature(getattr(impl, member)).parameters)
                assert have == want, f"{impl.__name__}.{member}{have} differs from interface.{name}{want}"


def test_steps_call_only_declared_methods():
    """Every method a step module calls on a fixture is one the interface declares (or a plain
    data attribute of a returned object): nothing reaches around the interface into a view."""
    declared = set()
    for protocol in vars(interface).values():
        if isinstance(protocol, type) and protocol.__module__ == interface.__name__:
            declared |= set(_declared(protocol))
    fixtures = {"portal", "home", "results", "guide", "form", "receipt", "site", "entry_route", "online_start",
                "application", "others_application", "status_result", "review", "site_sign_in", "sso_stats",
                "elder", "current", "link_check", "pii_scan", "audit", "idp_probe", "answer", "limits",
                "booking_form", "booking_receipt", "user_center", "own_page", "standard_results"}
    calls = set()
    for path in (ROOT / "steps").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                target = node.func.value
                while isinstance(target, ast.Attribute):
                    target = target.value
                if isinstance(target, ast.Name) and target.id in fixtures:
                    calls.add(node.func.attr)
    assert calls, "the check really reads the steps"
    assert calls <= declared, f"steps call methods the interface does not declare: {sorted(calls - declared)}"
