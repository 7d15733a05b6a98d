"""智能客服 (B5-2): one scenario per sampled question, and one question the assistant cannot answer."""
from __future__ import annotations

import allure
import pytest
from pytest_bdd import parsers, scenario, scenarios, then, when

from shopper.failures import PortalDefect
from steps.conftest import judges, parametrize_from_profile


def pytest_generate_tests(metafunc):
    parametrize_from_profile(metafunc, "question_case", lambda p: p.assistant_questions,
                             ids=lambda cases: [f"{q}→{e}" for q, e in cases])
    parametrize_from_profile(metafunc, "out_of_scope",
                             lambda p: [p.assistant_out_of_scope] if p.assistant_out_of_scope else [])


@pytest.mark.usefixtures("question_case")
@scenario("assistant.feature", "用抽样问题咨询智能客服")
def test_sampled_question():
    pass


@pytest.mark.usefixtures("out_of_scope")
@scenario("assistant.feature", "问到智能客服答不了的事")
def test_out_of_scope_question():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("assistant.feature")


@when("市民打开智能客服并提出抽样问题", target_fixture="answer")
def ask_sampled(home, question_case, journey):
    question, expected = question_case
    journey.observe(question=question, expected=expected)
    answer = home.open_assistant().ask(question)
    journey.observe(rank=answer.rank_of(expected), answer_ms=answer.ms, answer_items=answer.items[:5])
    return answer


@when("市民打开智能客服并提出门户配置的超范围问题", target_fixture="answer")
def ask_out_of_scope(home, out_of_scope, journey):
    journey.observe(question=out_of_scope, expected=None)
    answer = home.open_assistant().ask(out_of_scope)
    journey.observe(answer_ms=answer.ms, answer_items=answer.items[:5])
    return answer


@then("智能客服给出了答复")
@judges("智能客服")
def replied(answer, journey):
    answer.expect_reply()
    journey.observe(replied=True)


@then(parsers.parse("答复中有期望事项且排在前 {k:d} 位"))
@judges("智能客服")
def expected_in_top(answer, question_case, k):
    question, expected = question_case
    rank = answer.rank_of(expected)
    if rank is None or rank > k:
        shown = "、".join(answer.items[:k]) or "答复中没有事项"
        raise PortalDefect(f"向智能客服提问「{question}」，期望「{expected}」在答复的前{k}个事项中，"
                           f"实际 {rank or '未出现'}；答复的事项: {shown}")


@then(parsers.parse("答复在 {limit:d} 毫秒内出现"))
@judges("智能客服")
def answered_in_time(answer, limit):
    if answer.ms > limit:
        raise PortalDefect(f"智能客服从发送问题「{answer.question}」到答复出现用时 {answer.ms:.0f} 毫秒，超过 {limit} 毫秒")


@then("记下答复是否指引人工客服、热线或留言")
def hands_over(answer, journey):
    """Recorded, not judged: whether the answer hands over to a person is read from its words (a word
    list), so an answer without them is listed as 需人工复核, never a defect. The judgement of this
    scenario is that an answer came at all (the step before)."""
    helpful = answer.hands_over()
    journey.observe(handoff=helpful if helpful else None, handoff_review=not helpful)
    if not helpful:
        allure.attach(f"问题「{answer.question}」的答复没有指引人工客服、12345 热线或留言（按字样判断，需人工复核）:\n"
                      f"{answer.text[:500]}", name="需人工复核（1）", attachment_type=allure.attachment_type.TEXT)
