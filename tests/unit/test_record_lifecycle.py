"""A recorder that fails to finish turns the journey into a 套件故障 record; nothing is lost."""
from __future__ import annotations

from shopper.record import JourneyRecord
from shopper.record_lifecycle import finish_record


class FailingRecorder:
    def __init__(self):
        self.record = JourneyRecord(run_id="r", portal="p", journey="search", scenario="s", nodeid="n", indicators=[])

    def finish(self, outcome, failure_class, message):
        raise RuntimeError("Target page, context or browser has been closed\nstack…")


class GoodRecorder(FailingRecorder):
    def finish(self, outcome, failure_class, message):
        self.record.outcome, self.record.failure_class, self.record.failure_message = outcome, failure_class, message
        return self.record


def test_a_failing_finish_becomes_a_classified_suite_failure_with_its_message():
    recorder = FailingRecorder()
    error = finish_record(recorder, "passed", None, None)
    assert isinstance(error, RuntimeError)
    rec = recorder.record
    assert (rec.outcome, rec.failure_class) == ("broken", "suite_broken")
    assert rec.failure_message == ("套件故障: 记录器无法结束旅程记录 (recorder.finish): RuntimeError: "
                                   "Target page, context or browser has been closed")


def test_the_journeys_own_failure_is_kept_next_to_the_recorder_error():
    recorder = FailingRecorder()
    finish_record(recorder, "failed", "portal_defect", "搜索「社保卡」期望…")
    assert recorder.record.failure_message.endswith("；旅程本身: 搜索「社保卡」期望…")


def test_a_good_finish_changes_nothing():
    recorder = GoodRecorder()
    assert finish_record(recorder, "failed", "portal_defect", "m") is None
    assert (recorder.record.outcome, recorder.record.failure_class) == ("failed", "portal_defect")
