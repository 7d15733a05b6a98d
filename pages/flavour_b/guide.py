"""Flavour-B 办事指南: plain-li tabs (no ARIA), 4-column label/value tables and dl blocks under the
vendor's own labels (承诺办理时限, 到办事现场次数, 来源渠道说明, 纸质材料份数, 材料形式, 材料类型 …)."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from playwright.sync_api import expect

from shopper.failures import PortalDefect
from shopper.guide_rules import ITEM_TYPE_CODES, normalise_labels, sniff_kind

from ..base import BasePage, host_of
from ..sandbox.guide import FETCH_JS, OnlineStart

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


class GuidePage(BasePage):
    @property
    def tab_strip(self):
        # the tabs are plain li items of one ul: the list that holds both 基本信息 and 申请材料
        return self.page.get_by_role("list").filter(has_text="基本信息").filter(has_text="申请材料")

    @property
    def visible_pane(self):
        # the panes carry no role or name; the one shown is the tab's content
        return self.page.locator(".tab-pane:visible")

    def wait_until_shown(self) -> "GuidePage":
        expect(self.page.get_by_role("heading", level=1), "办事指南页没有事项名称").to_be_visible()
        expect(self.tab_strip, "办事指南页没有分栏（基本信息/申请材料…）").to_be_visible()
        return self

    @property
    def title(self) -> str:
        return self.text_of(self.page.get_by_role("heading", level=1))

    @property
    def online_link(self):
        return self.page.get_by_role("link", name="立即申办", exact=True)

    @property
    def item_id(self) -> str:
        return parse_qs(urlsplit(self.page.url).query).get("matterId", [""])[0]

    def offers_online_application(self) -> bool:
        return self.online_link.count() > 0 and self.online_link.first.is_visible()

    def _pane(self, label: str | None) -> list[dict]:
        """Open one tab by clicking its text (None: the pane shown on arrival) and read it."""
        if label is not None:
            self.tab_strip.get_by_text(label, exact=True).click()
        pane = self.visible_pane
        expect(pane, f"办事指南「{label or '基本信息'}」分栏打不开").to_have_count(1)
        return pane.evaluate(READ_PANE_JS)

    def basic_info(self) -> dict:
        raw = {}
        for block in self._pane(None):
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
        guide = normalise_labels(raw)
        guide["网办深度"] = re.sub(r"级$", "", str(guide.get("网办深度", "")).strip())
        codes = {name: code for code, name in ITEM_TYPE_CODES.items()}
        guide.setdefault("事项类型代码", codes.get(str(guide.get("事项类型", "")).strip(), ""))
        guide.setdefault("dept", self.item_id.split("-", 1)[0])
        return guide

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

    def download_forms(self, guide: dict) -> dict:
        """Fetch every 空白表格/示例样表 the guide links (with the citizen's cookies)."""
        for material in guide.get("materials", []):
            downloads = []
            for which in ("blank", "sample"):
                url = material.get(f"{which}_url")
                if not url:
                    continue
                got = self.page.evaluate(FETCH_JS, url)
                entry = {"url": url, "which": which, "status": got.get("status"),
                         "content_type": got.get("type") or "", "size": got.get("size", 0)}
                if got.get("error"):
                    entry["error"] = got["error"][:200]
                else:
                    entry["kind"] = sniff_kind(bytes(got["head"]), entry["content_type"])
                downloads.append(entry)
            if downloads:
                material["downloads"] = downloads
        return guide

    def start_online_application(self) -> OnlineStart:
        """Click 立即申办 and report where the citizen ends up (one platform, one login)."""
        expect(self.online_link, "办事指南没有「立即申办」入口").to_be_visible()
        with self.navigation("立即申办", "C1-1"):
            self.online_link.click()
        host = host_of(self.page.url)
        platform = {self.portal.portal_host, self.portal.idp_host}
        password_box = self.page.get_by_label("密码")
        extra_login = host != self.portal.idp_host and password_box.count() > 0 and password_box.first.is_visible()
        return OnlineStart(self.page.url, host, host in platform, extra_login)

    def apply_online(self, persona):
        """立即申办 → (统一身份认证 if asked) → step 1 of the wizard. Returns (ApplyPage, signed_in)."""
        from ..components.idp_login import fail_on_error_page
        from .apply import ApplyPage
        from .idp import OAuthLoginForm

        start = self.start_online_application()
        if not start.on_platform:
            raise PortalDefect(f"在线办理跳转到其他网站 {start.host}", "C1-1")
        signed_in = False
        if start.host == self.portal.idp_host:
            OAuthLoginForm(self.portal, self.page).sign_in(persona.username, persona.password)
            self.page.wait_for_url(lambda u: host_of(u) == self.portal.portal_host or u.startswith("chrome-error://"),
                                   wait_until="commit")
            fail_on_error_page(self.page, "在线办理登录后", "B4-2")
            signed_in = True
        return ApplyPage(self.portal, self.page).wait_until_shown(), signed_in
