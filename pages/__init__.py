"""Page objects: one package per portal kind (the profile's `page_objects`), components/ shared.

`portal_for(profile, page, journey)` returns the facade a journey starts from.
"""
from __future__ import annotations

import importlib

from shopper.failures import SuiteError


def portal_for(profile, page, journey):
    try:
        module = importlib.import_module(f"pages.{profile.page_objects}")
    except ModuleNotFoundError:
        raise SuiteError(f"{profile.path}: page_objects '{profile.page_objects}' 不存在 (no package pages/{profile.page_objects})") from None
    return module.Portal(profile, page, journey)
