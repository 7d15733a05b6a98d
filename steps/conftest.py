"""Steps shared by several features. Steps stay thin: one page-object intention or one check."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers

from shopper.failures import SuiteError
from shopper.materials import material_files as make_material_files
from shopper.profile import load_profile

# Users type full-width quotes “…”; ASCII quotes are accepted too.
Q = r"[“\"「](?P<{name}>[^”\"」]+)[”\"」]"


def parametrize_from_profile(metafunc, fixture: str, cases_of, ids=None) -> None:
    """Parametrise `fixture` with cases the portal profile names (keyword set, sampled guides);
    a broken profile or data file stops collection with its file and line."""
    if fixture not in metafunc.fixturenames:
        return
    try:
        cases = cases_of(load_profile(metafunc.config.getoption("portal")))
    except SuiteError as exc:
        raise pytest.UsageError(str(exc)) from None
    metafunc.parametrize(fixture, cases, ids=ids(cases) if ids else None)


def quoted(pattern: str, **names) -> parsers.re:
    for name in names or ("text",):
        pattern = pattern.replace("{" + name + "}", Q.format(name=name))
    return parsers.re(pattern)


@pytest.fixture(scope="session")
def material_files(tmp_path_factory):
    """Generated PDF and JPEG files to upload as materials."""
    return make_material_files(tmp_path_factory.mktemp("materials"), 4)


@given("市民打开门户首页", target_fixture="home")
def open_home(portal):
    return portal.open_home()


@given("市民已经国家平台登录门户", target_fixture="home")
def signed_in_home(portal, citizen):
    return portal.open_home_signed_in(citizen)


@given(quoted("市民打开{site}网站", site=1), target_fixture="site")
def open_site(portal, site):
    return portal.open_site(portal.site_named(site))


@given(quoted("市民已在线申报事项{item}", item=1), target_fixture="application")
def citizen_applied(portal, citizen, item, material_files):
    return portal.apply_for(citizen, item, material_files)
