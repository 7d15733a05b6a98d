"""网上预约 (C4-2), the same rules on every flavour: a citizen books a time at a hall where the item is
handled, on one of the next working days; each slot takes CAPACITY people. Halls: the windows of the
item's guide, then the two cities' service centres (就近办理). Some places are taken already (a
deterministic number per slot, and the first slot of the first day is always 已约满, as on a real
Monday morning); the sandbox's own bookings take the rest.

Defect ``slots_full``: every slot shows 已约满 and none can be booked.

Each flavour numbers its bookings (``numbering(taken)``) and draws its own pages."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from .state import Sandbox

SLOTS = ("09:00-10:00", "10:00-11:00", "11:00-12:00", "14:00-15:00", "15:00-16:00", "16:00-17:00")
CAPACITY = 5
DAYS = 5
WEEKDAYS = "一二三四五六日"
CITY_HALLS = {"lz": ("临州市民之家政务服务中心", "临州市钱江路188号"), "yc": ("云川市政务服务中心", "云川市望江路66号")}
FULL = "已约满"
GONE = "该时段已约满，请选择其他时段。"


@dataclass(frozen=True)
class Hall:
    id: str
    name: str
    address: str


@dataclass(frozen=True)
class Slot:
    time: str
    left: int

    @property
    def full(self) -> bool:
        return self.left <= 0


def halls(state: Sandbox, item: dict) -> list[Hall]:
    out = [Hall(f"w{n}", w["name"], w["地址"]) for n, w in enumerate(item["guide"].get("windows", []), start=1)]
    for city in state.catalogue.cities:
        name, address = CITY_HALLS.get(city["code"], (f"{city['name']}政务服务中心", city["name"]))
        out.append(Hall(city["code"], name, address))
    return out


def hall_of(state: Sandbox, item: dict, hall_id: str) -> Hall | None:
    return next((h for h in halls(state, item) if h.id == hall_id), None)


def days(today: date | None = None) -> list[date]:
    """The next DAYS working days (Monday to Friday), from tomorrow."""
    day, out = (today or date.today()), []
    while len(out) < DAYS:
        day += timedelta(days=1)
        if day.weekday() < 5:
            out.append(day)
    return out


def day_label(day: date) -> str:
    """11月25日 周二 (how the pages name a day)."""
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


def day_of(value: str) -> date | None:
    """A day a booking may be made for (one of ``days()``), from its ISO form; None otherwise."""
    return next((d for d in days() if d.isoformat() == value), None)


def _taken_before(item_id: str, hall_id: str, day: date, slot: str) -> int:
    if day == days()[0] and slot == SLOTS[0]:
        return CAPACITY
    digest = hashlib.sha1(f"{item_id}|{hall_id}|{day.isoformat()}|{slot}".encode("utf-8")).digest()
    return digest[0] % (CAPACITY - 1)


def left(state: Sandbox, item_id: str, hall_id: str, day: date, slot: str, booked: int) -> int:
    if state.defect("slots_full"):
        return 0
    return max(0, CAPACITY - _taken_before(item_id, hall_id, day, slot) - booked)


def slots(state: Sandbox, item: dict, hall: Hall, day: date) -> list[Slot]:
    booked = state.db.booked(item["id"], hall.id, day.isoformat())
    return [Slot(s, left(state, item["id"], hall.id, day, s, booked.get(s, 0))) for s in SLOTS]


def book(state: Sandbox, user: dict, item: dict, hall_id: str, day_value: str, slot: str,
         numbering: Callable[[Callable[[str], bool]], str]) -> tuple[str | None, str | None]:
    """(booking number, None) or (None, what the citizen is told)."""
    hall = hall_of(state, item, hall_id)
    day = day_of(day_value)
    if hall is None:
        return None, "请选择办理大厅。"
    if day is None:
        return None, "请选择预约日期。"
    if slot not in SLOTS:
        return None, "请选择预约时段。"
    no = state.db.create_booking(
        {"username": user["username"], "item_id": item["id"], "item_name": item["name"], "hall_id": hall.id,
         "hall_name": hall.name, "hall_address": hall.address, "day": day.isoformat(), "slot": slot},
        numbering, lambda booked: left(state, item["id"], hall.id, day, slot, booked))
    if no is None:
        return None, GONE
    return no, None


def numbering(head: Callable[[], str], digits: int) -> Callable[[Callable[[str], bool]], str]:
    """A flavour's 预约号: head() (a prefix with today's date) + `digits` random digits, not yet taken."""
    def number(taken: Callable[[str], bool]) -> str:
        while True:
            no = head() + f"{secrets.randbelow(10 ** digits):0{digits}d}"
            if not taken(no):
                return no
    return number


def today(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def own_booking(state: Sandbox, user: dict, no: str) -> dict | None:
    """The booking `no` if it is `user`'s, else None (another citizen's booking is not shown)."""
    record = state.db.booking(no)
    return record if record is not None and record["username"] == user["username"] else None
