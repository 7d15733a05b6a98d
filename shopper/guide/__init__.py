"""办事指南 accuracy checks (E1–E4, D2) as pure functions; rules and their wording in docs/GUIDE_RULES.md.

Entry point: ``check_guide(normalise_labels(raw))`` → :class:`GuideResult` with one
:class:`ElementResult` (verdict 合格 / 不合格 / 需人工复核, value, why, basis) per element.
Standard library only: no Playwright, no HTTP. The page object fetches; this package judges.
"""
from .base import (ELEMENT_IDS, ELEMENT_NAMES, FAIL, PASS, REVIEW, VERDICTS, WORDING, ElementResult,
                   GuideResult)
from .labels import normalise_labels
from .process import (DOC_KINDS, USCC_ALPHABET, parse_impl_code, sniff_kind, uscc_check_digit,
                      valid_uscc)
from .check import CHECKS, check_guide, guide_rectification

__all__ = [
    "CHECKS", "DOC_KINDS", "ELEMENT_IDS", "ELEMENT_NAMES", "FAIL", "PASS", "REVIEW", "USCC_ALPHABET",
    "VERDICTS", "WORDING", "ElementResult", "GuideResult", "check_guide", "guide_rectification",
    "normalise_labels", "parse_impl_code", "sniff_kind", "uscc_check_digit", "valid_uscc",
]
