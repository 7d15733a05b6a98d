"""数据同源 (shopper/same_source.py): a site's copy against the portal's guide, only on elements both show."""
from __future__ import annotations

from shopper.same_source import compare

PORTAL = {
    "法定办结时限": "20个工作日", "承诺办结时限": "15个工作日", "办件类型": "承诺件", "impl_code": "ABC123",
    "到现场次数": "2次", "收费": "不收费", "实施主体": "江某省人社厅",
    "materials": [{"名称": "申请书", "份数": "1份", "来源": "申请人自备"},
                  {"名称": "营业执照", "份数": "1份", "来源": "政府部门核发"}],
    "windows": [{"name": "人社窗口", "地址": "某路1号", "办理时间": "周一至周五 9:00-17:00", "咨询电话": "0571-1234567"}],
    "流程": [{"环节": "受理", "时限": "1个工作日"}, {"环节": "办结", "时限": "14个工作日"}],
}


def copy(**changes):
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in PORTAL.items()}
    out.update(changes)
    return out


def test_a_copy_from_the_same_source_is_the_same_whatever_its_spacing_width_and_decoration():
    same = copy(承诺办结时限="15 个工作日", 到现场次数="2", 收费="不收费。", 实施主体="实施主体：江某省人社厅　信息来源：…",
                windows=[{"窗口名称": "人社窗口", "地址": "某路１号", "办理时间": "周一至周五 9:00-17:00",
                          "咨询电话": "0571-1234567"}])
    compared, diffs = compare(PORTAL, same)
    assert diffs == [] and compared >= 10
    # a time limit is its number and unit: 即办 and 当场办结 are both 0
    assert compare({**PORTAL, "承诺办结时限": "即办"}, copy(承诺办结时限="当场办结"))[1] == []


def test_an_outdated_copy_differs_with_both_values():
    stale = copy(承诺办结时限="20个工作日", materials=PORTAL["materials"][:1])
    _, diffs = compare(PORTAL, stale)
    assert [(d.element, d.portal, d.copy) for d in diffs] == [
        ("承诺办结时限", "15个工作日", "20个工作日"), ("申请材料（仅一方列出）", "营业执照", "（无）")]


def test_an_element_one_page_does_not_show_is_not_a_difference():
    """A portal guide that lost its 法定办结时限 and window hours (guide_missing_elements) is E1's failure,
    not 不同源; a copy without a 流程 table is not compared on it."""
    lost = {k: v for k, v in PORTAL.items() if k != "法定办结时限"}
    lost["windows"] = [{"name": "人社窗口", "地址": "某路1号"}]
    compared, diffs = compare(lost, copy(流程=[]))
    assert diffs == []
    full, _ = compare(PORTAL, copy())
    assert compared < full


def test_a_common_material_or_step_is_compared_field_by_field():
    changed = copy(materials=[{"名称": "申请书", "份数": "2份", "来源": "申请人自备"},
                              {"名称": "营业执照", "份数": "1份", "来源": "政府部门核发"}],
                   流程=[{"环节": "受理", "时限": "1个工作日"}, {"环节": "办结", "时限": "10个工作日"}])
    _, diffs = compare(PORTAL, changed)
    assert [d.element for d in diffs] == ["申请材料「申请书」份数", "办理流程「办结」时限"]
