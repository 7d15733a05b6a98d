"""Search, as a citizen does it: type in the portal's one search box, submit, read what comes back.

Whether the results come as a new document, an SPA view filled from an API, or a new tab makes no
difference here: the search waits for what the citizen waits for — the first result of the results
list, or the zero-result notice — and **latency is from the submit to that moment**, on every portal
family (the rubric's definition of A3-1 latency). The portal's answers while waiting are kept: a 5xx
(document or API) is its failure, with that answer as evidence.

Reading is on evidence only: the rank of an item is its place in the results list (a control the run
confirmed), the count is what the page states (共找到 N 个…) or the list's items, and a zero result
is the zero-result notice — never links counted in some container (a suggestions box is not results).

`flows.search` in the profile:
  submit: click | enter        how the query is sent (default: click the search button)
  tab: 办事服务                  a results tab to open before reading (portals that group results)
"""
from __future__ import annotations

import re

from shopper.failures import PortalDefect

from ..view import View

STAGE = "搜索"
COUNT_RE = re.compile(r"(?:共|共有|共计|找到|为您找到|搜索到|检索到|查询到)[^0-9]{0,12}([0-9]+)\s*(?:个|条|项|件)")
PAGER = re.compile(r"^(上一页|下一页|首页|尾页|末页|更多|加载更多|查看更多|\d+|>|<|»|«)$")


class Results(View):
    def __init__(self, session, keyword: str, latency_ms: float, http_status: int | None, zero: bool):
        super().__init__(session)
        self.keyword = keyword
        self.latency_ms = latency_ms
        self.http_status = http_status   # the worst answer while the results came (document or API)
        self.zero = zero                 # the zero-result notice showed
        self._names: list[str] | None = None

    def result_names(self) -> list[str]:
        """The result titles in the order shown (read once: the view does not change until the
        citizen acts on it)."""
        if self._names is None:
            self._names = [] if self.zero else self._read_names()
        return list(self._names)

    def _read_names(self) -> list[str]:
        listing = self.session.find("results.list")
        if listing is None:
            return []
        names = [re.sub(r"\s+", "", n) for n in listing.first.get_by_role("link").all_inner_texts()]
        return [n for n in names if n and not PAGER.match(n)]

    def result_count(self) -> int:
        """The count the page states; else the listed results; 0 when the zero-result notice showed."""
        if self.zero:
            return 0
        stated = self.session.find("results.count")
        if stated is not None:
            text = self.session.text_of(stated.first)
            from shopper.textnorm import nfkc
            match = COUNT_RE.search(nfkc(text))
            if match:
                return int(match.group(1))
        return len(self.result_names())

    def rank_of(self, expected: str) -> int | None:
        want = re.sub(r"\s+", "", expected)
        for i, name in enumerate(self.result_names(), start=1):
            if name == want:
                return i
        return None

    def zero_result_help_shown(self) -> bool:
        """The suggestions next to a zero result. Not found: the portal's failure only when this
        portal has shown its suggestions before (a confirmed control); otherwise our reading."""
        self.session.expect("results.suggestions", "零结果时没有显示搜索建议", STAGE)
        return True

    def open_result(self, name: str):
        """Click a result as the citizen does (a new tab, when the portal opens one)."""
        from .guide import Guide

        listing = self.session.expect("results.list", f"搜索「{self.keyword}」后没有结果列表", STAGE)
        link = listing.first.get_by_role("link", name=name, exact=True)
        if not link.count():
            raise PortalDefect(f"搜索结果中没有「{name}」", stage=STAGE)
        self.session.click(link.first, f"打开搜索结果「{name}」")
        return Guide(self.session).wait_until_shown(stage=STAGE)


def search(view, keyword: str) -> Results:
    """Type `keyword` into the search box of the current view and submit; returns the results."""
    s = view.session
    flow = s.portal.profile.flows.get("search") or {}
    box = s.control("home.search_input")
    s.fill(box, keyword, "输入搜索词", "home.search_input")
    s.confirm("home.search_input")
    clock = s.stopwatch()
    with s.answers() as seen:
        if flow.get("submit") == "enter":
            s.act(box.first, "回车提交搜索", lambda t: t.press("Enter"), "home.search_input")
        else:
            s.click(_button_near(s, box), "点击搜索", "home.search_button")
            s.confirm("home.search_button")
        listing, zero, error = (s.spec(n).union(s.page) for n in ("results.list", "results.zero_notice", "results.error"))
        first_result = s.spec("results.list").union(s.page).get_by_role("link")
        outcome = s.wait_until([lambda: first_result.count() > 0, lambda: zero.count() > 0,
                                lambda: bool(seen.errors(500)), lambda: error.count() > 0],
                               first_result.or_(zero).or_(error))
        latency = clock.ms()
    statuses = [r.status for r in seen.responses]
    http_status = max(statuses) if statuses else None
    if seen.errors(500):
        raise PortalDefect(f"搜索「{keyword}」时{seen.evidence(500)}", stage=STAGE)
    if outcome in (None, 3):
        # neither results nor a zero-result notice: whose fault depends on whether we know this
        # portal's results list (confirmed before) — the page's own error text is not evidence alone
        s.raise_missing("results.list", f"搜索「{keyword}」后既无结果列表也无零结果提示", STAGE)
    zero_shown = outcome == 1
    s.confirm("results.zero_notice" if zero_shown else "results.list")
    if flow.get("tab"):
        s.click(s.page.get_by_role("tab", name=flow["tab"]).or_(s.page.get_by_role("link", name=flow["tab"], exact=True)),
                f"打开结果分类「{flow['tab']}」")
    return Results(s, keyword, latency, http_status, zero_shown)


def _button_near(s, box):
    """The search button that belongs to this search box: the page's only one, or the one in the
    smallest container that holds both (a header search and a main search each have their own)."""
    spec = s.spec("home.search_button")
    res = s.fit.resolve(spec, s.page, s.host, s.action_ms())
    if res.index is None:
        s.raise_missing("home.search_button", "门户首页没有搜索按钮", STAGE)
    if res.status == "found":
        return s.control("home.search_button")
    candidate = spec.candidates[res.index].locate(s.page).filter(visible=True)
    # CSS `*`: every element, narrowed to those holding both the box and a button; the last in
    # document order is the innermost (a container comes before what it contains)
    container = s.page.locator("*").filter(has=box.first).filter(has=candidate).last
    return container.locator(candidate)
