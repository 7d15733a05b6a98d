"""The state the sites of one sandbox share: catalogue, accounts, defects, database, sessions, IdP.

The portal (and each department/city site) validates IdP tickets with a real HTTP-shaped back-channel
call: a ``werkzeug.test.Client`` on the host dispatcher, addressed to ``idp.localhost``. The request
goes through the same WSGI stack as a browser request (routing, form parsing, status codes, JSON) but
never leaves the process, so it behaves the same under the Flask test client and the live server,
whatever port the server listens on.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time

from werkzeug.test import Client

from .accounts import Account
from .catalogue import Catalogue
from .db import Database
from .staging import make_staging_codes

TICKET_TTL = 120      # seconds a ticket may wait before validation
TOKEN_TTL = 600       # seconds a validated token can fetch user info
SIGN_WINDOW = 300     # |now - time| allowed on signed server-to-server calls


def sign(servicecode: str, secret: str, stamp: str) -> str:
    return hashlib.md5((servicecode + secret + stamp).encode("utf-8")).hexdigest()


class SessionStore:
    """Server-side sessions: the browser cookie only holds a random id, never personal data."""

    def __init__(self):
        self._data: dict[tuple[str, str], dict] = {}
        self._lock = threading.Lock()

    def create(self, site: str, data: dict) -> str:
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self._data[(site, sid)] = dict(data)
        return sid

    def get(self, site: str, sid: str | None) -> dict | None:
        if not sid:
            return None
        with self._lock:
            return self._data.get((site, sid))

    def drop(self, site: str, sid: str | None) -> None:
        with self._lock:
            self._data.pop((site, sid), None)


class IdpStore:
    """Tickets (single use) and tokens issued by the IdP."""

    def __init__(self):
        self._tickets: dict[str, tuple[str, str, float]] = {}
        self._tokens: dict[str, tuple[str, str, float]] = {}
        self._lock = threading.Lock()

    def issue_ticket(self, username: str, servicecode: str) -> str:
        ticket = "ST-" + secrets.token_urlsafe(24)
        with self._lock:
            self._tickets[ticket] = (username, servicecode, time.time())
        return ticket

    def consume_ticket(self, ticket: str, servicecode: str) -> str | None:
        """The ticket's username if valid for this service; the ticket is gone afterwards either way."""
        with self._lock:
            entry = self._tickets.pop(ticket, None)
        if entry is None:
            return None
        username, code, issued = entry
        if code != servicecode or time.time() - issued > TICKET_TTL:
            return None
        return username

    def issue_token(self, username: str, servicecode: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = (username, servicecode, time.time())
        return token

    def token_user(self, token: str, servicecode: str) -> str | None:
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None or entry[1] != servicecode or time.time() - entry[2] > TOKEN_TTL:
            return None
        return entry[0]


class Sandbox:
    def __init__(self, catalogue: Catalogue, accounts: list[Account], defects: frozenset[str], db: Database,
                 staging_codes: dict | None = None):
        self.catalogue = catalogue
        self.accounts = {a.username: a for a in accounts}
        self.defects = defects
        self.db = db
        self.sessions = SessionStore()
        self.idp = IdpStore()
        self._flaky_counts: dict[str, int] = {}
        self._flaky_lock = threading.Lock()
        self.root = None  # the host dispatcher, set by create_app
        # where the sites are served: configuration, never a request's Host header (the IdPs register
        # their callbacks from it). SandboxServer sets the port it listens on; None = port 80 (test client)
        self.domain = "localhost"
        self.public_port: int | None = None
        # SMS code and captcha a staging portal is configured with (sandbox/staging.py)
        self.staging_codes = make_staging_codes(staging_codes)
        # service code → host label of the site allowed to receive tickets for it
        self.services: dict[str, str] = {"ZWFW": "zwfw"}
        self.service_titles: dict[str, str] = {"ZWFW": "江澜省政务服务网"}
        for dept in catalogue.departments:
            self.services[f"DEPT_{dept['code'].upper()}"] = dept["host"]
            self.service_titles[f"DEPT_{dept['code'].upper()}"] = dept["name"]
        for city in catalogue.cities:
            self.services[f"CITY_{city['code'].upper()}"] = city["code"]
            self.service_titles[f"CITY_{city['code'].upper()}"] = city["name"] + "人民政府"
        self.secrets = {code: secrets.token_hex(16) for code in self.services}
        # the control endpoints (/__sandbox__/advance) need this token: made per start (or given by the
        # operator of a sandbox started by hand, SANDBOX_CONTROL_TOKEN), never shown on a page
        self.control_token = os.environ.get("SANDBOX_CONTROL_TOKEN") or secrets.token_urlsafe(24)

    def origin(self, label: str) -> str:
        """The configured origin of site `label`: http://<label>.<domain>[:<port>]."""
        port = f":{self.public_port}" if self.public_port else ""
        return f"http://{label}.{self.domain}{port}"

    def defect(self, name: str) -> bool:
        return name in self.defects

    def next_flaky_failure(self, key: str) -> bool:
        """Intermittent faults: True on the 1st, 3rd, 5th … call for `key` (fails, then recovers)."""
        with self._flaky_lock:
            count = self._flaky_counts.get(key, 0)
            self._flaky_counts[key] = count + 1
        return count % 2 == 0

    # back-channel -----------------------------------------------------------------------
    def call_idp(self, path: str, data: dict) -> tuple[int, dict]:
        """POST to the IdP through the in-process dispatcher (see the module docstring)."""
        client = Client(self.root)
        response = client.post(path, base_url="http://idp.localhost", data=data)
        body = response.get_json(silent=True) or {}
        return response.status_code, body

    def signed(self, servicecode: str, **fields) -> dict:
        stamp = str(int(time.time()))
        return {"servicecode": servicecode, "time": stamp,
                "sign": sign(servicecode, self.secrets[servicecode], stamp), **fields}

    def sso_validate(self, servicecode: str, ticket: str) -> tuple[dict | None, str]:
        """Ticket → token → user info, both calls signed. Returns (userinfo, "") or (None, reason)."""
        status, body = self.call_idp("/sso/api/validate", self.signed(servicecode, ticket=ticket))
        if status != 200 or not body.get("token"):
            return None, body.get("error") or f"票据校验失败（HTTP {status}）"
        status, info = self.call_idp("/sso/api/userinfo", self.signed(servicecode, token=body["token"]))
        if status != 200 or not info.get("username"):
            return None, info.get("error") or f"获取用户信息失败（HTTP {status}）"
        return {k: info[k] for k in ("username", "name", "id_number", "phone")}, ""
