"""What the issue-23 abilities conclude from what a page showed (no browser): the 智能客服's answer, the
用户中心's masking and own data."""
from __future__ import annotations

import pytest

from pages.abilities.assistant import Answer
from pages.abilities.user_center import SectionVisit, UserCenterVisit

OWN_ID = "330102199003071234"


def test_the_expected_item_ranks_by_the_answers_links_or_where_the_text_names_it():
    answer = Answer("我的身份证丢了怎么办", "为您找到以下相关事项：", ["居民身份证补领", "居民身份证换领"])
    assert answer.rank_of("居民身份证补领") == 1 and answer.rank_of("居民身份证换领") == 2
    assert answer.rank_of("社会保障卡申领") is None
    named = Answer("社保卡怎么办理", "可办理社会保障卡补换，或先办社会保障卡申领。", ["社会保障卡补换"])
    assert named.rank_of("社会保障卡申领") == 2        # named after one linked item
    echo = Answer("社会保障卡申领怎么办", "请问还有什么可以帮您？", [])
    assert echo.rank_of("社会保障卡申领") is None        # the question itself is not an answer naming the item


def test_a_hand_over_is_read_from_the_answer_not_from_the_question():
    assert Answer("天气", "抱歉，您可以转人工客服或拨打12345。", []).hands_over()
    assert Answer("天气", "抱歉。", [], handoffs=["拨打 12345"]).hands_over()
    assert not Answer("人工客服在哪", "为您找到以下相关事项：", ["某事项"]).hands_over()


def test_an_empty_answer_is_the_portals_only_where_it_answered_before():
    calls = []

    class Session:
        def raise_missing(self, name, message, stage):
            calls.append((name, stage))
            raise AssertionError(message)
    with pytest.raises(AssertionError, match="没有任何答复"):
        Answer("q", "", session=Session()).expect_reply()
    assert calls == [("assistant.conversation", "智能客服")]
    Answer("q", "有答复", session=Session()).expect_reply()     # an answer: nothing raised
    assert len(calls) == 1


def visit(*texts):
    return UserCenterVisit([SectionVisit(f"栏目{i}", True, text=t) for i, t in enumerate(texts)])


def test_unmasked_numbers_are_found_per_section():
    shown = visit("证照号码 330102********1234", f"证件号码 {OWN_ID}", "手机 13812345678", "手机 138****5678")
    assert shown.unmasked() == ["栏目1", "栏目2"]


def test_a_masked_number_must_be_the_citizens_own():
    mine = visit("330102********1234", "3****************4", "33010219900307****")
    assert mine.foreign_ids(OWN_ID) == [] and mine.own_ids_shown(OWN_ID) == 3
    other = visit("330102********1234", "330106********0028")
    assert other.foreign_ids(OWN_ID) == ["栏目1"] and other.own_ids_shown(OWN_ID) == 1
    assert other.foreign_ids(None) == [] and other.own_ids_shown("") == 0     # nothing to compare with


def test_sections_that_did_not_open_keep_their_evidence():
    result = UserCenterVisit([SectionVisit("我的办件", True), SectionVisit("我的证照", False, "页面返回 HTTP 500")])
    assert [(v.name, v.evidence) for v in result.failed()] == [("我的证照", "页面返回 HTTP 500")]
