"""E2 申请材料: 来源/出具单位, 份数, 类型和形式, 材料名称 (one finding per material, worst wins)."""
from __future__ import annotations

import re
from typing import Any, Mapping

from .base import FAIL, PASS, REVIEW, ZH_NUM, ElementResult, blank, combine, failed, norm, short, zh_int


def materials_of(guide: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [m for m in guide.get("materials") or [] if isinstance(m, Mapping)]


def material_name(m: Mapping[str, Any], i: int) -> str:
    return norm(m.get("名称")) or f"第{i + 1}项材料"


def _per_material(guide: Mapping[str, Any], element: str, fn) -> ElementResult:
    """``fn(material, who) -> (value, verdict, why, reading)`` on every material."""
    mats = materials_of(guide)
    if not mats:
        return failed(element, "", "未公布申请材料")
    findings, values = [], []
    for i, mat in enumerate(mats):
        value, verdict, why, reading = fn(mat, f"材料「{material_name(mat, i)}」")
        values.append(value)
        findings.append((verdict, why, reading))
    return combine(element, findings, short("；".join(values), 200))


_VAGUE_PREFIX_RE = re.compile(r"^(?:相关|有关|各级|其他|其它|职能)+")
_VAGUE_CORE = frozenset({"", "部门", "单位", "机关", "机构", "政府部门", "行政机关", "主管部门", "行政部门"})


def _vague_issuer(iss: str) -> bool:
    """相关部门 / 有关单位 / 相关主管部门 name no issuer; 业务主管单位 / 户籍所在地派出所 (a role that
    depends on the applicant) and 民政部门 do."""
    core = re.sub(r"(?:出具|核发|开具|颁发)$", "", re.sub(r"[\s()（）]", "", iss))
    return _VAGUE_PREFIX_RE.sub("", core) in _VAGUE_CORE


def check_sources(guide: Mapping[str, Any]) -> ElementResult:
    """E2-1 材料来源/出具单位 — wording: 明确注明该事项受理所需材料的来源或材料的出具部门，如【材料名称：
    户籍证明；出具单位：户口所在地派出所】.

    不合格: neither a 来源 nor an 出具单位 is given. 合格: an 出具单位 (also a role that depends on the
    applicant: 业务主管单位, 户籍所在地派出所, 原发证机关), or a 来源 such as 申请人自备 / 其他.
    需人工复核: 来源 政府部门核发 with no 出具单位, or an issuer such as 相关部门 (reading: the wording
    says 来源 *or* 出具部门, so the source alone may satisfy it)."""
    def one(mat, who):
        src, iss = norm(mat.get("来源")), norm(mat.get("出具单位"))
        val = f"{src}/{iss}" if iss else src
        if blank(src) and blank(iss):
            return val, FAIL, f"{who}未注明来源或出具单位", ""
        if not blank(iss) and not _vague_issuer(iss):
            return val, PASS, "", ""
        if "政府" in src or "核发" in src:
            what = f"出具单位「{iss}」未指明机关" if not blank(iss) else "未写出具单位"
            return val, REVIEW, f"{who}来源为政府部门核发，{what}", "政府部门核发的材料是否须写明出具部门"
        if not blank(iss) and blank(src):
            return val, REVIEW, f"{who}出具单位「{iss}」未指明机关", "泛称的出具单位是否算注明"
        return val, PASS, "", ""
    return _per_material(guide, "E2-1", one)


_COUNT_RE = re.compile(r"(" + ZH_NUM + r")\s*(?:份|张|本|套|页|册|件|个|袋)")
_BARE_COUNT_RE = re.compile(r"([0-9]+)\s*(?:\(.*\))?")      # 2, or 1（原件）: a number under a 份数 heading


def check_copies(guide: Mapping[str, Any]) -> ElementResult:
    """E2-2 份数 — wording: 明确注明该事项受理所需材料的份数 (2020 scheme E2-2: “逐事项逐要素检查,
    评估是否明确注明该事项受理所需材料的份数”).

    GUIDE_RULES is explicit here: “a positive count in any unit (原件1份, 复印件2份, 1张, 2本, 1套);
    empty or 0 fails”. 合格: a positive count in any unit (also 一份, a bare 2 under a 份数 heading,
    1（原件）); full-width digits are read after NFKC. 不合格: empty, 0 (0 copies is not the number of
    copies a material needs: a material the applicant need not hand in is not a required material),
    若干, 按需 (no number)."""
    def one(mat, who):
        s = norm(mat.get("份数"))
        counts = [zh_int(c) for c in _COUNT_RE.findall(s)]
        bare = _BARE_COUNT_RE.fullmatch(s)
        if bare:
            counts = [int(bare.group(1))]
        if any(c and c > 0 for c in counts):
            return s, PASS, "", ""
        if any(c == 0 for c in counts):
            return s, FAIL, f"{who}份数为0「{short(s, 20)}」，没有注明所需份数", ""
        if blank(s):
            return s, FAIL, f"{who}未注明份数", ""
        return s, FAIL, f"{who}份数「{short(s, 20)}」没有具体数量", ""
    return _per_material(guide, "E2-2", one)


_TYPE_RE = re.compile(r"原件|复印件|正本|副本|扫描件|原本|复制件")
_MEDIUM_RE = re.compile(r"纸质|纸本|电子")


def check_form(guide: Mapping[str, Any]) -> ElementResult:
    """E2-3 类型和形式 — wording: 明确注明该事项受理所需材料的类型和介质要求，如【材料类型：原件、复印件、
    原件和复印件；材料形式：纸质、电子、纸质和电子】.

    Read across the 份数, 介质, 材料类型 and 材料要求 cells (portals put 原件 in any of them).
    不合格: 纸质/电子 not stated, or 原件/复印件 not stated for a paper material. 合格 otherwise
    (an electronic-only material needs no 原件/复印件)."""
    def one(mat, who):
        parts = [norm(mat.get(k)) for k in ("份数", "介质", "材料类型", "材料要求")]
        text = " ".join(parts)
        miss = []
        electronic_only = "电子" in text and not re.search(r"纸质|纸本", text)
        if not _TYPE_RE.search(text) and not electronic_only:
            miss.append("类型（原件/复印件）")
        if not _MEDIUM_RE.search(text):
            miss.append("形式（纸质/电子）")
        val = "/".join(p for p in parts if p)
        return val, (FAIL if miss else PASS), (f"{who}未注明{'和'.join(miss)}" if miss else ""), ""
    return _per_material(guide, "E2-3", one)


_CATCHALL_RES = (
    re.compile(r"其他\s*(?:相关|有关|需要|所需|必要|规定)?\s*(?:的)?\s*(?:证明)?\s*(?:材料|资料|文件)"),
    re.compile(r"(?<![高中初平均对])等\s*(?:相关|有关|其他|证明|佐证)?\s*(?:材料|资料|文件)"),
    re.compile(r"(?<![与])相关\s*(?:证明)?\s*(?:材料|资料)"),
    re.compile(r"相关部门要求"), re.compile(r"视情况"), re.compile(r"以窗口告知为准|窗口告知|另行告知"),
    re.compile(r"(?:法律|法规|规章).{0,6}规定的其他"), re.compile(r"根据实际情况"),
)


def check_material_names(guide: Mapping[str, Any]) -> ElementResult:
    """E2-x 材料名称 — wording (city): 材料名称不存在有歧义的描述，如【存在“其他材料”、“相关材料”等
    兜底性用词】. 不合格 for 其他(相关)材料, 相关材料, …等材料, 相关部门要求的, 视情况, 以窗口告知为准,
    法律法规规定的其他…; ``等`` inside 高等/中等/同等 is not the 等 of a list."""
    def one(mat, who):
        name = norm(mat.get("名称"))
        for r in _CATCHALL_RES:
            hit = r.search(name)
            if hit:
                return name, FAIL, f"材料「{short(name, 40)}」含兜底表述「{hit.group(0)}」", ""
        return name, PASS, "", ""
    return _per_material(guide, "E2-x", one)
