"""E3 办理流程 and 到现场次数, E4 空表/样表, D2 实施编码."""
from __future__ import annotations

import re
from typing import Any, Mapping

from .base import FAIL, ElementResult, blank, combine, failed, norm, passed, short, zh_int
from .labels import split_visits
from .materials import material_name, materials_of

DOC_KINDS = frozenset({"docx", "xlsx", "pdf", "doc", "xls"})

# --------------------------------------------------------------------------- E3-1
_STEP_LIMIT_RE = re.compile(r"\d+\s*个?\s*(工作日|自然日|日|天|小时|分钟|个月)|[一二三四五六七八九十半]+\s*个?\s*(工作日|自然日|日|天)"
                            r"|即时|即办|当场|立即|当日|当天|随到随办|实时")
_ACCEPT_RE = re.compile(r"受理|收件|接件")
_END_RE = re.compile(r"办结|送达|发证|颁证|领证|出证|取件|领取|送证|归档|出件")


def check_process(guide: Mapping[str, Any]) -> ElementResult:
    """E3-1 流程 — wording (2020): 各环节要素中内容…应包含办理环节、办理时限、审批标准、办理结果;
    (city) 涵盖受理、审核、审批、办结、送达等环节，内容应包含办理时限、办理人员、审批标准.

    不合格: no 流程; no 受理 step; nothing after 受理 that ends it (办结/送达/发证/领取…: the
    办理结果); a step without a 时限 (both wordings name it; 即时/当场 count); a step with neither
    办理人员 nor 审批标准 (each wording names at least one of them)."""
    steps = [s for s in guide.get("流程") or [] if isinstance(s, Mapping)]
    if not steps:
        return failed("E3-1", "", "未公布办理流程")
    names = [norm(s.get("环节")) for s in steps]
    findings = []
    accept = next((i for i, n in enumerate(names) if _ACCEPT_RE.search(n)), None)
    if accept is None:
        findings.append((FAIL, "流程缺少「受理」环节", ""))
    elif not any(_END_RE.search(n) for n in names[accept + 1:]):
        findings.append((FAIL, f"流程止于「{names[-1]}」，没有办结/送达环节", ""))
    for i, (st, n) in enumerate(zip(steps, names)):
        who = f"环节「{n or f'第{i + 1}步'}」"
        if not _STEP_LIMIT_RE.search(norm(st.get("时限"))):
            findings.append((FAIL, f"{who}没有办理时限", ""))
        if blank(norm(st.get("办理人"))) and blank(norm(st.get("标准"))):
            findings.append((FAIL, f"{who}既无办理人员也无审批标准", ""))
    return combine("E3-1", findings, short("→".join(names), 200))


# --------------------------------------------------------------------------- E3-2
_VISITS_RE = re.compile(r"^(?:最多|不超过|至多)?\s*跑?\s*([0-9]+|[零〇一二两三四五六七八九十]+)\s*次?")
_NO_VISIT_RE = re.compile(r"无需到(?:办事)?现场|不需要到(?:办事)?现场|不用到现场|零跑动|零次|全程网办")
_DEPTH = {"IV": 4, "四": 4, "4": 4, "III": 3, "三": 3, "3": 3, "II": 2, "二": 2, "2": 2, "I": 1, "一": 1, "1": 1}


def _depth(guide: Mapping[str, Any]) -> int | None:
    d = norm(guide.get("网办深度")).upper().replace("级", "").replace("第", "").strip()
    if "全程网办" in d:
        return 4
    return _DEPTH.get(d)


def check_visits(guide: Mapping[str, Any]) -> ElementResult:
    """E3-2 到现场次数 — wording: 明确标注申请人需要到现场次数.

    合格: a number is stated (0, 1次, 一次, 最多跑一次, 2; 无需到现场 / 零跑动 read as 0); no reason is
    required. 不合格: missing or
    not a number; more than 0 while the guide claims 网办深度 Ⅳ级 (the same scheme's depth standard:
    Ⅳ级 “整个办事过程无需到现场办理”)."""
    s = norm(guide.get("到现场次数"))
    count, inline = split_visits(s)
    if inline:
        s = norm(count)
    m = _VISITS_RE.match(s)
    n = zh_int(m.group(1)) if m else None
    if n is None and _NO_VISIT_RE.search(s):
        n = 0
    if n is None:
        return failed("E3-2", s, "到现场次数未标注" if blank(s) else f"到现场次数「{short(s, 20)}」不是次数")
    if _depth(guide) == 4 and n > 0:
        r = failed("E3-2", s, f"网办深度为Ⅳ级（全程网办，无需到现场），到现场次数却为{n}")
        return ElementResult(r.verdict, r.value, r.why, r.basis)
    return passed(s)


# --------------------------------------------------------------------------- E4
_FORM_NAME_RE = re.compile(r"(表|表格|表单|申请书)$")
_NOT_FORM_RE = re.compile(r"报表|负债表|利润表|流量表|财务.*表|审计.*表|时刻表|价目表|一览表")
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



def is_form(mat: Mapping[str, Any]) -> bool:
    """A form the applicant fills in: flagged ``is_form``, shown with a 空表/样表 link, classed 申请表格文书, or prepared by the
    applicant (来源 申请人自备 / not stated) and named …表/表格/表单/申请书 (not a 财务报表)."""
    if mat.get("is_form") or not blank(_link(mat, "blank")) or not blank(_link(mat, "sample")):
        return True                  # flagged, or the page links a 空表/样表 for it
    kind = norm(mat.get("材料分类"))
    if "表格" in kind or "申请表" in kind:
        return True
    if kind and ("证件" in kind or "证明" in kind):
        return False
    src = norm(mat.get("来源"))
    if src and "自备" not in src:
        return False
    name = re.sub(r"[《》「」\"'“”\s]", "", norm(mat.get("名称")))
    name = re.sub(r"\([^)]*\)$", "", name)
    return bool(_FORM_NAME_RE.search(name)) and not _NOT_FORM_RE.search(name)


def _link(mat: Mapping[str, Any], which: str) -> str:
    return norm(mat.get(f"{which}_url")) or norm(mat.get(which))


def _find_download(downloads: list, url: str, which: str) -> Mapping[str, Any] | None:
    for d in downloads:
        if isinstance(d, Mapping) and url and norm(d.get("url")) == url:
            return d
    for d in downloads:
        if isinstance(d, Mapping) and (d.get("which") == which
                                       or re.search(rf"/{which}(?:$|[/?.])", norm(d.get("url")))):
            return d
    return None



def check_forms(guide: Mapping[str, Any]) -> ElementResult:
    """E4 空表/样表 — wording: 需要申请人填写的表格是否提供空白电子表格下载服务 (E4-1) / 示范性电子样表
    下载服务 (E4-2).

    不合格: a form (see :func:`is_form`) without a 空表 or 样表 link; a downloaded one that did not answer
    200 with a real docx/xlsx/pdf/doc/xls (kind from magic bytes, :func:`sniff_kind`). A guide with no
    form passes as not applicable."""
    forms = [(i, m) for i, m in enumerate(materials_of(guide)) if is_form(m)]
    if not forms:
        return passed("无申请表格", "无需要申请人填写的表格，不适用")
    findings, values = [], []
    for i, mat in forms:
        who = f"申请表「{material_name(mat, i)}」"
        downloads = mat.get("downloads")
        parts = []
        for which, zh in (("blank", "空表"), ("sample", "样表")):
            link = _link(mat, which)
            if blank(link):
                findings.append((FAIL, f"{who}未提供{zh}下载", ""))
                parts.append(f"{zh}:无")
                continue
            if not isinstance(downloads, list):
                parts.append(f"{zh}:{link.rsplit('/', 3)[-1] if '/' in link else link}")
                continue
            d = _find_download(downloads, link, which)
            if d is None:
                findings.append((FAIL, f"{who}{zh}链接未能下载", ""))
                parts.append(f"{zh}:未下载")
                continue
            status = d.get("status")
            kind = norm(d.get("kind")) or sniff_kind(b"", norm(d.get("content_type")))
            parts.append(f"{zh}:{status} {kind}")
            if status is None:
                findings.append((FAIL, f"{who}{zh}下载失败（{norm(d.get('error')) or '无响应'}）", ""))
            elif status != 200:
                findings.append((FAIL, f"{who}{zh}下载返回{status}", ""))
            elif kind not in DOC_KINDS:
                findings.append((FAIL, f"{who}{zh}下载内容不是docx/xlsx/pdf文档（{kind}）", ""))
        values.append(f"{material_name(mat, i)}[{' '.join(parts)}]")
    return combine("E4", findings, short("；".join(values), 200))


# --------------------------------------------------------------------------- D2
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
    """Split a 31-character 实施编码 into the 实施主体's 统一社会信用代码 (18) and the 13 digits after it.
    Nothing else about the layout is published in the evaluation's texts, so nothing else is read."""
    return {"uscc": code[:18], "tail": code[18:]}


def check_impl_code(guide: Mapping[str, Any]) -> ElementResult:
    """D2 实施编码 — wording (city): 明确标注事项的编码; the code's form (GUIDE_RULES.md): 31 characters,
    the first 18 a 统一社会信用代码 with a valid GB 32100 check character, the other 13 digits.
    不合格 when missing or not of that form. No 事项类型 is inferred from the digits."""
    code = re.sub(r"\s+", "", norm(guide.get("impl_code"))).upper()
    if not code:
        return failed("D2", "", "未标注实施编码")
    if len(code) != 31:
        return failed("D2", code, f"实施编码「{code}」长度为{len(code)}位，应为31位")
    p = parse_impl_code(code)
    if any(c not in USCC_ALPHABET for c in p["uscc"]):
        return failed("D2", code, f"实施编码前18位「{p['uscc']}」含统一社会信用代码不用的字符")
    if not valid_uscc(p["uscc"]):
        return failed("D2", code, f"实施编码前18位「{p['uscc']}」的统一社会信用代码校验位错误"
                                  f"（应为{uscc_check_digit(p['uscc'][:17])}）")
    if not p["tail"].isdigit():
        return failed("D2", code, f"实施编码后13位「{p['tail']}」不全是数字")
    return passed(code)
