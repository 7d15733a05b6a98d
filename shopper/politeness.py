"""Politeness towards a portal (profile `politeness`): at most N pages at once per host and a
minimum interval between page navigations to one host. Pure Python; the clock and sleep are
injectable so the rule is unit-tested without waiting."""
from __future__ import annotations

import threading
import time
import weakref
from urllib.parse import urlsplit

# context → its throttle: the time a throttle held a context's requests is ours, not the portal's,
# and is taken out of every duration measured in that context (held_seconds; recorder, Stopwatch)
_THROTTLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class HostThrottle:
    """Spaces document requests to each host by at least `min_interval_ms`."""

    def __init__(self, min_interval_ms: int, clock=time.monotonic, sleep=time.sleep):
        self.interval = max(0, min_interval_ms) / 1000
        self.clock, self.sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self.held = 0.0  # seconds requests were held back so far

    def delay_for(self, url: str) -> float:
        """Seconds to hold this request, and book the host's next free slot."""
        host = urlsplit(url).hostname or ""
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        return start - now

    def wait_turn(self, url: str) -> None:
        delay = self.delay_for(url)
        if delay > 0:
            self.held += delay
            self.sleep(delay)


def workers_allowed(requested: int, max_pages_per_host: int) -> int:
    """Each worker drives one page at a time, so workers are capped by the per-host page limit."""
    return max(1, min(requested, max_pages_per_host))


def install(context, profile, workers: int = 1) -> HostThrottle | None:
    """Throttle the context's page navigations per the profile (each of `workers` processes
    keeps its share of the rate). Nothing is installed when no interval is set."""
    interval = int(profile.politeness.get("min_interval_ms", 0)) * max(1, workers)
    if interval <= 0:
        return None
    throttle = HostThrottle(interval)

    def handle(route, request):
        if request.resource_type == "document":
            throttle.wait_turn(request.url)
        route.continue_()

    context.route("**/*", handle)
    _THROTTLES[context] = throttle
    return throttle


def held_seconds(context) -> float:
    """Seconds this context's page requests were held back by politeness so far (0 without it)."""
    try:
        throttle = _THROTTLES.get(context)
    except TypeError:  # not weak-referenceable (a test double): no throttle
        return 0.0
    return throttle.held if throttle is not None else 0.0
