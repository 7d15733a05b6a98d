"""网办深度 (B1) inferred from what a citizen could actually do online. Pure Python.

I  办事指南 only;  II  forms can be downloaded (预约/下载);  III  the application can be filed
online but the citizen still has to go to a window;  IV  全程网办: filed online, 0 visits.
Portal text is read after NFKC: 「Ⅳ级」 (U+2163) and 「ＩＶ级」 are IV, 「１次」 is 1.
"""
from __future__ import annotations

import re
import unicodedata

ORDER = ("I", "II", "III", "IV")


def level(text) -> str:
    """A 网办深度 as the portal writes it ('Ⅳ级', 'ＩＶ', 'iv') → 'IV' (unchanged when it is no level)."""
    return unicodedata.normalize("NFKC", str(text)).strip().upper().removesuffix("级").strip()


def visits_of(text) -> int | None:
    """'0', '1次', '1次（需本人到场）', '最多跑一次', '１次' → a number (None when the guide does not say)."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text))
    if "一次" in s:
        return 1
    match = re.search(r"\d+", s)
    return int(match.group(0)) if match else None


def infer_depth(*, online_form: bool, visits: int | None, forms_downloadable: bool = False) -> str:
    """Ⅳ: online with no visit; Ⅲ: online with visits; Ⅱ: forms to download; Ⅰ: information only."""
    if online_form:
        return "IV" if visits == 0 else "III"
    return "II" if forms_downloadable else "I"


def claimed_at_most_offered(claimed: str, inferred: str) -> bool:
    """A guide may not claim a deeper level than the citizen could use."""
    claimed = level(claimed)
    if claimed not in ORDER:
        return False
    return ORDER.index(claimed) <= ORDER.index(inferred)
