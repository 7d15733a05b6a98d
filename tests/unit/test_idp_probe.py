"""The IdP return-URL probe: which URL it asks (pure part) and when the suite may ask at all."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from pages.abilities.idp_probe import FOREIGN_DOMAIN, foreign_return_url
from shopper.failures import SuiteError
from shopper.profile import load_profile


def test_return_url_moved_to_a_foreign_host_keeping_first_label_port_and_query():
    login = ("http://idp.localhost:5000/sso/login?servicecode=ZWFW&"
             "goto=http%3A%2F%2Fzwfw.localhost%3A5000%2Fsso%2Fcallback%3Fnext%3D%2Fmy")
    probe, parameter, foreign = foreign_return_url(login, "zwfw.localhost")
    assert parameter == "goto" and foreign == f"zwfw.{FOREIGN_DOMAIN}"
    params = {k: v[0] for k, v in parse_qs(urlsplit(probe).query).items()}
    assert params["servicecode"] == "ZWFW"
    assert params["goto"] == f"http://zwfw.{FOREIGN_DOMAIN}:5000/sso/callback?next=/my"
    assert urlsplit(probe).netloc == "idp.localhost:5000"


def test_any_parameter_name_is_found():
    probe, parameter, _ = foreign_return_url(
        "https://tyrz.example.gov.cn/login?redirect_uri=https://zwfw.example.gov.cn/cb", "zwfw.example.gov.cn")
    assert parameter == "redirect_uri" and f"zwfw.{FOREIGN_DOMAIN}" in probe


def test_no_return_url_is_a_suite_error():
    with pytest.raises(SuiteError, match="没有回到"):
        foreign_return_url("http://idp.localhost/sso/login?servicecode=ZWFW", "zwfw.localhost")


def test_probe_only_on_hosts_the_profile_marks_as_staging():
    profile = load_profile("sandbox").bind(5000)
    assert profile.is_staging(profile.url("idp"))
    profile.staging_hosts = ["zwfw.localhost"]          # the IdP is not staging: the probe must not run
    assert not profile.is_staging(profile.url("idp"))
    assert profile.is_staging(profile.url("portal"))
