"""A journey's record from start to file: the JourneyRecorder on the journey's context, step
boundaries from pytest-bdd, the outcome and its failure class from pytest's reports, and the
JourneyRecord written at the end (docs/CONTRACTS.md §5)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from . import allure_output
from .failures import ENVIRONMENT, PORTAL_DEFECT, SUITE_BROKEN, PortalDefect, classify
from .journeys import indicator_of_stage
from .masking import mask_text
from .record import JourneyRecord
from .recorder import JourneyRecorder

RECORDER_KEY = pytest.StashKey[JourneyRecorder]()
REPORT_KEY = pytest.StashKey[dict]()


@pytest.fixture
def journey(request, context, portal_profile, device):
    """The JourneyRecorder of this scenario; writes the JourneyRecord and Allure attachments at the end."""
    item = request.node
    marker = item.get_closest_marker("journey")
    record = JourneyRecord(
        run_id=request.config.getoption("run_id"), portal=portal_profile.name,
        journey=marker.args[0] if marker else "unknown",
        scenario=allure_output.title_of(item, device),
        nodeid=item.nodeid,
        indicators=[m.args[0] for m in item.iter_markers("indicator")],
        device=device, started_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
        attempt=getattr(item, "execution_count", 1),
    )
    recorder = JourneyRecorder(context, record)
    item.stash[RECORDER_KEY] = recorder
    allure_output.journey_started(record)
    allure_output.start_trace(context, snapshots=request.config.getoption("trace_snapshots"))
    yield recorder

    reports = item.stash.get(REPORT_KEY, {})
    exc = reports.get("exception")
    outcome = reports.get("outcome", "passed")
    failure_class = classify(exc) if exc is not None else None
    if outcome == "failed" and failure_class is None:
        failure_class = SUITE_BROKEN
    if failure_class in (ENVIRONMENT, SUITE_BROKEN):
        outcome = "broken"
    message = mask_text(str(exc).splitlines()[0]) if exc is not None and str(exc).strip() else None
    finish_error = finish_record(recorder, outcome, failure_class, message)
    # the indicator a 门户缺陷 is charged to travels as a field, never as text parsed out of a message
    recorder.record.charged_indicator = getattr(exc, "indicator", None) if failure_class == PORTAL_DEFECT else None
    rec = recorder.record
    rec.flaky = bool(rec.outcome == "passed" and rec.attempt > 1)
    path = rec.write(Path(request.config.getoption("records_dir")) / rec.run_id)
    allure_output.journey_finished(rec)
    allure_output.stop_trace(request.config.getoption("traces_dir"), context, rec, keep=rec.outcome != "passed")
    item.user_properties.append(("journey_record", str(path)))
    if finish_error is not None:  # the record says 套件故障; the test run says so too
        raise finish_error


def finish_record(recorder: JourneyRecorder, outcome: str, failure_class: str | None,
                  message: str | None) -> Exception | None:
    """Close the record. If the recorder itself fails, the journey is not lost and not silently
    passed: its record becomes a 套件故障 (suite_broken) naming the error (and the journey's own
    failure, if any), and the error is returned for the caller to raise once the record is written."""
    try:
        recorder.finish(outcome, failure_class, message)
        return None
    except Exception as exc:
        rec = recorder.record
        rec.outcome, rec.failure_class = "broken", SUITE_BROKEN
        why = mask_text(f"套件故障: 记录器无法结束旅程记录 (recorder.finish): {type(exc).__name__}: "
                        f"{(str(exc).splitlines() or [''])[0]}")
        rec.failure_message = why + (f"；旅程本身: {message}" if message else "")
        return exc


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    store = item.stash.setdefault(REPORT_KEY, {})
    if report.when == "setup" and report.failed:
        store.update(outcome="failed", exception=call.excinfo.value if call.excinfo else None)
    if report.when == "call":
        store.update(outcome="passed" if report.passed else ("skipped" if report.skipped else "failed"),
                     exception=call.excinfo.value if call.excinfo and not report.skipped else None)
    return report


def pytest_bdd_before_step_call(request, feature, scenario, step, step_func, step_func_args):
    recorder = request.node.stash.get(RECORDER_KEY, None)
    if recorder is not None:
        recorder.begin_step(f"{step.keyword} {step.name}")


def pytest_bdd_after_step(request, feature, scenario, step, step_func, step_func_args):
    recorder = request.node.stash.get(RECORDER_KEY, None)
    if recorder is not None:
        recorder.end_step("passed")


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception):
    stage = getattr(step_func, "judges", None)
    if stage is not None and isinstance(exception, PortalDefect):   # the step's registration charges it
        exception.charge(indicator_of_stage(stage))
    recorder = request.node.stash.get(RECORDER_KEY, None)
    if recorder is None:
        return
    recorder.end_step("failed")
    allure_output.attach_failure_evidence(recorder.context, step.name)
