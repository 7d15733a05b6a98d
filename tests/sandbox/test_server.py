"""SandboxServer (threaded werkzeug server on one port), accounts handling and the CLI helpers."""
from __future__ import annotations

import http.client
import json
import os
import socket
import stat

import pytest

from sandbox import SandboxConfigError, create_app
from sandbox.accounts import generate_accounts, parse_accounts, write_accounts_file
from sandbox.server import SandboxServer

from sandbox_helpers import ACCOUNTS, ALICE


def get(port, host, path="/"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path, headers={"Host": f"{host}.localhost:{port}"})
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    conn.close()
    return response, body


def test_server_serves_every_host_on_one_port():
    with SandboxServer(defects=["search_500"], accounts=ACCOUNTS) as server:
        port = server.port
        assert port > 0 and server.url("zwfw") == f"http://zwfw.localhost:{port}"
        response, body = get(port, "zwfw", "/__sandbox__/health")
        assert response.status == 200 and json.loads(body) == {"ok": True, "defects": ["search_500"], "flavour": "a"}
        response, body = get(port, "rst")
        assert response.status == 200 and "江澜省人力资源和社会保障厅" in body
        assert f'href="http://zwfw.localhost:{port}/dept/rst"' in body      # links keep the port
        response, _ = get(port, "zwfw", "/login?next=/my")
        assert response.status == 302
        assert response.getheader("Location").startswith(f"http://idp.localhost:{port}/sso/login?servicecode=ZWFW")
        response, _ = get(port, "unknown")
        assert response.status == 404
        assert [a.username for a in server.accounts] == ["alice", "bob"]
    with pytest.raises(OSError):
        get(port, "zwfw")


def test_busy_port_is_a_clear_error():
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    try:
        with pytest.raises(SandboxConfigError, match=str(port)):
            SandboxServer(accounts=ACCOUNTS, port=port).start()
    finally:
        blocker.close()


def test_accounts_validation_and_generation(tmp_path):
    with pytest.raises(SandboxConfigError, match="lacks password"):
        create_app(accounts=[{k: v for k, v in ALICE.items() if k != "password"}])
    with pytest.raises(SandboxConfigError, match="duplicate"):
        parse_accounts([ALICE, ALICE])
    generated = generate_accounts(2)
    assert len(generated) == 2 and len({a.username for a in generated}) == 2
    for account in generated:
        assert len(account.id_number) == 18 and len(account.phone) == 11 and len(account.password) >= 12
        assert account.password not in repr(account)
    path = write_accounts_file(generated)
    try:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert [a["username"] for a in json.loads(path.read_text(encoding="utf-8"))] == ["tester01", "tester02"]
    finally:
        path.unlink()
        path.parent.rmdir()


def test_accounts_from_env(monkeypatch):
    monkeypatch.setenv("SANDBOX_ACCOUNTS", json.dumps([ALICE]))
    app = create_app(defects=[])
    assert list(app.sandbox.accounts) == ["alice"]
    monkeypatch.setenv("SANDBOX_ACCOUNTS", "not json")
    with pytest.raises(SandboxConfigError, match="SANDBOX_ACCOUNTS"):
        create_app(defects=[])


def test_every_host_sends_the_headers_real_portals_send():
    client = create_app(accounts=ACCOUNTS).test_client()
    for url in ("http://zwfw.localhost/", "http://idp.localhost/", "http://rst.localhost/", "http://lz.localhost/",
                "http://zwfw.localhost/search?q=社保卡", "http://zwfw.localhost/no-such-page",
                "http://unknown.localhost/", "http://zwfw.localhost/static/sandbox.js"):
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "form-action 'self' http://*.localhost:*" in csp, url     # the IdP login returns to the portal
        assert response.headers.get("X-Frame-Options") == "DENY", url
        assert response.headers.get("X-Content-Type-Options") == "nosniff", url


def test_control_token_is_per_start_and_known_only_to_this_process():
    with SandboxServer(accounts=ACCOUNTS) as first:
        token, port = first.control_token, first.port
        assert len(token) >= 24
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("POST", "/__sandbox__/advance/X", headers={"Host": f"zwfw.localhost:{port}"})
        assert conn.getresponse().status == 403                            # no token: refused
        conn.close()
    with SandboxServer(accounts=ACCOUNTS) as second:
        assert second.control_token != token
