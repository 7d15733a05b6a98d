"""Verdicts, results and text helpers shared by the guide element checks.

Three verdicts per element (docs/GUIDE_RULES.md):

* ``合格`` — the guide states what the evaluation asks;
* ``不合格`` — the evaluation's own wording clearly fails it (the finding quotes that wording);
* ``需人工复核`` — only a reading of ours would fail it, or the page is ambiguous: a person decides.

Scoring counts only 不合格; 需人工复核 is listed separately.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, REVIEW = "合格", "不合格", "需人工复核"
VERDICTS = (PASS, FAIL, REVIEW)
_RANK = {PASS: 0, REVIEW: 1, FAIL: 2}

ELEMENT_IDS: tuple[str, ...] = (
    "E1-1", "E1-2", "E1-3", "E1-4", "E1-5", "E1-6",
    "E2-1", "E2-2", "E2-3", "E2-x", "E3-1", "E3-2", "E4", "D2",
)
ELEMENT_NAMES: dict[str, str] = {
    "E1-1": "法定办结时限", "E1-2": "承诺办结时限", "E1-3": "办理地点", "E1-4": "办理时间",
    "E1-5": "咨询电话", "E1-6": "中介服务/特殊环节", "E2-1": "材料来源/出具单位", "E2-2": "份数",
    "E2-3": "材料类型和形式", "E2-x": "材料名称", "E3-1": "流程", "E3-2": "到现场次数",
    "E4": "空表/样表", "D2": "实施编码",
}

# The evaluation's wording each rule enforces (2020 scheme E rows; city versions where marked).
WORDING: dict[str, str] = {
    "E1-1": "E1-1 明确标注该事项的法定期限，明确说明是工作日还是自然日",
    "E1-2": "E1-2 明确标注该事项的承诺期限，明确说明是工作日还是自然日",
    "E1-3": "E1-3 要求办理地点有明确街道名称、门牌号、房间号、窗口号",
    "E1-4": "E1-4 明确标注该事项受理的时间周期，如【星期一至星期五：上午 09:00—12:00，下午 13:00—17:00】",
    "E1-5": "E1-5 明确标注该事项受理部门的联系电话",
    "E1-6": "E1-6 作为办理行政审批条件的中介服务事项，明确对该事项进行标注并提供设定依据说明；"
            "（城市版）涉及评审、评估、现场勘查等特殊环节信息的明确标注",
    "E2-1": "E2-1 明确注明该事项受理所需材料的来源或材料的出具部门，如【材料名称：户籍证明；出具单位：户口所在地派出所】",
    "E2-2": "E2-2 明确注明该事项受理所需材料的份数",
    "E2-3": "E2-3 明确注明材料的类型和介质要求，如【材料类型：原件、复印件、原件和复印件；材料形式：纸质、电子、纸质和电子】",
    "E2-x": "E2 材料名称（城市版）：材料名称不存在有歧义的描述，如【存在“其他材料”、“相关材料”等兜底性用词】",
    "E3-1": "E3 办理流程中各环节要素…内容应包含办理环节、办理时限、审批标准、办理结果；"
            "（城市版）涵盖受理、审核、审批、办结、送达等环节，内容应包含办理时限、办理人员、审批标准",
    "E3-2": "E3-2 明确标注申请人需要到现场次数；深度Ⅳ级“整个办事过程无需到现场办理”",
    "E4": "E4-1/E4-2 需要申请人填写的表格提供空白电子表格下载服务、示范性电子样表下载服务",
    "D2": "D2 事项编码（城市版）：明确标注事项的编码；实施编码31位：18位统一社会信用代码（GB 32100校验）+13位数字",
}


@dataclass(frozen=True)
class ElementResult:
    """One element's verdict; ``basis`` names the evaluation wording (不合格) or the reading (复核)."""
    verdict: str = PASS
    value: str = ""
    why: str = ""
    basis: str = ""

    @property
    def ok(self) -> bool:
        """Not 不合格 (a 需人工复核 is not counted against the portal)."""
        return self.verdict != FAIL

    @property
    def review(self) -> bool:
        return self.verdict == REVIEW

    def as_dict(self) -> dict:
        return {"ok": self.ok, "verdict": self.verdict, "value": self.value, "why": self.why,
                "basis": self.basis}


@dataclass
class GuideResult:
    item_id: str
    dept: str
    name: str = ""
    subject: str = ""                     # 实施主体 as the guide shows it ('' when not shown)
    elements: dict[str, ElementResult] = field(default_factory=dict)

    def __getitem__(self, element_id: str) -> ElementResult:
        return self.elements[element_id]

    @property
    def ok(self) -> bool:
        """No element 不合格."""
        return all(r.ok for r in self.elements.values())

    @property
    def failing(self) -> list[str]:
        return [e for e, r in self.elements.items() if r.verdict == FAIL]

    @property
    def reviews(self) -> list[str]:
        return [e for e, r in self.elements.items() if r.verdict == REVIEW]

    def to_observation(self) -> dict:
        """The ``guide`` observation of CONTRACTS.md section 5 (plus verdict/basis per element)."""
        return {"item_id": self.item_id, "dept": self.dept, "name": self.name, "实施主体": self.subject,
                "elements": {e: r.as_dict() for e, r in self.elements.items()}}


def passed(value: str = "", why: str = "") -> ElementResult:
    return ElementResult(PASS, value, why)


def failed(element: str, value: str, why: str) -> ElementResult:
    return ElementResult(FAIL, value, why, WORDING[element])


def review(value: str, why: str, reading: str) -> ElementResult:
    return ElementResult(REVIEW, value, why, "解读（评估原文未要求）：" + reading)


def combine(element: str, findings: list[tuple[str, str, str]], value: str) -> ElementResult:
    """Worst of per-row findings ``(verdict, why, reading)``; the why lists 不合格 rows first."""
    if not findings:
        return passed(value)
    worst = max(findings, key=lambda f: _RANK[f[0]])[0]
    ordered = sorted(findings, key=lambda f: -_RANK[f[0]])
    why = "；".join(f[1] for f in ordered if f[0] != PASS)
    if worst == PASS:
        return passed(value)
    if worst == FAIL:
        return failed(element, value, why)
    return review(value, why, "；".join(dict.fromkeys(f[2] for f in ordered if f[0] == REVIEW)))


# --------------------------------------------------------------------------- text helpers
_PLACEHOLDERS = frozenset({"", "-", "--", "—", "——", "/", "\\", "暂无", "null", "none", "n/a", "无数据"})


def norm(v: Any) -> str:
    """NFKC (full-width digits, colons, brackets → ASCII; Ⅳ → IV) and trimmed; None → ''."""
    if v is None:
        return ""
    return unicodedata.normalize("NFKC", str(v)).strip()


def blank(s: str) -> bool:
    return s.strip().lower() in _PLACEHOLDERS


def short(s: str, n: int = 80) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_NUM = "[0-9零〇一壹二贰两三叁四五六七八九十]+"


def zh_int(s: str) -> int | None:
    """'12' or Chinese numerals up to 99 ('两', '十二', '二十') → int."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(c not in _ZH_DIGITS and c != "十" for c in s):
        return None
    if "十" not in s:
        return _ZH_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = _ZH_DIGITS.get(tens) if tens else 1
    o = _ZH_DIGITS.get(ones) if ones else 0
    return None if t is None or o is None else t * 10 + o
