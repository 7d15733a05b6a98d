"""A journey's record from start to file: the JourneyRecorder on the journey's context, step
boundaries from pytest-bdd, the outcome and its failure class from pytest's reports, and the
JourneyRecord written at the end (docs/CONTRACTS.md §5)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from . import allure_output
from .failures import ENVIRONMENT, PORTAL_DEFECT, SUITE_BROKEN, PortalDefect, SuiteError, classify
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
    item.stash[REPORT_KEY] = {}   # this attempt's phases only (a rerun starts afresh)
    allure_output.journey_started(record)
    allure_output.start_trace(context, snapshots=request.config.getoption("trace_snapshots"))
    yield recorder

    reports = item.stash.get(REPORT_KEY, {})
    exc = reports.get("exception")
    if "outcome" not in reports:
        # pytest reports no phase that a Ctrl-C (or SIGTERM) cut short: the scenario never finished,
        # whatever steps it took. Not judged: 未测, saying why (never "passed")
        outcome, failure_class, message = "skipped", None, INTERRUPTED_MESSAGE
    else:
        outcome, failure_class, message = _outcome(reports["outcome"], exc, reports.get("message"))
    finish_error = finish_record(recorder, outcome, failure_class, message)
    # the indicator a 门户缺陷 is charged to travels as a field, never as text parsed out of a message
    recorder.record.charged_indicator = list(getattr(exc, "indicators", [])) if failure_class == PORTAL_DEFECT else None
    rec = recorder.record
    rec.flaky = bool(rec.outcome == "passed" and rec.attempt > 1)
    path = rec.write(Path(request.config.getoption("records_dir")) / rec.run_id)
    allure_output.journey_finished(rec)
    allure_output.stop_trace(request.config.getoption("traces_dir"), context, rec, keep=rec.outcome != "passed")
    item.user_properties.append(("journey_record", str(path)))
    del item.stash[RECORDER_KEY]   # no journey is open any more (a rerun's setup may fail before its own)
    if finish_error is not None:  # the record says 套件故障; the test run says so too
        raise finish_error


INTERRUPTED_MESSAGE = "中断: 运行在本场景结束前被中断, 未测 (interrupted before the scenario finished: not judged)"


def _outcome(outcome: str, exc: BaseException | None, message: str | None) -> tuple[str, str | None, str | None]:
    """(outcome, failure class, masked message) of a finished phase: a failure's class decides
    between failed (the portal's) and broken (ours, the environment's)."""
    failure_class = classify(exc) if exc is not None else None
    if outcome == "failed" and failure_class is None:
        failure_class = SUITE_BROKEN
    if failure_class in (ENVIRONMENT, SUITE_BROKEN):
        outcome = "broken"
    if exc is not None and str(exc).strip():
        message = str(exc).splitlines()[0]
    return outcome, failure_class, mask_text(message) if message else None


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
    exception = call.excinfo.value if call.excinfo and not report.skipped else None
    if report.failed and report.when != "teardown" and RECORDER_KEY not in item.stash:
        if item.get_closest_marker("journey"):   # its journey never started: nobody else writes its record
            _record_without_journey(item, exception)
    elif report.when == "setup" and not report.passed:
        store.update(outcome="failed" if report.failed else "skipped", exception=exception,
                     message=_skip_reason(report))
    if report.when == "call":
        store.update(outcome="passed" if report.passed else ("skipped" if report.skipped else "failed"),
                     exception=exception, message=_skip_reason(report))
    return report


def _skip_reason(report) -> str | None:
    """Why a phase was skipped (pytest.skip's reason: the 未测 reason), None otherwise."""
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return None


def _record_without_journey(item, exc: BaseException | None) -> None:
    """A scenario that failed before its recorder existed (the browser did not start, locally or at
    --browser-ws; pytest-bdd steps ask for their fixtures in the call phase) still gets its record, classed like any failure (环境故障 for a browser that
    never came), so the run says why instead of "a failure that left no record"."""
    from .profile import load_profile

    config = item.config
    device = item.callspec.params.get("device", "desktop") if hasattr(item, "callspec") else "desktop"
    marker = item.get_closest_marker("journey")
    profile = item.funcargs.get("portal_profile")
    if profile is None:
        try:
            profile = load_profile(config.getoption("portal"))
        except SuiteError:
            profile = None
    outcome, failure_class, message = _outcome("failed", exc, None)
    record = JourneyRecord(
        run_id=config.getoption("run_id"),
        portal=profile.name if profile is not None else Path(config.getoption("portal")).stem,
        journey=marker.args[0] if marker else "unknown", scenario=allure_output.title_of(item, device),
        nodeid=item.nodeid, indicators=[m.args[0] for m in item.iter_markers("indicator")], device=device,
        started_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
        attempt=getattr(item, "execution_count", 1), outcome=outcome, failure_class=failure_class,
        failure_message=message)
    path = record.write(Path(config.getoption("records_dir")) / record.run_id)
    item.user_properties.append(("journey_record", str(path)))


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
