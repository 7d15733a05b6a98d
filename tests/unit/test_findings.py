"""The finding model (shopper.findings) on records real sandbox runs wrote (tests/data/ledger/, made by
tests/data/ledger/capture.py): one finding per failed check, the right 责任单位, stable keys, and the
comparison with a baseline."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from shopper.findings import (FIXED, NEW, OPEN, UNCHECKED, Owners, compare, findings_from_run, host_less,
                              load_findings, record_scope)
from shopper.profile import ProfileError, load_profile
from shopper.record import load_records

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
GAT, RST, SCJGJ = "江澜省公安厅", "江澜省人力资源和社会保障厅", "江澜省市场监督管理局"


@pytest.fixture(scope="module")
def profile():
    return load_profile("sandbox-matrix")


@pytest.fixture(scope="module")
def defects():
    return load_records(DATA / "defects")


@pytest.fixture(scope="module")
def clean():
    return load_records(DATA / "clean")


def by_key(run):
    return {f.key: f for f in run.findings}


def test_one_finding_per_failed_check_with_its_unit(defects, profile):
    run = findings_from_run(defects, profile)
    found = by_key(run)
    # guide_missing_elements: 法定办结时限, 办理时间, 咨询电话 on both sampled guides; broken_download: 空表
    for item, unit in (("gat-001", GAT), ("rst-001", RST)):
        for element in ("E1-1", "E1-4", "E1-5", "E4"):
            f = found[f"{element.split('-')[0]}|item:{item}|{element}"]
            assert (f.owner, f.owner_source) == (unit, "实施主体"), f
            assert f.page == f"/item/{item}" and f.indicator == element
    # entry_buried: each department site's own 网上办事 link is buried → that site's owner
    for site in (GAT, RST, SCJGJ):
        f = found[f"C1-4|site:{site}|点击次数不超过 3 次"]
        assert (f.owner, f.owner_source) == (site, "站点") and "6 次点击" in f.title
    # pii_unmasked and elderly_popup: platform-wide, the default owner of fixtures/owners/default.yaml
    sec = [f for f in run.findings if f.indicator == "SEC"]
    age = [f for f in run.findings if f.indicator == "AGE"]
    assert len(sec) == 1 and "身份证号或手机号" in sec[0].title and sec[0].owner_source == "默认"
    assert len(age) == 1 and "弹出" in age[0].title
    assert len(run.findings) == 2 * 4 + 3 + 2 and not run.unscored
    # the clean run's records yield nothing
    assert findings_from_run(clean_records := load_records(DATA / "clean"), profile).findings == [], clean_records


def test_keys_are_stable_no_ports_run_ids_or_times(defects, profile):
    run = findings_from_run(defects, profile)
    for f in run.findings:
        assert not re.search(r":\d{2,5}\b|localhost|ledger-defects|20\d\d-\d\d-\d\d", f.key), f.key
    # the same defects on another port and run id give the same keys
    moved = copy.deepcopy(defects)
    for rec in moved:
        rec["run_id"] = "another-run"
        rec["started_at"] = "2027-01-01T00:00:00+00:00"
        rec["navigations"] = [re.sub(r":\d+/", ":61234/", u) for u in rec["navigations"]]
        if "page" in rec["observations"]:
            rec["observations"]["page"] = re.sub(r":\d+/", ":61234/", rec["observations"]["page"])
    assert set(by_key(findings_from_run(moved, profile))) == set(by_key(run))
    assert host_less("http://zwfw.localhost:37347/search?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1") == "/search?q=社保卡"
    assert host_less("http://zwfw.localhost:37347/#/item/475003398451") == "/#/item/475003398451"   # a hash route
    assert host_less("http://zwfw.localhost:37347/guide/g-1#materials") == "/guide/g-1"            # an anchor is not a page


def test_unit_without_implementer_falls_back_to_profile_sites_then_owners(defects, profile):
    guide = next(r for r in defects if r["journey"] == "guide" and r["observations"]["item_id"] == "gat-001")
    rec = copy.deepcopy(guide)
    del rec["observations"]["implementer"]
    assert {f.owner for f in findings_from_run([rec], profile).findings} == {GAT}   # dept code → profile site
    rec["observations"]["dept"] = "zzz"                                             # unknown department
    owners = findings_from_run([rec], profile).findings
    assert {(f.owner, f.owner_source) for f in owners} == {("政务服务管理办公室（营商环境局）", "默认")}
    custom = copy.copy(profile)
    custom.owners = {"E": "指南督办组", "E4": "表格维护组"}                           # longest prefix wins
    got = {f.indicator: (f.owner, f.owner_source) for f in findings_from_run([rec], custom).findings}
    assert got["E4"] == ("表格维护组", "配置 owners") and got["E1-1"] == ("指南督办组", "配置 owners")


def test_guide_verdict_field_three_values(defects, profile):
    rec = copy.deepcopy(next(r for r in defects if r["journey"] == "guide"))
    elements = rec["observations"]["elements"]
    elements["E1-3"].update(verdict="需人工复核", why="地址未写到门牌号, 请人工核对")
    elements["E1-1"].update(verdict="合格")            # the verdict wins over the old ok flag
    elements["E1-4"].update(verdict="不合格")
    got = {f.indicator: f for f in findings_from_run([rec], profile).findings}
    assert got["E1-3"].verdict == "需人工复核" and "需人工复核" in got["E1-3"].title
    assert "E1-1" not in got and got["E1-4"].verdict == "不合格"


def test_suite_and_environment_faults_are_unscored_never_a_units_problem(defects, profile):
    recs = copy.deepcopy([r for r in defects if r["journey"] in ("entry", "guide")])
    recs[0].update(outcome="broken", failure_class="environment", failure_message="环境故障: net::ERR_CONNECTION_REFUSED")
    recs[1].update(outcome="broken", failure_class="suite_broken", failure_message="Locator not found")
    run = findings_from_run(recs, profile)
    assert {u.label for u in run.unscored} == {"环境故障", "套件故障"}
    faulted = {record_scope(r) for r in recs[:2]}
    assert faulted and not {f.scope for f in run.findings} & faulted
    assert not faulted & set(run.checked_scopes)      # no verdict: their old findings stay 未复查
    assert len(run.findings) == len(findings_from_run(recs[2:], profile).findings)


def test_baseline_comparison_new_open_fixed_unchecked(defects, clean, profile):
    base = findings_from_run(defects, profile).to_dict()
    for f in base["findings"]:
        f["found_at"] = "2026-11-01T08:00:00+00:00"
    # same defects again: all still open, first-seen time kept
    again = compare(findings_from_run(defects, profile), base)
    assert {f.status for f in again} == {OPEN} and {f.found_at for f in again} == {"2026-11-01T08:00:00+00:00"}
    # a clean run of the same checks: all fixed
    fixed = compare(findings_from_run(clean, profile), base)
    assert len(fixed) == len(base["findings"]) and {f.status for f in fixed} == {FIXED}
    # a clean run of the guides only: the guides are fixed, the rest was not re-checked
    partial = compare(findings_from_run([r for r in clean if r["journey"] == "guide"], profile), base)
    status = {f.key: f.status for f in partial}
    assert {s for k, s in status.items() if k.startswith("E")} == {FIXED}
    assert {s for k, s in status.items() if not k.startswith("E")} == {UNCHECKED}
    # no baseline: everything is new
    assert {f.status for f in compare(findings_from_run(defects, profile), None)} == {NEW}


def test_owners_section_in_profile_is_validated(tmp_path):
    src = (Path(__file__).resolve().parents[2] / "fixtures" / "portals" / "sandbox.yaml").read_text(encoding="utf-8")
    src = src.replace("keywords: ../keywords/sandbox.csv", "keywords: " +
                      str(Path(__file__).resolve().parents[2] / "fixtures" / "keywords" / "sandbox.csv"))
    good = tmp_path / "good.yaml"
    good.write_text(src + "owners:\n  C1-4: 省政务办\n  E: 各厅局\n", encoding="utf-8")
    assert load_profile(good).owners == {"C1-4": "省政务办", "E": "各厅局"}
    bad = tmp_path / "bad.yaml"
    bad.write_text(src + "owners:\n  C1-4: [a, b]\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.yaml:\d+: 'owners'"):
        load_profile(bad)


def test_default_owners_file_covers_every_rubric_indicator():
    import yaml
    rubric = yaml.safe_load((Path(__file__).resolve().parents[2] / "fixtures" / "rubric" / "default.yaml")
                            .read_text(encoding="utf-8"))
    owners = Owners(None)
    for iid in rubric["indicators"]:
        unit, source = owners.resolve(iid)
        assert unit and source == "默认" and Owners._lookup(owners.defaults, iid), iid


def test_load_findings_names_the_file(tmp_path):
    (tmp_path / "findings.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"findings\.json:1"):
        load_findings(tmp_path)
    with pytest.raises(FileNotFoundError, match="没有基线台账"):
        load_findings(tmp_path / "nowhere")


def test_dead_links_and_accessibility_violations(clean, profile):
    links = copy.deepcopy(next(r for r in clean if r["journey"] == "safety" and "links_checked" in r["observations"]))
    links["observations"].update(dead_links=2, dead=["404 http://zwfw.localhost:40001/download/gat-001/1/blank",
                                                      "net::ERR_ABORTED http://rst.localhost:40001/old"])
    links.update(outcome="failed", failure_class="portal_defect", failure_message="门户缺陷[SEC]: 2 个死链: …")
    axe = copy.deepcopy(next(r for r in clean if r["journey"] == "elder" and "violations" in r["observations"]))
    axe["observations"].update(violations=1, violation_ids=["color-contrast", "region"])
    axe.update(outcome="failed", failure_class="portal_defect",
               failure_message="门户缺陷[AGE]: 无障碍严重违规: color-contrast(serious, 3处)")
    got = by_key(findings_from_run([links, axe], profile))
    assert set(got) == {"SEC|link:zwfw/download/gat-001/1/blank|死链", "SEC|link:rst/old|死链",
                        f"AGE|page:{host_less(axe['observations']['page'])}|axe:color-contrast"}
    assert got["SEC|link:zwfw/download/gat-001/1/blank|死链"].evidence["value"] == "404"
    assert "（serious，3 处）" in got[f"AGE|page:{host_less(axe['observations']['page'])}|axe:color-contrast"].title


def test_review_verdicts_of_a_passing_guide_are_findings_too(clean, profile):
    rec = copy.deepcopy(next(r for r in clean if r["journey"] == "guide"))
    assert rec["outcome"] == "passed"
    rec["observations"]["elements"]["E1-3"].update(verdict="需人工复核", why="地址未写到窗口号")
    got = findings_from_run([rec], profile).findings
    assert [(f.indicator, f.verdict, f.owner) for f in got] == [("E1-3", "需人工复核", rec["observations"]["implementer"])]


def test_a_copy_that_is_not_from_the_same_source_is_its_publishers(profile):
    """数据同源 and 减时间 findings go to the guide's 实施主体 the record read (the department that publishes
    it), like the guide's own findings; without one, to the indicator's default owner."""
    rec = {"run_id": "r", "portal": "sandbox", "journey": "same_source", "nodeid": "steps/test_same_source.py::t[rst-007]",
           "scenario": "同源", "device": "desktop", "outcome": "failed", "failure_class": "portal_defect",
           "charged_indicator": ["C3-2"], "failure_message": "门户缺陷[C3-2]: 江某厅发布的办事指南与门户不同源",
           "indicators": ["C3-2", "C3-3"], "steps": [{"name": "那么 部门网站的办事指南与门户同源", "status": "failed"}],
           "navigations": [], "observations": {"item_id": "rst-007", "implementer": RST, "dept_same": False}}
    got = findings_from_run([rec], profile).findings
    assert [(f.indicator, f.owner, f.owner_source) for f in got] == [("C3-2", RST, "实施主体")]
    del rec["observations"]["implementer"]
    got = findings_from_run([rec], profile).findings
    assert [(f.owner, f.owner_source) for f in got] == [("政务服务管理办公室（营商环境局）", "默认")]
