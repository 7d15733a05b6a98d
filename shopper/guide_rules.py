"""办事指南 accuracy checks (indicator family E1–E4 and D2), as pure functions.

Input: the normalised guide dict of docs/CONTRACTS.md section 4 (the keys of a catalogue
``item.guide`` plus ``name``, ``impl_code``, ``item_id``, ``url`` and, per form material,
``blank_url`` / ``sample_url`` / ``downloads``). Output: a :class:`GuideResult` with one
:class:`ElementResult` per element id, whose :meth:`GuideResult.to_observation` is the ``guide``
observation of CONTRACTS.md section 5.

The rules are those of ``shared/GUIDE_RULES.md``. Where a rule leaves room, each check's docstring
says which reading was taken and why (the reading closest to how an evaluator reads a real guide).

Standard library only: no Playwright, no HTTP. The page object fetches; this module judges.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

__all__ = [
    "ELEMENT_IDS", "ELEMENT_NAMES", "ElementResult", "GuideResult", "check_guide",
    "normalise_labels", "sniff_kind", "uscc_check_digit", "valid_uscc", "parse_impl_code",
    "summarise",
]

ELEMENT_IDS: tuple[str, ...] = (
    "E1-1", "E1-2", "E1-3", "E1-4", "E1-5", "E1-6",
    "E2-1", "E2-2", "E2-3", "E2-x", "E3-1", "E3-2", "E4", "D2",
)
ELEMENT_NAMES: dict[str, str] = {
    "E1-1": "法定办结时限", "E1-2": "承诺办结时限", "E1-3": "办理地点", "E1-4": "办理时间",
    "E1-5": "咨询电话", "E1-6": "中介/特殊环节", "E2-1": "材料来源/出具单位", "E2-2": "份数",
    "E2-3": "介质/形式", "E2-x": "材料名称", "E3-1": "流程", "E3-2": "到现场次数",
    "E4": "空表/样表", "D2": "实施编码",
}

# Real code lists (GUIDE_RULES.md)
ITEM_TYPE_CODES: dict[str, str] = {
    "01": "行政许可", "05": "行政给付", "07": "行政确认", "08": "行政奖励", "09": "行政裁决",
    "20": "其他行政权力", "21": "公共服务",
}
DOC_KINDS = frozenset({"docx", "xlsx", "pdf", "doc", "xls"})


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ElementResult:
    ok: bool
    value: str = ""
    why: str = ""

    def as_dict(self) -> dict:
        return {"ok": self.ok, "value": self.value, "why": self.why}


@dataclass
class GuideResult:
    item_id: str
    dept: str
    name: str = ""
    elements: dict[str, ElementResult] = field(default_factory=dict)

    def __getitem__(self, element_id: str) -> ElementResult:
        return self.elements[element_id]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.elements.values())

    @property
    def failing(self) -> list[str]:
        return [e for e, r in self.elements.items() if not r.ok]

    def to_observation(self) -> dict:
        """The ``guide`` observation of CONTRACTS.md section 5."""
        return {"item_id": self.item_id, "dept": self.dept,
                "elements": {e: r.as_dict() for e, r in self.elements.items()}}


# --------------------------------------------------------------------------- text helpers
_PLACEHOLDERS = frozenset({"", "-", "--", "—", "——", "/", "\\", "暂无", "null", "none", "n/a", "无数据"})


def _norm(v: Any) -> str:
    """NFKC (full-width digits, colons, brackets → ASCII) and trimmed; None → ''."""
    if v is None:
        return ""
    return unicodedata.normalize("NFKC", str(v)).strip()


def _blank(s: str) -> bool:
    return s.strip().lower() in _PLACEHOLDERS


def _short(s: str, n: int = 80) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def _zh_int(s: str) -> int | None:
    """'12' or Chinese numerals up to 99 ('两', '十二', '二十') → int."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
    if not s or any(c not in digits and c != "十" for c in s):
        return None
    if "十" not in s:
        return digits[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = digits.get(tens, None) if tens else 1
    o = digits.get(ones, None) if ones else 0
    return None if t is None or o is None else t * 10 + o


# --------------------------------------------------------------------------- label mapping
_TOP_LABELS: dict[str, str] = {
    # 承诺 time limit: the label varies by department
    "承诺办结时限": "承诺办结时限", "承诺办理时限": "承诺办结时限", "承诺时限": "承诺办结时限",
    "承诺期限": "承诺办结时限", "承诺办结期限": "承诺办结时限", "承诺办理期限": "承诺办结时限",
    "承诺时间": "承诺办结时限",
    # 法定 time limit
    "法定办结时限": "法定办结时限", "法定办理时限": "法定办结时限", "法定时限": "法定办结时限",
    "法定期限": "法定办结时限", "法定办结期限": "法定办结时限", "法定办理期限": "法定办结时限",
    # visits
    "到现场次数": "到现场次数", "到办事现场次数": "到现场次数", "到现场办理次数": "到现场次数",
    "跑动次数": "到现场次数", "最多跑次数": "到现场次数", "到窗口次数": "到现场次数",
    "到现场次数说明": "到现场次数说明", "到办事现场次数说明": "到现场次数说明",
    "到现场原因": "到现场次数说明", "到现场原因说明": "到现场次数说明",
    "必须现场办理原因说明": "到现场次数说明", "到现场办理原因": "到现场次数说明",
    # the rest
    "事项类型": "事项类型", "事项类别": "事项类型", "事项类型代码": "事项类型代码",
    "办件类型": "办件类型", "网办深度": "网办深度", "网上办理深度": "网办深度",
    "特殊环节": "特殊环节", "特别程序": "特殊环节", "中介服务": "特殊环节",
    "中介服务及特殊环节": "特殊环节", "特殊环节及中介服务": "特殊环节",
    "收费": "收费", "收费标准": "收费", "是否收费": "收费",
    "设定依据": "设定依据", "法律依据": "设定依据", "办理依据": "设定依据",
    "实施编码": "impl_code", "事项编码": "impl_code", "办理流程": "流程", "流程": "流程",
    "申请材料": "materials", "材料": "materials", "办理地点": "办理地点",
    "窗口": "windows", "办理窗口": "windows", "办理时间": "办理时间",
    "咨询电话": "咨询电话", "咨询方式": "咨询电话", "联系电话": "咨询电话",
    "事项名称": "name",
}
_WINDOW_LABELS: dict[str, str] = {
    "name": "name", "名称": "name", "窗口名称": "name", "办理窗口": "name",
    "地址": "地址", "办理地点": "地址", "办公地址": "地址", "窗口地址": "地址",
    "办理时间": "办理时间", "办公时间": "办理时间", "受理时间": "办理时间",
    "咨询电话": "咨询电话", "联系电话": "咨询电话", "咨询方式": "咨询电话",
}
_MATERIAL_LABELS: dict[str, str] = {
    "名称": "名称", "材料名称": "名称", "来源": "来源", "材料来源": "来源", "来源渠道": "来源",
    "出具单位": "出具单位", "来源渠道说明": "出具单位", "来源说明": "出具单位", "出具机关": "出具单位",
    "份数": "份数", "纸质材料份数": "份数", "材料份数": "份数", "数量": "份数",
    "介质": "介质", "材料形式": "介质", "材料介质": "介质", "形式": "介质", "材料类型": "介质",
    "必要性": "必要性", "是否必要": "必要性", "必要性及描述": "必要性",
    "空表": "blank", "样表": "sample",
}
_FLOW_LABELS: dict[str, str] = {
    "环节": "环节", "办理环节": "环节", "环节名称": "环节", "步骤": "环节",
    "时限": "时限", "办理时限": "时限", "办理时长": "时限", "环节时限": "时限",
    "办理人": "办理人", "办理人员": "办理人", "承办人": "办理人", "审批人": "办理人",
    "办理主体": "办理人", "岗位": "办理人",
}


def _label_key(label: Any) -> str:
    return re.sub(r"[\s:：]+", "", _norm(label)) if isinstance(label, str) else label


_COMBINED_SOURCE_LABELS = frozenset({"来源/出具单位", "来源渠道/出具单位", "材料来源/出具单位",
                                     "来源(出具单位)", "来源渠道(出具单位)"})


def _split_source(v: Any) -> tuple[Any, Any]:
    """'政府部门核发/公安机关' or '政府部门核发（公安机关）' → ('政府部门核发', '公安机关')."""
    t = _norm(v)
    m = re.fullmatch(r"([^/(]*)\((.*)\)", t) or re.fullmatch(r"([^/]*)/(.*)", t)
    return (m.group(1).strip(), m.group(2).strip()) if m else (v, "")


def _map_rows(rows: Any, table: Mapping[str, str]) -> Any:
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
                new[table.get(key, k)] = v
        out.append(new)
    return out


_VISITS_WITH_NOTE_RE = re.compile(r"^\s*((?:最多)?\s*[0-9零〇一二两三四五六七八九十]+\s*次?)\s*\((.*)\)\s*$")


def _split_visits(v: Any) -> tuple[Any, str]:
    """'1次（需本人到场采集指纹）' → ('1次', '需本人到场采集指纹'), as the sandbox page renders it."""
    m = _VISITS_WITH_NOTE_RE.match(_norm(v))
    return (m.group(1).strip(), m.group(2).strip()) if m else (v, "")


def normalise_labels(raw: Mapping[str, Any]) -> dict:
    """Map the labels a portal shows to the schema keys of CONTRACTS.md section 3/4.

    * 承诺办结时限 / 承诺办理时限 / 承诺时限 / 承诺期限 (…) → ``承诺办结时限``; the label actually shown
      is kept in ``承诺办结时限_label``.
    * 法定办结时限 / 法定办理时限 / 法定时限 / 法定期限 → ``法定办结时限``.
    * 到办事现场次数 / 到现场次数 (/ 跑动次数) → ``到现场次数``; their 说明 / 原因 → ``到现场次数说明``.
    * A bare ``办理时限`` / ``办结时限`` (no 法定/承诺 qualifier) is read as the 承诺 limit: on real portals
      the single limit shown is the one the department commits to. It never overrides an explicit
      承诺 label. Inside 流程 rows ``办理时限`` is the step's ``时限``.
    * Rows of ``windows`` / ``materials`` / ``流程`` get their column labels mapped too; a combined
      ``来源/出具单位`` cell (``政府部门核发/公安机关``) is split into 来源 and 出具单位.
    * A ``到现场次数`` cell that carries its reason (``1次（需本人到场…）``) is split into the count and
      ``到现场次数说明`` when no separate 说明 is given.
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
        if target in out and target != k and _blank(_norm(v)):
            continue                       # do not let an empty alias hide a filled field
        out[target] = v
    if bare_limit is not None and "承诺办结时限" not in out:
        out["承诺办结时限"] = bare_limit[1]
        out.setdefault("承诺办结时限_label", bare_limit[0])
    if "到现场次数" in out:
        count, note = _split_visits(out["到现场次数"])
        if note and _blank(_norm(out.get("到现场次数说明"))):
            out["到现场次数"], out["到现场次数说明"] = count, note
    if "承诺办结时限" in out and "承诺办结时限_label" not in out:
        out["承诺办结时限_label"] = "承诺办结时限"
    for key, table in (("windows", _WINDOW_LABELS), ("materials", _MATERIAL_LABELS),
                       ("流程", _FLOW_LABELS)):
        if key in out:
            out[key] = _map_rows(out[key], table)
    return out


# --------------------------------------------------------------------------- E1-1 / E1-2 time limits
_LIMIT_RE = re.compile(r"^\s*(\d{1,3})\s*个?\s*(工作日|自然日)\s*$")
_BARE_UNIT_RE = re.compile(r"\d+\s*(个?\s*(天|日|月|个月|周|星期|小时)|个工作天)")
_INSTANT_RE = re.compile(r"^\s*(即办|即办件|即时办结|即时办理|即时|当场办结|当场办理|立即办结|"
                         r"0\s*个?\s*工作日|0\s*个?\s*自然日)\s*[。.]?\s*$")


def _parse_limit(s: str) -> tuple[int, str] | None:
    m = _LIMIT_RE.match(s)
    return (int(m.group(1)), m.group(2)) if m else None


def _limit_why(label: str, s: str) -> str:
    if _blank(s):
        return f"{label}未公布"
    if _BARE_UNIT_RE.search(s):
        return f"{label}写作「{_short(s, 30)}」，未说明工作日或自然日"
    return f"{label}「{_short(s, 30)}」不是「N个工作日/自然日」的写法"


def check_legal_limit(guide: Mapping[str, Any]) -> ElementResult:
    """E1-1 法定办结时限: ``^\\s*\\d{1,3}\\s*个?\\s*(工作日|自然日)\\s*$`` after NFKC (full-width digits
    count as digits). A bare 天/日/个月 fails; so does 即办 here (the rule gives 即办 only to the 承诺
    limit of a 即办件: the law still sets a limit in days)."""
    s = _norm(guide.get("法定办结时限"))
    if _parse_limit(s):
        return ElementResult(True, s)
    return ElementResult(False, s, _limit_why("法定办结时限", s))


def check_promised_limit(guide: Mapping[str, Any]) -> ElementResult:
    """E1-2 承诺办结时限: the E1-1 format, and not longer than 法定 when both use the same unit.

    A 即办件 may instead say 即办 / 当场办结 / 0个工作日 (also read as such: 即时办结, 当场办理,
    立即办结, 即时, 0个自然日). A 承诺件 saying 即办 is a contradiction of 办件类型 and fails.
    Units differ (工作日 vs 自然日) → no comparison: converting needs a holiday calendar.
    """
    s = _norm(guide.get("承诺办结时限"))
    label = _norm(guide.get("承诺办结时限_label")) or "承诺办结时限"
    kind = _norm(guide.get("办件类型"))
    if _INSTANT_RE.match(s):
        if "即办" in kind:
            return ElementResult(True, s)
        if s.startswith("0"):
            return ElementResult(False, s, f"{label}「{s}」为0，但办件类型为「{kind or '未写'}」，不是即办件")
        return ElementResult(False, s, f"{label}写「{s}」，但办件类型为「{kind or '未写'}」，不是即办件")
    p = _parse_limit(s)
    if not p:
        return ElementResult(False, s, _limit_why(label, s))
    legal = _parse_limit(_norm(guide.get("法定办结时限")))
    if legal and legal[1] == p[1] and p[0] > legal[0]:
        return ElementResult(False, s, f"{label}「{s}」长于法定办结时限「{legal[0]}个{legal[1]}」")
    return ElementResult(True, s)


# --------------------------------------------------------------------------- E1-3..E1-5 windows
_STREET = r"(?:路|街|大道|巷|弄|胡同)"
_DOOR_RE = re.compile(_STREET + r"\s*(\d+(?:-\d+)?)\s*号(?!\s*(?:窗口|窗|柜台))")
_STREET_RE = re.compile(r"[\u4e00-\u9fff]" + _STREET)
_ROOM_RE = re.compile(r"(?:[0-9一二三四五六七八九十]+|[A-Za-z])\s*(?:楼|层)|\d+\s*室|"
                      r"\d+\s*号?\s*(?:窗口|窗|柜台)|窗口\s*\d+|[A-Za-z]\d+室?")


def _windows(guide: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    rows = guide.get("windows")
    if isinstance(rows, list) and rows:
        return [r for r in rows if isinstance(r, Mapping)]
    # a portal that shows one 办理地点 / 办理时间 / 咨询电话 outside a window table
    if any(guide.get(k) for k in ("办理地点", "办理时间", "咨询电话")):
        return [{"name": "办理地点", "地址": guide.get("办理地点"),
                 "办理时间": guide.get("办理时间"), "咨询电话": guide.get("咨询电话")}]
    return []


def _row_name(row: Mapping[str, Any], i: int) -> str:
    return _norm(row.get("name")) or f"第{i + 1}个窗口"


def _row_value(guide: Mapping[str, Any], row: Mapping[str, Any], key: str) -> str:
    """A window's own value, else the guide-level value (portals that state it once)."""
    v = _norm(row.get(key))
    return v if not _blank(v) else _norm(guide.get(key))


def _per_window(guide: Mapping[str, Any], field: str, fn, empty_why: str) -> ElementResult:
    """Apply `fn(value, who) -> why` (empty when fine) to `field` of every window row."""
    rows = _windows(guide)
    if not rows:
        return ElementResult(False, "", empty_why)
    problems, values = [], []
    for i, row in enumerate(rows):
        value = _row_value(guide, row, field)
        values.append(value)
        why = fn(value, f"窗口「{_row_name(row, i)}」")
        if why:
            problems.append(why)
    return ElementResult(not problems, _short("；".join(values), 200), "；".join(problems))


def check_address(guide: Mapping[str, Any]) -> ElementResult:
    """E1-3 办理地点: every window row has a street (…路/街/大道/巷/弄/胡同), a 门牌 ``\\d+(-\\d+)?号``
    and a room (楼/层/室) or 窗口号.

    Reading: the 门牌 must follow the street name (``大道88号``): a ``2号窗口`` is a window number, not a
    门牌, so an address with only a window number has no 门牌. The room is looked for after the 门牌
    (street names such as 鼓楼路 contain 楼).
    """
    def why(addr: str, who: str) -> str:
        if _blank(addr):
            return f"{who}未写地址"
        door = _DOOR_RE.search(addr)
        if not door:
            if _STREET_RE.search(addr):
                return f"{who}地址「{_short(addr, 40)}」只有街道名，没有门牌号"
            return f"{who}地址「{_short(addr, 40)}」没有街道和门牌号"
        if not _ROOM_RE.search(addr[door.end():]):
            return f"{who}地址「{_short(addr, 40)}」没有楼层/房间或窗口号"
        return ""
    return _per_window(guide, "地址", why, "未公布办理地点（无窗口信息）")


_DAYS_RE = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天1-7]\s*(?:至|到|-|—|–|~)\s*(?:周|星期|礼拜)?"
                      r"[一二三四五六日天1-7]|工作日|每天|每日")
_TIME_RE = re.compile(r"\d{1,2}\s*(?::\s*\d{2}|时|点)(?:\s*\d{1,2}分)?\s*(?:-|—|–|~|至|到)+\s*"
                      r"(?:上午|下午|中午|晚上)?\s*\d{1,2}\s*(?::\s*\d{2}|时|点)")


def check_hours(guide: Mapping[str, Any]) -> ElementResult:
    """E1-4 办理时间: every window row states a day range (周一至周五 / 星期一至星期五 / 工作日; also
    每天/每日) and a clock-time range (09:00-12:00; 9时至12时 is read the same)."""
    def why(h: str, who: str) -> str:
        if _blank(h):
            return f"{who}未写办理时间"
        miss = []
        if not _DAYS_RE.search(h):
            miss.append("工作日范围")
        if not _TIME_RE.search(h):
            miss.append("具体时间段")
        return f"{who}办理时间「{_short(h, 40)}」没有{'和'.join(miss)}" if miss else ""
    return _per_window(guide, "办理时间", why, "未公布办理时间（无窗口信息）")


_PHONE_RES = (
    re.compile(r"(?<!\d)\(?0\d{2,3}\)?\s*-?\s*\d{7,8}(?!\d)"),          # 0575-87051234, (0575)87051234
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),                               # mobile
    re.compile(r"(?<!\d)[48]00\s*-?\s*\d{3}\s*-?\s*\d{4}(?!\d)"),           # 400 / 800
)


def check_phone(guide: Mapping[str, Any]) -> ElementResult:
    """E1-5 咨询电话: every window row gives a landline with area code (``0\\d{2,3}-?\\d{7,8}``), a mobile
    or a 400/800 number. 12345 (the 政务服务便民热线) alone is flagged: it is not the department's line.
    12345 next to a real number passes."""
    def why(p: str, who: str) -> str:
        if _blank(p):
            return f"{who}未写咨询电话"
        if any(r.search(p) for r in _PHONE_RES):
            return ""
        if "12345" in p:
            return f"{who}咨询电话仅写12345热线「{_short(p, 30)}」，未公布部门电话"
        return f"{who}咨询电话「{_short(p, 30)}」不是带区号的固话、手机或400电话"
    return _per_window(guide, "咨询电话", why, "未公布咨询电话（无窗口信息）")


# --------------------------------------------------------------------------- E1-6 special steps
_NONE_RE = re.compile(r"^(无|没有|不涉及|否|无特殊环节|无特别程序|无中介服务(?:事项)?|"
                      r"无中介服务和特殊环节|无中介服务及特殊环节)[。.]?$")


def _says_none(s: str) -> bool:
    """'无中介服务；无特殊环节', '特殊环节：无', '本事项不涉及中介服务和特殊环节' say 无."""
    if not re.search(r"无|没有|不涉及|不需要|否", s):
        return False
    rest = re.sub(r"无|没有|不涉及|不需要|否|本事项|中介服务|特殊环节|特别程序|事项|及|和|与|[、，,；;。.:\s]", "", s)
    return rest == ""


_SPECIAL_WORDS = ("评审", "评估", "勘查", "勘验", "检测", "检验", "鉴定", "公示", "听证", "专家",
                  "招标", "拍卖", "中介", "测绘", "公告")
_BASIS_RE = re.compile(r"《[^》]+》|依据|根据|按照.{0,30}规定|第[一二三四五六七八九十百零\d]+条")


def check_special(guide: Mapping[str, Any]) -> ElementResult:
    """E1-6 中介/特殊环节: stated with its basis (依据《…》第…条), or explicitly 无.

    Readings: an empty field fails (silence is not 无). Any stated step must name its basis.
    A guide that says 无 while its 流程 has a special step (评审 评估 勘查 检测 公示 …) contradicts
    itself and fails: an evaluator reads the two together.
    """
    s = _norm(guide.get("特殊环节"))
    if _blank(s):
        return ElementResult(False, s, "未说明特殊环节/中介服务（应写明或写「无」）")
    steps = [_norm(st.get("环节")) for st in guide.get("流程") or [] if isinstance(st, Mapping)]
    if _NONE_RE.match(s) or _says_none(s):
        special = [st for st in steps if any(w in st for w in _SPECIAL_WORDS)]
        if special:
            return ElementResult(False, s, f"特殊环节写「无」，但流程含「{special[0]}」环节")
        return ElementResult(True, s)
    if not _BASIS_RE.search(s):
        return ElementResult(False, _short(s), f"特殊环节「{_short(s, 40)}」未写明依据")
    return ElementResult(True, _short(s))


# --------------------------------------------------------------------------- E2 materials
_ISSUER_RE = re.compile(r"(局|厅|委|委员会|中心|派出所|所|机关|政府|部|部门|办|办公室|院|法院|检察院|处|科|"
                        r"站|队|大队|馆|会|署|关|庭|银行|机构)(?:出具|核发|开具|颁发)?$")
_VAGUE_PREFIX_RE = re.compile(r"^(?:相关|有关|各级|主管|政府|行政|业务|其他|其它|职能|管理|发证)+")
_VAGUE_CORE = frozenset({"", "部门", "单位", "机关", "机构", "政府部门", "行政机关"})


def _vague_issuer(iss: str) -> bool:
    """相关部门 / 有关单位 / 主管部门 / 相关行政机关 name no issuer; 民政部门 / 公安机关 do."""
    core = re.sub(r"(?:出具|核发|开具|颁发)$", "", iss)
    return _VAGUE_PREFIX_RE.sub("", core) in _VAGUE_CORE


def _materials(guide: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [m for m in guide.get("materials") or [] if isinstance(m, Mapping)]


def _mat_name(m: Mapping[str, Any], i: int) -> str:
    return _norm(m.get("名称")) or f"第{i + 1}项材料"


def _per_material(guide: Mapping[str, Any], fn, empty_why: str) -> ElementResult:
    mats = _materials(guide)
    if not mats:
        return ElementResult(False, "", empty_why)
    problems, values = [], []
    for i, mat in enumerate(mats):
        value, why = fn(mat, f"材料「{_mat_name(mat, i)}」")
        values.append(value)
        if why:
            problems.append(why)
    return ElementResult(not problems, _short("；".join(values), 200), "；".join(problems))


def check_sources(guide: Mapping[str, Any]) -> ElementResult:
    """E2-1 材料来源/出具单位: every material gives its 来源; a 政府部门核发 material names its issuer
    (an organ: …局/厅/委/中心/派出所/公安机关/人民政府…; a kind of organ such as 民政部门 is read
    as named, as real guides write it). 相关部门 / 有关单位 / 主管部门 is not a name.
    The rule asks the issuer only for 政府部门核发, so 申请人自备 and 其他 need none."""
    def one(mat, who):
        src, iss = _norm(mat.get("来源")), _norm(mat.get("出具单位"))
        val = f"{src}/{iss}" if iss else src
        if _blank(src):
            return val, f"{who}未写来源"
        if "政府" in src or "核发" in src:
            iss_c = re.sub(r"[\s()（）]", "", iss)
            if _blank(iss):
                return val, f"{who}来源为政府部门核发但未写出具单位"
            if _vague_issuer(iss_c) or not _ISSUER_RE.search(iss_c):
                return val, f"{who}来源为政府部门核发，出具单位「{iss}」未写明具体机关"
        return val, ""
    return _per_material(guide, one, "未公布申请材料")


_COUNT_RE = re.compile(r"([0-9]+|[零〇一二两三四五六七八九十]+)\s*份")


def check_copies(guide: Mapping[str, Any]) -> ElementResult:
    """E2-2 份数: every material gives a positive count (原件1份, 复印件2份; Chinese numerals read;
    a bare ``2`` in the 份数 column is a count). 若干 / 按需 / 0份 fail."""
    def one(mat, who):
        s = _norm(mat.get("份数"))
        counts = [_zh_int(c) for c in _COUNT_RE.findall(s)]
        if re.fullmatch(r"[1-9]\d*", s):
            counts = [int(s)]           # a bare number under a 份数 heading is a count
        if any(c and c > 0 for c in counts):
            return s, ""
        if _blank(s):
            return s, f"{who}未写份数"
        return s, f"{who}份数「{_short(s, 20)}」不是正整数份"
    return _per_material(guide, one, "未公布申请材料")


def check_form(guide: Mapping[str, Any]) -> ElementResult:
    """E2-3 介质/形式: every material states 原件/复印件 (正本/副本 too) and 纸质/电子 (电子化, 电子版).
    Read across the 份数 and 介质 columns together, as portals put 原件1份 under 份数."""
    def one(mat, who):
        copies, medium = _norm(mat.get("份数")), _norm(mat.get("介质"))
        text = f"{copies} {medium}"
        miss = []
        if not re.search(r"原件|复印件|正本|副本|扫描件|原本", text):
            miss.append("原件/复印件")
        if not re.search(r"纸质|电子", text):
            miss.append("纸质/电子")
        val = f"{copies}/{medium}"
        return val, (f"{who}未写明{'和'.join(miss)}" if miss else "")
    return _per_material(guide, one, "未公布申请材料")


_CATCHALL_RES = (
    re.compile(r"其他\s*(?:相关|有关|需要|所需|必要|规定)?\s*(?:的)?\s*(?:证明)?\s*(?:材料|资料|文件)"),
    re.compile(r"(?<![高中初同平均])等\s*(?:相关|有关|其他|证明|佐证)?\s*(?:材料|资料|文件)"),
    re.compile(r"相关部门要求"), re.compile(r"视情况"), re.compile(r"以窗口告知为准|窗口告知|另行告知"),
    re.compile(r"(?:法律|法规|规章).{0,6}规定的其他"), re.compile(r"根据实际情况"),
)


def check_material_names(guide: Mapping[str, Any]) -> ElementResult:
    """E2-x 材料名称: no 兜底 wording in a material's name: 其他(相关)材料, …等材料, 相关部门要求的,
    视情况, 以窗口告知为准 (also read: 窗口告知/另行告知, 法律法规规定的其他…, 根据实际情况).
    ``等`` inside 高等/中等/初等/平等 is not the 等 of a list."""
    mats = _materials(guide)
    if not mats:
        return ElementResult(False, "", "未公布申请材料")
    bad = []
    for i, mat in enumerate(mats):
        name = _norm(mat.get("名称"))
        for r in _CATCHALL_RES:
            hit = r.search(name)
            if hit:
                bad.append(f"材料「{_short(name, 40)}」含兜底表述「{hit.group(0)}」")
                break
    names = "、".join(_norm(m.get("名称")) for m in mats)
    return ElementResult(not bad, _short(names, 200), "；".join(bad))


# --------------------------------------------------------------------------- E3 process, visits
_STEP_LIMIT_RE = re.compile(r"\d+\s*个?\s*(工作日|自然日|日|天|小时|分钟)|即时|即办|当场|立即|当日|当天")


def check_process(guide: Mapping[str, Any]) -> ElementResult:
    """E3-1 流程: starts at 受理 (a 申请 step before it is allowed) and reaches 办结 or 送达 after it,
    each step with a time limit or a handler.

    Readings: step names are matched by containment (``受理审核`` is a 受理 step, ``制证送达`` a
    送达 step). A step's time limit counts when it names a duration or 即时/当场; a handler
    counts when not blank."""
    steps = [s for s in guide.get("流程") or [] if isinstance(s, Mapping)]
    if not steps:
        return ElementResult(False, "", "未公布办理流程")
    names = [_norm(s.get("环节")) for s in steps]
    value = "→".join(names)
    problems = []
    accept = next((i for i, n in enumerate(names) if "受理" in n), None)
    end = next((i for i, n in enumerate(names) if ("办结" in n or "送达" in n)
                and (accept is None or i > accept)), None)
    if accept is None:
        problems.append("流程缺少「受理」环节")
    if end is None:
        problems.append("流程未到「办结/送达」环节")
    for i, (st, n) in enumerate(zip(steps, names)):
        lim, who = _norm(st.get("时限")), _norm(st.get("办理人"))
        if not (_STEP_LIMIT_RE.search(lim) or not _blank(who)):
            problems.append(f"环节「{n or f'第{i + 1}步'}」既无时限也无办理人")
    return ElementResult(not problems, _short(value, 200), "；".join(problems))


def check_visits(guide: Mapping[str, Any]) -> ElementResult:
    """E3-2 到现场次数: a number (``0``, ``1次``, ``一次``); more than 0 needs a reason in
    到现场次数说明; 网办深度 IV (全程网办) means 0."""
    s = _norm(guide.get("到现场次数"))
    note = _norm(guide.get("到现场次数说明"))
    count, inline = _split_visits(s)
    if inline:
        s, note = _norm(count), note if not _blank(note) else inline
    depth = _norm(guide.get("网办深度")).upper()
    m = re.fullmatch(r"(?:最多)?\s*([0-9]+|[零〇一二两三四五六七八九十]+)\s*(?:次)?", s)
    n = _zh_int(m.group(1)) if m else None
    if n is None:
        return ElementResult(False, s, "到现场次数未公布" if _blank(s) else f"到现场次数「{s}」不是数字")
    if depth == "IV" and n != 0:
        return ElementResult(False, s, f"网办深度为IV（全程网办），到现场次数却为{n}")
    if n > 0 and (_blank(note) or note in ("无", "没有")):
        return ElementResult(False, s, f"到现场次数为{n}，未说明到现场的原因")
    return ElementResult(True, f"{s}（{_short(note, 60)}）" if note else s)


# --------------------------------------------------------------------------- E4 forms & downloads
_FORM_NAME_RE = re.compile(r"(表|表格|表单)$")
_NOT_FORM_RE = re.compile(r"报表|负债表|利润表|流量表|财务.*表|审计.*表|时刻表|价目表")

_MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_kind(first_bytes: bytes, content_type: str = "") -> str:
    """``docx|xlsx|pdf|doc|xls|html|unknown`` from the first bytes, the content type deciding only
    what bytes cannot (which OOXML/OLE2 document it is) or when no bytes were kept.

    * ``%PDF`` → pdf; ``PK\\x03\\x04`` (zip) → docx when a ``word/`` part name is seen, xlsx for
      ``xl/``, else from the content type (wordprocessingml / spreadsheetml); a zip of neither kind
      is unknown.
    * OLE2 (``D0 CF 11 E0``) → doc / xls from the content type (msword / ms-excel): legacy Office
      files are real documents to an evaluator; unknown otherwise.
    * ``<!doctype html`` / ``<html`` (after a BOM or whitespace) → html: an error page served in
      place of the file.
    * Bytes present but none of these → unknown, whatever the content type claims (a 404 page with
      ``application/pdf`` is not a PDF).
    """
    b = bytes(first_bytes or b"")
    ct = (content_type or "").lower()
    if b:
        head = b.lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith(b"%PDF"):
            return "pdf"
        if head.startswith(b"PK\x03\x04"):
            if b"word/" in b:
                return "docx"
            if b"xl/" in b:
                return "xlsx"
            if "wordprocessingml" in ct:
                return "docx"
            if "spreadsheetml" in ct:
                return "xlsx"
            return "unknown"
        if head.startswith(_MAGIC_OLE):
            if "msword" in ct:
                return "doc"
            if "ms-excel" in ct:
                return "xls"
            return "unknown"
        low = head[:512].lower()
        if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in low:
            return "html"
        return "unknown"
    if "pdf" in ct:
        return "pdf"
    if "wordprocessingml" in ct:
        return "docx"
    if "spreadsheetml" in ct:
        return "xlsx"
    if "msword" in ct:
        return "doc"
    if "ms-excel" in ct:
        return "xls"
    if "html" in ct:
        return "html"
    return "unknown"


def _is_form(mat: Mapping[str, Any]) -> bool:
    if mat.get("is_form"):
        return True
    src = _norm(mat.get("来源"))
    if src and "自备" not in src:
        return False        # a 体检表 / 鉴定表 / 备案登记表 filled in or issued by someone else
    name = re.sub(r"[《》「」\"'“”\s]", "", _norm(mat.get("名称")))
    name = re.sub(r"\([^)]*\)$", "", name)
    return bool(_FORM_NAME_RE.search(name)) and not _NOT_FORM_RE.search(name)


def _link(mat: Mapping[str, Any], which: str) -> str:
    return _norm(mat.get(f"{which}_url")) or _norm(mat.get(which))


def _find_download(downloads: list, url: str, which: str) -> Mapping[str, Any] | None:
    for d in downloads:
        if isinstance(d, Mapping) and url and _norm(d.get("url")) == url:
            return d
    for d in downloads:
        if isinstance(d, Mapping) and (d.get("which") == which
                                       or re.search(rf"/{which}(?:$|[/?.])", _norm(d.get("url")))):
            return d
    return None


def check_forms(guide: Mapping[str, Any]) -> ElementResult:
    """E4 空表/样表: every 申请表格 links both a 空表 and a 样表; when the page object downloaded them
    (``downloads``), each answered 200 with a real docx/xlsx/pdf (doc/xls accepted too; the kind
    from magic bytes, see :func:`sniff_kind`).

    Readings: a material is a 申请表格 when flagged ``is_form``, or when the applicant prepares it
    (来源 申请人自备 or not stated) and it is named …表/表格/表单 (not a 财务报表 / 资产负债表,
    which the applicant draws up from its own accounts): a 申请表 shown without links is the
    commonest E4 fault, and a page cannot flag what it does not link. A 体检表 filled in by a hospital
    or a 备案登记表 issued by an office (来源 其他 / 政府部门核发) is a document the applicant
    obtains, not a form the guide must supply. A guide with no form passes as not applicable.
    """
    forms = [(i, m) for i, m in enumerate(_materials(guide)) if _is_form(m)]
    if not forms:
        return ElementResult(True, "无申请表格", "无申请表格，不适用")
    problems, values = [], []
    for i, mat in forms:
        who = f"申请表「{_mat_name(mat, i)}」"
        downloads = mat.get("downloads")
        parts = []
        for which, zh in (("blank", "空表"), ("sample", "样表")):
            link = _link(mat, which)
            if _blank(link):
                problems.append(f"{who}未提供{zh}下载")
                parts.append(f"{zh}:无")
                continue
            if isinstance(downloads, list):
                d = _find_download(downloads, link, which)
                if d is None:
                    problems.append(f"{who}{zh}链接未能下载")
                    parts.append(f"{zh}:未下载")
                    continue
                status = d.get("status")
                kind = _norm(d.get("kind")) or sniff_kind(b"", _norm(d.get("content_type")))
                parts.append(f"{zh}:{status} {kind}")
                if status is None:
                    problems.append(f"{who}{zh}下载失败（{_norm(d.get('error')) or '无响应'}）")
                elif status != 200:
                    problems.append(f"{who}{zh}下载返回{status}")
                elif kind not in DOC_KINDS:
                    problems.append(f"{who}{zh}下载内容不是docx/xlsx/pdf文档（{kind}）")
            else:
                parts.append(f"{zh}:{link.rsplit('/', 3)[-1] if '/' in link else link}")
        values.append(f"{_mat_name(mat, i)}[{' '.join(parts)}]")
    return ElementResult(not problems, _short("；".join(values), 200), "；".join(problems))


# --------------------------------------------------------------------------- D2 implementation code
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_digit(first17: str) -> str:
    """GB 32100-2015 check character of the first 17 characters of a 统一社会信用代码:
    check = (31 − Σ value·weight mod 31) mod 31 over the alphabet without I O S V Z."""
    first17 = first17.upper()
    if len(first17) != 17 or any(c not in USCC_ALPHABET for c in first17):
        raise ValueError(f"need 17 characters of {USCC_ALPHABET}: {first17!r}")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def valid_uscc(code: str) -> bool:
    """18 characters of the GB 32100 alphabet whose last one is the check character."""
    if not isinstance(code, str) or len(code) != 18:
        return False
    code = code.upper()
    if any(c not in USCC_ALPHABET for c in code):
        return False
    return uscc_check_digit(code[:17]) == code[17]


def parse_impl_code(code: str) -> dict:
    """Split a 31-char 实施编码 as ``uscc(18) + level(1) + basic(12)``.

    The layout is INFERRED, not taken from a published standard: the 实施主体's 统一社会信用代码
    (18), one digit for the 行使层级, then the 12-character 基本编码 whose first two digits are the
    事项类型代码 (01 行政许可 … 21 公共服务).
    """
    return {"uscc": code[:18], "level": code[18:19], "basic": code[19:]}


def check_impl_code(guide: Mapping[str, Any]) -> ElementResult:
    """D2 实施编码 (inferred layout, see :func:`parse_impl_code`): 31 characters; the first 18 a
    统一社会信用代码 with a valid GB 32100 check character; a level digit; a 12-digit 基本编码.

    Reading: the 基本编码 begins with a real 事项类型代码; when the guide states 事项类型代码 the
    two must agree (an evaluator reads the code against the type shown beside it).
    """
    code = re.sub(r"\s+", "", _norm(guide.get("impl_code"))).upper()
    if not code:
        return ElementResult(False, "", "未公布实施编码")
    if len(code) != 31:
        return ElementResult(False, code, f"实施编码「{code}」长度为{len(code)}位，应为31位")
    p = parse_impl_code(code)
    if not valid_uscc(p["uscc"]):
        if any(c not in USCC_ALPHABET for c in p["uscc"]):
            return ElementResult(False, code, f"实施编码前18位「{p['uscc']}」含统一社会信用代码不用的字符")
        return ElementResult(False, code, f"实施编码前18位「{p['uscc']}」的统一社会信用代码校验位错误"
                                          f"（应为{uscc_check_digit(p['uscc'][:17])}）")
    if not p["level"].isdigit():
        return ElementResult(False, code, f"实施编码第19位「{p['level']}」不是层级数字")
    if not p["basic"].isdigit():
        return ElementResult(False, code, f"实施编码后12位基本编码「{p['basic']}」不是数字")
    tcode = p["basic"][:2]
    if tcode not in ITEM_TYPE_CODES:
        return ElementResult(False, code, f"基本编码的事项类型代码「{tcode}」不在事项类型代码表中")
    stated = _norm(guide.get("事项类型代码"))
    if stated and stated != tcode:
        return ElementResult(False, code, f"基本编码的事项类型代码「{tcode}」与指南所列「{stated}」不一致")
    return ElementResult(True, code)


# --------------------------------------------------------------------------- entry point
CHECKS = {
    "E1-1": check_legal_limit, "E1-2": check_promised_limit, "E1-3": check_address,
    "E1-4": check_hours, "E1-5": check_phone, "E1-6": check_special, "E2-1": check_sources,
    "E2-2": check_copies, "E2-3": check_form, "E2-x": check_material_names, "E3-1": check_process,
    "E3-2": check_visits, "E4": check_forms, "D2": check_impl_code,
}


def _dept_of(guide: Mapping[str, Any]) -> str:
    d = _norm(guide.get("dept"))
    if d:
        return d
    iid = _norm(guide.get("item_id"))
    return iid.split("-", 1)[0] if "-" in iid else ""


def check_guide(guide: Mapping[str, Any]) -> GuideResult:
    """Check one normalised guide against every element rule; never raises on odd input
    (a check that breaks on malformed data is reported as that element failing)."""
    if not isinstance(guide, Mapping):
        raise TypeError("guide must be a mapping (CONTRACTS.md section 4)")
    res = GuideResult(item_id=_norm(guide.get("item_id")), dept=_dept_of(guide),
                      name=_norm(guide.get("name")))
    for eid, fn in CHECKS.items():
        try:
            res.elements[eid] = fn(guide)
        except Exception as exc:  # malformed page data: count it against the guide, say why
            res.elements[eid] = ElementResult(False, "", f"指南数据无法解析：{type(exc).__name__}: {exc}")
    return res


# --------------------------------------------------------------------------- aggregation
def _elements_of(r: Any) -> tuple[str, str, dict[str, bool]]:
    if isinstance(r, GuideResult):
        return r.item_id, r.dept, {e: x.ok for e, x in r.elements.items()}
    if isinstance(r, Mapping):
        els = r.get("elements") or {}
        return (_norm(r.get("item_id")), _norm(r.get("dept")),
                {e: bool(x.get("ok") if isinstance(x, Mapping) else getattr(x, "ok", False))
                 for e, x in els.items()})
    raise TypeError(f"not a guide result: {type(r).__name__}")


def _rate(passed: int, total: int) -> dict:
    return {"passed": passed, "total": total, "rate": (passed / total) if total else None}


def summarise(results: Iterable[Any]) -> dict:
    """Pass rates from GuideResults or ``guide`` observation dicts (pure).

    Returns ``{"elements": {eid: {passed,total,rate}}, "guides": {item_id: {passed,total,rate,
    failing,dept}}, "departments": {dept: {passed,total,rate,guides,guides_clean}}, "overall":
    {passed,total,rate}}``; rates count (guide, element) pairs, ``None`` when nothing was checked.
    """
    el: dict[str, list[int]] = {}
    guides: dict[str, dict] = {}
    depts: dict[str, dict] = {}
    tp = tt = 0
    for r in results:
        iid, dept, oks = _elements_of(r)
        p = sum(oks.values())
        t = len(oks)
        tp += p
        tt += t
        for e, ok in oks.items():
            acc = el.setdefault(e, [0, 0])
            acc[0] += ok
            acc[1] += 1
        g = _rate(p, t)
        g.update(dept=dept, failing=[e for e, ok in oks.items() if not ok])
        guides[iid] = g
        d = depts.setdefault(dept, {"passed": 0, "total": 0, "guides": 0, "guides_clean": 0})
        d["passed"] += p
        d["total"] += t
        d["guides"] += 1
        d["guides_clean"] += (p == t)
    order = {e: i for i, e in enumerate(ELEMENT_IDS)}
    elements = {e: _rate(*el[e]) for e in sorted(el, key=lambda e: (order.get(e, 99), e))}
    departments = {}
    for k, d in depts.items():
        departments[k] = _rate(d["passed"], d["total"])
        departments[k].update(guides=d["guides"], guides_clean=d["guides_clean"])
    return {"elements": elements, "guides": guides, "departments": departments,
            "overall": _rate(tp, tt)}
