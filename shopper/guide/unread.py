"""An element we could not read is not an element the guide lacks.

A 不合格 that says an element is missing (no 办理地点, no 份数 …) rests on the page: it is the
portal's only when nothing on the page could have been that element. When the guide shows fields
whose labels the label normaliser does not know (办理地址, 工作时间 on a vendor we have not met), a
missing element may be one of them under another name: the verdict is then 需人工复核, naming the
fields we could not read, never 不合格 — our reading is not evidence against the portal.
Verdicts on values that were read (a bare 天 without 工作日, a 12345-only phone) are unchanged.
Pure Python.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Mapping

from .base import FAIL, REVIEW, GuideResult, blank, norm
from .labels import _FLOW_LABELS, _MATERIAL_LABELS, _TOP_LABELS, _WINDOW_LABELS, _label_key

# schema keys and the reader's own keys: never "unknown"
_KNOWN_TOP = set(_TOP_LABELS) | set(_TOP_LABELS.values()) | {
    "name", "item_id", "url", "dept", "事项类型代码", "承诺办结时限_label", "windows", "materials", "流程",
    "page_text", "实施编码"}
_KNOWN_ROW = {
    "windows": set(_WINDOW_LABELS) | set(_WINDOW_LABELS.values()),
    "materials": set(_MATERIAL_LABELS) | set(_MATERIAL_LABELS.values()) | {
        "材料类型", "blank_url", "sample_url", "is_form", "downloads", "序号", "情形", "备注", "说明"},
    "流程": set(_FLOW_LABELS) | set(_FLOW_LABELS.values()) | {"序号", "说明", "备注"},
}
# words an unread label must share with an element to be possibly that element (a word list can only
# protect the portal here: it turns 不合格 into 需人工复核, never the other way)
_HINTS = {"E1-1": "法定|时限|期限|时间", "E1-2": "承诺|时限|期限|时间", "E1-3": "地址|地点|位置|窗口|场所",
          "E1-4": "时间|工作日|上班|受理", "E1-5": "电话|咨询|联系|热线", "E1-6": "中介|特殊|环节|程序",
          "E2-1": "来源|出具|核发|提供|部门", "E2-2": "份|数量", "E2-3": "类型|形式|介质|原件|复印|纸质|电子",
          "E2-x": "名称|材料", "E3-1": "环节|步骤|流程|时限|人员|标准|结果", "E3-2": "现场|跑|次数",
          "E4": "表|下载|样|模板", "D2": "编码|代码|编号"}
# which part of the guide each element is read from
_SCOPE = {"E1-3": ("windows", "top"), "E1-4": ("windows", "top"), "E1-5": ("windows", "top"),
          "E2-1": ("materials",), "E2-2": ("materials",), "E2-3": ("materials",), "E2-x": ("materials",),
          "E3-1": ("流程",), "E4": ("materials",)}


def unread_labels(guide: Mapping[str, Any], scope: str) -> list[str]:
    """Labels of filled fields in `scope` ('top', 'windows', 'materials', '流程') the normaliser does
    not know."""
    if scope == "top":
        return sorted({str(k) for k, v in guide.items()
                       if _label_key(k) not in _KNOWN_TOP and isinstance(v, str) and not blank(norm(v))})
    rows = guide.get(scope)
    if not isinstance(rows, list):
        return []
    known = _KNOWN_ROW[scope]
    return sorted({str(k) for row in rows if isinstance(row, Mapping) for k, v in row.items()
                   if _label_key(k) not in known and isinstance(v, str) and not blank(norm(v))})


def guard_unread(result: GuideResult, guide: Mapping[str, Any]) -> GuideResult:
    """Turn a 不合格 that says an element is missing into 需人工复核 when the guide shows fields we could
    not read in that element's part of the page."""
    for eid, element in result.elements.items():
        if element.verdict != FAIL or not blank(norm(element.value)):
            continue   # a verdict on a value the page gave stands
        hint = re.compile(_HINTS.get(eid, "$^"))
        labels = [label for scope in _SCOPE.get(eid, ("top",)) for label in unread_labels(guide, scope)
                  if hint.search(label)]
        if not labels:
            continue
        names = "、".join(f"「{label}」" for label in labels[:6])
        result.elements[eid] = replace(
            element, verdict=REVIEW,
            why=f"{element.why}；但页面上有未能识别的栏目 {names}，可能即为该要素",
            basis="解读（评估原文未要求）：栏目名称不在本套件的标签表中，未读出不等于未公布，需人工确认")
    return result
