from shopper.politeness import HostThrottle, workers_allowed


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_navigations_to_one_host_are_spaced_and_other_hosts_are_not_held():
    clock = FakeClock()
    throttle = HostThrottle(500, clock=clock, sleep=clock.sleep)
    assert throttle.delay_for("http://a.gov.cn/1") == 0
    assert throttle.delay_for("http://a.gov.cn/2") == 0.5
    assert throttle.delay_for("http://a.gov.cn/3") == 1.0
    assert throttle.delay_for("http://b.gov.cn/1") == 0
    clock.now += 2
    assert throttle.delay_for("http://a.gov.cn/4") == 0


def test_wait_turn_sleeps_only_the_remaining_gap():
    clock = FakeClock()
    throttle = HostThrottle(1000, clock=clock, sleep=clock.sleep)
    throttle.wait_turn("http://a.gov.cn/")
    clock.now += 0.25
    throttle.wait_turn("http://a.gov.cn/x")
    assert clock.now == 101.0


def test_zero_interval_never_waits():
    assert HostThrottle(0).delay_for("http://a/") == 0 and HostThrottle(0).delay_for("http://a/") == 0


def test_workers_capped_by_pages_per_host():
    assert workers_allowed(8, 4) == 4 and workers_allowed(2, 4) == 2 and workers_allowed(0, 4) == 1


def test_the_time_requests_were_held_is_counted():
    clock = FakeClock()
    throttle = HostThrottle(1000, clock=clock, sleep=clock.sleep)
    throttle.wait_turn("http://a.gov.cn/")
    clock.now += 0.25
    throttle.wait_turn("http://a.gov.cn/x")      # held 0.75 s
    throttle.wait_turn("http://b.gov.cn/")       # another host: not held
    assert throttle.held == 0.75


class FakeContext:
    """Stands for a browser context (weak-referenceable, like Playwright's)."""


def test_a_stopwatch_leaves_out_what_politeness_held(monkeypatch):
    """A search measured while our throttle held its navigation for 0.9 s of 1.2 s is 300 ms of the
    portal's, not 1200: the wait is the suite's (blaming the portal for it would be our misfit)."""
    import pages.session as base
    from shopper import politeness

    clock = FakeClock()
    monkeypatch.setattr(base.time, "perf_counter", clock)
    context = FakeContext()
    throttle = HostThrottle(1000, clock=clock, sleep=clock.sleep)
    monkeypatch.setitem(politeness._THROTTLES, context, throttle)
    watch = base.Stopwatch(context)
    throttle.held += 0.9
    clock.now += 1.2
    assert watch.ms() == 300.0
    assert base.Stopwatch().ms() == 0.0 and politeness.held_seconds(object()) == 0.0
