"""create_app: build every site of the sandbox and the host dispatcher in front of them."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .accounts import Account, accounts_from_env, generate_accounts, parse_accounts
from .catalogue import Catalogue
from .db import Database
from .defects import defects_from_env, parse_defects
from .dispatcher import HostDispatcher
from .errors import SandboxConfigError
from .idp import create_idp_app
from .portal import create_portal_app
from .sites import create_site_app, create_ywxt_app
from .state import Sandbox

FLAVOURS = ("a", "b", "c")


def create_app(accounts: Iterable[dict] | None = None, defects: Iterable[str] | str | None = None,
               db_path: str | None = None, catalogue_path: str | Path | None = None,
               flavour: str = "a", staging_codes: dict | None = None) -> HostDispatcher:
    """The whole sandbox as one WSGI app (a Flask app dispatching on the Host header).

    accounts: IdP test accounts [{"username","password","name","id_number","phone"}]; None → the JSON list
              in env SANDBOX_ACCOUNTS, else two generated with Faker('zh_CN').
    defects:  names from sandbox.defects.DEFECTS; None → env SANDBOX_DEFECTS (comma separated).
    db_path:  SQLite file; None → a fresh in-memory database.
    flavour:  "a" (the default portal), "b" (another vendor's markup and flows: sandbox/flavour_b/) or
              "c" (a hash-route SPA portal with SMS sign-in, 办件查询 by password and captcha, a separate
              好差评 host and 长辈版 host: sandbox/flavour_c/); all serve the same catalogue, accounts,
              defects and database layer.
    staging_codes: {"sms": …, "captcha": …} the values flavour C's IdP SMS step and 办件查询 captcha
              accept (sandbox/staging.py); a key left out is random per start and never printed.
    """
    if flavour not in FLAVOURS:
        raise SandboxConfigError(f"unknown sandbox flavour: {flavour!r}; valid flavours are: {', '.join(FLAVOURS)}")
    if accounts is None:
        parsed = accounts_from_env() or generate_accounts()
    else:
        parsed = parse_accounts([a.__dict__ if isinstance(a, Account) else a for a in accounts])
    active = defects_from_env() if defects is None else parse_defects(defects)
    state = Sandbox(Catalogue.load(catalogue_path), parsed, active, Database(db_path), staging_codes)

    if flavour == "c":
        from .flavour_c import create_sites as create_flavour_c_sites
        dispatcher = HostDispatcher(create_flavour_c_sites(state), state)
        state.root = dispatcher
        return dispatcher
    if flavour == "b":
        from .flavour_b import create_sites as create_flavour_b_sites
        dispatcher = HostDispatcher(create_flavour_b_sites(state), state)
        state.root = dispatcher
        return dispatcher
    sites = {"zwfw": create_portal_app(state), "idp": create_idp_app(state), "ywxt": create_ywxt_app(state)}
    for dept in state.catalogue.departments:
        sites[dept["host"]] = create_site_app(state, kind="dept", code=dept["code"])
    for city in state.catalogue.cities:
        sites[city["code"]] = create_site_app(state, kind="city", code=city["code"])
    dispatcher = HostDispatcher(sites, state)
    state.root = dispatcher
    return dispatcher
