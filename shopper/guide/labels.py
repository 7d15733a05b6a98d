"""Map the labels a portal shows to the one schema the checks read (CONTRACTS.md sections 3/4).

Real label sets differ: 承诺办结时限 / 承诺办理时限 / 承诺时限 / 承诺期限; 到办事现场次数 / 到现场次数;
来源渠道 / 来源渠道说明 / 出具单位; 纸质材料份数 / 份数; 材料形式 / 介质. ``材料类型`` means
原件/复印件 on some portals (the evaluation's own example) and 申请表格文书 / 证件证书证明 on others:
both meanings are kept, the first as ``材料类型``, the second as ``材料分类``.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from .base import blank, norm

_TOP_LABELS: dict[str, str] = {
    "承诺办结时限": "承诺办结时限", "承诺办理时限": "承诺办结时限", "承诺时限": "承诺办结时限",
    "承诺期限": "承诺办结时限", "承诺办结期限": "承诺办结时限", "承诺办理期限": "承诺办结时限",
    "承诺时间": "承诺办结时限",
    "法定办结时限": "法定办结时限", "法定办理时限": "法定办结时限", "法定时限": "法定办结时限",
    "法定期限": "法定办结时限", "法定办结期限": "法定办结时限", "法定办理期限": "法定办结时限",
    "到现场次数": "到现场次数", "到办事现场次数": "到现场次数", "到现场办理次数": "到现场次数",
    "跑动次数": "到现场次数", "最多跑次数": "到现场次数", "到窗口次数": "到现场次数",
    "到现场次数说明": "到现场次数说明", "到办事现场次数说明": "到现场次数说明",
    "到现场原因": "到现场次数说明", "到现场原因说明": "到现场次数说明",
    "必须现场办理原因说明": "到现场次数说明", "到现场办理原因": "到现场次数说明",
    "事项类型": "事项类型", "事项类别": "事项类型", "事项类型代码": "事项类型代码",
    "办件类型": "办件类型", "网办深度": "网办深度", "网上办理深度": "网办深度",
    "特殊环节": "特殊环节", "特别程序": "特殊环节", "中介服务": "特殊环节",
    "中介服务及特殊环节": "特殊环节", "特殊环节及中介服务": "特殊环节", "中介服务或特殊环节": "特殊环节",
    "中介机构或特殊环节": "特殊环节",
    "收费": "收费", "收费标准": "收费", "是否收费": "收费",
    "设定依据": "设定依据", "法律依据": "设定依据", "办理依据": "设定依据",
    "实施编码": "impl_code", "事项编码": "impl_code", "办理流程": "流程", "流程": "流程",
    "申请材料": "materials", "材料": "materials", "办理地点": "办理地点",
    "窗口": "windows", "办理窗口": "windows", "办理时间": "办理时间",
    "咨询电话": "咨询电话", "咨询方式": "咨询电话", "联系电话": "咨询电话",
    "事项名称": "name", "实施主体": "实施主体", "实施机构": "实施主体", "实施主体名称": "实施主体",
}
_WINDOW_LABELS: dict[str, str] = {
    "name": "name", "名称": "name", "窗口名称": "name", "办理窗口": "name",
    "地址": "地址", "办理地点": "地址", "办公地址": "地址", "窗口地址": "地址", "办理地址": "地址",
    "办理时间": "办理时间", "办公时间": "办理时间", "受理时间": "办理时间", "工作时间": "办理时间",
    "咨询电话": "咨询电话", "联系电话": "咨询电话", "咨询方式": "咨询电话",
}
_MATERIAL_LABELS: dict[str, str] = {
    "名称": "名称", "材料名称": "名称", "来源": "来源", "材料来源": "来源", "来源渠道": "来源",
    "出具单位": "出具单位", "来源渠道说明": "出具单位", "来源说明": "出具单位", "出具机关": "出具单位",
    "出具部门": "出具单位",
    "份数": "份数", "纸质材料份数": "份数", "材料份数": "份数", "数量": "份数", "数量要求": "份数",
    "介质": "介质", "材料形式": "介质", "材料介质": "介质", "形式": "介质", "介质要求": "介质",
    "材料分类": "材料分类", "材料要求": "材料要求",
    "必要性": "必要性", "是否必要": "必要性", "必要性及描述": "必要性",
    "空表": "blank", "样表": "sample", "空表下载": "blank", "样表下载": "sample", "空白表格": "blank",
    "示范样表": "sample", "示例样表": "sample",
}
_FLOW_LABELS: dict[str, str] = {
    "环节": "环节", "办理环节": "环节", "环节名称": "环节", "步骤": "环节",
    "时限": "时限", "办理时限": "时限", "办理时长": "时限", "环节时限": "时限",
    "办理人": "办理人", "办理人员": "办理人", "承办人": "办理人", "审批人": "办理人",
    "办理主体": "办理人", "岗位": "办理人",
    "审查标准": "标准", "审批标准": "标准", "审核标准": "标准", "办理标准": "标准", "标准": "标准",
    "办理结果": "结果", "环节结果": "结果", "结果": "结果",
}
_COMBINED_SOURCE_LABELS = frozenset({"来源/出具单位", "来源渠道/出具单位", "材料来源/出具单位",
                                     "来源(出具单位)", "来源渠道(出具单位)"})
_ORIGINAL_RE = re.compile(r"原件|复印件|正本|副本|复制件|扫描件")


def _label_key(label: Any) -> str:
    return re.sub(r"[\s:：]+", "", norm(label)) if isinstance(label, str) else label


def _split_source(v: Any) -> tuple[Any, Any]:
    """'政府部门核发/公安机关' or '政府部门核发（公安机关）' → ('政府部门核发', '公安机关')."""
    t = norm(v)
    m = re.fullmatch(r"([^/(]*)\((.*)\)", t) or re.fullmatch(r"([^/]*)/(.*)", t)
    return (m.group(1).strip(), m.group(2).strip()) if m else (v, "")


def _material_key(key: str, value: Any) -> str:
    """材料类型 holding 原件/复印件 is the evaluation's 类型; holding 申请表格文书 … it is a 材料分类."""
    if key == "材料类型":
        return "材料类型" if _ORIGINAL_RE.search(norm(value)) or blank(norm(value)) else "材料分类"
    return _MATERIAL_LABELS.get(key, key)


def _map_rows(rows: Any, table: Mapping[str, str], materials: bool = False) -> Any:
    if not isinstance(rows, list):
        return rows
    out = []
    for row in rows:
        if not isinstance(row, Mapping):
            out.append(row)
            continue
        new: dict[str, Any] = {}
        for k, v in row.items():
            key = _label_key(k)
            if key in _COMBINED_SOURCE_LABELS:
                src, iss = _split_source(v)
                new["来源"] = src
                new.setdefault("出具单位", iss)
            else:
                target = _material_key(key, v) if materials else table.get(key, k)
                if target in new and blank(norm(v)):
                    continue                  # an empty alias must not hide a filled field
                new[target] = v
        out.append(new)
    return out


_VISITS_WITH_NOTE_RE = re.compile(r"^\s*((?:最多|不超过|至多)?\s*跑?\s*[0-9零〇一二两三四五六七八九十]+\s*次?)\s*\((.*)\)\s*$")


def split_visits(v: Any) -> tuple[Any, str]:
    """'1次（需本人到场采集指纹）' → ('1次', '需本人到场采集指纹')."""
    m = _VISITS_WITH_NOTE_RE.match(norm(v))
    return (m.group(1).strip(), m.group(2).strip()) if m else (v, "")


def normalise_labels(raw: Mapping[str, Any]) -> dict:
    """Map the labels a portal shows to the schema keys of CONTRACTS.md section 3/4.

    * 承诺办结时限 / 承诺办理时限 / 承诺时限 / 承诺期限 (…) → ``承诺办结时限``; the label shown is kept
      in ``承诺办结时限_label``. 法定… likewise → ``法定办结时限``.
    * 到办事现场次数 / 到现场次数 (/ 跑动次数) → ``到现场次数``; their 说明 → ``到现场次数说明``; a count
      cell carrying its reason (``1次（…）``) is split.
    * 中介服务 / 特殊环节 / 特别程序 / 中介服务及特殊环节 → ``特殊环节``; 实施主体 / 实施机构 → ``实施主体``.
    * A bare ``办理时限`` (no 法定/承诺) is the 承诺 limit unless an explicit 承诺 label is given.
    * Rows of windows / materials / 流程 get their column labels mapped: 来源渠道 → 来源, 来源渠道说明 /
      出具单位 → 出具单位, 纸质材料份数 → 份数, 材料形式 → 介质, 材料类型 → 材料类型 (原件/复印件) or
      材料分类 (申请表格文书 / 证件证书证明), 审查标准 → 标准, 办理结果 → 结果; a combined
      ``来源/出具单位`` cell is split.
    Labels are compared without whitespace or colons; unknown labels are kept unchanged.
    """
    out: dict[str, Any] = {}
    bare_limit: tuple[str, Any] | None = None
    for k, v in raw.items():
        key = _label_key(k)
        if key in ("办理时限", "办结时限", "办理期限", "办结期限"):
            bare_limit = (key, v)
            continue
        target = _TOP_LABELS.get(key, k)
        if target == "承诺办结时限" and key != "承诺办结时限" and "承诺办结时限_label" not in raw:
            out["承诺办结时限_label"] = key
        if target in out and target != k and blank(norm(v)):
            continue
        out[target] = v
    if bare_limit is not None and "承诺办结时限" not in out:
        out["承诺办结时限"] = bare_limit[1]
        out.setdefault("承诺办结时限_label", bare_limit[0])
    if "到现场次数" in out:
        count, note = split_visits(out["到现场次数"])
        if note and blank(norm(out.get("到现场次数说明"))):
            out["到现场次数"], out["到现场次数说明"] = count, note
    if "承诺办结时限" in out and "承诺办结时限_label" not in out:
        out["承诺办结时限_label"] = "承诺办结时限"
    for key, table in (("windows", _WINDOW_LABELS), ("materials", _MATERIAL_LABELS), ("流程", _FLOW_LABELS)):
        if key in out:
            out[key] = _map_rows(out[key], table, materials=key == "materials")
    return out
