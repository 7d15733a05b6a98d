"""Compatibility entry point of the guide checker: the rules live in :mod:`shopper.guide`.

``from shopper.guide_rules import check_guide, normalise_labels`` keeps working; other tools call
``check_guide(normalise_labels(raw))`` on guides read from any portal.
"""
from __future__ import annotations

from .guide import *  # noqa: F401,F403
from .guide import __all__ as _all

# 事项类型 code list, kept for page objects that show a 事项类型代码 beside the name
# (the checker no longer reads a type out of the 实施编码: nothing published supports that).
ITEM_TYPE_CODES: dict[str, str] = {
    "01": "行政许可", "05": "行政给付", "07": "行政确认", "08": "行政奖励", "09": "行政裁决",
    "20": "其他行政权力", "21": "公共服务",
}

__all__ = list(_all) + ["ITEM_TYPE_CODES"]
