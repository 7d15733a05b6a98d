"""办事指南 (guide) page: read its elements, download its forms, start the online application."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from shopper.guide_rules import ITEM_TYPE_CODES, normalise_labels, sniff_kind

from ..base import BasePage, host_of

TABS = ("基本信息", "办理地点和时间", "申请材料", "办理流程", "收费标准", "设定依据")

# Reads the tables inside one tab panel as data: key/value tables (th scope=row) become a dict,
# tables with a header row become a list of row dicts; each cell keeps its text and its links.
# A DOM read over the panel the locator already found, not a CSS locator for an action.
READ_TABLES_JS = """
(panel) => Array.from(panel.querySelectorAll('table')).map((table) => {
  const text = (el) => (el.innerText || '').replace(/\\s+/g, ' ').trim();
  const links = (el) => Array.from(el.querySelectorAll('a')).map(a => ({text: text(a), href: a.href,
                                                                       label: a.getAttribute('aria-label') || ''}));
  const head = table.querySelector('thead');
  if (!head) {
    const kv = {};
    table.querySelectorAll('tr').forEach(tr => {
      const th = tr.querySelector('th'); const td = tr.querySelector('td');
      if (th && td) kv[text(th)] = text(td);
    });
    return {kind: 'kv', data: kv};
  }
  const cols = Array.from(head.querySelectorAll('th')).map(text);
  const rows = Array.from(table.querySelectorAll('tbody tr')).map(tr => {
    const row = {}; const cellLinks = {};
    Array.from(tr.querySelectorAll('td')).forEach((td, i) => { row[cols[i]] = text(td); cellLinks[cols[i]] = links(td); });
    return {row, links: cellLinks};
  });
  return {kind: 'rows', data: rows};
})
"""


# Downloads a link from inside the page, as the browser would (its cookies, its name resolution),
# keeping the status, content type, size and first bytes (to tell a real document from an error page).
FETCH_JS = """
async (url) => {
  try {
    const r = await fetch(url, {credentials: 'include'});
    const b = new Uint8Array(await r.arrayBuffer());
    return {status: r.status, type: r.headers.get('content-type'), size: b.length, head: Array.from(b.slice(0, 16))};
  } catch (e) { return {status: null, error: String(e)}; }
}
"""


@dataclass
class OnlineStart:
    """Where 在线办理 led: still on the platform, and whether a new login was demanded there."""
    url: str
    host: str
    on_platform: bool
    extra_login: bool


class GuidePage(BasePage):
    def wait_until_shown(self) -> "GuidePage":
        self.expect_control("guide.tabs", "办事指南页没有分栏（基本信息/申请材料…）", "E1")
        return self

    @property
    def title(self) -> str:
        return self.text_of(self.control("guide.title"))

    @property
    def online_link(self):
        return self.control("guide.online_link")

    @property
    def item_id(self) -> str:
        match = re.search(r"/item/([^/?#]+)", self.page.url)
        return match.group(1) if match else ""

    def basic_info(self) -> dict:
        """The 基本信息 panel as shown on arrival (no clicks), labels mapped to the schema."""
        panel = self.expect_control("guide.basic_panel", "办事指南没有显示基本信息", "E1")
        raw = {}
        for table in panel.evaluate(READ_TABLES_JS):
            if table["kind"] == "kv":
                raw.update(table["data"])
        return normalise_labels(raw)

    def _tab(self, label: str) -> list[dict]:
        """Open one tab as a citizen does (a click) and read the tables of its panel."""
        self.page.get_by_role("tab", name=label, exact=True).click()
        panel = self.page.get_by_role("tabpanel", name=label)
        self.expect_control("guide.tabs", f"办事指南「{label}」分栏打不开", "E1", locator=panel)
        return panel.evaluate(READ_TABLES_JS)

    def read_guide(self) -> dict:
        """Every element of the guide, mapped to the schema of docs/CONTRACTS.md §4."""
        raw: dict = {"name": self.title, "item_id": self.item_id, "url": self.page.url}
        for table in self._tab("基本信息"):
            if table["kind"] == "kv":
                raw.update(table["data"])
        raw["impl_code"] = raw.pop("实施编码", "")
        raw["windows"] = [r["row"] for t in self._tab("办理地点和时间") if t["kind"] == "rows" for r in t["data"]]
        raw["materials"] = [self._material(r) for t in self._tab("申请材料") if t["kind"] == "rows" for r in t["data"]]
        raw["流程"] = [r["row"] for t in self._tab("办理流程") if t["kind"] == "rows" for r in t["data"]]
        for label, key in (("收费标准", "收费"), ("设定依据", "设定依据")):
            for table in self._tab(label):
                if table["kind"] == "kv":
                    raw[key] = next(iter(table["data"].values()), "")
        return self.normalised(raw)

    def normalised(self, raw: dict) -> dict:
        """The raw labels and values as read from the page, mapped to the guide schema."""
        guide = normalise_labels(raw)
        guide["网办深度"] = re.sub(r"级$", "", str(guide.get("网办深度", "")).strip())
        codes = {name: code for code, name in ITEM_TYPE_CODES.items()}
        guide.setdefault("事项类型代码", codes.get(str(guide.get("事项类型", "")).strip(), ""))
        guide.setdefault("dept", self.item_id.split("-", 1)[0])
        return guide

    def _material(self, cell: dict) -> dict:
        row = dict(cell["row"])
        links = [link for links in cell["links"].values() for link in links]
        row.pop("序号", None)
        row.pop("空表/样表", None)
        for link in links:
            which = "blank" if "空表" in (link["text"] + link["label"]) else (
                "sample" if "样表" in (link["text"] + link["label"]) else None)
            if which:
                row[f"{which}_url"] = urljoin(self.page.url, link["href"])
        if links:
            row["is_form"] = True
        return row

    def download_forms(self, guide: dict) -> dict:
        """Fetch every 空表/样表 the guide links (with the citizen's cookies) and note what came back."""
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
        """Click 在线办理 and report where the citizen ends up (一网通办: one platform, one login)."""
        self.expect_control("guide.online_link", "办事指南没有「在线办理」入口", "A3-2")
        with self.navigation("在线办理", "C1-1"):
            self.online_link.click()
        host = host_of(self.page.url)
        platform = {self.portal.portal_host, self.portal.idp_host}
        # a password box on a host other than the national IdP is a second, separate login
        password_box = self.page.get_by_label("密码")
        extra_login = host != self.portal.idp_host and password_box.count() > 0 and password_box.first.is_visible()
        return OnlineStart(self.page.url, host, host in platform, extra_login)

    def apply_online(self, persona):
        """在线办理 → (national IdP sign-in if asked) → the application form on the portal."""
        from .apply import ApplyPage

        start = self.start_online_application()
        if not start.on_platform:
            from shopper.failures import PortalDefect
            raise PortalDefect(f"在线办理跳转到其他网站 {start.host}", "C1-1")
        form = ApplyPage(self.portal, self.page)
        signed_in = False
        if start.host == self.portal.idp_host:
            from ..components.idp_login import IdpLoginForm, fail_on_error_page
            IdpLoginForm(self.portal, self.page).sign_in(persona.username, persona.password)
            self.page.wait_for_url(lambda u: host_of(u) == self.portal.portal_host or u.startswith("chrome-error://"),
                                   wait_until="commit")
            fail_on_error_page(self.page, "在线办理登录后", "B4-2")
            signed_in = True
        return form.wait_until_shown(), signed_in
