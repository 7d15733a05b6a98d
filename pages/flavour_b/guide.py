"""Flavour-B 办事指南: plain-li tabs (no ARIA), 4-column label/value tables and dl blocks under the
vendor's own labels (承诺办理时限, 到办事现场次数, 来源渠道说明, 纸质材料份数, 材料形式, 材料类型 …)."""
from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from shopper.failures import PortalDefect
from shopper.guide_rules import normalise_labels

from ..base import browser_errors, host_of
from ..sandbox.guide import GuidePage as _Like

TABS = ("基本信息", "申请材料", "办理流程", "窗口信息", "收费及依据")
BLANK_COLUMN, SAMPLE_COLUMN = "空白表格", "示例样表"

# Reads one visible tab pane as data (a DOM read over the pane the locator found, no action):
# tables without a header row hold label/value pairs (th, td, th, td … per row) → {kind: kv};
# tables with a thead → rows of {column: text} with each cell's links; each dl → {kind: dl}.
READ_PANE_JS = """
(pane) => {
  const text = (el) => (el.innerText || '').replace(/\\s+/g, ' ').trim();
  const out = [];
  pane.querySelectorAll('table').forEach((table) => {
    const head = table.querySelector('thead');
    if (!head) {
      const kv = {};
      table.querySelectorAll('tr').forEach(tr => {
        const cells = Array.from(tr.children);
        for (let i = 0; i + 1 < cells.length; i += 2)
          if (cells[i].tagName === 'TH' && cells[i + 1].tagName === 'TD') kv[text(cells[i])] = text(cells[i + 1]);
      });
      out.push({kind: 'kv', data: kv});
      return;
    }
    const cols = Array.from(head.querySelectorAll('th')).map(text);
    const rows = Array.from(table.querySelectorAll('tbody tr')).map(tr => {
      const row = {}; const links = {};
      Array.from(tr.querySelectorAll('td')).forEach((td, i) => {
        row[cols[i]] = text(td);
        links[cols[i]] = Array.from(td.querySelectorAll('a')).map(a => ({text: text(a), href: a.href,
                                                                       title: a.getAttribute('title') || ''}));
      });
      return {row, links};
    });
    out.push({kind: 'rows', data: rows});
  });
  pane.querySelectorAll('dl').forEach((dl) => {
    const kv = {};
    dl.querySelectorAll('dt').forEach(dt => { const dd = dt.nextElementSibling;
                                             if (dd && dd.tagName === 'DD') kv[text(dt)] = text(dd); });
    out.push({kind: 'dl', data: kv});
  });
  return out;
}
"""


class GuidePage(_Like):
    """Title, tabs, 立即申办, downloads and the start of an application as in flavour A (controls
    guide.*); the panes are read differently and the wizard is this flavour's own."""

    @property
    def item_id(self) -> str:
        return parse_qs(urlsplit(self.page.url).query).get("matterId", [""])[0]

    def _pane(self, label: str | None) -> list[dict]:
        """Open one tab by clicking its text (None: the pane shown on arrival) and read it."""
        if label is not None:
            self.control("guide.tabs").get_by_text(label, exact=True).click()
        pane = self.expect_control("guide.pane", f"办事指南「{label or '基本信息'}」分栏打不开", "E1")
        return pane.first.evaluate(READ_PANE_JS)

    def basic_info(self) -> dict:
        """The 基本信息 pane as shown on arrival (no clicks), labels mapped to the schema."""
        panel = self.expect_control("guide.basic_panel", "办事指南没有显示基本信息", "E1")
        raw = {}
        for block in panel.evaluate(READ_PANE_JS):
            if block["kind"] in ("kv", "dl"):
                raw.update(block["data"])
        return normalise_labels(raw)

    def read_guide(self) -> dict:
        """Every element of the guide, mapped to the schema of docs/CONTRACTS.md §4."""
        raw: dict = {"name": self.title, "item_id": self.item_id, "url": self.page.url}
        for block in self._pane("基本信息"):
            if block["kind"] in ("kv", "dl"):
                raw.update(block["data"])
        raw["materials"] = [self._material(r) for b in self._pane("申请材料") if b["kind"] == "rows"
                            for r in b["data"]]
        raw["流程"] = [r["row"] for b in self._pane("办理流程") if b["kind"] == "rows" for r in b["data"]]
        raw["windows"] = [b["data"] for b in self._pane("窗口信息") if b["kind"] == "dl"]
        for block in self._pane("收费及依据"):
            if block["kind"] in ("kv", "dl"):
                raw.update(block["data"])
        return self.normalised(raw)

    def _material(self, cell: dict) -> dict:
        row = {k: ("" if v in ("—", "-", "无") and k != "必要性" else v) for k, v in cell["row"].items()}
        row.pop("序号", None)
        # 材料类型 here is 申请表格文书/证件证书证明 (a category), not 原件/复印件: keep it apart from 材料形式
        if "材料类型" in row:
            row["材料类别"] = row.pop("材料类型")
        for column, which in ((BLANK_COLUMN, "blank"), (SAMPLE_COLUMN, "sample")):
            row.pop(column, None)
            for link in cell["links"].get(column, []):
                row[f"{which}_url"] = urljoin(self.page.url, link["href"])
                row["is_form"] = True
        return row

    def apply_online(self, persona):
        """立即申办 → (统一身份认证 if asked) → step 1 of the wizard. Returns (ApplyPage, signed_in)."""
        from ..components.idp_login import IdpLoginForm, fail_on_error_page
        from .apply import ApplyPage

        start = self.start_online_application()
        if not start.on_platform:
            raise PortalDefect(f"在线办理跳转到其他网站 {start.host}", "C1-1")
        signed_in = False
        if start.host == self.portal.idp_host:
            form = IdpLoginForm(self.portal, self.page)
            form.expect_control("idp.username", "统一身份认证登录页未显示账号输入框", "B4-2")
            form.sign_in(persona.username, persona.password)
            with browser_errors():
                self.page.wait_for_url(lambda u: host_of(u) == self.portal.portal_host or u.startswith("chrome-error://"),
                                       wait_until="commit")
            fail_on_error_page(self.page, "在线办理登录后", "B4-2")
            signed_in = True
        return ApplyPage(self.portal, self.page).wait_until_shown(), signed_in
