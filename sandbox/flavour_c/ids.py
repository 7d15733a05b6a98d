"""Flavour C's all-digit item ids (事项 ids as many real portals show them: 12 digits, no slug).

    item_no(catalogue_id) = str(100000000000 + int(sha1(catalogue_id).hexdigest(), 16) % 900000000000)

Deterministic (the same catalogue id gives the same number in every start and on every machine), 12
digits, never starting with 0. ``ItemIds`` checks the catalogue for a collision at start; ``GET
/api/items`` on the portal and ``python -m sandbox.flavour_c.ids`` list the mapping for a profile."""
from __future__ import annotations

import hashlib
import sys

from ..catalogue import Catalogue
from ..errors import SandboxConfigError

BASE = 10 ** 11
SPAN = 9 * 10 ** 11


def item_no(catalogue_id: str) -> str:
    return str(BASE + int(hashlib.sha1(catalogue_id.encode("utf-8")).hexdigest(), 16) % SPAN)


class ItemIds:
    """Both ways between catalogue ids (gat-001) and flavour C's numbers (12 digits)."""

    def __init__(self, catalogue: Catalogue):
        self.by_no: dict[str, dict] = {}
        self.no_of: dict[str, str] = {}
        for item in catalogue.items:
            no = item_no(item["id"])
            if no in self.by_no:
                raise SandboxConfigError(f"flavour C item number {no} is the same for {self.by_no[no]['id']} "
                                         f"and {item['id']}; rename one of the catalogue ids")
            self.by_no[no] = item
            self.no_of[item["id"]] = no

    def item(self, no: str) -> dict | None:
        return self.by_no.get(no)


if __name__ == "__main__":
    for entry in Catalogue.load().items:
        sys.stdout.write(f"{entry['id']}\t{item_no(entry['id'])}\t{entry['name']}\n")
