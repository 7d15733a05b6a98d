"""安全运行 probe of a portal's IdP: does its login URL accept a return URL on another host?

Page-object neutral: it needs only the page, the site's 登录 link and the IdP host. It follows the
login link's redirects (without a browser navigation) until the IdP's login URL, replaces the host of
the return URL in it (the query value that is an absolute URL back to the site, whatever the
parameter is called: ``goto``, ``service``, ``redirect_uri`` …) by a host under the reserved
``.invalid`` domain that keeps the site's first label (``zwfw.shopper-probe.invalid``: the
"same first label, another domain" trick), and asks the IdP once. A route aborts every request to
the foreign host, so nothing is sent there (and ``.invalid`` never resolves anyway).

Accepted (a finding) when the IdP answers with a redirect to the foreign host (a ticket handed
out, with an IdP session) or with its login form (a ticket would be handed out after sign-in).
Only for IdPs the profile marks as staging: the caller decides that, this module never checks it.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from playwright.sync_api import Error as PlaywrightError

from shopper.failures import SuiteError

from ..session import browser_errors, host_of

FOREIGN_DOMAIN = "shopper-probe.invalid"


@dataclass
class IdpProbe:
    accepted: bool
    idp_login_url: str      # the IdP login URL the portal sends a citizen to
    probe_url: str          # the same URL with the return URL moved to a foreign host
    parameter: str          # the query parameter that carries the return URL
    status: int             # the IdP's answer to the probe
    answer: str             # what the answer was: redirect target, login form or error page

    def summary(self) -> dict:
        return {"idp_return_url_foreign_host_accepted": self.accepted, "idp_probe_parameter": self.parameter,
                "idp_probe_status": self.status, "idp_probe_answer": self.answer}


def foreign_return_url(idp_login_url: str, site_host: str) -> tuple[str, str, str]:
    """(probe URL, parameter, foreign host): the first query value that is an absolute http(s) URL on
    `site_host` gets the host ``<first label of site_host>.shopper-probe.invalid`` (port, path and
    query kept)."""
    parts = urlsplit(idp_login_url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    for i, (name, value) in enumerate(params):
        target = urlsplit(value)
        if target.scheme in ("http", "https") and (target.hostname or "") == site_host:
            foreign = f"{site_host.split('.', 1)[0]}.{FOREIGN_DOMAIN}"
            netloc = foreign + (f":{target.port}" if target.port else "")
            params[i] = (name, urlunsplit(target._replace(netloc=netloc)))
            return urlunsplit(parts._replace(query=urlencode(params))), name, foreign
    raise SuiteError(f"统一身份认证登录地址里没有回到 {site_host} 的回调地址: {idp_login_url} "
                     "(no return URL to the site in the IdP login URL)")


def _idp_login_url(page, click_login, idp_host: str) -> str:
    """The URL of the first request the 登录 link makes to the IdP (before any silent redirect)."""
    with browser_errors():
        with page.expect_request(lambda r: host_of(r.url) == idp_host) as first:
            click_login()
    return first.value.url


def probe_foreign_return_url(page, click_login, idp_host: str) -> IdpProbe:
    """Ask the IdP's login URL once with the return URL on a foreign host; see the module docstring.

    The browser asks (the portal's hosts may resolve only there), with a route that aborts every
    request to the foreign host: a redirect there is seen, never sent."""
    site_host = host_of(page.url)
    login_url = _idp_login_url(page, click_login, idp_host)
    probe_url, parameter, foreign = foreign_return_url(login_url, site_host)
    sent_to_foreign: list[str] = []

    def refuse(route):
        sent_to_foreign.append(route.request.url)
        route.abort()

    def is_foreign(url: str) -> bool:
        return host_of(url) == foreign

    page.route(is_foreign, refuse)
    try:
        try:
            response = page.goto(probe_url, wait_until="domcontentloaded")
        except PlaywrightError:
            if not sent_to_foreign:        # not our abort: the IdP itself did not answer
                raise
            response = None
        with browser_errors():
            status = response.status if response is not None else 302
            form = response is not None and response.ok and page.locator('input[type="password"]').count() > 0
    finally:
        page.unroute(is_foreign, refuse)
    if sent_to_foreign:
        accepted, answer = True, f"重定向到 {foreign}（已拦截，未发出）"
    elif form:   # a password field (CSS: any IdP's login form has one, whatever its label)
        accepted, answer = True, "对其他主机的回调地址显示了登录表单"
    else:
        accepted, answer = False, f"HTTP {status}，拒绝（未显示登录表单，未重定向）"
    return IdpProbe(accepted=accepted, idp_login_url=login_url, probe_url=probe_url, parameter=parameter,
                    status=status, answer=answer)
