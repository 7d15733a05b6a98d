"""Steps shared by several features. Steps stay thin: one page-object intention or one check."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers

from shopper.materials import material_files as make_material_files

# Users type full-width quotes “…”; ASCII quotes are accepted too.
Q = r"[“\"「](?P<{name}>[^”\"」]+)[”\"」]"


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
