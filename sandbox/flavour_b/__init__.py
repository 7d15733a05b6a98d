"""Flavour B of the sandbox: the same catalogue, accounts, defects and database behind another
vendor's markup and flows (``python -m sandbox --flavour b``; see sandbox/README.md).

Hosts: ``zwfw`` (the portal), ``tyrz`` (统一身份认证, an OAuth2 authorization-code IdP), one site per
department (its catalogue host) and city, and ``ywxt`` (the department business system of external_hop,
shared with flavour A)."""
from __future__ import annotations

from flask import Flask

from ..sites import create_ywxt_app
from ..state import Sandbox
from .common import OAuthStore
from .idp import create_tyrz_app
from .portal import create_portal_app
from .sites import create_site_app


def create_sites(state: Sandbox) -> dict[str, Flask]:
    state.oauth = OAuthStore(state)
    sites = {"zwfw": create_portal_app(state), "tyrz": create_tyrz_app(state), "ywxt": create_ywxt_app(state)}
    for dept in state.catalogue.departments:
        sites[dept["host"]] = create_site_app(state, kind="dept", code=dept["code"])
    for city in state.catalogue.cities:
        sites[city["code"]] = create_site_app(state, kind="city", code=city["code"])
    return sites
