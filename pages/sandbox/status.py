"""办件查询 (status query)."""
from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import expect

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
        self.page.get_by_label("办件编号", exact=True).fill(number)
        self.page.get_by_label("申请人姓名", exact=True).fill(name)
        with self.navigation("办件查询", "B5-1"):
            self.page.get_by_role("button", name="查询", exact=True).click()
        table = self.page.get_by_role("table", name="办件信息")
        missing = self.page.get_by_text("未查询到该办件")
        expect(table.or_(missing).first, "办件查询既无结果也无未找到提示").to_be_visible()
        text = self.page.get_by_role("main").inner_text() if self.page.get_by_role("main").count() else ""
        if not table.is_visible():
            return StatusResult(False, {}, text)
        fields = {}
        for row in table.get_by_role("row").all():
            header, cell = row.get_by_role("rowheader"), row.get_by_role("cell")
            if header.count() and cell.count():
                fields[header.first.inner_text().strip()] = cell.first.inner_text().strip()
        return StatusResult(True, fields, text)
