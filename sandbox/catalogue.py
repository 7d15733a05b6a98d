"""The item catalogue (sandbox/data/catalogue.json, CONTRACTS.md section 3) as read by the sites."""
from __future__ import annotations

import json
from pathlib import Path

from .errors import SandboxConfigError

DEFAULT_PATH = Path(__file__).parent / "data" / "catalogue.json"
DEPTHS = {"I": 1, "II": 2, "III": 3, "IV": 4}


class Catalogue:
    def __init__(self, data: dict):
        self.province: str = data.get("province", "江澜省")
        self.departments: list[dict] = list(data.get("departments", []))
        self.cities: list[dict] = list(data.get("cities", []))
        self.items: list[dict] = list(data.get("items", []))
        for dept in self.departments:
            dept.setdefault("host", dept["code"])
            dept.setdefault("short", dept["name"])
        self.dept_by_code = {d["code"]: d for d in self.departments}
        self.city_by_code = {c["code"]: c for c in self.cities}
        self.item_by_id = {i["id"]: i for i in self.items}

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Catalogue":
        path = Path(path or DEFAULT_PATH)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SandboxConfigError(f"catalogue not found: {path}") from None
        except json.JSONDecodeError as exc:
            raise SandboxConfigError(f"catalogue {path} is not valid JSON: {exc}") from None
        return cls(data)

    def items_of_dept(self, code: str) -> list[dict]:
        return [i for i in self.items if i.get("dept") == code]

    def items_of_city(self, code: str) -> list[dict]:
        """Items handled in a city: those tagged with it, else every item (province-wide 同城通办)."""
        tagged = [i for i in self.items if code in (i.get("cities") or [])]
        return tagged or list(self.items)

    def items_for(self, audience: str) -> list[dict]:
        return [i for i in self.items if i.get("audience", "个人") == audience]

    def dept_of(self, item: dict) -> dict:
        return self.dept_by_code.get(item.get("dept"), {"code": item.get("dept", ""), "name": item.get("dept", ""),
                                                        "short": item.get("dept", "")})


def depth(item: dict) -> int:
    return DEPTHS.get(str(item.get("guide", {}).get("网办深度", "I")).strip(), 1)


def can_apply_online(item: dict) -> bool:
    return depth(item) >= 2


def required_materials(item: dict) -> list[tuple[int, dict]]:
    """(1-based index, material) of the 必要 materials: one file input each on the apply form."""
    return [(n, m) for n, m in enumerate(item.get("guide", {}).get("materials", []), start=1)
            if str(m.get("必要性", "")).startswith("必要")]
