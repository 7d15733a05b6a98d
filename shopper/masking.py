"""Masking of personal data and secrets in everything the suite writes.

Every attachment, record, log line and trace goes through here. 身份证号 keep their first 6 and last
4 characters (330102********1234), mobile numbers their first 3 and last 4 (138****5678), in every
form a portal prints them (with spaces or hyphens, full-width digits, +86), and registered secrets
(test account passwords, the personas' 身份证号 and phones) become ******. The patterns are
JavaScript-compatible: screenshots mask what page.get_by_text(ID_RE / PHONE_RE) finds. Pure Python,
no Playwright import.
"""
from __future__ import annotations

import base64
import html
import json
import re
import threading
import urllib.parse
import zipfile
from pathlib import Path

_FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def _c(ascii_class: str) -> str:
    """A character class of the ASCII digits (and X) of `ascii_class` and their full-width forms:
    portals print both. Built for Python and for JavaScript (screenshot masks: page.get_by_text)."""
    return f"[{ascii_class}{ascii_class.translate(_FULL_WIDTH)}]"


_D = _c("0-9")
_ALNUM = "0-9A-Za-z０-９"
# Not glued to a longer code: no letter or digit before, except the letter of an escape sequence
# (JSON and traces write a tab before a value as the two characters \t); none after.
_START = rf"(?:(?<=\\[ntrbf])|(?<![{_ALNUM}]))"
_END = rf"(?![{_ALNUM}])"
# Between groups of digits a person may write one space (ASCII, no-break, ideographic) or a hyphen.
_SEP = r"([ \u00a0\u3000\-－]?)"
# An 18-character 身份证号: region(6) + birth date + sequence(3) + check char; not part of a longer code.
# Written whole, 6-8-4 or 6-4-4-4; groups: region, sep, year, sep, month and day, sep, last four.
ID_RE = re.compile(
    _START + rf"({_c('1-9')}{_D}{{5}}){_SEP}((?:{_c('1')}{_c('89')}|{_c('2')}{_c('0')}){_D}{{2}}){_SEP}"
    rf"((?:{_c('0')}{_c('1-9')}|{_c('1')}{_c('0-2')})(?:{_c('0')}{_c('1-9')}|{_c('12')}{_D}|{_c('3')}{_c('01')})){_SEP}"
    rf"({_D}{{3}}{_c('0-9Xx')})" + _END
)
# 15-character old-style cards are rare but still met on real portals.
ID15_RE = re.compile(_START + rf"({_c('1-9')}{_D}{{5}})({_D}{{2}}(?:{_c('0')}{_c('1-9')}|{_c('1')}{_c('0-2')})"
                     rf"(?:{_c('0')}{_c('1-9')}|{_c('12')}{_D}|{_c('3')}{_c('01')}){_D}{{3}})" + _END)
# A mobile number, with the country code or not (+86, 0086, 86, (+86)), whole or 3-4-4; groups:
# prefix, first three, sep, middle four, sep, last four.
PHONE_RE = re.compile(
    _START + r"((?:(?:[+＋]|00)?86[ \-]?|[(（][+＋]?86[)）] ?)?)"
    rf"({_c('1')}{_c('3-9')}{_D}){_SEP}({_D}{{4}}){_SEP}({_D}{{4}})" + _END
)

_secrets: set[str] = set()
_variants: dict[str, str] = {}     # every encoded form of every secret → what replaces it
_lock = threading.Lock()
MASK = "******"
_MIN_CORE = 8   # base64 fragments shorter than this are not specific enough to replace


_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}")


def _hex_cases(text: str) -> set[str]:
    """`text` with its %XX / \\uXXXX escapes in upper and in lower case hex."""
    upper = _ESCAPE.sub(lambda m: m.group(0)[:-4] + m.group(0)[-4:].upper() if m.group(0)[1] == "u"
                        else m.group(0).upper(), text)
    return {upper, _ESCAPE.sub(lambda m: m.group(0).lower(), text)}


def _base64_cores(raw: bytes) -> set[str]:
    """The base64 characters that depend only on `raw`, wherever `raw` sits in a longer body (one
    set per alignment 0, 1, 2 and per alphabet): what a base64 body or a base64 of a form holding
    the secret is sure to contain."""
    cores = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw).decode("ascii").rstrip("=")
        start = 4 if shift else 0                       # the first group mixes in the bytes before
        end = (shift + len(raw)) // 3 * 4               # a last partial group mixes in the bytes after
        core = encoded[start:end]
        if len(core) >= _MIN_CORE:
            cores |= {core, core.replace("+", "-").replace("/", "_")}
    return cores


def secret_encodings(secret: str) -> dict[str, str]:
    """Every form in which `secret` may reach an output → its replacement: plain, HTML-escaped,
    URL-encoded (quote and quote_plus, upper and lower case hex, as in a query or a form body),
    JSON-escaped (ASCII \\uXXXX escapes in either case, or raw UTF-8), base64 of the value and of a
    form body holding it (the base64 fragments that do not depend on the bytes around), and the
    latin-1 reading of the UTF-8 bytes (binary trace entries). Base64 fragments are replaced by
    as many ``A`` so a base64 body stays decodable."""
    texts = {secret, html.escape(secret, quote=True), html.escape(secret, quote=False)}
    for text in (urllib.parse.quote(secret, safe=""), urllib.parse.quote(secret),
                 urllib.parse.quote_plus(secret), urllib.parse.quote_plus(secret, safe="")):
        texts |= _hex_cases(text)
    texts |= _hex_cases(json.dumps(secret)[1:-1]) | {json.dumps(secret, ensure_ascii=False)[1:-1]}
    out = {t: MASK for t in texts if t}
    for text in list(out):
        mojibake = text.encode("utf-8").decode("latin-1")
        if mojibake != text:
            out[mojibake] = MASK
    for raw in {secret.encode("utf-8"), urllib.parse.quote_plus(secret).encode("ascii"),
                urllib.parse.quote(secret, safe="").encode("ascii")}:
        for core in _base64_cores(raw):
            out[core] = "A" * len(core)
    return out


def register_secret(value: str | None) -> None:
    """Remember a secret (e.g. a test account password) so every later mask_text hides it, in
    every encoding of ``secret_encodings``."""
    if value and len(value) >= 4:
        encodings = secret_encodings(value)
        with _lock:
            _secrets.add(value)
            _variants.update(encodings)


def mask_id(number: str) -> str:
    number = str(number)
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number: str) -> str:
    number = str(number)
    return number[:3] + "****" + number[-4:] if len(number) == 11 else "*" * len(number)


def mask_text(text: str) -> str:
    """Mask 身份证号, mobile numbers and registered secrets (in every encoding) in free text."""
    if not text:
        return text
    with _lock:
        variants = sorted(_variants.items(), key=lambda kv: len(kv[0]), reverse=True)
    for encoded, replacement in variants:
        if encoded in text:
            text = text.replace(encoded, replacement)
    text = ID_RE.sub(lambda m: m.group(1) + m.group(2) + "****" + m.group(4) + "****" + m.group(6) + m.group(7), text)
    text = ID15_RE.sub(lambda m: m.group(1) + "*****" + m.group(2)[-4:], text)
    text = PHONE_RE.sub(lambda m: m.group(1) + m.group(2) + m.group(3) + "****" + m.group(5) + m.group(6), text)
    return text


def find_unmasked(text: str) -> list[str]:
    """What in `text` still looks like a full 身份证号, mobile number or registered secret."""
    with _lock:
        encoded = list(_variants)
    hits = [m.group(0) for m in ID_RE.finditer(text)] + [m.group(0) for m in PHONE_RE.finditer(text)]
    hits += [s for s in encoded if s in text]
    return hits


def mask_data(value):
    """mask_text applied through dicts, lists and strings (for JSON records)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(v) for v in value]
    return value


def scrub_zip(path: Path) -> int:
    """Rewrite a Playwright trace (a zip) with every entry masked. Returns entries changed.

    Text entries (events, DOM snapshots, network bodies such as a login form POST) are masked as
    UTF-8; entries that are not UTF-8 are masked byte for byte (latin-1), so an ASCII password or
    number inside a multipart body is caught too. Trace screenshots are images and cannot be
    masked, so the suite records traces without them; images left in a trace are dropped.
    """
    path = Path(path)
    tmp = path.with_suffix(".scrub.zip")
    changed = 0
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.lower().endswith((".jpeg", ".jpg", ".png", ".webp", ".gif")):
                changed += 1
                continue
            try:
                masked = mask_text(data.decode("utf-8")).encode("utf-8")
            except UnicodeDecodeError:
                masked = mask_text(data.decode("latin-1")).encode("latin-1")
            changed += masked != data
            dst.writestr(info, masked)
    tmp.replace(path)
    return changed


_TEXT_FILES = (".json", ".txt", ".html", ".htm", ".csv", ".md", ".properties", ".log", ".xml", ".jsonl")


def scrub_tree(directory: Path) -> int:
    """Mask every text file (and every trace zip) under `directory`; returns files changed.

    The last line of defence for outputs written by other tools (Allure's step parameters are the
    repr() of step arguments, which may hold what an unmasking portal showed)."""
    changed = 0
    for path in Path(directory).rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            changed += bool(scrub_zip(path))
        elif path.suffix.lower() in _TEXT_FILES:
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            masked = mask_text(text)
            if masked != text:
                path.write_text(masked, encoding="utf-8", errors="surrogateescape")
                changed += 1
    return changed
