"""网上预约 (C4-2): from a guide's 网上预约 to a 预约号, as a citizen books a visit to a hall.

One flow for a one-page form, a wizard (选择大厅 → 选择日期时段 → 确认) and an in-view form with dialogs:
- 网上预约 on the guide (conventions `guide.booking_link`), signing in when the identity platform asks;
- a hall: the one already chosen, else the first offered (a select, or radios named by the hall);
  下一步 when the days are on the next step;
- a day and a slot: the day shown first, then each next day (a select's options, or day links/buttons),
  until a slot is free (a slot is a radio/button named by its time, 09:00-10:00; a full one is disabled);
- 确认: the booking button (inside an open dialog first: a confirmation dialog over the form), 下一步 on a
  wizard's step, until the 预约成功 shows with its 预约号.

Writes happen only where the profile allows them (`may_write`, as for applications): elsewhere the flow
stops before the first booking button and says 只读未提交.

Evidence of the portal's failure: an error answer (5xx; a 4xx to the booking itself, e.g. 409 该时段已约满
for a slot it showed free); every slot of every day offered shown full (disabled: the slots' state is the
portal's own answer; a slot that can be chosen but whose words say 已约满 is never picked, and when only
such words say there is no free slot, that is our reading: 套件故障); no 预约号 after 预约成功 on a portal that has shown one before. A refusal that says our
input is incomplete is ours (套件故障).
"""
from __future__ import annotations

import re

from playwright.sync_api import Error as PlaywrightError

from shopper.failures import PortalDefect, SuiteError
from shopper.masking import mask_text

from ..view import View
from .apply import SIGNATURE_JS, NotSubmitted

STAGE = "预约"
FULL_WORDS = re.compile(r"已约满|约满|已满|满额|无号|不可预约")
NUMBER_RE = re.compile(r"预约(?:号|编号|码)(?:为|是)?[：:\s]*([A-Za-z0-9][A-Za-z0-9-]{5,39})")
MAX_STEPS = 4


class BookingForm(View):
    def wait_until_shown(self) -> "BookingForm":
        self.session.expect("booking.form", "网上预约页没有显示", STAGE)
        return self

    # -- hall, day, slot ------------------------------------------------------------------------------
    def choose_hall(self) -> "BookingForm":
        """Keep the hall already chosen, else choose the first offered; 下一步 when the days come next."""
        s = self.session
        hall = s.find("booking.hall")
        if hall is not None:
            first = hall.first
            if _tag(first) == "select":
                if not first.input_value():
                    values = [v for v in first.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
                    if values:
                        self._reloading(lambda: s.act(first, "选择办理大厅", lambda t: t.select_option(values[0]),
                                                      "booking.hall"))
            elif not any(hall.nth(i).is_checked() for i in range(hall.count())):
                s.act(first, "选择办理大厅", lambda t: t.check(), "booking.hall")
        if s.find("booking.slot") is None and s.find("booking.day") is None and s.find("apply.next") is not None:
            self._reloading(lambda: s.click("apply.next", "预约 下一步（选择日期时段）"))
        return self

    def choose_free_slot(self) -> str:
        """The first free slot of the first day that has one (the day shown first, then each next day);
        returns its name. Every slot of every day full: the portal's answer (a confirmed control's state)."""
        s = self.session
        slots = s.spec("booking.slot").union(s.page)
        s.expect("booking.slot", "网上预约页没有预约时段", STAGE, locator=slots)
        seen_days, disabled, worded = 0, 0, 0
        for i in range(len(self._day_choices()) or 1):
            if i:
                self._choose_day(i)
            seen_days += 1
            shown = [slots.nth(k) for k in range(slots.count())]
            enabled = [slot for slot in shown if slot.is_enabled()]
            free = [slot for slot in enabled if not FULL_WORDS.search(_name(slot))]   # never pick one it calls full
            disabled += len(shown) - len(enabled)
            worded += len(enabled) - len(free)
            if free:
                name = _name(free[0])
                s.act(free[0], f"选择预约时段「{name}」", _pick, "booking.slot")
                return name
        if worded:   # some could be chosen and only their words say full: our reading, not the portal's answer
            raise SuiteError(f"套件故障: 网上预约 {seen_days} 个日期中没有可选的空闲时段（{worded} 个时段可以点选，"
                             f"只是字样标注已满），未能确认无号可约，不计为门户缺陷")
        raise PortalDefect(f"网上预约: {seen_days} 个可选日期的 {disabled} 个预约时段全部已约满（不可选），"
                           f"无法预约", stage=STAGE)

    def _day_choices(self) -> list[str]:
        s = self.session
        days = s.find("booking.day")
        if days is None:
            return []
        if _tag(days.first) == "select":
            return [o for o in days.first.locator("option").evaluate_all("os => os.map(o => o.value)") if o]
        return [str(k) for k in range(days.count())]

    def _choose_day(self, i: int) -> None:
        s = self.session
        days = s.control("booking.day")
        if _tag(days.first) == "select":
            value = self._day_choices()[i]
            self._reloading(lambda: s.act(days.first, "选择预约日期", lambda t: t.select_option(value), "booking.day"),
                            slots_only=True)
        else:
            self._reloading(lambda: s.click(days.nth(i), f"选择预约日期「{_name(days.nth(i))}」", "booking.day"),
                            slots_only=True)

    def _reloading(self, action, slots_only: bool = False) -> None:
        """Run an action that shows new choices (a new document, a new route, or an in-view update after
        the portal answers), and wait until the slots (or the days) show again."""
        s = self.session
        shown = s.spec("booking.slot").union(s.page)
        if not slots_only:
            shown = shown.or_(s.spec("booking.day").union(s.page))
        with s.answers() as seen, s.moving() as moved:
            before = len(seen.responses)
            action()
            s.wait_until([lambda: (moved() or len(seen.responses) > before) and shown.count() > 0], shown)
        if seen.errors(500):
            raise PortalDefect(f"网上预约选择大厅或日期时{seen.evidence(500)}", stage=STAGE)

    # -- confirmation ---------------------------------------------------------------------------------
    def confirm(self, profile):
        """确认 until 预约成功 (a booking button in an open dialog first; 下一步 on a wizard); the receipt,
        or NotSubmitted where the profile allows no writes (stopped before the first booking button)."""
        s = self.session
        done = s.spec("booking.done").union(s.page)
        for step in range(MAX_STEPS):
            if done.count():
                return BookingReceipt(s)
            button, name = self._next_button()
            if button is None:
                break
            if name == "booking.submit" and not profile.may_write(self.page.url):
                return NotSubmitted(self.page.url)
            before, what = _signature(s), _name(button)   # read before the click: the button goes with its page
            alerts = s.spec("booking.error").union(s.page)
            with s.answers() as seen:
                s.click(button, f"预约第{step + 1}步「{what}」", name)
                s.wait_until([lambda: done.count() > 0, lambda: _signature(s) not in ("", before),
                              lambda: bool(seen.errors(400)), lambda: _said(alerts)], done.or_(alerts))
            self._judge(seen, alerts, what)
        if done.count():
            return BookingReceipt(s)
        s.raise_missing("booking.done", "确认预约后页面没有显示预约结果", STAGE)

    def _next_button(self):
        s = self.session
        dialogs = s.spec("obstacle.dialog").union(s.page)
        scopes = [dialogs.first] if dialogs.count() else []
        for scope in scopes + [None]:
            for name in ("booking.submit", "apply.next"):
                found = s.find(name, scope=scope)
                if found is not None and found.first.is_enabled():
                    return found.first, name
        return None, None

    def _judge(self, seen, alerts, what: str) -> None:
        if seen.errors(500):
            raise PortalDefect(f"预约「{what}」时{seen.evidence(500)}", stage=STAGE)
        refused = [r for r in seen.errors(400) if r.status in (409, 410, 423, 429)]
        message = "；".join(t.strip() for t in alerts.all_inner_texts() if t.strip())
        if refused:
            raise PortalDefect(f"预约「{what}」时门户拒绝了页面显示为有余号的时段: HTTP {refused[-1].status} "
                               f"{mask_text(message)[:80]}", stage=STAGE)
        if seen.errors(400) or message:
            raise SuiteError(f"套件故障: 预约「{what}」后门户提示: {mask_text(message)[:120] or seen.evidence(400)}"
                             f"（我们未按本门户要求选择，不计为门户缺陷）")


class BookingReceipt(View):
    def booking_number(self) -> str:
        """The 预约号 the result shows (a table, a dialog, a sentence). No 预约号 label: the portal's failure
        when it has shown one before; a label whose number we cannot read: our reading."""
        s = self.session
        s.expect("booking.done", "预约后没有显示预约结果", STAGE)
        s.expect("booking.number", "预约结果中没有预约号", STAGE)
        match = NUMBER_RE.search(s.visible_text())
        if not match:
            raise SuiteError("套件故障: 预约结果显示了预约号字样，但未能读出预约号（号码格式未识别），不计为门户缺陷")
        return match.group(1)


def _tag(locator) -> str:
    try:
        return locator.evaluate("e => e.tagName.toLowerCase()", timeout=1000)
    except PlaywrightError:
        return ""


def _name(locator) -> str:
    """A control's accessible text (one that is on the page now: no waiting)."""
    try:
        return re.sub(r"\s+", " ", locator.evaluate(
            "e => e.getAttribute('aria-label') || e.innerText || (e.labels && e.labels[0] && e.labels[0].innerText)"
            " || e.value || ''", timeout=1000)).strip()[:30]
    except PlaywrightError:
        return ""


def _pick(target) -> None:
    """A radio is checked; a slot button is pressed."""
    if target.get_attribute("type") == "radio" or target.get_attribute("role") == "radio":
        target.check()
    else:
        target.click()


def _said(alerts) -> bool:
    return any(t.strip() for t in alerts.all_inner_texts())


def _signature(s) -> str:
    try:
        return s.page.locator(":root").evaluate(SIGNATURE_JS, timeout=2000)   # bounded, as in apply
    except PlaywrightError:   # the page is being replaced by the next step's document
        return ""
