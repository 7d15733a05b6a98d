"""Steps shared by several features. Steps stay thin: one page-object intention or one check."""
from __future__ import annotations

from pytest_bdd import given, parsers

# Users type full-width quotes “…”; ASCII quotes are accepted too.
Q = r"[“\"「](?P<{name}>[^”\"」]+)[”\"」]"


def quoted(pattern: str, **names) -> parsers.re:
    for name in names or ("text",):
        pattern = pattern.replace("{" + name + "}", Q.format(name=name))
    return parsers.re(pattern)


@given("市民打开门户首页", target_fixture="home")
def open_home(portal):
    return portal.open_home()


@given("市民已经国家平台登录门户", target_fixture="home")
def signed_in_home(portal, citizen):
    return portal.open_home_signed_in(citizen)


@given(quoted("市民打开{site}网站", site=1), target_fixture="site")
def open_site(portal, site):
    return portal.open_site(portal.site_named(site))
