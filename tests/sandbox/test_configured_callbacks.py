"""The sandbox's IdPs know the callbacks they registered from configuration (the sandbox's domain and
the port it serves on), never from the Host header of the request in front of them: a login made at
the real IdP server under an attacker's host name must not hand a ticket or code to that host. And
flavour B's control endpoint asks for the same control token as flavour A's."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from sandbox import create_app
from sandbox.server import SandboxServer
from sandbox_helpers import ACCOUNTS, ALICE, PORTAL, csrf, query

EVIL_IDP_A = "http://idp.evil.example"
EVIL_IDP_B = "http://tyrz.evil.example"


def test_flavour_a_refuses_a_callback_on_the_host_the_request_came_in_on():
    client = create_app(accounts=ACCOUNTS).test_client()
    goto = "http://zwfw.evil.example/sso/callback?next=/my"
    form = client.get(EVIL_IDP_A + "/sso/login", query_string={"servicecode": "ZWFW", "goto": goto})
    assert form.status_code == 400 and 'name="password"' not in form.get_data(as_text=True)
    # the same with a form fetched from the real host: the POST under the attacker's host gets no ticket
    real = client.get(client.get(PORTAL + "/login").headers["Location"])
    login = client.post(EVIL_IDP_A + "/sso/login", data={
        "csrf_token": csrf(real), "servicecode": "ZWFW", "goto": goto,
        "username": ALICE["username"], "password": ALICE["password"]})
    assert login.status_code == 400 and "ticket=" not in login.headers.get("Location", ""), login.headers


def test_flavour_b_refuses_a_redirect_uri_on_the_host_the_request_came_in_on():
    client = create_app(accounts=ACCOUNTS, flavour="b").test_client()
    params = query(client.get(PORTAL + "/oauth2/login").headers["Location"])
    evil = {**params, "redirect_uri": "http://zwfw.evil.example/oauth2/callback"}
    response = client.get(EVIL_IDP_B + "/oauth2/authorize?" + urlencode(evil))
    assert response.status_code == 400 and "redirect_uri" in response.get_data(as_text=True)


@pytest.mark.parametrize("flavour, idp, path, field", [
    ("a", "idp", "/sso/login", "goto"), ("b", "tyrz", "/oauth2/authorize", "redirect_uri")])
def test_a_served_sandbox_registers_its_own_port(flavour, idp, path, field):
    """Served on a real port, the callbacks registered are on that port, whatever Host is sent."""
    import http.client

    with SandboxServer(accounts=ACCOUNTS, flavour=flavour) as server:
        def ask(host: str, value: str) -> int:
            login = {"a": "/login?next=/", "b": "/oauth2/login?next=/"}[flavour]
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", login, headers={"Host": f"zwfw.localhost:{server.port}"})
            location = conn.getresponse().getheader("Location")
            conn.close()
            params = {**query(location), field: value}
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", path + "?" + urlencode(params), headers={"Host": host})
            status = conn.getresponse().status
            conn.close()
            return status

        callback = {"a": "/sso/callback", "b": "/oauth2/callback"}[flavour]
        own = f"http://zwfw.localhost:{server.port}{callback}"
        assert ask(f"{idp}.localhost:{server.port}", own) == 200                       # the login form
        assert ask(f"{idp}.evil.example:{server.port}", own.replace("localhost", "evil.example")) == 400
        assert ask(f"{idp}.localhost:1", own.replace(f":{server.port}", ":1")) == 400


def test_flavour_b_advance_needs_the_control_token():
    app = create_app(accounts=ACCOUNTS, flavour="b")
    client = app.test_client()
    refused = client.post(PORTAL + "/__sandbox__/advance/NO-SUCH")
    assert refused.status_code == 403 and "control token" in refused.get_data(as_text=True)
    wrong = client.post(PORTAL + "/__sandbox__/advance/NO-SUCH", headers={"X-Sandbox-Control-Token": "guess"})
    assert wrong.status_code == 403
    allowed = client.post(PORTAL + "/__sandbox__/advance/NO-SUCH",
                          headers={"X-Sandbox-Control-Token": app.sandbox.control_token})
    assert allowed.status_code == 404                                      # past the check: no such 办件
