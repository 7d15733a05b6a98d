"""E1 基本信息: 法定/承诺办结时限, 办理地点, 办理时间, 咨询电话, 中介服务/特殊环节."""
from __future__ import annotations

import re
from typing import Any, Mapping

from .base import (FAIL, PASS, REVIEW, ZH_NUM, ElementResult, blank, combine, failed, norm, passed,
                   review, short, zh_int)

# --------------------------------------------------------------------------- E1-1 / E1-2
_LIMIT_RE = re.compile(r"(" + ZH_NUM + r")\s*个?\s*(工作日|自然日)")
_BARE_UNIT_RE = re.compile(r"(?:\d+|" + ZH_NUM + r")\s*(?:个\s*)?(?:天|日|月|周|星期|小时|工作天)")
_INSTANT_RE = re.compile(r"即办|即时|当场|立即|立等|马上办|即来即办|^0\s*个?\s*(?:工作日|自然日)")


def parse_limit(s: str) -> tuple[int, str] | None:
    """The first 'N个工作日/自然日' in the text (a note after it is fine), or None."""
    m = _LIMIT_RE.search(s)
    if not m:
        return None
    n = zh_int(m.group(1))
    return None if n is None else (n, m.group(2))


def _limit_fail(element: str, label: str, s: str) -> ElementResult:
    if blank(s) or s in ("无", "不涉及"):
        return failed(element, s, f"{label}未标注")
    if _BARE_UNIT_RE.search(s):
        return failed(element, s, f"{label}写作「{short(s, 30)}」，未说明是工作日还是自然日")
    return failed(element, s, f"{label}「{short(s, 30)}」未标明以工作日或自然日计的期限")


def check_legal_limit(guide: Mapping[str, Any]) -> ElementResult:
    """E1-1 法定办结时限 — wording: 明确标注该事项的法定期限，明确说明是工作日还是自然日.

    合格: a number of 工作日/自然日 anywhere in the cell (``20个工作日（不含专家评审时间）``,
    ``自受理之日起20个工作日``, 二十个工作日). 不合格: missing, or a number of 天/日/月 (no 工作日/自然日).
    需人工复核: 即办 given as the legal limit (a reading: the law may set none)."""
    s = norm(guide.get("法定办结时限"))
    if parse_limit(s):
        return passed(s)
    if _INSTANT_RE.search(s):
        return review(s, f"法定办结时限写「{short(s, 20)}」，法律是否规定即办需人工核对",
                      "即办作为法定期限")
    return _limit_fail("E1-1", "法定办结时限", s)


def check_promised_limit(guide: Mapping[str, Any]) -> ElementResult:
    """E1-2 承诺办结时限 — wording: 明确标注该事项的承诺期限，明确说明是工作日还是自然日.

    合格: N个工作日/自然日 (a note after it is fine); a 即办件 (or a guide stating no 办件类型) saying
    即办 / 当场办结 / 即时办结 / 0个工作日. 不合格: missing; 天/日/月 without 工作日/自然日; a promise longer
    than the legal limit in the same unit (the figure shown cannot be accurate: 办事指南准确度
    “要素信息的准确性”). 需人工复核: a 承诺件 that says 即办 (the page contradicts itself)."""
    s = norm(guide.get("承诺办结时限"))
    label = norm(guide.get("承诺办结时限_label")) or "承诺办结时限"
    kind = norm(guide.get("办件类型"))
    p = parse_limit(s)
    if (p and p[0] == 0) or (not p and _INSTANT_RE.search(s)):
        if "承诺件" in kind:
            return review(s, f"{label}写「{short(s, 20)}」，但办件类型为承诺件，页面自相矛盾",
                          "即办与承诺件并存")
        return passed(s)
    if not p:
        return _limit_fail("E1-2", label, s)
    legal = parse_limit(norm(guide.get("法定办结时限")))
    if legal and legal[1] == p[1] and p[0] > legal[0]:
        r = failed("E1-2", s, f"{label}「{short(s, 30)}」长于法定办结时限「{legal[0]}个{legal[1]}」")
        return ElementResult(r.verdict, r.value, r.why, r.basis + "；办事指南准确度：要素信息的准确性")
    return passed(s)


# --------------------------------------------------------------------------- windows
def _windows(guide: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    rows = guide.get("windows")
    if isinstance(rows, list) and rows:
        return [r for r in rows if isinstance(r, Mapping)]
    if any(guide.get(k) for k in ("办理地点", "办理时间", "咨询电话")):
        return [{"name": "办理地点", "地址": guide.get("办理地点"),
                 "办理时间": guide.get("办理时间"), "咨询电话": guide.get("咨询电话")}]
    return []


def _row_value(guide: Mapping[str, Any], row: Mapping[str, Any], key: str) -> str:
    """A window's own value, else the guide-level value (portals that state it once)."""
    v = norm(row.get(key))
    top = {"地址": "办理地点"}.get(key, key)
    return v if not blank(v) else norm(guide.get(top))


def _per_window(guide: Mapping[str, Any], element: str, key: str, fn, missing: str) -> ElementResult:
    """``fn(value, who) -> (verdict, why, reading)`` on every window row, worst verdict wins."""
    rows = _windows(guide)
    if not rows:
        return failed(element, "", missing)
    findings, values = [], []
    for i, row in enumerate(rows):
        value = _row_value(guide, row, key)
        values.append(value)
        findings.append(fn(value, f"窗口「{norm(row.get('name')) or f'第{i + 1}个窗口'}」"))
    return combine(element, findings, short("；".join(values), 200))


_STREET = r"(?:路|街|大道|巷|弄|胡同|段|道|里)"
_DOOR_RE = re.compile(_STREET + r"\s*(\d+(?:-\d+)?)\s*号(?!\s*(?:窗口|窗|柜台))")
_STREET_RE = re.compile(r"[\u4e00-\u9fff](?:路|街|大道|巷|弄|胡同)")
_ROOM_RE = re.compile(r"\d+\s*室|\d+\s*号?\s*(?:窗口|窗|柜台)|窗口\s*\d+|[A-Za-z]\d{2,}|\d+\s*号房")
_FLOOR_RE = re.compile(r"(?:[0-9一二三四五六七八九十]+|[A-Za-z])\s*(?:楼|层)|大厅|区")


def check_address(guide: Mapping[str, Any]) -> ElementResult:
    """E1-3 办理地点 — wording: 办理地点有明确街道名称、门牌号、房间号、窗口号.

    Per window: 不合格 when the address is missing, has no street + 门牌 (``…路/街/大道/段 88号``; a
    ``2号窗口`` is not a 门牌), or stops at the 门牌 with nothing after it. 合格 with a 室 or 窗口号 after
    the 门牌. 需人工复核 with only a floor / 大厅 / 区 after the 门牌 (reading: whether a hall without a
    numbered window satisfies 房间号、窗口号 is for a person to judge)."""
    def one(addr: str, who: str):
        if blank(addr):
            return FAIL, f"{who}未写办理地点", ""
        door = _DOOR_RE.search(addr)
        if not door:
            if _STREET_RE.search(addr):
                return FAIL, f"{who}地址「{short(addr, 40)}」只有街道名称，没有门牌号", ""
            return FAIL, f"{who}地址「{short(addr, 40)}」没有街道名称和门牌号", ""
        rest = addr[door.end():]
        if _ROOM_RE.search(rest):
            return PASS, "", ""
        if _FLOOR_RE.search(rest):
            return REVIEW, f"{who}地址「{short(addr, 40)}」有楼层/大厅但无房间号或窗口号", "楼层或大厅能否代替窗口号"
        return FAIL, f"{who}地址「{short(addr, 40)}」只写到门牌号，没有房间号或窗口号", ""
    return _per_window(guide, "E1-3", "地址", one, "未公布办理地点")


_DAYS_RE = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天1-7]\s*(?:至|到|-|—|–|~)\s*(?:周|星期|礼拜)?"
                      r"[一二三四五六日天1-7]|工作日|每天|每日")
_HOUR = r"(?:\d{1,2}|[零一二两三四五六七八九十]{1,3})"
_TIME_RE = re.compile(_HOUR + r"\s*(?::\s*\d{2}|时|点)(?:\s*(?:\d{1,2}分|半))?\s*(?:-|—|–|~|至|到)+\s*"
                      r"(?:上午|下午|中午|晚上)?\s*" + _HOUR + r"\s*(?::\s*\d{2}|时|点)")


def check_hours(guide: Mapping[str, Any]) -> ElementResult:
    """E1-4 办理时间 — wording: 明确标注该事项受理的时间周期，如【星期一至星期五：上午 09:00—12:00，
    下午 13:00—17:00】. Per window 不合格 when missing, without a day range (周一至周五 / 星期一至星期五 /
    工作日 / 每天) or without a clock-time range (09:00-12:00, 9时至12时)."""
    def one(h: str, who: str):
        if blank(h):
            return FAIL, f"{who}未写办理时间", ""
        miss = []
        if not _DAYS_RE.search(h):
            miss.append("受理的日期周期（星期几）")
        if not _TIME_RE.search(h):
            miss.append("具体时间段")
        return (FAIL, f"{who}办理时间「{short(h, 40)}」没有{'和'.join(miss)}", "") if miss else (PASS, "", "")
    return _per_window(guide, "E1-4", "办理时间", one, "未公布办理时间")


_PHONE_RES = (
    re.compile(r"(?<!\d)\(?0\d{2,3}\)?\s*[-—–~]?\s*\d{7,8}(?!\d)"),    # 0531-66608512, (0592)2262203, 0451—…
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),                               # mobile
    re.compile(r"(?<!\d)[48]00\s*[-—–]?\s*\d{3}\s*[-—–]?\s*\d{4}(?!\d)"),     # 400 / 800
)
_LOCAL_RE = re.compile(r"(?<!\d)\d{7,8}(?!\d)")
_HOTLINE_RE = re.compile(r"(?<!\d)12345(?!\d)")      # the hotline, not five digits inside a longer number


def check_phone(guide: Mapping[str, Any]) -> ElementResult:
    """E1-5 咨询电话 — wording: 明确标注该事项受理部门的联系电话 (2020 scheme E1-5: “逐事项逐要素检查、
    评估是否明确标注该事项受理部门的联系电话”).

    GUIDE_RULES is explicit here: “an area code and number in any usual written form (0531-66608512,
    0531 66608512, （0592）2262203), a mobile or a 400 number; 12345 alone fails (not the department)”.
    合格: those (12345 beside one is fine); full-width digits are read after NFKC. 不合格: missing;
    12345 alone (also 0531-12345: the city hotline is not the 受理部门's number); a 7–8 digit number
    without area code (a local number cannot be dialled from another city, so the 受理部门 cannot be
    reached by it: not the telephone the evaluation asks for); anything that is no number."""
    def one(p: str, who: str):
        if blank(p):
            return FAIL, f"{who}未写咨询电话", ""
        if any(r.search(p) for r in _PHONE_RES):
            return PASS, "", ""
        if _HOTLINE_RE.search(p):
            return FAIL, f"{who}咨询电话仅写12345热线「{short(p, 30)}」，不是受理部门的电话", ""
        if _LOCAL_RE.search(p):
            return FAIL, f"{who}咨询电话「{short(p, 30)}」未带区号，外地无法拨打受理部门", ""
        return FAIL, f"{who}咨询电话「{short(p, 30)}」不是电话号码", ""
    return _per_window(guide, "E1-5", "咨询电话", one, "未公布咨询电话")


# --------------------------------------------------------------------------- E1-6
_NEG = r"(?:无|没有|不涉及|不需要|不含|未涉及)"
_NEGATED_AGENCY_RE = re.compile(_NEG + r"\s*(?:中介服务?|中介机构)(?:事项)?|(?:中介服务?|中介机构)(?:事项)?\s*[:：]?\s*" + _NEG)
_AGENCY_RE = re.compile(r"中介|第三方|有资质|具备资质|资质的|委托.{0,12}(?:机构|单位)")
_BASIS_RE = re.compile(r"《[^》]+》|依据|根据|按照.{0,30}规定|第[一二三四五六七八九十百零\d]+条")
_SPECIAL_STEP_RE = re.compile(r"评审|评估|勘查|勘验|核查|检测|检验|鉴定|听证|公示|专家")


def _says_none(s: str) -> bool:
    """'无', '不涉及', '无中介服务；无特殊环节', '中介服务：无；特殊环节：无', '本事项不涉及中介服务和特殊环节'."""
    if not re.search(_NEG + "|否", s):
        return False
    rest = re.sub(_NEG + r"|否|本事项|中介服务|中介机构|中介|特殊环节|特别程序|事项|及|和|与|[、，,；;。.:：\s]", "", s)
    return rest == ""


def check_special(guide: Mapping[str, Any]) -> ElementResult:
    """E1-6 中介服务/特殊环节 — wording (2020): 作为办理行政审批条件的中介服务事项，明确对该事项进行标注并
    提供设定依据说明; (city): 涉及评审、评估、现场勘查等特殊环节信息的明确标注.

    不合格: the field is empty or missing (nothing is marked); a 中介服务 (中介 / 第三方 / 有资质的机构 /
    委托…机构) is named without its basis (《…》 / 依据 / 第…条). 合格: 无 / 不涉及; special steps named
    (a name is enough: the city wording asks only that they be marked); a 中介服务 with its basis.
    需人工复核: 无 while the 流程 has a 评审/评估/勘查… step (the page contradicts itself)."""
    s = norm(guide.get("特殊环节"))
    if blank(s):
        return failed("E1-6", s, "中介服务/特殊环节未标注（栏目为空或缺失，应写明或写「无」）")
    if _says_none(s):
        steps = [norm(st.get("环节")) for st in guide.get("流程") or [] if isinstance(st, Mapping)]
        special = [st for st in steps if _SPECIAL_STEP_RE.search(st)]
        if special:
            return review(s, f"特殊环节写「{short(s, 20)}」，但流程含「{special[0]}」环节",
                          "“无”与流程中的特殊环节矛盾")
        return passed(s)
    agency = _AGENCY_RE.search(_NEGATED_AGENCY_RE.sub("", s))
    if agency and not _BASIS_RE.search(s):
        return failed("E1-6", short(s), f"标注了中介服务「{short(s, 40)}」，但未提供设定依据")
    return passed(short(s))
