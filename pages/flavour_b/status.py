"""Flavour-B 办件进度查询: an SPA route; 立即查询 calls /api/progress and pushes /progress/<no>."""
from __future__ import annotations

from shopper.failures import PortalDefect

from ..base import BasePage, browser_errors
from ..sandbox.status import StatusResult as _StatusResult

STATUS_LABEL = "办件状态"

# th/td pairs of the result table (a DOM read of the table the locator found)
READ_PAIRS_JS = """(t) => Array.from(t.querySelectorAll('tr')).map(tr => [tr.querySelector('th'), tr.querySelector('td')])
  .filter(p => p[0] && p[1]).map(p => [p[0].innerText.trim(), p[1].innerText.trim()])"""


class StatusResult(_StatusResult):
    @property
    def status(self) -> str | None:
        return self.fields.get(STATUS_LABEL)


class StatusPage(BasePage):
    def query(self, number: str, name: str) -> StatusResult:
        self.control("status.number").fill(number)
        self.control("status.name").fill(name)
        with browser_errors():
            with self.page.expect_response(lambda r: "/api/progress" in r.url) as api:
                self.control("status.submit").click()
        if api.value.status >= 500:
            raise PortalDefect(f"办件查询接口返回服务器错误 HTTP {api.value.status}", "B5-1")
        table, missing = self.control("status.table"), self.control("status.missing")
        self.expect_control("status.table", "办件查询既无结果也无未找到提示", "B5-1", locator=table.or_(missing))
        text = self.page.locator("body").inner_text()
        if not table.first.is_visible():
            return StatusResult(False, {}, text)
        return StatusResult(True, dict(table.first.evaluate(READ_PAIRS_JS)), text)
