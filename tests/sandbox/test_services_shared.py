"""The rules every flavour's issue-23 features share (sandbox/assistant.py, guides.py, booking.py,
usercenter.py): what the assistant answers, how guides are published and copied, how many places a
booking slot has, and what the catalogue offers for 减时间 / 减跑动 / 即办."""
from __future__ import annotations

import csv
import functools
import re
from datetime import date
from pathlib import Path

import pytest

from sandbox import create_app
from sandbox.assistant import NOT_FOUND, answer, ranked
from sandbox.booking import CAPACITY, GONE, SLOTS, book, day_label, days, halls, slots
from sandbox.guides import published, site_copy, stale_promise
from sandbox.search import search

from sandbox_helpers import ACCOUNTS, ALICE

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = [row for row in csv.reader((ROOT / "fixtures" / "keywords" / "sandbox.csv").read_text(encoding="utf-8")
                                      .splitlines()) if row and not row[0].startswith("#")][1:]


def state(*defects):
    return create_app(accounts=ACCOUNTS, defects=list(defects)).sandbox


@functools.lru_cache(maxsize=None)
def shared(*defects):
    """One sandbox per set of defects for the tests that only read (a sandbox takes a third of a second)."""
    return state(*defects)


# the assistant ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("keyword,expected", [(r[0], r[1]) for r in KEYWORDS], ids=[r[0] for r in KEYWORDS])
def test_a_question_about_an_item_is_answered_with_it_among_the_best_three(keyword, expected):
    sandbox = shared()
    for question in (f"{keyword}怎么办理？", f"请问{keyword}需要什么材料"):
        reply = answer(sandbox, question)
        names = [i["name"] for i in reply.items]
        assert reply.found and 1 <= len(names) <= 3 and expected in names, (question, names)
        # ranked as the portal's search ranks the question without its question words
        assert names == [i["name"] for i in search(sandbox.catalogue.items, keyword)][:len(names)]


def test_the_lost_id_card_question_is_answered_with_the_replacement_first():
    reply = answer(shared(), "我的身份证丢了怎么办")
    assert [i["name"] for i in reply.items][0] == "居民身份证补领"


def test_an_out_of_scope_question_gets_a_reply_pointing_to_people_not_an_empty_answer():
    for question in ("今天天气怎么样", "你好"):
        reply = answer(shared(), question)
        assert not reply.found and reply.items == [] and reply.text == NOT_FOUND
        assert all(word in reply.text for word in ("人工客服", "12345", "留言"))


def test_assistant_unrelated_answers_with_items_the_search_does_not_relate():
    sandbox = shared("assistant_unrelated")
    for question in ("我的身份证丢了怎么办", "社保卡怎么办理？", "今天天气怎么样"):
        reply = answer(sandbox, question)
        related = {i["id"] for i in ranked(sandbox.catalogue.items, question)}
        assert len(reply.items) == 3 and not related & {i["id"] for i in reply.items}, question


def test_assistant_down_aborts_with_500():
    from werkzeug.exceptions import InternalServerError
    with pytest.raises(InternalServerError):
        answer(shared("assistant_down"), "社保卡怎么办理？")


# 减时间 / 减跑动 / 即办: what the catalogue gives every flavour's guides ----------------------------------
def test_catalogue_has_limits_with_units_instant_items_and_every_visit_count():
    items = shared().catalogue.items
    legal = [i["guide"]["法定办结时限"] for i in items]
    promised = [i["guide"]["承诺办结时限"] for i in items]
    assert any("工作日" in v for v in legal) and any("自然日" in v for v in legal)
    assert all(re.search(r"\d", v) for v in legal)
    instant = [i for i in items if i["guide"]["办件类型"] == "即办件"]
    assert len(instant) >= 10 and {i["guide"]["承诺办结时限"] for i in instant} >= {"即办", "当场办结"}
    assert {i["guide"]["到现场次数"] for i in items} >= {"0", "1", "2"}
    reduced = [i for i in items if i["guide"]["承诺办结时限"] != i["guide"]["法定办结时限"]]
    assert len(reduced) > len(items) * 0.9 and any("自然日" in v for v in promised)


def test_no_reduction_publishes_the_legal_limit_as_the_promise_and_no_instant_item():
    clean, broken = shared(), shared("no_reduction")
    for item in clean.catalogue.items:
        shown = published(broken, item)["guide"]
        assert shown["承诺办结时限"] == item["guide"]["法定办结时限"]
        assert shown["办件类型"] == "承诺件"
        assert published(clean, item)["guide"] == item["guide"]
    item = clean.catalogue.item_by_id["rst-001"]
    assert item["guide"]["承诺办结时限"] == "即办" and item["guide"]["办件类型"] == "即办件"   # untouched


# 数据同源 ---------------------------------------------------------------------------------------------
def test_copies_equal_the_portal_unless_stale_copy_and_then_only_on_department_sites():
    clean, stale = shared(), shared("stale_copy")
    for item in clean.catalogue.items:
        portal = published(clean, item)["guide"]
        assert site_copy(clean, item, "dept")["guide"] == portal == site_copy(clean, item, "city")["guide"]
        old = site_copy(stale, item, "dept")["guide"]
        assert old["承诺办结时限"] != portal["承诺办结时限"]
        assert old["materials"] == portal["materials"][:-1]
        assert site_copy(stale, item, "city")["guide"] == portal


@pytest.mark.parametrize("promise,stale", [("即办", "5个工作日"), ("当场办结", "5个工作日"), ("20个工作日", "25个工作日"),
                                           ("40个自然日", "45个自然日"), ("15天", "20天"), ("另行通知", "15个工作日")])
def test_stale_promise(promise, stale):
    assert stale_promise(promise) == stale


# 网上预约 ---------------------------------------------------------------------------------------------
def test_days_are_the_next_five_working_days_named_by_month_day_and_weekday():
    monday = date(2026, 12, 7)
    assert days(date(2026, 12, 4)) == [monday, date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10),
                                        date(2026, 12, 11)]
    assert day_label(monday) == "12月7日 周一"


def test_halls_are_the_item_windows_then_the_city_centres():
    sandbox = shared()
    item = sandbox.catalogue.item_by_id["gat-002"]
    names = [h.name for h in halls(sandbox, item)]
    assert names[:len(item["guide"]["windows"])] == [w["name"] for w in item["guide"]["windows"]]
    assert names[-2:] == ["临州市民之家政务服务中心", "云川市政务服务中心"]


def numbered(taken):
    n = 0
    while taken(f"T{n}"):
        n += 1
    return f"T{n}"


def test_a_slot_takes_its_capacity_then_is_full():
    sandbox = state()
    item = sandbox.catalogue.item_by_id["rst-001"]
    hall, day = halls(sandbox, item)[0], days()[1]
    first = {s.time: s.left for s in slots(sandbox, item, hall, day)}
    assert all(0 < n <= CAPACITY for n in first.values())
    slot = SLOTS[2]
    made = [book(sandbox, ALICE, item, hall.id, day.isoformat(), slot, numbered) for _ in range(first[slot])]
    assert all(no and not error for no, error in made)
    assert book(sandbox, ALICE, item, hall.id, day.isoformat(), slot, numbered) == (None, GONE)
    assert [s for s in slots(sandbox, item, hall, day) if s.time == slot][0].full
    assert sandbox.db.booking(made[0][0])["username"] == "alice"


def test_the_first_slot_of_the_first_day_is_full_and_a_bad_choice_is_refused():
    sandbox = shared()
    item = sandbox.catalogue.item_by_id["rst-001"]
    hall = halls(sandbox, item)[0]
    assert slots(sandbox, item, hall, days()[0])[0].full
    assert book(sandbox, ALICE, item, "nope", days()[0].isoformat(), SLOTS[1], numbered)[1] == "请选择办理大厅。"
    assert book(sandbox, ALICE, item, hall.id, "2000-01-01", SLOTS[1], numbered)[1] == "请选择预约日期。"
    assert book(sandbox, ALICE, item, hall.id, days()[1].isoformat(), "08:00", numbered)[1] == "请选择预约时段。"


def test_slots_full_leaves_no_place_anywhere():
    sandbox = shared("slots_full")
    item = sandbox.catalogue.item_by_id["rst-001"]
    for hall in halls(sandbox, item):
        for day in days():
            assert all(s.full for s in slots(sandbox, item, hall, day))
    assert book(sandbox, ALICE, item, "w1", days()[2].isoformat(), SLOTS[3], numbered) == (None, GONE)
