"""数据同源 (C3-2 department, C3-3 city): each sampled item's guide on the portal against the copies its
department's and a city's own sites publish (shopper/same_source.py says what is compared and how).

Both copies are read and compared before either is judged, so a department copy that differs (C3-2)
does not leave the city copy (C3-3) unmeasured."""
from __future__ import annotations

import pytest
from pytest_bdd import scenario, scenarios, then, when

from shopper.failures import PortalDefect
from shopper.same_source import compare
from steps.conftest import judges, parametrize_from_profile

KINDS = {"department": ("dept", "部门"), "city": ("city", "市级")}


def pytest_generate_tests(metafunc):
    parametrize_from_profile(metafunc, "same_source_case", lambda p: p.same_source,
                             ids=lambda cases: [f"{c['item']}-{c.get('department', '')}-{c.get('city', '')}" for c in cases])


@pytest.mark.usefixtures("same_source_case")
@scenario("same_source.feature", "抽样事项在门户和部门、市级网站上的办事指南一致")
def test_same_source():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("same_source.feature")


@when("市民读出抽样事项在门户上的办事指南", target_fixture="portal_guide")
def read_portal_guide(portal, same_source_case, journey):
    read = portal.open_guide(same_source_case["item"]).read_guide()
    # 实施主体: the 整改台账's 责任单位 for a copy that is not from the same source
    journey.observe(item_id=same_source_case["item"], implementer=str(read.get("实施主体", "")))
    return read


@when("市民读出该事项在部门网站和市级网站上的办事指南", target_fixture="copies")
def read_copies(portal, same_source_case, portal_guide, journey):
    out = {}
    for kind, (key, _) in KINDS.items():
        code = same_source_case.get(kind)
        if not code:
            continue
        copy = portal.open_site_copy(kind, code, same_source_case["item"]).read_guide()
        compared, differences = compare(portal_guide, copy)
        journey.observe(**{f"{key}_site": portal.site_by_code(code).name, f"{key}_compared": compared,
                           f"{key}_same": not differences, f"{key}_differences": [d.as_dict() for d in differences]})
        out[kind] = (portal.site_by_code(code).name, differences)
    return out


def _judge(copies, kind: str) -> None:
    if kind not in copies:   # the profile samples no site of this kind for this item: nothing to judge
        return
    name, differences = copies[kind]
    if differences:
        raise PortalDefect(f"{name}发布的办事指南与门户不同源（{len(differences)} 处不一致）: "
                           + "；".join(str(d) for d in differences[:4]))


@then("部门网站的办事指南与门户同源")
@judges("部门数据同源")
def department_copy_same(copies):
    _judge(copies, "department")


@then("市级网站的办事指南与门户同源")
@judges("市级数据同源")
def city_copy_same(copies):
    _judge(copies, "city")
