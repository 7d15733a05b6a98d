"""Search ranking: exact name > name contains > alias > character-bigram overlap; common phrasings."""
from __future__ import annotations

import re

import pytest

from sandbox.search import search

from sandbox_helpers import PORTAL


def names(client, q):
    html = client.get(PORTAL + "/search", query_string={"q": q}).get_data(as_text=True)
    listing = html.split('aria-label="搜索结果列表"', 1)[1] if "搜索结果列表" in html else ""
    found = re.findall(r'<a href="/item/[^"]+">([^<]+)</a>', listing)
    count = int(re.search(r"共找到 (\d+) 个结果", html).group(1))
    assert count == len(found)
    return found


@pytest.mark.parametrize("query, expected_top", [
    ("身份证", {"居民身份证换领", "居民身份证补领"}),
    ("身份证丢了", {"居民身份证补领"}),
    ("社保卡", {"社会保障卡申领"}),
    ("我要办社保卡", {"社会保障卡申领"}),
    ("营业执照", {"企业设立登记", "个体工商户登记"}),
    ("公积金提取", {"住房公积金提取（租房）", "住房公积金提取（购房）", "住房公积金提取（退休）"}),
    ("提取公积金", {"住房公积金提取（租房）", "住房公积金提取（购房）", "住房公积金提取（退休）"}),
])
def test_common_phrasings_rank_first(client, query, expected_top):
    found = names(client, query)
    assert found and found[0] in expected_top, found[:5]


def test_both_id_card_items_on_top(client):
    assert set(names(client, "身份证")[:2]) == {"居民身份证换领", "居民身份证补领"}


def test_exact_name_first(client, app):
    item = app.sandbox.catalogue.item_by_id["rst-001"]
    assert names(client, item["name"])[0] == item["name"]


def test_tiers_order():
    items = [
        {"id": "a", "name": "丙丁某事", "aliases": []},            # bigram overlap only (丙丁)
        {"id": "b", "name": "某某登记", "aliases": ["丙丁戊卡"]},   # alias match
        {"id": "c", "name": "办丙丁戊证", "aliases": []},          # name contains
        {"id": "d", "name": "丙丁戊", "aliases": []},              # exact
        {"id": "e", "name": "无关事项", "aliases": ["其他"]},       # no match
    ]
    assert [i["id"] for i in search(items, "丙丁戊")] == ["d", "c", "b", "a"]
    assert [i["id"] for i in search(items, "丙丁戊", exact_only=True)] == ["d"]
    assert search(items, "   ") == []


def test_zero_results_help(client):
    assert names(client, "量子纠缠许可") == []
