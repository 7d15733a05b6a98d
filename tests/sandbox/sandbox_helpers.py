"""Helpers for the sandbox HTTP tests: accounts, the cross-host ticket flow, applying for an item."""
from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urljoin, urlsplit


ALICE = {"username": "alice", "password": "alice-pass-123", "name": "王小明",
         "id_number": "330102199003071234", "phone": "13812345678"}
BOB = {"username": "bob", "password": "bob-pass-456", "name": "李四",
       "id_number": "330106198511220028", "phone": "13987654321"}
ACCOUNTS = [ALICE, BOB]
PORTAL = "http://zwfw.localhost"
IDP = "http://idp.localhost"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def site(label: str) -> str:
    return f"http://{label}.localhost"


def text(response) -> str:
    return response.get_data(as_text=True)


def csrf(response) -> str:
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, "no csrf_token in page"
    return match.group(1)


def follow(client, response, limit: int = 10):
    """Follow redirects across hosts (werkzeug's follow_redirects refuses other hosts)."""
    for _ in range(limit):
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        response = client.get(urljoin(response.request.url, response.headers["Location"]))
    raise AssertionError("too many redirects")


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def sso_login(client, account=ALICE, base=PORTAL, next_path="/"):
    """Click 登录 on `base`, sign in at the IdP if asked, come back. Returns the final response and
    how many times a password was asked."""
    response = client.get(f"{base}/login?next={next_path}")
    assert response.status_code == 302
    response = client.get(response.headers["Location"])          # the IdP
    prompts = 0
    if response.status_code == 200 and "用户名" in response.get_data(as_text=True):
        prompts = 1
        params = query(response.request.url)
        response = client.post(f"{IDP}/sso/login", data={
            "csrf_token": csrf(response), "servicecode": params["servicecode"], "goto": params["goto"],
            "username": account["username"], "password": account["password"]})
        assert response.status_code == 302, response.get_data(as_text=True)
    return follow(client, response), prompts


def apply_item(client, item_id: str, files: dict | None = None, **fields):
    """Submit the online application for `item_id` with valid PDFs unless `files` overrides them."""
    import io
    page = client.get(f"{PORTAL}/apply/{item_id}")
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    data = {"csrf_token": csrf(page), "address": "临州市钱江路88号", "reason": "本人申请"}
    data.update(fields)
    for key in re.findall(r'name="(material_\d+)"', html):
        data[key] = (io.BytesIO(b"%PDF-1.4\n%test\n"), f"{key}.pdf")
    for key, value in (files or {}).items():
        data[key] = value
    return client.post(f"{PORTAL}/apply/{item_id}", data=data, content_type="multipart/form-data")


def submitted_no(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def advance(client, no):
    """The sandbox's control endpoint, with the app's control token (it refuses calls without)."""
    return client.post(f"{PORTAL}/__sandbox__/advance/{no}",
                       headers={"X-Sandbox-Control-Token": client.application.sandbox.control_token})


def advance_live(server, number: str) -> int:
    """The control endpoint of a running SandboxServer moves a 办件 one step (已提交 → 已受理 → 已办结). Called
    over a plain socket with the Host header: outside Chromium, *.localhost does not resolve."""
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("POST", f"/__sandbox__/advance/{number}",
                     headers={"Host": f"zwfw.localhost:{server.port}", "X-Sandbox-Control-Token": server.control_token})
        return conn.getresponse().status
    finally:
        conn.close()


@contextmanager
def live_browser(**server):
    """A running SandboxServer (the test ACCOUNTS unless given) and a desktop browser context on it (zh-CN,
    1366×900, 10 s default timeout): yields (server, context); both are stopped on exit."""
    from playwright.sync_api import sync_playwright

    from sandbox.server import SandboxServer
    from shopper.browser import chromium_executable

    server.setdefault("accounts", ACCOUNTS)
    with SandboxServer(**server) as running, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable(headless=True), headless=True)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
            context.set_default_timeout(10_000)
            yield running, context
        finally:
            browser.close()
