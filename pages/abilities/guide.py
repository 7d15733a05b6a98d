"""办事指南: read a guide as a citizen does, download its forms, start the online application.

A guide is read section by section: each tab, accordion header or plain list item named like a guide
section (conventions `guide.sections`: 基本信息, 申请材料, 办理流程 …) is opened with a click when it is
not open yet, and what is then rendered — in the page and in its frames — is read by the one reader of
pages/reading.py (tables with merged cells, label/value tables, `dl`, label/value elements). The labels
are mapped to one schema by the label normaliser (shopper/guide/labels.py). Which table is which is
told by its columns (材料名称 → materials; 地址/窗口 → windows; 环节/步骤 → 流程), never by position.

`basic_info()` reads what the guide states without a click (what a citizen sees on arrival, and the
claims in sections not opened yet): the apply journey counts clicks from home to submit, and opening
tabs to read a claim is not the citizen's way to the form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from shopper.failures import PortalDefect, SuiteError
from shopper.guide import normalise_labels, sniff_kind

from ..reading import merged_pairs, read_blocks
from ..session import browser_errors
from ..view import View

STAGE = "办事指南"
# what every guide states somewhere: fewer than two of them read means we did not read the guide
CORE = ("承诺办结时限", "法定办结时限", "到现场次数", "impl_code", "materials", "流程", "windows", "办理地点",
        "办件类型", "事项类型")
MATERIAL_COLUMNS = re.compile(r"材料名称|^名称$|^材料$")
WINDOW_COLUMNS = re.compile(r"地址|办理地点|窗口")
FLOW_COLUMNS = re.compile(r"环节|步骤")
WINDOW_KEYS = re.compile(r"^(窗口名称|名称|办理窗口)$")
ADDRESS_KEYS = re.compile(r"^(地址|办理地点|办公地址|窗口地址)$")
BLANK_WORDS = re.compile(r"空表|空白|表格下载|模板")
SAMPLE_WORDS = re.compile(r"样表|示例|示范|样例|填写说明|填写示例")
DOWNLOAD_WORDS = re.compile(r"下载|空表|样表|空白|示例|示范|样例")

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


def _squash(text: str) -> str:
    return re.sub(r"[\s:：]+", "", text or "")


class Guide(View):
    def __init__(self, session, item_id: str | None = None):
        super().__init__(session)
        self._item_id = item_id

    def wait_until_shown(self, stage: str = STAGE) -> "Guide":
        self.session.expect("guide.sections", "办事指南页没有显示指南内容（基本信息/申请材料…）", stage)
        return self

    @property
    def item_id(self) -> str:
        """The id the profile sampled, else read from the address by the profile's `urls.guide`."""
        return self._item_id or self.profile.item_id_from_url(self.page.url) or ""

    @property
    def title(self) -> str:
        heading = self.session.find("guide.title", item=self.item_id)
        return self.session.text_of(heading.first) if heading is not None else ""

    def basic_info(self) -> dict:
        """What the guide states, read without a click, labels mapped to the schema (once it has
        rendered: a single-page app fills the guide in after its route changed; nothing read in the
        action time-out gives an empty dict)."""
        s = self.session
        pairs: dict = {}

        def look() -> bool:
            pairs.clear()
            pairs.update(merged_pairs(read_blocks(self.page.frames, hidden=True)))
            return bool(pairs)
        s.wait_until([look], s.spec("guide.title").union(s.page))
        return normalise_labels(pairs)

    def _sections(self):
        """The section headers of this guide, each opened once (tab, accordion or list item)."""
        headers = self.session.control("guide.sections")
        return [headers.nth(i) for i in range(headers.count())]

    def read_guide(self) -> dict:
        """Every element of the guide, section by section, mapped to the schema (docs/CONTRACTS.md §4)."""
        blocks = self._first_read()
        for header in self._sections():
            if _is_open(header):
                continue
            name = self.session.text_of(header)[:20]
            self.session.act(header, f"打开办事指南分栏「{name}」", lambda t: t.click(), "guide.sections")
            blocks += [b for b in read_blocks(self.page.frames) if b not in blocks]
        self.session.confirm("guide.sections")
        guide = self.assemble(blocks)
        read = [k for k in CORE if guide.get(k)]
        if len(read) < 2:   # nothing of a guide read: our reading does not fit this page, not an empty guide
            raise SuiteError(f"套件故障 · 未适配: 未能从办事指南页读出要素（只读出 {len(read)} 项: "
                             f"{'、'.join(read) or '无'}；页面 {self.page.url}），不计为门户缺陷")
        return guide

    def _first_read(self) -> list[dict]:
        """The guide as rendered on arrival, once it has rendered (a single-page app fills it in after
        the route changes)."""
        s = self.session
        blocks: list[dict] = []

        def look() -> bool:
            blocks[:] = read_blocks(self.page.frames)
            return any(b["kind"] in ("kv", "rows") and (b.get("data") or b.get("rows")) for b in blocks)
        s.wait_until([look], s.spec("guide.title").union(s.page))
        return blocks

    def assemble(self, blocks: list[dict]) -> dict:
        raw: dict = {"name": self.title, "item_id": self.item_id, "url": self.page.url}
        windows, materials, flow = [], [], []
        for block in blocks:
            if block["kind"] == "rows":
                columns = [_squash(c) for c in block["columns"]]
                if any(MATERIAL_COLUMNS.search(c) for c in columns):
                    materials += [self._material(r, block["columns"]) for r in block["rows"]]
                elif any(FLOW_COLUMNS.search(c) for c in columns):
                    flow += [r["row"] for r in block["rows"]]
                elif any(WINDOW_COLUMNS.search(c) for c in columns):
                    windows += [r["row"] for r in block["rows"]]
            elif block["kind"] == "kv":
                keys = {_squash(k) for k in block["data"]}
                if any(WINDOW_KEYS.match(k) for k in keys) and any(ADDRESS_KEYS.match(k) for k in keys):
                    windows.append(dict(block["data"]))
                    continue
                for k, v in block["data"].items():
                    if k not in raw or not raw[k]:
                        raw[k] = v
        if windows:
            raw["windows"] = windows
        if materials:
            raw["materials"] = materials
        if flow:
            raw["流程"] = flow
        return self.normalised(raw)

    def normalised(self, raw: dict) -> dict:
        guide = normalise_labels(raw)
        if "impl_code" not in guide and "实施编码" in raw:
            guide["impl_code"] = raw["实施编码"]
        guide["网办深度"] = re.sub(r"级$", "", str(guide.get("网办深度", "")).strip())
        guide.setdefault("dept", self.item_id.split("-", 1)[0] if "-" in self.item_id else "")
        return guide

    def _material(self, cell: dict, columns: list[str]) -> dict:
        row = {k: v for k, v in cell["row"].items() if _squash(k) not in ("序号", "操作", "下载", "空表/样表", "表格下载")}
        for column, links in cell["links"].items():
            for link in links:
                own = " ".join((link.get("text", ""), link.get("title", ""), link.get("label", "")))
                if not link.get("href") or not DOWNLOAD_WORDS.search(own + column):
                    continue
                # the link's own words say which it is; its column only when they do not (空表/样表 columns)
                which = _which(own) or _which(column)
                if which and f"{which}_url" not in row:
                    row[f"{which}_url"] = urljoin(self.page.url, link["href"])
                    row["is_form"] = True
                if which:
                    row.pop(column, None)
        return row

    def download_forms(self, guide: dict) -> dict:
        """Fetch every 空表/样表 the guide links (with the citizen's cookies) and note what came back."""
        for material in guide.get("materials", []):
            downloads = []
            for which in ("blank", "sample"):
                url = material.get(f"{which}_url")
                if not url:
                    continue
                with browser_errors():
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

    # -- 在线办理 -------------------------------------------------------------------------------------
    def start_online_application(self) -> OnlineStart:
        """Click 在线办理 and report where the citizen ends up (一网通办: one platform, one login)."""
        s = self.session
        link = s.expect("guide.online_link", "办事指南没有「在线办理」入口", "申报")
        with s.moving() as moved:
            s.click(link, "点击在线办理", "guide.online_link")
            # 在线办理 always leads somewhere (a page, a route, a tab): wait for the citizen to be there
            form = s.spec("apply.form").union(s.page)
            password = s.page.get_by_label(re.compile("密码")).filter(visible=True)
            s.wait_until([lambda: moved() and (form.count() > 0 or password.count() > 0),
                          lambda: s.page.url.startswith("chrome-error://")], form.or_(password))
        if s.page.url.startswith("chrome-error://"):
            raise PortalDefect(f"点击在线办理后浏览器显示错误页 {s.error_code()}".strip(), stage="申报")
        host = s.host
        platform = self.portal.platform_hosts()
        extra_login = host not in platform and password.count() > 0
        return OnlineStart(self.page.url, host, host in platform, extra_login)

    def apply_online(self, persona):
        """在线办理 → (sign in when asked) → the application form. Returns (ApplyForm, signed_in)."""
        from .apply import ApplyForm
        from .signin import IdpLogin, _verdict, on_login_page

        s = self.session
        with s.answers() as seen:
            start = self.start_online_application()
            if not start.on_platform:
                self._off_platform(start)
            signed_in = False
            if on_login_page(s):
                IdpLogin(s, "登录").answer(persona)
                outcome = _wait_for_form(s, seen)
                if outcome != "form":
                    _verdict(s, outcome, seen, self.portal.portal_host, "登录")
                signed_in = True
        return ApplyForm(s).wait_until_shown(), signed_in


    def open_booking(self, persona):
        """网上预约 → (sign in when asked) → the booking form (pages/abilities/booking.py)."""
        from .booking import STAGE as BOOKING, BookingForm
        from .signin import IdpLogin, _verdict, on_login_page

        s = self.session
        link = s.expect("guide.booking_link", "办事指南没有网上预约入口", BOOKING)
        with s.answers() as seen:
            with s.moving() as moved:
                s.click(link, "点击网上预约", "guide.booking_link")
                form = s.spec("booking.form").union(s.page)
                password = s.spec("idp.password").union(s.page)
                s.wait_until([lambda: moved() and (form.count() > 0 or on_login_page(s)),
                              lambda: s.page.url.startswith("chrome-error://")], form.or_(password))
            if on_login_page(s):
                IdpLogin(s, "登录").answer(persona)
                outcome = _wait_for_form(s, seen, control="booking.form")
                if outcome != "form":
                    _verdict(s, outcome, seen, self.portal.portal_host, "登录")
        if seen.errors(500):
            raise PortalDefect(f"打开网上预约时{seen.evidence(500)}", stage=BOOKING)
        return BookingForm(s).wait_until_shown()

    def _off_platform(self, start: OnlineStart) -> None:
        """在线办理 led off the platform. A login page there is the portal's own identity platform when
        the portal's 登录 link leads to that host too (then our profile's urls.idp is wrong: 套件故障);
        a login on another host is a second system's own login (一网通办: 进多站、跑多网), evidence the
        portal gave. Not knowing where the portal's 登录 leads, we cannot tell: 套件故障."""
        from .signin import on_login_page

        s = self.session
        if not on_login_page(s):
            raise PortalDefect(f"在线办理跳转到统一平台以外的网站 {start.host}", stage="一网通办")
        own = self.portal.fit.facts.get("idp_host")
        if own == start.host:
            raise SuiteError(f"套件故障: 在线办理的登录页 {start.host} 就是门户「登录」所到的统一身份认证: "
                             f"门户配置 urls.idp ({self.portal.idp_host}) 与实际不符，不计为门户缺陷")
        if own is None:
            raise SuiteError(f"套件故障: 在线办理转到 {start.host} 的登录页，未能确认门户自己的「登录」通向哪里，"
                             f"无法判断是否另行登录 (the probe did not reach the portal's login page)")
        raise PortalDefect(f"在线办理跳转到 {start.host}，要求另行登录（门户自己的统一身份认证在 {own}）", stage="一网通办")


def _wait_for_form(s, seen, control: str = "apply.form") -> str | None:
    """form (the `control` a step leads to) | error | answered_error or None when nothing showed."""
    form = s.spec(control).union(s.page)
    looks = [("form", lambda: form.count() > 0),
             ("error", lambda: s.page.url.startswith("chrome-error://")),
             ("answered_error", lambda: bool(seen.errors(400, documents=True)))]
    which = s.wait_until([look for _, look in looks], form)
    return None if which is None else looks[which][0]


def _which(words: str) -> str | None:
    blank, sample = bool(BLANK_WORDS.search(words)), bool(SAMPLE_WORDS.search(words))
    return "blank" if blank and not sample else "sample" if sample and not blank else None


def _is_open(header) -> bool:
    """A tab already selected or an accordion header already expanded (clicking would close it)."""
    try:
        return bool(header.evaluate(
            "e => e.getAttribute('aria-selected') === 'true' || e.getAttribute('aria-expanded') === 'true'"
            " || /\\b(active|current|on|selected)\\b/.test(e.className || '')", timeout=1000))
    except Exception:  # the header went away: treat as closed, the click will say what happened
        return False

