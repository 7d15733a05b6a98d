"""在线申报: fill the application as the citizen, upload the materials, submit, read the receipt.

One flow for a single form and for a wizard: on each step the visible fields are filled from the
persona's facts by their labels (FIELD_FACTS), declarations are ticked, file inputs get the materials
(visible or hidden behind a styled button or drop zone), and 下一步 leads on until 提交 is there.
The receipt's number is found by the profile's `application_number.pattern` wherever the portal shows
it (a page, a dialog, an SPA view without an address of its own); its 查询密码, when it gives one, too.

Evidence of the portal's failure: an error answer (5xx) to our submission or a step; a file refused
although the form declares that format accepted (the input's `accept` or its stated formats); the
identity prefilled with someone else's name. A message that our input is incomplete is ours: we did
not fill what this portal asks (套件故障 naming the message, masked).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError

from shopper.failures import PortalDefect, SuiteError
from shopper.masking import mask_text

from ..view import View

STAGE = "申报"
REASON_TEXT = "本人申请办理，材料真实有效。"
# label → persona fact, in order (the first that matches a field's accessible name wins)
FIELD_FACTS = (
    (re.compile(r"证件号|身份证|证件号码"), "id_number"),
    (re.compile(r"手机|电话|联系方式"), "phone"),
    (re.compile(r"地址|住址|通讯地址|联系地址"), "address"),
    (re.compile(r"^(申请人)?(姓名|名称)$|^申请人$|^联系人(姓名)?$"), "name"),
    (re.compile(r"事由|原因|说明|备注|描述|申请内容|理由"), "reason"),
)
NAME_FIELD = re.compile(r"^(申请人)(姓名|名称)?$|^姓名$")
DECLARATION = re.compile(r"承诺|同意|已阅读|确认.*(真实|无误)|知晓")
FILE_REFUSED = re.compile(r"格式|类型|不支持|仅支持|只支持|文件")

# What identifies a step of the form: the address, the visible headings and fields (a wizard's next
# step changes them, with or without a document load).
SIGNATURE_JS = r"""
() => location.href + '|' + Array.from(document.querySelectorAll('h1, h2, h3, h4, legend, input, select, textarea, [aria-current=step]'))
  .filter(e => e.getClientRects().length > 0).map(e => e.tagName + ':' + (e.name || e.id || e.innerText || '').slice(0, 40)).join(',')
"""

# Every field's accessible name (label, aria-label, placeholder), value, and whether it can be typed in.
FIELDS_JS = r"""
(els) => els.map((e) => {
  const byId = e.id ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`) : null;
  const label = (e.getAttribute('aria-label') || (byId && byId.innerText) || (e.closest('label') && e.closest('label').innerText)
                 || e.getAttribute('placeholder') || e.getAttribute('title') || '').replace(/\s+/g, '').replace(/[*＊:：]/g, '');
  return {label, value: e.value || '', editable: !e.readOnly && !e.disabled, required: !!e.required};
})
"""


@dataclass
class NotSubmitted:
    """The write guard stopped before the final click (the host is not marked staging)."""
    url: str
    reason: str = "只读未提交 (read-only profile: not submitted)"


class ApplyForm(View):
    def __init__(self, session):
        super().__init__(session)
        self.prefilled_name: bool | None = None

    def wait_until_shown(self) -> "ApplyForm":
        s = self.session
        form = s.spec("apply.form").union(s.page)
        s.expect("apply.form", "在线办理申请表未显示", STAGE, locator=form)
        return self

    # -- fields -----------------------------------------------------------------------------------
    def _fields(self):
        boxes = self.page.get_by_role("textbox").filter(visible=True)
        return boxes, boxes.evaluate_all(FIELDS_JS)

    def fill_in(self, persona) -> "ApplyForm":
        """Fill the visible fields of this step from the persona's facts; tick declarations."""
        s = self.session
        boxes, fields = self._fields()
        facts = {"name": persona.name, "id_number": persona.id_number, "phone": persona.phone,
                 "address": persona.address, "reason": REASON_TEXT}
        for i, field in enumerate(fields):
            fact = next((f for pattern, f in FIELD_FACTS if pattern.search(field["label"])), None)
            if fact is None:
                continue
            if NAME_FIELD.search(field["label"]) and field["value"]:
                self.prefilled_name = True
                if persona.name and field["value"] != persona.name:   # an empty fact never matches anything
                    raise PortalDefect(f"申请表带入的申请人姓名与统一身份认证不符（显示「{mask_text(field['value'])[:12]}」）",
                                       stage=STAGE)
                continue
            if field["value"] or not field["editable"] or not facts[fact]:
                continue
            if NAME_FIELD.search(field["label"]):
                self.prefilled_name = False
            s.fill(boxes.nth(i), facts[fact], f"填写「{field['label'][:12]}」")
        self._declare()
        if self.journey is not None and self.prefilled_name is not None:
            self.journey.observe(identity_prefilled=self.prefilled_name)
        return self

    def _declare(self) -> None:
        """Tick the declarations a citizen ticks on this step (本人承诺…真实有效, 我已阅读并同意…)."""
        for box in self.page.get_by_role("checkbox", name=DECLARATION).filter(visible=True).all():
            if not box.is_checked():
                self.session.act(box, "勾选承诺", lambda t: t.check())

    # -- materials --------------------------------------------------------------------------------
    def _file_inputs(self):
        return self.session.spec("apply.file").candidates[0].locate(self.page)

    def upload(self, files) -> "ApplyForm":
        """Give every file input of the form a material (moving on through steps that have none)."""
        inputs = self._file_inputs()
        steps = 0
        while not inputs.count() and self._can_go_on() and steps < 5:
            self._next(steps + 1)
            steps += 1
        for i in range(inputs.count()):
            self.session.act(inputs.nth(i), "选择上传材料", lambda t: t.set_input_files(str(files[i % len(files)])),
                             "apply.file")
        return self

    def declared_formats(self) -> str:
        """What the form says it accepts (the inputs' accept attributes and any stated formats)."""
        accepts = " ".join(a or "" for a in self._file_inputs().evaluate_all("els => els.map(e => e.accept)"))
        stated = self.page.get_by_text(re.compile(r"(支持|格式|类型)[^。]{0,20}(PDF|pdf|JPG|jpg|PNG|png)")).all_inner_texts()
        return accepts + " " + " ".join(stated)

    # -- steps and submission ---------------------------------------------------------------------
    def _can_go_on(self) -> bool:
        return self.session.find("apply.submit") is None and self.session.find("apply.next") is not None

    def _signature(self) -> str:
        try:   # bounded: a page that keeps navigating never gives a plain evaluation an answer
            return self.page.locator(":root").evaluate(SIGNATURE_JS, timeout=2000)
        except Exception:  # the page is being replaced by the next step's document
            return ""

    def _next(self, step: int) -> None:
        s = self.session
        self._declare()
        declared = self.declared_formats()
        before = self._signature()
        with s.answers() as seen:
            s.click("apply.next", f"申报第{step}步 下一步")
            alerts = s.spec("apply.error").union(s.page)
            which = s.wait_until([lambda: self._signature() not in ("", before), lambda: bool(seen.errors(500)),
                                  lambda: alerts.count() > 0], alerts)
            if which == 0:   # a page read while its document was still being parsed is not yet the next step
                try:
                    s.page.wait_for_load_state("domcontentloaded", timeout=s.action_ms())
                except PlaywrightError:   # still loading: the signature below decides
                    pass
                if self._signature() == before:   # the same step came back (an upload refused, a field missing)
                    which = 2 if alerts.count() else None
            self._judge(seen, which, 1, alerts, f"申报第{step}步", declared, "apply.next")

    def submit_application(self, profile):
        """提交 (only where the profile allows writes); the Receipt, or NotSubmitted."""
        s = self.session
        steps = 0
        while self._can_go_on() and steps < 6:
            self._next(steps + 2)
            steps += 1
        if not profile.may_write(self.page.url):
            return NotSubmitted(self.page.url)
        s.expect("apply.submit", "申请表没有提交按钮", STAGE)
        self._declare()
        declared = self.declared_formats()
        receipt = Receipt(s, profile)
        with s.answers() as seen:
            s.click("apply.submit", "提交申请")
            self._after(seen, "提交申请", declared, until=[receipt.number_control()])
        return receipt

    def _after(self, seen, what: str, declared: str, until: list) -> None:
        """After the submission: the receipt shows, or the portal said why not."""
        s = self.session
        alerts = s.spec("apply.error").union(s.page)
        union = alerts
        for control in until:
            union = union.or_(control.union(s.page))
        looks = [lambda c=c: c.union(s.page).count() > 0 for c in until]
        which = s.wait_until([*looks, lambda: bool(seen.errors(500)), lambda: alerts.count() > 0], union)
        self._judge(seen, which, len(until), alerts, what, declared, "apply.receipt")
        s.confirm("apply.receipt")

    def _judge(self, seen, which: int | None, shown: int, alerts, what: str, declared: str, control: str) -> None:
        """`which` of the looks came true: the first `shown` are success; then a 5xx; then an alert."""
        s = self.session
        if seen.errors(500):
            raise PortalDefect(f"{what}时{seen.evidence(500)}", stage=STAGE)
        if which is not None and which < shown:
            return
        if which == shown + 1:
            message = "；".join(t.strip() for t in alerts.all_inner_texts() if t.strip())
            if FILE_REFUSED.search(message) and "pdf" in declared.lower():   # we upload PDFs among the materials
                raise PortalDefect(f"{what}: 表单声明支持 PDF 等格式，上传的 PDF 材料却被拒绝: {mask_text(message)[:120]}",
                                   stage=STAGE)
            raise SuiteError(f"套件故障: {what}后门户提示: {mask_text(message)[:160]}（我们未按本门户要求填写，"
                             f"不计为门户缺陷）")
        s.raise_missing(control, f"{what}后页面没有变化，也没有提示", STAGE)


class Receipt(View):
    """The receipt: wherever the portal shows it (a page, a dialog, a view without an address)."""

    def __init__(self, session, profile):
        super().__init__(session)
        shape = profile.application_number or {}
        self.pattern = shape.get("pattern") or r"[A-Za-z0-9-]{8,40}"
        self.labelled = not shape.get("pattern")

    def number_control(self):
        """A control made from the profile's number shape (a receipt shows the number as text)."""
        from ..controls import Control, LocatorSpec
        if self.labelled:
            spec = LocatorSpec("text", r"re:(办件编号|申报号|受理编号|流水号|申办流水号|业务编号|办件号)[为是：:\s]*"
                                       + self.pattern)
        else:
            spec = LocatorSpec("text", "re:" + self.pattern)
        return Control("apply.number", "回执", (), (spec,), unique=False)

    def application_number(self) -> str:
        s = self.session
        shown = self.number_control().union(s.page)
        s.expect("apply.receipt", "提交后没有显示办件编号", STAGE, locator=shown)
        text = " ".join(shown.all_inner_texts())
        match = re.search(self.pattern, text)
        if not match:
            raise PortalDefect(f"回执中的办件编号格式不对: {mask_text(text)[:80]}", stage=STAGE)
        return match.group(0)

    def query_password(self) -> str | None:
        """The 查询密码 a receipt gives for 办件查询 (portals that query by number + password)."""
        text = self.session.visible_text()
        match = re.search(r"查询(?:密码|码)[为是：:\s]*([0-9A-Za-z]{4,12})", text)
        return match.group(1) if match else None
