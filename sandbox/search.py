"""Item search with a ranking that copes with how citizens phrase things.

score tiers (higher wins, ties keep catalogue order):
  exact name (1000) > name contains the query (800+) > query contains the name (700) >
  alias match (600+) > character-bigram overlap (≤ 400, only when ≥ half the query's bigrams hit).
Each query is also tried with filler words removed (我要/怎么/如何/办理/…) so 我要办社保卡 finds 社保卡.
"""
from __future__ import annotations

import re

_PUNCT = re.compile(r"[\s\u3000,，.。、;；:：!！?？\"'“”‘’()（）\[\]【】《》<>/\\|·~`@#$%^&*+=_-]+")
FILLERS = ("我要", "我想", "想要", "怎么样", "怎么", "怎样", "如何", "在哪里", "在哪儿", "在哪", "哪里",
           "去哪", "需要", "什么", "材料", "流程", "手续", "网上", "在线", "办理", "申请", "要", "办", "的",
           "了", "吗", "呢", "啊")


def normalize(text: str) -> str:
    return _PUNCT.sub("", (text or "").lower())


def strip_fillers(text: str) -> str:
    for word in FILLERS:
        text = text.replace(word, "")
    return text


def bigrams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _score_one(q: str, name: str, aliases: list[str]) -> float:
    if not q:
        return 0.0
    if q == name:
        return 1000.0
    if q in name:
        return 800.0 + 100.0 * len(q) / len(name)
    if name in q:
        return 700.0 + 50.0 * len(name) / len(q)
    best = 0.0
    for alias in aliases:
        if not alias:
            continue
        if q == alias:
            best = max(best, 690.0)
        elif q in alias:
            best = max(best, 600.0 + 80.0 * len(q) / len(alias))
        elif alias in q:
            best = max(best, 600.0 + 80.0 * len(alias) / len(q))
    if best:
        return best
    qb = bigrams(q)
    hay = set().union(bigrams(name), *(bigrams(a) for a in aliases))
    common = qb & hay
    ratio = len(common) / len(qb) if qb else 0.0
    if common and ratio >= 0.5:
        return 400.0 * ratio
    return 0.0


def score(query: str, item: dict) -> float:
    name = normalize(item["name"])
    aliases = [normalize(a) for a in item.get("aliases", [])]
    raw = normalize(query)
    variants = {raw, strip_fillers(raw)}
    return max(_score_one(v, name, aliases) for v in variants)


def search(items: list[dict], query: str, exact_only: bool = False) -> list[dict]:
    """Items matching `query`, best first. exact_only (defect search_miss): full item names only."""
    query = (query or "").strip()
    if not query:
        return []
    if exact_only:
        return [item for item in items if item["name"] == query]
    scored = [(score(query, item), index, item) for index, item in enumerate(items)]
    ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
    return [item for _, _, item in ranked]
