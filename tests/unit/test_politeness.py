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
