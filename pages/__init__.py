"""Page objects: one package per portal kind (the profile's `page_objects`), components/ shared.

`portal_for(profile, page, journey)` returns the facade a journey starts from, with the package's
controls (pages/<kind>/controls.yaml, overridden by the profile's `locators:`) and the run's fit.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from shopper.failures import SuiteError

from .controls import Fit, load_controls


def package_of(profile):
    try:
        return importlib.import_module(f"pages.{profile.page_objects}")
    except ModuleNotFoundError:
        raise SuiteError(f"{profile.path}: page_objects '{profile.page_objects}' 不存在 (no package pages/{profile.page_objects})") from None


def controls_for(profile) -> dict:
    """The controls the profile's page objects rely on (validated; errors name the file)."""
    module = package_of(profile)
    return load_controls(Path(module.__file__).parent, getattr(profile, "locators", None), str(profile.path))


def fit_for(profile) -> Fit:
    """The run's fit of this profile's page objects (one per run, shared by its journeys)."""
    fit = getattr(profile, "fit", None)
    if fit is None:
        fit = Fit(controls_for(profile))
        profile.fit = fit
    return fit


def portal_for(profile, page, journey):
    module = package_of(profile)
    fit = fit_for(profile)
    return module.Portal(profile, page, journey, controls=fit.controls, fit=fit)
