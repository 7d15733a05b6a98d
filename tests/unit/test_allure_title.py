from shopper.plugin import allure_title


def test_examples_are_told_apart_by_their_parameters_and_the_phone():
    assert allure_title("用抽样关键词搜索事项", "身份证丢了→居民身份证补领-desktop", "desktop") == "用抽样关键词搜索事项 · 身份证丢了→居民身份证补领"
    assert allure_title("用抽样关键词搜索事项", "身份证丢了→居民身份证补领-mobile", "mobile") == "用抽样关键词搜索事项 · 身份证丢了→居民身份证补领 · 手机"
    assert allure_title("从部门网站找到统一入口", "desktop-rst", "desktop") == "从部门网站找到统一入口 · rst"
    assert allure_title("核对办事指南", "gat-001-desktop", "desktop") == "核对办事指南 · gat-001"


def test_a_plain_scenario_keeps_its_name():
    assert allure_title("搜不到时给出帮助", "desktop", "desktop") == "搜不到时给出帮助"
    assert allure_title("搜不到时给出帮助", "", "desktop") == "搜不到时给出帮助"


def test_an_outline_fills_its_placeholders_and_does_not_repeat_the_example():
    assert allure_title("在线申报“<事项>”", "desktop-社会保障卡申领", "desktop", {"事项": "社会保障卡申领"}) == "在线申报“社会保障卡申领”"
    assert allure_title("从<站点>网站找到统一办事入口", "mobile-临州市", "mobile", {"站点": "临州市"}) == "从临州市网站找到统一办事入口 · 手机"
