"""办件查询 (status query)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..base import BasePage


@dataclass
class StatusResult:
    found: bool
    fields: dict = field(default_factory=dict)
    page_text: str = ""

    @property
    def status(self) -> str | None:
        return self.fields.get("办理状态")

    def __repr__(self) -> str:  # reports show step arguments: never what an unmasking page showed
        from shopper.masking import mask_text
        return mask_text(f"StatusResult(found={self.found}, fields={self.fields})")


class StatusPage(BasePage):
    def query(self, number: str, name: str) -> StatusResult:
        self.control("status.number").fill(number)
        self.control("status.name").fill(name)
        with self.navigation("办件查询", "B5-1"):
            self.control("status.submit").click()
        table = self.control("status.table")
        missing = self.control("status.missing")
        self.expect_control("status.table", "办件查询既无结果也无未找到提示", "B5-1", locator=table.or_(missing))
        text = self.page.get_by_role("main").inner_text() if self.page.get_by_role("main").count() else ""
        if not table.is_visible():
            return StatusResult(False, {}, text)
        fields = {}
        for row in table.get_by_role("row").all():
            header, cell = row.get_by_role("rowheader"), row.get_by_role("cell")
            if header.count() and cell.count():
                fields[header.first.inner_text().strip()] = cell.first.inner_text().strip()
        return StatusResult(True, fields, text)
