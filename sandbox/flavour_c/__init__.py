"""Flavour C of the sandbox: a third vendor's 江澜省政务服务网 over the same catalogue, accounts, defects and
database (``python -m sandbox --flavour c``; see sandbox/README.md, "Flavour C").

Hosts: ``zwfw`` (a hash-route SPA over JSON APIs), ``uias`` (统一身份认证: 账号/密码, two boxes to tick,
an SMS code), ``hcp`` (好差评系统), ``zlb`` (长辈版), ``znkf`` (智能客服), one site per department (its
catalogue host) and city, and ``ywxt`` (the business system of external_hop, shared with flavours A and B)."""
from __future__ import annotations

from flask import Flask

from ..sites import create_ywxt_app
from ..state import Sandbox
from .hcp import create_hcp_app
from .ids import ItemIds
from .portal import create_portal_app
from .sites import create_site_app
from .uias import create_uias_app
from .uias_protocol import UiasStore
from .zlb import create_zlb_app
from .znkf import create_znkf_app


def registered_apps(state: Sandbox) -> dict[str, tuple[str, str]]:
    """app_id → (host label, name) of every site that signs in through uias."""
    cat = state.catalogue
    apps = {"jl_zwfw": ("zwfw", "江澜省政务服务网"), "jl_hcp": ("hcp", "江澜省政务服务“好差评”系统"),
            "jl_zlb": ("zlb", "江澜省政务服务网长辈版")}
    apps.update({f"jl_dept_{d['code']}": (d["host"], d["name"]) for d in cat.departments})
    apps.update({f"jl_city_{c['code']}": (c["code"], c["name"] + "人民政府") for c in cat.cities})
    return apps


def create_sites(state: Sandbox) -> dict[str, Flask]:
    state.item_ids = ItemIds(state.catalogue)
    state.uias = UiasStore(state, registered_apps(state))
    sites = {"zwfw": create_portal_app(state), "uias": create_uias_app(state), "hcp": create_hcp_app(state),
             "zlb": create_zlb_app(state), "znkf": create_znkf_app(state), "ywxt": create_ywxt_app(state)}
    for dept in state.catalogue.departments:
        sites[dept["host"]] = create_site_app(state, kind="dept", code=dept["code"])
    for city in state.catalogue.cities:
        sites[city["code"]] = create_site_app(state, kind="city", code=city["code"])
    return sites
