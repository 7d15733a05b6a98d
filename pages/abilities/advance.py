"""How a 办件 reaches 已受理 / 已办结 on this portal, as the profile says (`advance:`):

  {method: http, url: "{portal}/…/{number}", request: POST, token_env: NAME, token_header: X-…,
   per_step: true}      a back-office endpoint: one call per step along 已提交 → 已受理 → 已办结 when
                        `per_step`, else one call with `{status}` in the URL (our own sandbox's control
                        endpoint is one of these)
  {method: existing, applications: {已受理: NO, 已办结: NO}}   办件 of the test account that already are
  {method: cannot, reason: …}                                  status and review are then 未测
An endpoint that refuses is our set-up's problem (套件故障), never the portal's defect.
"""
from __future__ import annotations

import http.client
import os
from urllib.parse import quote, urlsplit

from shopper.failures import NotMeasured, SuiteError

ORDER = ("已提交", "已受理", "已办结")


def advance(profile, number: str, to_status: str) -> str | None:
    """Move `number` to `to_status`; returns the number to use from now on (None: the same)."""
    spec = profile.advance
    method = spec.get("method")
    if method == "existing":
        existing = (spec.get("applications") or {}).get(to_status)
        if not existing:
            raise NotMeasured(f"门户配置 advance.applications 没有处于「{to_status}」的办件编号")
        return str(existing)
    if method == "http":
        _http(profile, spec, number, to_status)
        return None
    raise NotMeasured(spec.get("reason") or "门户配置说明无法推进办件 (advance: cannot)")


def _http(profile, spec: dict, number: str, to_status: str) -> None:
    token = None
    if spec.get("token_env"):
        token = os.environ.get(spec["token_env"])
        if not token:
            raise SuiteError(f"套件故障: 推进办件需要环境变量 {spec['token_env']} (advance.token_env in {profile.path})")
    headers = {spec.get("token_header", "Authorization"): token} if token else {}
    calls = ORDER.index(to_status) if spec.get("per_step") else 1
    for _ in range(calls):
        url = spec["url"].format(portal=profile.url("portal"), number=quote(number), status=quote(to_status))
        status = _request(spec.get("request", "POST"), url, headers)
        if status == 409:          # already at the last status
            return
        if status >= 400:
            raise SuiteError(f"套件故障: 推进办件 {number} 到「{to_status}」失败: 接口答 HTTP {status} "
                             f"(advance.url in {profile.path})")


def _request(method: str, url: str, headers: dict) -> int:
    parts = urlsplit(url)
    host = parts.hostname or ""
    # RFC 6761: *.localhost is loopback (Chromium resolves it so; the system resolver may not)
    address = "127.0.0.1" if host == "localhost" or host.endswith(".localhost") else host
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(address, parts.port, timeout=15)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""),
                     headers={"Host": parts.netloc, **headers})
        return conn.getresponse().status
    except OSError as exc:
        raise SuiteError(f"套件故障: 推进办件的接口无法连接: {parts.netloc}: {exc}") from None
    finally:
        conn.close()
