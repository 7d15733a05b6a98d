"""查询精准度 (A3-1): one scenario per sampled keyword of the profile's keyword set."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenario, scenarios, then, when

from shopper.failures import PortalDefect, SuiteError
from shopper.keywords import load_keywords
from shopper.profile import ProfileError
from steps.conftest import judges, parametrize_from_profile


def _keyword_cases(profile):
    if profile.keywords is None:
        raise ProfileError(f"{profile.path}: 没有配置 keywords (no keyword set for 查询精准度)")
    return load_keywords(profile.keywords)


def pytest_generate_tests(metafunc):
    """The keyword set comes from the portal profile, so the cases are parametrised at collection."""
    parametrize_from_profile(metafunc, "keyword_case", _keyword_cases, ids=lambda cases: [c.id for c in cases])


@pytest.mark.usefixtures("keyword_case")
@scenario("search.feature", "用抽样关键词搜索事项")
def test_keyword_search():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("search.feature")


@when("市民搜索抽样关键词", target_fixture="results")
def search_sampled(home, keyword_case, journey):
    journey.observe(keyword=keyword_case.keyword, expected=keyword_case.expected, category=keyword_case.category)
    return home.search_for(keyword_case.keyword)


@when("市民搜索门户配置的零结果查询词", target_fixture="results")
def search_zero_query(home, portal_profile, journey):
    journey.observe(keyword=portal_profile.zero_result_query, expected=None)
    return home.search_for(portal_profile.zero_result_query)


@then("搜索页面正常返回")
def results_page_ok(results, journey, keyword_case):
    journey.observe(result_count=results.result_count(), rank=results.rank_of(keyword_case.expected),
                    latency_ms=results.latency_ms, top=results.result_names()[:5], http_status=results.http_status)


@then(parsers.parse("结果中有期望事项且排在前 {k:d} 位"))
@judges("搜索")
def expected_in_top(results, keyword_case, k):
    rank = results.rank_of(keyword_case.expected)
    if rank is None or rank > k:
        top = "、".join(results.result_names()[:k]) or "无结果"
        raise PortalDefect(f"搜索「{keyword_case.keyword}」期望「{keyword_case.expected}」在前{k}位，"
                           f"实际排名 {rank or '未出现'}；前{k}位: {top}")


@then(parsers.parse("搜索在 {limit:d} 毫秒内给出结果"))
@judges("搜索")
def search_fast_enough(results, limit):
    if results.latency_ms > limit:
        raise PortalDefect(f"搜索「{results.keyword}」从提交到首个结果显示用时 {results.latency_ms:.0f} 毫秒，"
                           f"超过 {limit} 毫秒")


@then("页面提示没有找到并给出搜索建议")
@judges("搜索")
def zero_result_help(results, journey):
    journey.observe(result_count=results.result_count(), latency_ms=results.latency_ms, http_status=results.http_status)
    if results.result_count() != 0:   # our query is not a zero-result query here: the profile's fact is wrong
        raise SuiteError(f"门户配置的零结果查询词「{results.keyword}」在本门户有 {results.result_count()} 个结果，"
                         f"请换一个 zero_result_query (not a zero-result query on this portal)")
    journey.observe(zero_result_help=False)
    journey.observe(zero_result_help=results.zero_result_help_shown())
