"""How flavour C shows a 办事指南: its labels (variants real portals use), 网上办理深度 in full-width
Roman numerals (Ⅳ级), the materials table with merged cells, and the windows page its iframe loads.

Labels (guide → CONTRACTS.md key):
  实施机构 → 实施主体, 事项类别 → 事项类型, 实施编码, 办件类型, 法定期限 → 法定办结时限, 承诺期限 → 承诺办结时限,
  跑动次数 → 到现场次数 ("1次"), 到现场原因说明 → 到现场次数说明, 网上办理深度 → 网办深度 ("Ⅳ级"),
  中介服务及特殊环节 → 特殊环节, 是否收费 → 收费, 办理依据 → 设定依据;
  materials: 情形 (merged over rows of the same 必要性), 材料名称, 材料来源 (merged over consecutive rows of the
  same source within a 情形), 出具部门, 数量要求, 介质要求, 是否必要, 表格下载 (icon links titled 空表下载 / 样表下载);
  流程: 办理环节, 办理时限, 办理人员;
  windows (iframe): 窗口名称, 办理地址 (new variant → 地址), 工作时间 (new variant → 办理时间), 咨询电话.
Defect guide_missing_elements drops 法定期限, and 工作时间 / 咨询电话 from the windows page."""
from __future__ import annotations

ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"}   # U+2160 block, as many portals write them
SITUATIONS = {"必要": "通用材料", "非必要": "特定情形下提交"}
SECTIONS = [("basic", "基本信息"), ("materials", "申请材料"), ("flow", "办理流程"), ("place", "办理地点及时间"),
            ("fee", "收费与依据")]
WINDOW_COLUMNS = [("name", "窗口名称"), ("地址", "办理地址"), ("办理时间", "工作时间"), ("咨询电话", "咨询电话")]


def depth_text(item: dict) -> str:
    value = str(item["guide"].get("网办深度", "I")).strip()
    return ROMAN.get(value, value) + "级"


def visits_text(item: dict) -> str:
    count = str(item["guide"].get("到现场次数", "")).strip()
    return f"{count}次" if count.isdigit() else count


def basic_rows(item: dict, dept: dict, show_all: bool) -> list[list[str]]:
    g = item["guide"]
    rows = [["实施机构", dept["name"]], ["事项类别", g.get("事项类型", "")], ["实施编码", item["impl_code"]],
            ["办件类型", g.get("办件类型", "")]]
    if show_all:
        rows.append(["法定期限", g.get("法定办结时限", "")])
    rows += [["承诺期限", g.get("承诺办结时限", "")], ["跑动次数", visits_text(item)],
             ["到现场原因说明", g.get("到现场次数说明", "") or "无"], ["网上办理深度", depth_text(item)],
             ["中介服务及特殊环节", g.get("特殊环节", "")]]
    return rows


def _runs(values: list[str]) -> list[int]:
    """rowspan of each row for a column merging equal consecutive values (0: covered by the row above)."""
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans[start] = i - start
            start = i
    return spans


def material_rows(item: dict, file_url) -> list[dict]:
    """One dict per material in catalogue order (n = 1-based row, as in the download addresses), with the
    rowspans of the merged 情形 and 材料来源 cells. file_url(n, variant) → the download address."""
    materials = item["guide"].get("materials", [])
    situations = [SITUATIONS.get(str(m.get("必要性", "")), "特定情形下提交") for m in materials]
    sources = [f"{s}\x00{m.get('来源', '')}" for s, m in zip(situations, materials)]
    rows = []
    for n, (m, situation, s_span, src_span) in enumerate(
            zip(materials, situations, _runs(situations), _runs(sources)), start=1):
        form = bool(m.get("is_form"))
        rows.append({"n": n, "situation": situation, "situationSpan": s_span, "name": m["名称"],
                     "source": m.get("来源", ""), "sourceSpan": src_span, "issuer": m.get("出具单位", "") or "—",
                     "count": m.get("份数", ""), "medium": m.get("介质", ""), "required": m.get("必要性", ""),
                     "blankUrl": file_url(n, "blank") if form and m.get("blank") else None,
                     "sampleUrl": file_url(n, "sample") if form and m.get("sample") else None})
    return rows


def flow_rows(item: dict) -> list[list[str]]:
    return [[s.get("环节", ""), s.get("时限", ""), s.get("办理人", "")] for s in item["guide"].get("流程", [])]


def window_columns(show_all: bool) -> list[tuple[str, str]]:
    return [c for c in WINDOW_COLUMNS if show_all or c[1] not in ("工作时间", "咨询电话")]
