"""JourneyRecorder: counts what the browser really did during a journey.

Clicks are real DOM click events (trusted, i.e. produced by the input pipeline, not by scripts),
reported by an init script through `expose_binding`; page loads are main-frame `load` events;
route changes are a single-page app's new views without a document load (history.pushState /
replaceState to another path or query, back/forward (popstate), a hash route `#/…` (hashchange)),
reported by the same init script from the main frame; views = page loads + route changes, the
pages a citizen sees;
navigations and hosts come from main-frame `framenavigated`; failed requests and console errors from
the page's own events. Steps only mark boundaries (begin_step / end_step); they bump no counter.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from .politeness import held_seconds
from .record import JourneyRecord, StepTiming

EVENT_SCRIPT = """
(() => {
  if (window.__shopperInstalled) return;
  window.__shopperInstalled = true;
  const send = (info) => { try { window.__shopperEvent(info); } catch (e) {} };
  document.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    const t = event.target instanceof Element ? event.target : null;
    const label = t ? (t.getAttribute('aria-label') || t.innerText || t.value || t.tagName || '').slice(0, 60) : '';
    send({kind: 'click', tag: t ? t.tagName : '', label: label, url: location.href});
  }, true);
  if (window !== window.top) return;  // route changes: the main frame's only
  // A view is a path+query, or a hash route (#/…, #!…); an in-page anchor (#top) is not a new view.
  const view = (href) => {
    const u = new URL(href);
    return u.origin + u.pathname + u.search + (/^#[!/]/.test(u.hash) ? u.hash : '');
  };
  let last = view(location.href);
  const changed = (how) => {
    const now = view(location.href);
    if (now === last) return;
    last = now;
    send({kind: 'route', how: how, url: location.href});
  };
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    history[name] = function (...args) {
      const result = original.apply(this, args);
      changed(name);
      return result;
    };
  }
  window.addEventListener('popstate', () => changed('popstate'));
  window.addEventListener('hashchange', () => changed('hashchange'));
})();
"""


class JourneyRecorder:
    """Attach to a BrowserContext before its pages open; read counters at any time."""

    def __init__(self, context, record: JourneyRecord):
        self.context = context
        self.record = record
        self.clicks: list[dict] = []
        self.loads = 0
        self.routes: list[dict] = []
        self._t0 = time.perf_counter()
        self._step: tuple[str, float, int, int] | None = None
        self._pages = []
        self._flushed = False  # a flush since the last step began
        self._unanswered: set = set()  # main-frame navigation requests without a response yet
        context.expose_binding("__shopperEvent", self._on_event)
        context.add_init_script(EVENT_SCRIPT)
        context.on("page", self._watch)
        for page in context.pages:
            self._watch(page)

    def __repr__(self) -> str:  # Allure shows step arguments by repr
        return f"JourneyRecorder({self.record.journey})"

    # --- browser events -------------------------------------------------------------------
    def _on_event(self, source, info):
        info = info or {}
        if info.get("kind") == "route":  # the script reports the main frame's only
            self.routes.append(info)
            if info.get("url"):          # a single-page app's view has its own address (its route)
                self.record.navigations.append(str(info["url"]))
        else:
            self.clicks.append(info)

    def _watch(self, page):
        self._pages.append(page)
        page.on("load", lambda _p: self._on_load())
        page.on("framenavigated", self._on_navigated)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.record.console_errors.append(f"pageerror: {err}"))

    def _on_load(self):
        self.loads += 1

    def _on_navigated(self, frame):
        if frame.parent_frame is not None:
            return
        url = frame.url
        if not url or url.startswith(("about:", "data:", "chrome-error:")):
            return
        self.record.navigations.append(url)
        host = urlsplit(url).hostname
        if host and host not in self.record.hosts:
            self.record.hosts.append(host)

    def _on_request(self, request):
        # a main-frame navigation the portal has not answered yet: until it does, the page may have no
        # document to evaluate in (see flush)
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self._unanswered.add(request)

    def _on_request_failed(self, request):
        self._unanswered.discard(request)
        self.record.failed_requests.append({"url": request.url, "status": None, "error": request.failure})

    def _on_response(self, response):
        self._unanswered.discard(response.request)
        if response.status >= 400:
            self.record.failed_requests.append({"url": response.url, "status": response.status, "error": None})

    def _on_console(self, message):
        if message.type == "error":
            self.record.console_errors.append(message.text[:500])

    # --- steps --------------------------------------------------------------------------------
    def begin_step(self, name: str) -> None:
        self._flushed = False
        self._step = (name, time.perf_counter(), len(self.clicks), self.loads, len(self.routes), self._held())

    def end_step(self, status: str = "passed") -> StepTiming | None:
        if self._step is None:
            return None
        self.flush()
        name, t0, clicks0, loads0, routes0, held0 = self._step
        pages, routes = self.loads - loads0, len(self.routes) - routes0
        timing = StepTiming(
            name=name,
            duration_ms=round(max(0.0, time.perf_counter() - t0 - (self._held() - held0)) * 1000, 1),
            clicks=len(self.clicks) - clicks0,
            pages=pages,
            status=status,
            route_changes=routes,
            views=pages + routes,
        )
        self.record.steps.append(timing)
        self._step = None
        return timing

    def observe(self, **values) -> None:
        """Journey-specific measurements the scoring reads (docs/CONTRACTS.md §5)."""
        self.record.observations.update(values)

    # --- counters for page objects and steps --------------------------------------------------
    FLUSH_TIMEOUT_MS = 2000

    def navigation_pending(self) -> bool:
        """A main-frame navigation the portal has not answered yet (a plain evaluation would wait
        for it forever)."""
        return bool(self._unanswered)

    def flush(self) -> None:
        """Let pending browser events (click and route bindings) arrive: one round trip to the
        renderer of the live page. The cheap one is an evaluation (~1 ms), but it waits forever on a
        page whose navigation the portal never answers (seen against a portal that accepts
        connections and never responds), so while a main-frame navigation is unanswered the round
        trip is a locator wait bounded by FLUSH_TIMEOUT_MS (~2–7 ms; `wait_for_function` would build
        an injected script per document: ~80 ms on a loaded machine; bench/bench_recorder.py)."""
        for page in reversed(self._pages):
            if not page.is_closed():
                try:
                    if self._unanswered:
                        # CSS: the document's root element, the one node every document has (not a portal locator)
                        page.locator(":root").wait_for(state="attached", timeout=self.FLUSH_TIMEOUT_MS)
                    else:
                        page.main_frame.evaluate("0")
                except Exception:  # a crashed or hanging page: counters stay as they are
                    pass
                self._flushed = True
                return

    def _held(self) -> float:
        """Seconds our politeness held this context's requests so far: taken out of every duration."""
        return held_seconds(self.context)

    def origin(self) -> tuple[int, int, int, float, float]:
        """The mark of the journey's start (nothing clicked, loaded or routed yet)."""
        return 0, 0, 0, self._t0, 0.0

    def mark(self) -> tuple[int, int, int, float, float]:
        """A point to measure from: (clicks, page loads, route changes, monotonic seconds, politeness
        seconds so far)."""
        self.flush()
        return len(self.clicks), self.loads, len(self.routes), time.perf_counter(), self._held()

    def since(self, mark: tuple[int, int, int, float, float]) -> dict:
        """Counts since `mark`: clicks, pages (document loads), route_changes, views (their sum), ms
        (without the time our politeness held requests back)."""
        self.flush()
        clicks0, loads0, routes0, t0, held0 = mark
        pages, routes = self.loads - loads0, len(self.routes) - routes0
        ms = max(0.0, time.perf_counter() - t0 - (self._held() - held0)) * 1000
        return {"clicks": len(self.clicks) - clicks0, "pages": pages, "route_changes": routes,
                "views": pages + routes, "ms": round(ms, 1)}

    def finish(self, outcome: str, failure_class: str | None, message: str | None) -> JourneyRecord:
        if self._step is not None:
            self.end_step("failed" if outcome != "passed" else "passed")
        if not self._flushed:  # nothing touches the page between the last step's end (flushed) and here
            self.flush()
        self.record.politeness_wait_ms = round(self._held() * 1000, 1)
        self.record.duration_ms = round(max(0.0, time.perf_counter() - self._t0 - self._held()) * 1000, 1)
        self.record.clicks = len(self.clicks)
        self.record.pages = self.loads
        self.record.route_changes = len(self.routes)
        self.record.views = self.loads + len(self.routes)
        self.record.outcome = outcome
        self.record.failure_class = failure_class
        self.record.failure_message = message
        return self.record
