"""智能客服 (the assistant every flavour offers, B5-2): a citizen's question → the best 1–3 catalogue items,
ranked by the portal's own search (sandbox/search.py) on the question without its question words; a
question about nothing in the catalogue gets a reply that says so and points to 人工客服, the 12345 hotline
and 留言 (never an empty answer).

Defects: ``assistant_unrelated`` answers with items that have nothing to do with the question;
``assistant_down`` makes every flavour's answer call fail with HTTP 500 (``answer_or_abort``)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort

from .search import score, search
from .state import Sandbox

MAX_ITEMS = 3
KEEP_RATIO = 0.6          # an item stays in the answer when its score is ≥ 60 % of the best one's
MAX_QUESTION = 200
# how citizens wrap a question around what they need (removed before the catalogue search)
QUESTION_WORDS = ("请问一下", "请问", "你好", "您好", "麻烦问下", "麻烦", "咨询一下", "咨询", "我想知道", "想问一下",
                  "想问", "我的", "我家", "我们", "应该怎么办", "该怎么办", "怎么办理", "怎么办", "咋办", "怎么弄",
                  "怎么处理", "如何办理", "去哪儿办", "去哪办", "在哪儿办", "在哪办", "能不能", "可不可以", "可以",
                  "能否", "需要哪些", "需要什么", "要带什么", "带什么", "什么时候", "多久", "谢谢")
GREETING = "您好，我是江澜省政务服务智能客服“小澜”，请问有什么可以帮您？"
FOUND = "为您找到以下相关事项，点击事项名称查看办事指南："
NOT_FOUND = ("抱歉，我暂时无法回答您的问题。您可以转人工客服（工作日 9:00-17:00），拨打 12345 政务服务便民热线，"
             "或在“我要留言”中留下您的问题，工作人员会尽快答复。")
HOT_QUESTIONS = ("身份证丢了怎么办？", "社保卡怎么办理？", "怎么提取公积金？", "开公司需要什么材料？")
DOWN = "智能客服暂时无法回答（HTTP 500），请稍后再试，或拨打 12345 政务服务便民热线。"


@dataclass
class Answer:
    question: str
    text: str
    items: list[dict] = field(default_factory=list)   # catalogue items, best first
    found: bool = False                                # False: the out-of-scope reply (人工客服/12345/留言)


def cleaned(question: str) -> str:
    text = (question or "").strip()
    for word in QUESTION_WORDS:
        text = text.replace(word, "")
    return text


def ranked(items: list[dict], question: str) -> list[dict]:
    """The best 1–3 items for `question`: the search's ranking, cut where the score drops below
    KEEP_RATIO of the best."""
    query = cleaned(question) or question
    found = search(items, query)
    if not found:
        return []
    best = score(query, found[0])
    return [item for item in found[:MAX_ITEMS] if score(query, item) >= KEEP_RATIO * best]


def unrelated(items: list[dict], question: str) -> list[dict]:
    """Defect assistant_unrelated: three items the question has nothing to do with (taken from the end of
    the catalogue, skipping anything the search would rank)."""
    related = {i["id"] for i in search(items, cleaned(question) or question)}
    return [i for i in reversed(items) if i["id"] not in related][:MAX_ITEMS]


def answer(state: Sandbox, question: str) -> Answer:
    """The assistant's answer to `question` (abort 500 under assistant_down)."""
    if state.defect("assistant_down"):
        abort(500, DOWN)
    question = (question or "").strip()[:MAX_QUESTION]
    items = state.catalogue.items
    chosen = unrelated(items, question) if state.defect("assistant_unrelated") else ranked(items, question)
    if not chosen:
        return Answer(question, NOT_FOUND)
    return Answer(question, FOUND, chosen, True)
