"""C4-2 线上预约 and its effort as the first stage of A3-2 申报易用度: the booking journey."""
from __future__ import annotations

from statistics import median

from .base import _numbers, _obs, _of, _rate, metric

BOOKING = ("booking",)


@metric("booking_rate", "网上预约成功拿到预约号的比例", journeys=BOOKING, reads=("booked", "booking_no"))
def m_booking_rate(records):
    return _rate(_of(records, BOOKING), ("booked",), lambda o: bool(o["booked"]) and bool(o.get("booking_no")))


@metric("booking_clicks_median", "从网上预约到预约号的点击次数 (中位数, 含登录)", journeys=BOOKING,
        reads=("booking_no", "booking_clicks"))
def m_booking_clicks(records):
    values = _numbers([r for r in _of(records, BOOKING) if _obs(r).get("booking_no")], "booking_clicks")
    return median(values) if values else None
