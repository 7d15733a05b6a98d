"""Abilities a citizen uses on any portal, composed from the portal's profile (no code per portal).

`portal_for(profile, page, journey)` returns the facade a journey starts from (pages/portal.py), with
the controls (pages/conventions.yaml, the profile's `locators:` and the controls its flows add) and
the run's fit.
"""
from __future__ import annotations

from .controls import Control, Fit, LocatorSpec, load_controls


def flow_controls(profile) -> dict[str, dict]:
    """Controls a profile's flows add: the boxes its identity platform asks to tick."""
    ticks = (profile.flows.get("sign_in") or {}).get("tick") or []
    journeys = ["sso", "apply", "status", "review", "safety", "user_center", "booking", "elder"]
    out = {}
    for i, label in enumerate(ticks):
        out[f"idp.tick[{i}]"] = Control(f"idp.tick[{i}]", "国家平台登录页", tuple(journeys),
                                        (LocatorSpec("role", "checkbox", name=str(label)), LocatorSpec("label", str(label))),
                                        source="profile")
    if (profile.flows.get("sign_in") or {}).get("slider"):
        out["idp.slider"] = Control("idp.slider", "国家平台登录页", tuple(journeys), (LocatorSpec("role", "slider"),),
                                    source="profile")
    return out


def controls_for(profile) -> dict:
    """The controls of this portal (validated; errors name the file)."""
    controls = load_controls(getattr(profile, "locators", None), str(profile.path))
    controls.update(flow_controls(profile))
    return controls


def fit_for(profile) -> Fit:
    """The run's fit of this portal (one per run, shared by its journeys)."""
    fit = getattr(profile, "fit", None)
    if fit is None:
        fit = Fit(controls_for(profile))
        profile.fit = fit
    return fit


def portal_for(profile, page, journey):
    from .portal import Portal

    return Portal(profile, page, journey, fit_for(profile))
