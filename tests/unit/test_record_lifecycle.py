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


# --- the journey fixture in a real pytest session (a fake browser context) -----------------------------
CONFTEST = '''
from types import SimpleNamespace

import pytest

pytest_plugins = ["shopper.plugin"]


class FakeContext:
    pages = []
    tracing = SimpleNamespace(start=lambda **kw: None, stop=lambda path=None: None)

    def expose_binding(self, *args, **kwargs):
        pass

    def add_init_script(self, *args, **kwargs):
        pass

    def on(self, *args, **kwargs):
        pass


@pytest.fixture(scope="session")
def portal_profile():
    return SimpleNamespace(name="fake-portal")


@pytest.fixture
def context(request):
    if request.node.get_closest_marker("no_browser"):
        from shopper.failures import EnvironmentFault
        raise EnvironmentFault("浏览器无法启动 (browser did not start): connect ECONNREFUSED 127.0.0.1:9")
    return FakeContext()
'''

TESTS = '''
import pytest


@pytest.fixture
def interrupted_setup(journey):
    raise KeyboardInterrupt


@pytest.fixture
def skipped_setup(journey):
    pytest.skip("只读门户, 未测")


@pytest.mark.journey("search")
@pytest.mark.indicator("A3-1")
def test_skipped_in_setup(skipped_setup):
    pass


@pytest.mark.journey("search")
@pytest.mark.indicator("A3-1")
@pytest.mark.no_browser
def test_no_browser(journey):
    pass


@pytest.mark.journey("search")
@pytest.mark.indicator("A3-1")
@pytest.mark.no_browser
def test_no_browser_in_a_step(request):       # pytest-bdd steps ask for their fixtures during the call
    request.getfixturevalue("journey")


def test_not_a_journey():
    raise RuntimeError("a test of ours, no journey")


@pytest.mark.journey("search")
@pytest.mark.indicator("A3-1")
def test_z_interrupted_in_setup(interrupted_setup):
    pass
'''


def _session(tmp_path, select: str):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_lifecycle.py").write_text(TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    no_browser: the browser fixture fails\n",
                                         encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--run-id=L", "--portal=fake-portal", "-k", select,
                             f"--records-dir={tmp_path / 'records'}", f"--traces-dir={tmp_path / 'traces'}"],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True,
                            text=True, timeout=120)
    records = {}
    for path in (tmp_path / "records" / "L").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        records[data["nodeid"].split("::")[-1].split("[")[0]] = data
    return result, records


def test_a_scenario_stopped_before_it_ran_is_never_passed(tmp_path):
    """Ctrl-C during a scenario's setup: pytest makes no report of that phase, and the record used to
    say `passed` with no step. It is 未测 (skipped) saying it was interrupted."""
    result, records = _session(tmp_path, "interrupted")
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]        # interrupted
    rec = records["test_z_interrupted_in_setup"]
    assert rec["outcome"] == "skipped" and rec["steps"] == [], rec
    assert "中断" in rec["failure_message"]


def test_a_skip_in_setup_is_recorded_as_skipped(tmp_path):
    _, records = _session(tmp_path, "skipped")
    rec = records["test_skipped_in_setup"]
    assert rec["outcome"] == "skipped" and "只读门户" in rec["failure_message"], rec


def test_a_browser_that_never_came_leaves_an_environment_record(tmp_path):
    """The browser (a local launch or --browser-ws) fails before the journey's recorder exists, in
    setup or in a step: the scenario still gets its record, 环境故障 naming the cause, so the run says
    环境故障 (exit 5) and not "a failure that left no record" (exit 3). A test that is no journey
    gets none."""
    _, records = _session(tmp_path, "no_browser or not_a_journey")
    for name in ("test_no_browser", "test_no_browser_in_a_step"):
        rec = records[name]
        assert (rec["outcome"], rec["failure_class"]) == ("broken", "environment"), rec
        assert "ECONNREFUSED" in rec["failure_message"] and rec["journey"] == "search" and rec["indicators"] == ["A3-1"]
        assert rec["portal"] == "fake-portal" and rec["device"] == "desktop"
    assert "test_not_a_journey" not in records
