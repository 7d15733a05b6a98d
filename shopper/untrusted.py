"""Portal text is untrusted: what makes it safe in each place we put it. Pure Python.

A portal (or anyone who can edit one of its pages) writes the 实施主体, the item names, the messages
a journey fails with. That text reaches a terminal, a spreadsheet a supervisor opens, an HTML page
and a group robot's markdown. One function per destination:

* ``visible(text)``   control characters (C0 but tab and newline, DEL, C1) and the bidirectional
                      overrides become visible escapes (``\\x1b``, ``\\u202e``): an ESC sequence
                      cannot clear a terminal, retitle its window or move the cursor, and openpyxl
                      gets no character it refuses;
* ``one_line(text)``  ``visible`` and line breaks shown as ``⏎``: a terminal line that cannot print
                      a second, fake line (``[shopper] 退出码 0``);
* ``cell(text)``      ``visible``, and whether a spreadsheet must keep it as text with Excel's quote
                      prefix: it starts like a formula (= + - @, tab, CR: OWASP's list);
* ``sheet_name(text)`` a valid worksheet title that starts like no formula;
* ``markdown(text)``  ``one_line`` with the characters that make markdown links, images, emphasis,
                      headings, quotes and tables turned into their full-width forms (which every
                      reader of Chinese reads the same), and ``://`` defanged: no clickable link and
                      no tracking image from a portal reaches a group chat, whatever escapes the
                      robot's markdown dialect honours.
"""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls; bidirectional embeddings, overrides and
# isolates (they reorder what a terminal or a cell shows: "Trojan source").
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_BAD_RE = re.compile(r"[\[\]:*?/\\]")
_MD_FULLWIDTH = str.maketrans({"[": "［", "]": "］", "(": "（", ")": "）", "!": "！", "<": "＜", ">": "＞",
                               "*": "＊", "_": "＿", "`": "｀", "#": "＃", "|": "｜", "~": "～", "\\": "＼"})
SHEET_MAX = 31


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text) -> str:
    """Control characters and bidi overrides as visible escapes; None → ''."""
    if text is None:
        return ""
    return _CONTROL_RE.sub(_escape, str(text).replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text) -> str:
    """``visible`` on one line: a line break is shown as ⏎, never printed."""
    return visible(text).replace("\n", "⏎")


def cell(text) -> tuple[str, bool]:
    """(the text for a spreadsheet cell, whether it needs the quote prefix to stay text)."""
    raw = "" if text is None else str(text)
    return visible(raw), raw.startswith(FORMULA_START)


def sheet_name(text, fallback: str = "未指定") -> str:
    """A worksheet title Excel accepts (no []:*?/\\, no apostrophe at either end, no control
    character, at most 31 characters) that does not start like a formula."""
    name = _SHEET_BAD_RE.sub("_", one_line(text)).strip().strip("'")
    while name.startswith(FORMULA_START):
        name = "_" + name[1:]
    return (name or fallback)[:SHEET_MAX]


def markdown(text) -> str:
    """Text for a robot's markdown: one line, no markup, no link (see the module docstring)."""
    return one_line(text).translate(_MD_FULLWIDTH).replace("://", "：//")
