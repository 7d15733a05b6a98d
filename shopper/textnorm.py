"""Text as a citizen reads it, before any number or numeral is read from it: NFKC folds full-width
digits (２０个工作日), full-width punctuation and the Roman-numeral block (Ⅳ → IV) into their plain
forms, so that 「Ⅳ级」 and 「IV级」 are the same reading. Pure Python."""
from __future__ import annotations

import unicodedata


def nfkc(text: object) -> str:
    return unicodedata.normalize("NFKC", "" if text is None else str(text))
