"""An element we could not read is not an element the guide lacks: a 不合格 for a missing element
becomes 需人工复核 when the same part of the guide shows a field whose label we do not know and
that could be that element; a verdict on a value that was read, or a guide that really lacks the
element, is unchanged."""
from __future__ import annotations

from shopper.guide import FAIL, REVIEW, check_guide, normalise_labels

BASE = {"name": "样例", "承诺办结时限": "5个工作日", "法定办结时限": "20个工作日", "到现场次数": "0次",
        "特殊环节": "无", "实施编码": ""}
WINDOW = {"窗口名称": "综合窗口", "咨询电话": "0575-12345678"}


def _check(**raw):
    return check_guide(normalise_labels({**BASE, **raw}))


def test_window_fields_under_labels_we_do_not_know_are_for_a_person_to_check():
    result = _check(windows=[{**WINDOW, "办理场所": "江澜路8号3楼", "上班时间": "星期一至星期五 9:00-17:00"}])
    assert result["E1-3"].verdict == REVIEW and "办理场所" in result["E1-3"].why
    assert result["E1-4"].verdict == REVIEW and "上班时间" in result["E1-4"].why
    assert result["E1-3"].basis.startswith("解读")


def test_a_window_that_really_lacks_its_address_fails():
    result = _check(windows=[dict(WINDOW)])
    assert result["E1-3"].verdict == FAIL and result["E1-4"].verdict == FAIL


def test_an_unknown_label_that_cannot_be_the_element_does_not_excuse_it():
    result = check_guide(normalise_labels({k: v for k, v in BASE.items() if k != "法定办结时限"} | {"服务对象": "自然人"}))
    assert result["E1-1"].verdict == FAIL


def test_a_verdict_on_a_value_that_was_read_stands():
    result = _check(法定办结时限="20天", windows=[{**WINDOW, "办理场所": "x"}])
    assert result["E1-1"].verdict == FAIL     # a bare 天: read, and wrong


def test_the_labels_real_portals_use_for_windows_are_read():
    result = _check(windows=[{**WINDOW, "办理地址": "江澜市江澜路8号3楼301室", "工作时间": "星期一至星期五 9:00-17:00"}])
    assert result["E1-3"].verdict != FAIL and result["E1-4"].verdict != FAIL
