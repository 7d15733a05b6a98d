"""智能客服 (B5-2): ask the portal's assistant as a citizen does and read its answer.

The assistant is wherever the portal puts it: a page (智能问答), a panel the citizen opens on any page (a
non-modal dialog the session leaves open), or another host in a new tab (在线咨询). The citizen types the
question in its box and sends it (`flows.assistant.submit: enter` where only Enter sends).

**The answer is what is new in the conversation** (conventions `assistant.conversation`: a log, a region
named like an answer, the panel) after the citizen sent: before sending, the elements already there are
remembered (a WeakSet in the page, nothing written into the DOM); the answer is the new elements other
than the echo of the question, headings and a typing indicator. A portal that answers on a new page has
nothing remembered there: all of its conversation is new. Its links to items are the answer's items (a
`tel:` link is a hand-over, not an item); **the answer time is from the click that sends to the answer
visible.**

Evidence of the portal's failure: an error answer (5xx) while the citizen waited (raised at once); no
answer at all (`Answer.expect_reply`) in a conversation this portal has shown before (a confirmed
control; otherwise our misfit). Whether the answer helps is read in the steps: the expected item among
its links or named in it; for a question the assistant cannot answer, a hand-over to a person (人工客服,
12345, 留言) — a word list, so its absence is 需人工复核, never a defect.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError

from shopper.failures import PortalDefect

from ..view import View

STAGE = "智能客服"
HANDOFF = re.compile(r"人工客服|人工服务|转人工|人工坐席|12345|热线|留言|在线咨询|咨询电话|工作人员")

REMEMBER_JS = "() => { window.__shopperSeen = new WeakSet(document.querySelectorAll('*')); }"
# The answer: the new top-level elements of the conversation (not the echo of the question, not headings,
# not a typing indicator), their text and their links (name, href).
ANSWER_JS = r"""
(container, question) => {
  const seen = window.__shopperSeen;
  const fresh = (e) => !seen || !seen.has(e);
  const squash = (s) => (s || '').replace(/\s+/g, '');
  const typing = /^(正在输入|正在思考|正在查询|正在为您|请稍候|加载中|思考中)/;
  const parts = [], links = [];
  for (const e of container.querySelectorAll('*')) {
    if (!fresh(e) || (e.parentElement !== container && fresh(e.parentElement))) continue;  // top-level new only
    if (/^H[1-6]$/.test(e.tagName) || e.getAttribute('role') === 'heading' || !e.getClientRects().length) continue;
    const text = (e.innerText || '').replace(/\s+/g, ' ').trim();
    if (!text || squash(text) === squash(question) || typing.test(text)) continue;
    parts.push(text);
    const own = e.tagName === 'A' ? [e] : Array.from(e.querySelectorAll('a[href]'));
    own.forEach(a => links.push([(a.innerText || a.getAttribute('aria-label') || '').replace(/\s+/g, ''),
                                 a.getAttribute('href') || '']));
  }
  return {text: parts.join('\n'), links};
}
"""


@dataclass
class Answer:
    """What the assistant answered to one question (text empty: nothing came in time)."""
    question: str
    text: str
    items: list[str] = field(default_factory=list)      # the answer's links to items, in order
    handoffs: list[str] = field(default_factory=list)   # tel: links (拨打 12345)
    ms: float = 0.0                                      # from the click that sends to the answer visible
    session: object = field(default=None, repr=False)

    def expect_reply(self) -> None:
        """An answer came. None: the portal's failure when this portal's conversation was confirmed on
        this host before (it answered other questions there), else our misfit."""
        if not self.text:
            self.session.raise_missing("assistant.conversation", f"向智能客服提问「{self.question}」后没有任何答复",
                                       STAGE)

    def rank_of(self, expected: str) -> int | None:
        """The expected item's place among the answer's item links; an item only named in the answer's
        text ranks after the links named before it."""
        want = re.sub(r"\s+", "", expected)
        if want in self.items:
            return self.items.index(want) + 1
        text = re.sub(r"\s+", "", self.text.replace(self.question, ""))
        at = text.find(want)
        if at < 0:
            return None
        return 1 + sum(1 for name in self.items if 0 <= text.find(name) < at)

    def hands_over(self) -> bool:
        """The answer points to a person (人工客服, the 12345 hotline, 留言): a word list."""
        return bool(self.handoffs) or bool(HANDOFF.search(self.text.replace(self.question, "")))


class Assistant(View):
    def wait_until_shown(self) -> "Assistant":
        self.session.expect("assistant.input", "智能客服没有提问框", STAGE)
        return self

    def ask(self, question: str) -> Answer:
        """Type the question, send it, wait for the answer (what is new in the conversation)."""
        s = self.session
        conversation = s.spec("assistant.conversation").union(s.page)
        before = conversation.first.locator("*").count() if conversation.count() else 0
        s.page.evaluate(REMEMBER_JS)
        box = s.control("assistant.input")
        s.fill(box, question, "输入问题", "assistant.input")
        s.confirm("assistant.input")
        found: dict = {}
        with s.answers() as seen:
            clock = s.stopwatch()
            if (self.flows.get("assistant") or {}).get("submit") == "enter":
                s.act(box.first, "回车发送问题", lambda t: t.press("Enter"), "assistant.input")
            else:
                s.click("assistant.send", "发送问题")
                s.confirm("assistant.send")
            # two more elements than before: an echo and an answer, or an answer with its parts (a new page)
            grown = s.spec("assistant.conversation").union(s.page).first.locator("*").nth(before + 1)
            outcome = s.wait_until([lambda: bool(seen.errors(500)), lambda: self._answered(question, found)], grown)
            ms = clock.ms()
        if seen.errors(500):
            raise PortalDefect(f"向智能客服提问「{question}」时{seen.evidence(500)}", stage=STAGE)
        if outcome is None:
            return Answer(question, "", ms=ms, session=s)
        s.confirm("assistant.conversation")
        items = [name for name, href in found["links"] if name and not href.startswith(("tel:", "mailto:"))]
        handoffs = [name for name, href in found["links"] if href.startswith("tel:")]
        return Answer(question, found["text"], items, handoffs, ms, s)

    def _answered(self, question: str, found: dict) -> bool:
        s = self.session
        conversation = s.spec("assistant.conversation").union(s.page)
        try:
            if not conversation.count():
                return False
            answer = conversation.first.evaluate(ANSWER_JS, question)
        except PlaywrightError:   # the page is being replaced by the one with the answer
            return False
        if not answer["text"]:
            return False
        found.update(answer)
        return True
