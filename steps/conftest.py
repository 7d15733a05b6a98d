"""Steps shared by several features. Steps stay thin: one page-object intention or one check.

Everything about the portal (sites, items, levels, queries) comes from its profile: the features
say "抽样站点", "门户配置的办件查询事项"; the cases are parametrised from the profile at collection.
"""
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
    if not cases:  # nothing sampled: the scenario is 未测 with the reason, not an error and not a failure
        reason = f"未测: 门户配置没有抽样 {fixture} (the profile samples no {fixture})"
        metafunc.parametrize(fixture, [pytest.param(None, marks=pytest.mark.skip(reason=reason))], ids=["未配置"])
        return
    metafunc.parametrize(fixture, cases, ids=ids(cases) if ids else None)


def sampled_sites(metafunc) -> None:
    """Sampled sites by code (their URLs are bound when the portal starts), named in test ids."""
    names = {}

    def codes(profile):
        names.update({s.code: s.name for s in profile.sites()})
        return [s.code for s in profile.sites()]
    parametrize_from_profile(metafunc, "sampled_site", codes, ids=lambda cs: [names[c] for c in cs])


def judges(stage: str):
    """Register the stage of a citizen's journey a step judges (shopper/journeys.py STAGES): a
    门户缺陷 the step raises itself is charged to that stage's indicator (the record lifecycle applies
    it when the step fails). Defects raised inside an ability keep the stage they happened in, so a
    failed earlier stage (a sign-in inside an application) is charged there."""
    from shopper.journeys import indicator_of_stage

    indicator_of_stage(stage)   # an unknown stage fails at import, not in a run

    def register(func):
        func.judges = stage
        return func
    return register


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


@given("市民打开抽样的部门或市级网站", target_fixture="site")
def open_sampled_site(portal, sampled_site):
    return portal.open_site(portal.site_by_code(sampled_site))


@given("市民已在线申报门户配置的办件查询事项", target_fixture="application")
def citizen_applied(portal, citizen, portal_profile, material_files):
    return portal.apply_for(citizen, portal_profile.status_item or portal_profile.first_item, material_files)
