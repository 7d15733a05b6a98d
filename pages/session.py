"""A citizen's browser session on one portal: the tab they are on, the controls they find by name,
what they click and type, and what stands in their way.

Every ability acts through a Session, so every ability gets, in one place:
- controls by name (pages/conventions.yaml, the profile's `locators:`), resolved per host;
- `expect`: a control that does not show is the portal's defect only when it was confirmed on this
  portal before (probe, this run, earlier runs); otherwise it is our misfit (套件故障 · 未适配);
- actions whose time-out names the control, its page and what stood in the way (an overlay, a
  disabled control, a new tab, nothing matching) — as 套件故障, because a time-out after our own
  action while the portal answers is ours;
- new tabs: a click that opens one moves the session to it (the recorder counts every tab);
- obstacles: notice modals (系统升级公告 …) and cookie/consent bars are dismissed as a citizen does,
  each dismissal a real, counted click, and remembered: a notice that comes back after 我知道了 is
  reported (`obstacles` in the record);
- documents: a 5xx answer or an error page is the portal's; a 404 on an address our profile built
  is our misfit, not the portal's defect.
"""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from shopper.failures import EnvironmentFault, PortalDefect, SuiteError, translate_browser_error

from .controls import AMBIGUOUS, FOUND, Control, LocatorSpec, misfit

SLICE_MS = 150   # how long one look at the page may wait for what a citizen expects to see next
# (opens a new tab, leads to another document) for the element clicked
LINK_OF_JS = """e => {
  const f = e.closest('a, form'), a = e.closest('a[href]');
  const newTab = !!f && (f.target === '_blank' || f.target === '_new');
  if (!a || a.hasAttribute('download')) return [newTab, false];
  const to = new URL(a.href, location.href), here = new URL(location.href);
  const away = (to.protocol === 'http:' || to.protocol === 'https:')
    && (to.origin + to.pathname + to.search) !== (here.origin + here.pathname + here.search);
  return [newTab, away];
}"""
ANYTHING_IN_THE_WAY_JS = r"""
() => !!document.querySelector('[role=dialog][aria-modal=true], [role=alertdialog], dialog[open]')
      || /cookie|隐私政策|隐私声明/i.test(document.body ? document.body.innerText : '')
"""


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


@contextmanager
def browser_errors():
    """Re-raise browser errors as the class that names the culprit."""
    try:
        yield
    except PlaywrightError as exc:
        new = translate_browser_error(exc)
        if new is exc:
            raise
        raise new from exc


def _fill_template(spec: LocatorSpec, values: dict[str, str]) -> LocatorSpec:
    def fill(text: str | None) -> str | None:
        if text is None or "{" not in text:
            return text
        regex = text.startswith("re:")
        for key, value in values.items():
            text = text.replace("{" + key + "}", re.escape(value) if regex else value)
        return text
    return LocatorSpec(spec.kind, fill(spec.value), fill(spec.name), spec.exact, spec.level)


def instance(control: Control, values: dict[str, str]) -> Control:
    """A templated control (`{site}`, `{level}`, `{item}`) with its values filled in."""
    if not values:
        return control
    return Control(control.name, control.page, control.journeys,
                   tuple(_fill_template(c, values) for c in control.candidates), control.unique, control.source,
                   control.content)


class Stopwatch:
    """Milliseconds between two points, for measured (never waited-out) durations. Given the
    browser context, the time our own politeness held its requests back in between is taken out:
    that wait is ours, not the portal's (shopper/politeness.py)."""

    def __init__(self, context=None):
        from shopper.politeness import held_seconds

        self._held = (lambda: held_seconds(context)) if context is not None else (lambda: 0.0)
        self.t0 = time.perf_counter()
        self.h0 = self._held()

    def ms(self) -> float:
        return round(max(0.0, time.perf_counter() - self.t0 - (self._held() - self.h0)) * 1000, 1)


@dataclass
class Answers:
    """The portal's answers (documents and API calls) while a citizen's action was under way."""
    responses: list = field(default_factory=list)

    def errors(self, at_least: int = 500, documents: bool = False) -> list:
        return [r for r in self.responses if r.status >= at_least
                and (not documents or r.request.resource_type == "document")]

    def evidence(self, at_least: int = 500, documents: bool = False) -> str | None:
        bad = self.errors(at_least, documents)
        if not bad:
            return None
        r = bad[-1]
        kind = "页面" if r.request.resource_type == "document" else "接口"
        return f"{kind}返回 HTTP {r.status} ({_short(r.url)})"


def _short(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


# What stood in the way, read from Playwright's call log of a timed-out action.
_IN_THE_WAY = [
    (re.compile(r"<([^>]{1,120})> (?:from <[^>]*> subtree )?intercepts pointer events"), "被遮挡: 页面上的 <{0}> 挡住了它（未关闭的弹窗或遮罩?）"),
    (re.compile(r"element is not enabled|element is disabled"), "控件不可用（disabled: 可能需要先勾选或填写其他项）"),
    (re.compile(r"element is not editable"), "控件不可编辑（readonly）"),
    (re.compile(r"element is not visible"), "控件存在但不可见（被折叠、隐藏，或在其他标签页）"),
    (re.compile(r"element is outside of the viewport"), "控件在可视区域之外"),
]


def diagnose(exc: BaseException) -> str:
    text = str(exc)
    for pattern, words in _IN_THE_WAY:
        match = pattern.search(text)
        if match:
            return words.format(*(g.replace("\n", " ")[:100] for g in match.groups()))
    if "resolved to" not in text and "waiting for" in text:
        return "页面上没有匹配的元素（定位方式不符合本门户，或页面已跳转/在新标签页打开）"
    return "等待超时"


class Session:
    """One journey's browser: the current tab, controls by name, actions with named failures."""

    def __init__(self, portal, page):
        self.portal = portal
        self.page = page
        self.obstacles_dismissed: list[str] = []
        self._dismissed: dict[tuple[str, str], int] = {}   # (host, the notice's text) → times the citizen closed it

    # -- facts --------------------------------------------------------------------------------------
    @property
    def fit(self):
        return self.portal.fit

    @property
    def journey(self):
        return self.portal.journey

    @property
    def context(self):
        return self.page.context

    @property
    def host(self) -> str:
        return host_of(self.page.url)

    def stopwatch(self) -> Stopwatch:
        return Stopwatch(self.context)

    def action_ms(self) -> int:
        return int(self.portal.profile.timeouts["action_ms"])

    # -- controls -----------------------------------------------------------------------------------
    def spec(self, name: str, **values: str) -> Control:
        control = self.fit.controls.get(name)
        if control is None:
            raise misfit(None, name, f"能力引用了未声明的控件 {name}")
        return instance(control, values)

    def control(self, name: str, scope=None, wait: bool = True, **values: str):
        """The locator of a named control on the current page (inside `scope`): the candidate this
        portal uses (waits up to the action time-out for any candidate when `wait`). Not found: the
        preferred candidate, so that the caller's `expect` fails and names it."""
        control = self.spec(name, **values)
        where = scope if scope is not None else self.page
        key = name if not values else f"{name}{sorted(values.items())}"
        res = self._resolve(control, key, where, self.action_ms() if wait else 0)
        if res.status == AMBIGUOUS:
            raise misfit(control, name, f"控件 {name} 在 {self.host} 上有 {res.count} 个匹配 (不唯一)，"
                                        f"请在门户配置 locators 中声明")
        index = res.index if res.index is not None else 0
        return control.candidates[index].locate(where).filter(visible=True)

    def _resolve(self, control: Control, key: str, scope, wait_ms: int):
        return self.fit.resolve(control, scope, self.host, wait_ms, key=key)

    def find(self, name: str, scope=None, **values: str):
        """The control's locator if it is on the page now (no waiting), else None."""
        control = self.spec(name, **values)
        where = scope if scope is not None else self.page
        key = name if not values else f"{name}{sorted(values.items())}"
        res = self._resolve(control, key, where, 0)
        if res.status != FOUND:
            return None
        located = control.candidates[res.index].locate(where).filter(visible=True)
        return located if located.count() else None   # known on this host, but not on the page now

    def expect(self, name: str, message: str, stage: str | None = None, scope=None, locator=None,
               timeout_ms: int | None = None, **values: str):
        """Wait for a control to be visible (or `locator`, e.g. a union with another outcome). Not there:
        the portal broke a promise only if the control has been confirmed on this portal (probe, this
        run, earlier runs); otherwise it is our misfit. Seen: the fit remembers it. Returns the locator."""
        wait = timeout_ms or self.action_ms()
        if locator is None:
            control = self.spec(name, **values)
            where = scope if scope is not None else self.page
            key = name if not values else f"{name}{sorted(values.items())}"
            res = self._resolve(control, key, where, wait)
            if res.status == AMBIGUOUS:
                raise misfit(control, name, f"控件 {name} 在 {self.host} 上有 {res.count} 个匹配 (不唯一)，"
                                            f"请在门户配置 locators 中声明")
            if res.index is None:
                self.raise_missing(name, message, stage)
            self.fit.confirm(name, self.host)
            return control.candidates[res.index].locate(where).filter(visible=True)
        try:
            expect(locator.first, message).to_be_visible(timeout=wait)
        except AssertionError as exc:
            self.raise_missing(name, message, stage, exc)
        self.fit.confirm(name, self.host)
        return locator

    def raise_missing(self, name: str, message: str, stage: str | None, cause: BaseException | None = None):
        if self.page.url.startswith("chrome-error://"):   # the browser shows its own error page instead
            self.raise_error_page(message, stage, cause)
        if self.fit.is_confirmed(name, self.host):
            raise PortalDefect(f"{message}（控件 {name} 此前在 {self.host} 上出现过）", stage=stage) from cause
        raise misfit(self.fit.controls.get(name), name, f"{message}（页面 {_short(self.page.url)}）") from cause

    def confirm(self, name: str) -> None:
        self.fit.confirm(name, self.host)

    # -- what the citizen does ------------------------------------------------------------------------
    def goto(self, url: str, what: str, stage: str | None = None, profile_key: str | None = None):
        """Open an address. A 5xx or error page is the portal's; a 404 on an address the profile built
        (`profile_key` names where) is our misfit. What stands in the way is left for the citizen's
        next action to get past (a journey that judges pop-ups looks first)."""
        try:
            with browser_errors():
                response = self.page.goto(url)
        except PlaywrightError as exc:
            if "interrupted by another navigation" not in str(exc):
                raise
            # the page went on by itself (a script's redirect, leaving an error page): where it lands counts
            with browser_errors():
                self.page.wait_for_load_state()
            response = None
        self.check_document(response, what, stage, profile_key)
        return response

    def check_document(self, response, what: str, stage: str | None, profile_key: str | None = None) -> None:
        if response is not None and response.status >= 500:
            raise PortalDefect(f"{what} 返回服务器错误 HTTP {response.status} ({_short(response.url)})", stage=stage)
        if response is not None and response.status in (404, 410) and profile_key:
            raise SuiteError(f"套件故障 · 未适配: {what} 的地址来自门户配置 {profile_key}，门户答 HTTP {response.status}: "
                             f"{_short(response.url)}；请检查 {self.portal.profile.path} 中的 {profile_key} "
                             f"(an address our profile built does not exist on this portal)")
        if self.page.url.startswith("chrome-error://"):
            raise PortalDefect(f"{what} 无法显示（浏览器错误页 {self.error_code()}）".replace("（浏览器错误页 ）", "（浏览器错误页）"),
                               stage=stage)

    def raise_error_page(self, message: str, stage: str | None, cause: BaseException | None = None):
        """The browser's error page: the portal's when its answer made it (a redirect loop, an invalid
        response), the environment's when the portal cannot be reached."""
        from shopper.failures import ENVIRONMENT, PORTAL_DEFECT, classify

        code = self.error_code()
        kind = classify(RuntimeError(code)) if code else None
        if kind == PORTAL_DEFECT:
            raise PortalDefect(f"{message}（浏览器错误页 {code}）", stage=stage) from cause
        unreachable = self.portal_unreachable()
        if kind == ENVIRONMENT or unreachable:
            raise EnvironmentFault(f"{message}: 浏览器错误页 {code} {unreachable or ''}".strip()) from cause
        raise SuiteError(f"套件故障: {message}（浏览器错误页 {code or '未知错误'}，门户仍可访问）") from cause

    def error_code(self) -> str:
        """The ERR_… code Chromium's error page names (empty when it names none)."""
        try:
            body = self.page.locator("body").inner_text(timeout=2000)
        except PlaywrightError:
            return ""
        code = re.search(r"ERR_[A-Z_]+", body)
        return code.group(0) if code else ""

    def act(self, target, what: str, action: Callable, name: str | None = None):
        """Get past what stands in the way (a notice, a consent bar, a dialog left open), then run an
        action on a locator, as a citizen does. A time-out names the control, its page and what stood
        in the way (套件故障: the portal answered, our flow did not fit), or 环境故障 when the portal
        stopped answering. A dialog an action opens (a receipt) stays until the next action."""
        self.settle()
        for attempt in (1, 2):
            try:
                with browser_errors():
                    return action(target)
            except PlaywrightError as exc:
                if "Timeout" not in str(exc):
                    raise
                if attempt == 2:
                    raise self.timed_out(what, name, target, exc) from exc
                # a notice that came after we looked (shown by a script once the view changed, or loaded
                # late): the citizen closes it and tries again, once; nothing to close: the time-out stands
                closed = len(self.obstacles_dismissed)
                self.settle()
                if len(self.obstacles_dismissed) == closed:
                    raise self.timed_out(what, name, target, exc) from exc

    def timed_out(self, what: str, name: str | None, target, exc: BaseException) -> Exception:
        control = self.fit.controls.get(name) if name else None
        locator = control.describe() if control else str(target)[:160]
        why = diagnose(exc)
        unreachable = self.portal_unreachable()
        if unreachable:
            return EnvironmentFault(f"{what}: 门户无响应 ({unreachable})")
        return SuiteError(f"套件故障: {what}超时 — 控件 {name or '(未命名)'}（{locator}）在页面 {_short(self.page.url)}: {why}")

    def portal_unreachable(self) -> str | None:
        """Why the portal's home cannot be opened now (None when it answers at all: any status, a
        redirect too). One HTTP request with the context's cookies, bounded; no page: closing a page
        opened for the look once hung a run for good (the portal's SPA loading into it)."""
        try:
            answer = self.context.request.get(self.portal.profile.url("portal"), max_redirects=0,
                                              timeout=min(self.action_ms(), 8000))
            answer.dispose()
            return None
        except PlaywrightError as exc:
            return str(exc).strip().splitlines()[0][:160]

    def click(self, name_or_locator, what: str, name: str | None = None, **values: str) -> None:
        """A citizen's click on a control (by name, or a locator): follows a new tab if one opens, and
        a link to another address until that page has loaded (a click returns as soon as the browser
        took it: what is read straight after may still be the old page's, a greeting or a list of links
        the citizen has left)."""
        if isinstance(name_or_locator, str):
            name = name_or_locator
            target = self.control(name, **values)
        else:
            target = name_or_locator
        opened: list = []
        listener = lambda p: opened.append(p)   # noqa: E731 (Playwright wraps Python functions, not builtins)
        self.context.on("page", listener)
        page = self.page
        try:
            new_tab, leads_away = self._link_of(target)
            if new_tab:
                with self.context.expect_page() as popup:
                    self.act(target.first, what, lambda t: t.click(), name)
                self._switch(popup.value)
            else:
                with self.moving() as moved:
                    self.act(target.first, what, lambda t: t.click(), name)
                    if leads_away and not opened:
                        self._arrive(page, moved)
        finally:
            self.context.remove_listener("page", listener)
        if not new_tab and opened:   # a script opened a tab (window.open): the citizen is there now
            self._switch(opened[-1])

    def _arrive(self, page, moved) -> None:
        """Wait for the document a followed link leads to; a script that kept the citizen on the page
        (a menu, a check that failed) leaves it to be read as it is."""
        try:
            with browser_errors():
                if not moved():   # events arrive only inside a Playwright call: no gap between the two
                    page.wait_for_event("framenavigated", predicate=lambda f: f == page.main_frame,
                                        timeout=self.action_ms())
                page.wait_for_load_state("domcontentloaded")
        except PlaywrightError as exc:
            if "Timeout" not in str(exc):
                raise

    @staticmethod
    def _link_of(target) -> tuple[bool, bool]:
        """(opens a new tab, leads to another document): a link or form with target=_blank; a link
        whose address is another page's (not `#`, `javascript:`, a download, the same page)."""
        try:
            new_tab, away = target.first.evaluate(LINK_OF_JS, timeout=1000)
            return bool(new_tab), bool(away)
        except PlaywrightError:
            return False, False

    def _switch(self, page) -> None:
        self.page = page
        try:
            page.wait_for_load_state("domcontentloaded")
        except PlaywrightError as exc:
            raise translate_browser_error(exc) from exc

    def fill(self, name_or_locator, value: str, what: str, name: str | None = None) -> None:
        target = self.control(name_or_locator) if isinstance(name_or_locator, str) else name_or_locator
        name = name_or_locator if isinstance(name_or_locator, str) else name
        self.act(target.first, what, lambda t: t.fill(value), name)

    def wait_until(self, looks: list[Callable[[], bool]], union, timeout_ms: int | None = None) -> int | None:
        """Wait (in short looks, each an auto-wait on `union`, never a sleep) until one of `looks` is
        true; returns its index, or None when the time is up."""
        deadline = time.monotonic() + (timeout_ms or self.action_ms()) / 1000
        while True:
            for i, look in enumerate(looks):
                if look():
                    return i
            if time.monotonic() >= deadline:
                return None
            try:
                union.first.wait_for(state="visible", timeout=SLICE_MS)
            except PlaywrightError:
                pass

    @contextmanager
    def answers(self):
        """Collect the portal's answers (documents, XHR/fetch) while the block runs."""
        seen = Answers()

        def keep(response):
            if response.request.resource_type in ("document", "xhr", "fetch"):
                seen.responses.append(response)
        self.context.on("response", keep)
        try:
            yield seen
        finally:
            self.context.remove_listener("response", keep)

    @contextmanager
    def moving(self):
        """Yields a look that is true once the citizen has left the view they were on: another tab, a
        new document (also one at the same address, as a toggle's reload), or another route."""
        page, url = self.page, self.page.url
        loads: list = []

        def loaded(frame):
            if frame == page.main_frame:
                loads.append(frame.url)
        page.on("framenavigated", loaded)
        try:
            yield lambda: self.page is not page or self.page.url != url or bool(loads)
        finally:
            page.remove_listener("framenavigated", loaded)

    # -- obstacles ------------------------------------------------------------------------------------
    def settle(self) -> None:
        """Dismiss what stands between the citizen and the page: a modal notice, a consent bar, or an
        obstacle the profile declares (`flows.obstacles`). Each dismissal is a real click."""
        for _ in range(3):   # a notice, then a consent bar, then one more that came behind them
            if not self._dismiss_one():
                return

    def _anything_in_the_way(self) -> bool:
        """One bounded look (a DOM read, ~1 ms) for what may stand in the way: a modal dialog, a
        cookie/privacy bar, or an obstacle the profile declares; the precise look only when there is."""
        if self.portal.profile.flows.get("obstacles"):
            return True
        try:
            # always bounded: a plain evaluation (~2 ms, but no time-out) once waited forever on a portal
            # whose sign-in loops between two hosts, a navigation starting as the evaluation did (~16 ms)
            return bool(self.page.locator(":root").evaluate(ANYTHING_IN_THE_WAY_JS, timeout=2000))
        except PlaywrightError:   # the page went away under us: nothing stands in the way any more
            return False

    def _dismiss_one(self) -> bool:
        page = self.page
        if not self._anything_in_the_way():
            return False
        declared = self.portal.profile.flows.get("obstacles") or []
        for i, obstacle in enumerate(declared):
            box = LocatorSpec.parse(obstacle["box"], "flows.obstacles").locate(page).filter(visible=True)
            if box.count():
                button = LocatorSpec.parse(obstacle["dismiss"], "flows.obstacles").locate(box.first if obstacle.get(
                    "dismiss_inside", True) else page).filter(visible=True)
                return self._dismiss(box.first, button, f"flows.obstacles[{i}]")
        try:
            dialogs = self.spec("obstacle.dialog").union(page)
            if dialogs.count():
                dialog = dialogs.first
                return self._dismiss(dialog, self.spec("obstacle.dismiss").union(dialog), "对话框")
            consent = self.spec("obstacle.consent").union(page)
            cookie = page.get_by_text(re.compile(r"[Cc]ookie|隐私(政策|声明)")).filter(visible=True)
            if consent.count() and cookie.count():
                return self._dismiss(cookie.first, consent, "Cookie 提示")
        except PlaywrightError:   # the page went away under us: nothing stands in the way any more
            return False
        return False

    def _dismiss(self, box, button, what: str) -> bool:
        if not button.count():
            return False
        try:
            text = re.sub(r"\s+", " ", box.inner_text(timeout=1000))[:60]
        except PlaywrightError:
            text = what
        key = (self.host, text)
        if key in self._dismissed:
            self.obstacles_dismissed.append(f"再次出现: {text}")
        else:
            self.obstacles_dismissed.append(text)
        self._dismissed[key] = self._dismissed.get(key, 0) + 1
        try:
            button.first.click(timeout=self.action_ms())
        except PlaywrightError:   # it would not close: the next action says what stood in its way
            return False
        try:
            box.wait_for(state="hidden", timeout=self.action_ms())
        except PlaywrightError:
            return False
        if self.journey is not None:   # how many a citizen closed; a notice that came back, by its text
            back = self.notices_that_came_back()
            self.journey.observe(obstacles_dismissed=len(self.obstacles_dismissed),
                                 **({"obstacles_repeated": back[:3]} if back else {}))
        return True

    def notices_that_came_back(self) -> list[str]:
        """The notices the citizen closed that the same site showed again (「host: text ×n」). Closing is
        remembered per site and visitor: another site's own first-visit notice is not a repeat, and a
        new visitor (forget_dismissed) meets every notice afresh."""
        return [f"{host}「{text}」×{times}" for (host, text), times in self._dismissed.items() if times > 1]

    def forget_dismissed(self) -> None:
        """A new visitor (cookies and storage cleared): what the last one closed is no longer remembered."""
        self._dismissed.clear()

    # -- reading ------------------------------------------------------------------------------------
    def text_of(self, locator) -> str:
        return re.sub(r"\s+", " ", locator.inner_text()).strip()

    def visible_text(self) -> str:
        """Text and form values of the page (input values are not part of innerText), every frame."""
        chunks = []
        for frame in self.page.frames:
            try:
                chunks.append(frame.evaluate(
                    "() => document.body ? document.body.innerText + '\\n' + Array.from(document.querySelectorAll("
                    "'input, textarea')).map(e => e.value).join('\\n') : ''"))
            except PlaywrightError:
                continue
        return "\n".join(chunks)
