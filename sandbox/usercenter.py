"""用户中心 (B7-4), what every flavour shows of the signed-in citizen: 我的证照 (electronic licences of the
persona, numbers masked), 我的预约, 消息订阅. Pages and APIs are the flavours'; the data is here.

Defect ``user_center_broken``: 我的证照 fails with HTTP 500 (``licences_or_abort``)."""
from __future__ import annotations

from flask import abort

from .state import Sandbox

CHANNELS = ("短信通知", "站内消息")
BROKEN = "我的证照服务异常（HTTP 500），请稍后再试。"


def _valid(id_number: str, first_year: int, years: int) -> str:
    """A validity period derived from the persona (its birthday, a year from its number)."""
    month_day = f"{id_number[10:12]}.{id_number[12:14]}" if len(id_number) >= 14 else "01.01"
    start = first_year + int(id_number[-2]) % 5 if id_number[-2:-1].isdigit() else first_year
    return f"{start}.{month_day}-{start + years}.{month_day}"


def licences(state: Sandbox, user: dict, show_id) -> list[dict]:
    """The persona's electronic licences: 居民身份证, 社会保障卡 (社会保障号码 = the id number), 机动车驾驶证
    (驾驶证号 = the id number); numbers through `show_id` (masked unless pii_unmasked)."""
    if state.defect("user_center_broken"):
        abort(500, BROKEN)
    number = str(user.get("id_number", ""))
    city = state.catalogue.cities[0]["name"] if state.catalogue.cities else "临州市"
    return [
        {"name": "居民身份证", "number": show_id(number), "issuer": f"{city}公安局", "valid": _valid(number, 2016, 20),
         "status": "有效"},
        {"name": "社会保障卡", "number": show_id(number), "issuer": "江澜省人力资源和社会保障厅",
         "valid": _valid(number, 2018, 10), "status": "有效"},
        {"name": "机动车驾驶证", "number": show_id(number), "issuer": f"{city}公安局交通警察支队",
         "valid": _valid(number, 2019, 6), "status": "有效"},
    ]


def subscribe(state: Sandbox, user: dict, item_id: str, channels: list[str]) -> str | None:
    """Subscribe the citizen to an item's notifications; the refusal's message, or None when done."""
    item = state.catalogue.item_by_id.get(item_id)
    if item is None:
        return "请选择要订阅的事项。"
    chosen = [c for c in CHANNELS if c in channels]
    if not chosen:
        return "请至少选择一种通知方式。"
    state.db.subscribe(user["username"], item, chosen)
    return None
