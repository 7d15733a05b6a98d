"""The protocol between flavour C's sites and ``uias`` (统一身份认证): the registry of applications,
single-use authorization codes, access tokens and the HMAC-SHA256 signature of server-to-server calls.

Every site of flavour C is a registered application (app_id → host label, secret). Its redirect_uri is
registered from configuration (``Sandbox.origin``: the configured domain and the port the server
listens on), never from a request's Host header, so the IdP only ever sends codes to
``http://<label>.localhost:<port>/auth/callback``.

Signed calls (JSON bodies, POST /api/v2/token and /api/v2/userinfo) carry app_id, timestamp (ms),
nonce and ``sign = hex(HMAC-SHA256(secret, app_id + "&" + timestamp + "&" + nonce + "&" + payload))``
where payload is the code (token call) or the access token (userinfo call). |now − timestamp| ≤ 300 s
and a nonce is accepted once."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

from werkzeug.test import Client

from ..state import Sandbox

IDP_LABEL = "uias"
CALLBACK_PATH = "/auth/callback"
CODE_TTL = 60         # seconds a code may wait before it is exchanged
TOKEN_TTL = 600
SIGN_WINDOW_MS = 300_000


def signature(secret: str, app_id: str, timestamp: str, nonce: str, payload: str) -> str:
    message = "&".join((app_id, timestamp, nonce, payload)).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


class UiasStore:
    """Registered applications, codes, tokens and seen nonces of one sandbox."""

    def __init__(self, state: Sandbox, site_labels: dict[str, tuple[str, str]]):
        """site_labels: app_id → (host label, name shown on the login page)."""
        self._state = state
        self.apps = {app_id: {"label": label, "name": name, "secret": secrets.token_hex(16)}
                     for app_id, (label, name) in site_labels.items()}
        self._codes: dict[str, tuple[str, str, float]] = {}
        self._tokens: dict[str, tuple[str, str, float]] = {}
        self._nonces: dict[str, float] = {}
        self._lock = threading.Lock()

    def app_for_label(self, label: str) -> str:
        return next(app_id for app_id, app in self.apps.items() if app["label"] == label)

    def registered_redirect(self, app_id: str) -> str:
        return self._state.origin(self.apps[app_id]["label"]) + CALLBACK_PATH

    # codes and tokens ---------------------------------------------------------------------------
    def issue_code(self, username: str, app_id: str) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = (username, app_id, time.time())
        return code

    def consume_code(self, code: str, app_id: str) -> str | None:
        with self._lock:
            entry = self._codes.pop(code, None)
        if entry is None or entry[1] != app_id or time.time() - entry[2] > CODE_TTL:
            return None
        return entry[0]

    def issue_token(self, username: str, app_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = (username, app_id, time.time())
        return token

    def token_user(self, token: str, app_id: str) -> str | None:
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None or entry[1] != app_id or time.time() - entry[2] > TOKEN_TTL:
            return None
        return entry[0]

    # signatures ------------------------------------------------------------------------------------
    def signed(self, app_id: str, payload_key: str, payload: str) -> dict:
        stamp, nonce = str(int(time.time() * 1000)), secrets.token_hex(8)
        return {"app_id": app_id, "timestamp": stamp, "nonce": nonce, payload_key: payload,
                "sign": signature(self.apps[app_id]["secret"], app_id, stamp, nonce, payload)}

    def check_signed(self, body: dict, payload_key: str) -> tuple[str | None, str]:
        """(app_id, "") when the call is signed right, fresh and not replayed; else (None, reason)."""
        app_id, stamp, nonce = (str(body.get(k, "")) for k in ("app_id", "timestamp", "nonce"))
        app = self.apps.get(app_id)
        if app is None:
            return None, "unknown app_id"
        if not body.get("sign"):
            return None, "unsigned request"
        try:
            skew = abs(time.time() * 1000 - int(stamp))
        except ValueError:
            return None, "bad timestamp"
        if skew > SIGN_WINDOW_MS:
            return None, "stale request (timestamp outside 300 s)"
        expected = signature(app["secret"], app_id, stamp, nonce, str(body.get(payload_key, "")))
        if not hmac.compare_digest(str(body["sign"]).lower(), expected):
            return None, "bad sign"
        now = time.time()
        with self._lock:
            self._nonces = {n: t for n, t in self._nonces.items() if now - t < SIGN_WINDOW_MS / 1000}
            if not nonce or nonce in self._nonces:
                return None, "nonce missing or already used"
            self._nonces[nonce] = now
        return app_id, ""


def _call(state: Sandbox, path: str, body: dict) -> tuple[int, dict]:
    """POST to uias through the in-process dispatcher (a real HTTP-shaped call; sandbox/state.py)."""
    response = Client(state.root).post(path, base_url=f"http://{IDP_LABEL}.localhost", json=body)
    return response.status_code, (response.get_json(silent=True) or {})


def exchange(state: Sandbox, app_id: str, code: str) -> tuple[dict | None, str]:
    """code → access token → user info, both calls signed. (userinfo, "") or (None, reason)."""
    store = state.uias
    status, body = _call(state, "/api/v2/token", store.signed(app_id, "code", code))
    if status != 200 or not body.get("access_token"):
        return None, body.get("msg") or f"令牌交换失败（HTTP {status}）"
    status, info = _call(state, "/api/v2/userinfo", store.signed(app_id, "access_token", body["access_token"]))
    if status != 200 or not info.get("user_id"):
        return None, info.get("msg") or f"获取用户信息失败（HTTP {status}）"
    return {"username": info["user_id"], "name": info["user_name"], "id_number": info["id_card_no"],
            "phone": info["mobile"]}, ""
