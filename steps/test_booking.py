"""网上预约 (C4-2), and its effort as the first stage of 申报易用度 (A3-2): from a guide's 网上预约 to a 预约号."""
from __future__ import annotations

import pytest
from pytest_bdd import given, scenario, scenarios, then, when

from pages.abilities.apply import NotSubmitted
from steps.conftest import judges, parametrize_from_profile


def pytest_generate_tests(metafunc):
    parametrize_from_profile(metafunc, "booking_item", lambda p: [p.booking_item] if p.booking_item else [])


@pytest.mark.usefixtures("booking_item")
@scenario("booking.feature", "网上预约门户配置的事项")
def test_book_sampled_item():
    pass


pytestmark = pytest.mark.usefixtures("device")  # one run per --device

scenarios("booking.feature")


@pytest.fixture
def booking_mark(journey):
    """Where the booking stage starts: the click on 网上预约."""
    return {}


@given("市民打开门户配置的预约事项的办事指南", target_fixture="guide")
def open_booking_guide(portal, booking_item, journey):
    journey.observe(item_id=booking_item)
    return portal.open_guide(booking_item)


@when("市民点击网上预约并经统一身份认证登录", target_fixture="booking_form")
def open_booking(guide, citizen, journey, booking_mark):
    booking_mark["start"] = journey.mark()
    return guide.open_booking(citizen)


@when("市民选择办理大厅和有余号的预约时段")
def choose_slot(booking_form, journey):
    journey.observe(slot=booking_form.choose_hall().choose_free_slot())


@when("市民确认预约", target_fixture="booking_receipt")
def confirm(booking_form, portal_profile, journey):
    outcome = booking_form.confirm(portal_profile)
    journey.observe(read_only=isinstance(outcome, NotSubmitted), booked=not isinstance(outcome, NotSubmitted))
    return outcome


@then("页面显示预约成功和预约号")
@judges("预约")
def booked(booking_receipt, journey, booking_mark):
    if isinstance(booking_receipt, NotSubmitted):
        pytest.skip(booking_receipt.reason)
    number = booking_receipt.booking_number()
    stage = journey.since(booking_mark["start"])
    journey.observe(booking_no=number, booking_clicks=stage["clicks"], booking_views=stage["views"],
                    booking_ms=stage["ms"])
