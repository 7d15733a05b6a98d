"""pytest plugin of the journey suite: portal, browser, recorder, records, Allure attachments.

Loaded by the root conftest.py. Journeys get:
- `portal_profile` (session): the loaded profile; for the sandbox, the sandbox is started here.
- `personas` (session): the test citizens (sandbox: generated; live: from env vars).
- `page` (function): a page in a fresh context with a JourneyRecorder attached.
- `journey` (function): the JourneyRecorder (counters, observations, record).
- `portal` (function): the page-object facade of the profile's portal kind.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import allure
import pytest

from . import browser as browser_mod
from . import politeness
from .failures import (ENVIRONMENT, PORTAL_DEFECT, SUITE_BROKEN, NotMeasured, SuiteError, classify,
                       translate_browser_error)
from .masking import ID_RE, PHONE_RE, mask_text, scrub_tree, scrub_zip
from .profile import load_profile
from .record import JourneyRecord
from .recorder import JourneyRecorder

ROOT = Path(__file__).resolve().parent.parent
RECORDER_KEY = pytest.StashKey[JourneyRecorder]()
REPORT_KEY = pytest.StashKey[dict]()
BROWSER_SESSION_KEY = pytest.StashKey[browser_mod.BrowserSession]()
TAG_RE = re.compile(r"^(epic|feature|story|journey|indicator|severity):(.+)$")


# --- options ---------------------------------------------------------------------------------------
def pytest_addoption(parser):
    group = parser.getgroup("shopper", "模拟办事 journey suite")
    group.addoption("--portal", default=os.environ.get("SHOPPER_PORTAL", "sandbox"),
                    help="portal profile name (fixtures/portals/NAME.yaml) or path; default: sandbox")
    group.addoption("--defects", default=os.environ.get("SANDBOX_DEFECTS", ""),
                    help="sandbox only: comma-separated defects to switch on")
    group.addoption("--device", default=os.environ.get("SHOPPER_DEVICE", "desktop"),
                    help="desktop, mobile, or desktop,mobile")
    group.addoption("--run-id", default=os.environ.get("SHOPPER_RUN_ID"), help="id shared by all shards of a run")
    group.addoption("--records-dir", default=str(ROOT / "reports" / "records"))
    group.addoption("--traces-dir", default=str(ROOT / "reports" / "traces"))
    group.addoption("--browser-ws", default=os.environ.get("SHOPPER_BROWSER_WS"),
                    help="connect to a remote Playwright server (ws://…) instead of launching a browser")
    group.addoption("--headed", action="store_true", help="show the browser")


def pytest_configure(config):
    config.addinivalue_line("markers", "journey(name): the journey kind (search, sso, entry, …)")
    config.addinivalue_line("markers", "indicator(id): an indicator the journey measures")
    if not config.getoption("run_id"):
        run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        config.option.run_id = run_id
        os.environ.setdefault("SHOPPER_RUN_ID", run_id)  # xdist workers inherit it


def pytest_generate_tests(metafunc):
    if "device" in metafunc.fixturenames:
        devices = [d.strip() for d in metafunc.config.getoption("device").split(",") if d.strip()]
        bad = [d for d in devices if d not in ("desktop", "mobile")]
        if bad:
            raise pytest.UsageError(f"--device: unknown device {bad} (use desktop, mobile or desktop,mobile)")
        metafunc.parametrize("device", devices, scope="session")


# --- Gherkin tags → Allure labels and our marks -------------------------------------------------------
def pytest_bdd_apply_tag(tag, function):
    match = TAG_RE.match(tag)
    if not match:
        return None
    kind, value = match.groups()
    if kind in ("journey", "indicator"):
        getattr(pytest.mark, kind)(value)(function)
    else:
        getattr(allure, kind)(value)(function)
    return True


# --- portal, personas, browser -------------------------------------------------------------------------
@pytest.fixture(scope="session")
def portal_profile(request):
    config = request.config
    try:
        profile = load_profile(config.getoption("portal"))
    except SuiteError as exc:
        pytest.exit(f"门户配置错误 (profile error): {exc}", returncode=4)
    defects = [d for d in config.getoption("defects").split(",") if d.strip()]
    if profile.is_sandbox:
        from sandbox.server import SandboxServer  # the sandbox is only imported when used

        from .personas import sandbox_personas
        personas = sandbox_personas(profile)
        server = SandboxServer(defects=defects, accounts=[p.as_account() for p in personas.values()],
                               flavour=profile.flavour)
        server.start()
        request.addfinalizer(server.stop)
        profile.bind(server.port)
        profile.personas = personas
    else:
        if defects:
            pytest.exit("--defects 只适用于沙箱 (defects can only be switched on in the sandbox)", returncode=4)
        from .personas import live_personas
        profile.personas = live_personas(profile)  # checked before the browser by the CLI too
    profile.defects = defects
    return profile


@pytest.fixture(scope="session")
def personas(portal_profile):
    return portal_profile.personas


@pytest.fixture(scope="session")
def citizen(personas):
    return personas.get("citizen")


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser_session(playwright_instance, pytestconfig):
    """The run's browser, relaunched when it crashes (see BrowserSession)."""
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")

    def relaunched(count: int) -> None:
        if reporter is None or capture is None:
            return
        with capture.global_and_fixture_disabled():  # fixture output is captured otherwise
            reporter.write_line(f"[shopper] 环境故障: 浏览器已断开或崩溃, 已重新启动 (第 {count} 次); 其余旅程继续")

    session = browser_mod.BrowserSession(playwright_instance, headed=pytestconfig.getoption("headed"),
                                         ws_endpoint=pytestconfig.getoption("browser_ws"), on_relaunch=relaunched)
    os.environ["SHOPPER_BROWSER_VERSION"] = browser_mod.browser_version(session.browser)
    pytestconfig.stash[BROWSER_SESSION_KEY] = session
    yield session
    session.close()


@pytest.fixture
def browser(browser_session):
    """The live session browser (a fresh one if the last crashed)."""
    return browser_session.current()


@pytest.fixture
def device():  # replaced by pytest_generate_tests parametrisation
    return "desktop"


@pytest.fixture
def context(browser_session, playwright_instance, device, portal_profile):
    try:
        ctx = browser_session.new_context(**browser_mod.context_options(playwright_instance, device))
    except Exception as exc:
        raise translate_browser_error(exc) from exc
    ctx.set_default_timeout(portal_profile.timeouts["action_ms"])
    ctx.set_default_navigation_timeout(portal_profile.timeouts["navigation_ms"])
    politeness.install(ctx, portal_profile, workers=int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    yield ctx
    try:
        ctx.close()
    except Exception:
        pass


@pytest.fixture
def journey(request, context, portal_profile, device):
    """The JourneyRecorder of this scenario; writes the JourneyRecord and Allure attachments at the end."""
    item = request.node
    marker = item.get_closest_marker("journey")
    record = JourneyRecord(
        run_id=request.config.getoption("run_id"), portal=portal_profile.name,
        journey=marker.args[0] if marker else "unknown",
        scenario=_title(item, device),
        nodeid=item.nodeid,
        indicators=[m.args[0] for m in item.iter_markers("indicator")],
        device=device, started_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        attempt=getattr(item, "execution_count", 1),
    )
    recorder = JourneyRecorder(context, record)
    item.stash[RECORDER_KEY] = recorder
    allure.dynamic.title(record.scenario)
    context.tracing.start(snapshots=True, screenshots=False, sources=False)
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
    try:
        recorder.finish(outcome, failure_class, message)
    except Exception:
        pass
    # --- charged indicator (issue 14, contract branch): the indicator travels as a field, not as text
    recorder.record.charged_indicator = (getattr(exc, "indicator", None)
                                         if failure_class == PORTAL_DEFECT else None)
    # --- end charged indicator
    rec = recorder.record
    rec.flaky = bool(outcome == "passed" and rec.attempt > 1)
    for indicator in rec.indicators:
        allure.dynamic.label("indicator", indicator)
    if failure_class:
        allure.dynamic.label("failure_class", failure_class)
    path = rec.write(Path(request.config.getoption("records_dir")) / rec.run_id)
    allure.attach(rec.to_json(), name="journey-record.json", attachment_type=allure.attachment_type.JSON)
    if outcome != "passed":
        _attach_trace(request, context, rec)
    else:
        try:
            context.tracing.stop()
        except Exception:
            pass
    item.user_properties.append(("journey_record", str(path)))


def allure_title(scenario: str, param_id: str, device: str, example: dict | None = None) -> str:
    """The scenario's name (an outline's <placeholders> filled from its example) plus what else tells
    its cases apart (keyword, item) and the phone, so the Allure tree does not list five identical
    '用抽样关键词搜索事项' rows."""
    example = {str(k): str(v) for k, v in (example or {}).items()}
    for key, value in example.items():
        scenario = scenario.replace(f"<{key}>", value)
    skip = {"desktop", "mobile", *example.values()}
    case = "-".join(p for p in param_id.split("-") if p not in skip) if param_id else ""
    return " · ".join(part for part in (scenario, case, "手机" if device == "mobile" else "") if part)


def _title(item, device: str) -> str:
    callspec = getattr(item, "callspec", None)
    return allure_title(_scenario_name(item), callspec.id if callspec else "", device,
                        callspec.params.get("_pytest_bdd_example") if callspec else None)


def _scenario_name(item) -> str:
    """The Gherkin scenario's name (pytest-bdd registers it for the test function), else the test name."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry
    from pytest_bdd.utils import registry_get_safe

    template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "obj", None))
    return template.name if template is not None else item.name


def _attach_trace(request, context, rec):
    traces = Path(request.config.getoption("traces_dir")) / rec.run_id
    traces.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "_", rec.nodeid)[-120:]
    path = traces / f"{safe}.a{rec.attempt}.zip"
    try:
        context.tracing.stop(path=str(path))
        scrub_zip(path)
    except Exception:
        return
    allure.attach.file(str(path), name=f"trace (离线查看: python -m shopper trace {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path})",
                       attachment_type="application/zip", extension="zip")


@pytest.fixture
def page(context, journey):
    pg = context.new_page()
    yield pg


@pytest.fixture(scope="session")
def fit(request, portal_profile, browser_session, playwright_instance):
    """The probe, once per run before the first journey: which controls of our page objects this
    portal shows. Printed as a table; kept in <reports>/probe/<run_id>/ with a screenshot per page."""
    from pages import fit_for, portal_for
    from pages.probe import format_table, probe

    config = request.config
    run_dir = Path(config.getoption("records_dir")).parent   # the run's folder (shopper run) or reports/
    fit = fit_for(portal_profile)
    # what earlier runs of this portal confirmed (shopper run passes reports/history/<portal>/fit.json)
    memory = Path(os.environ.get("SHOPPER_FIT_MEMORY") or run_dir / "history" / portal_profile.name / "fit.json")
    fit.load_memory(memory)
    ctx = browser_session.new_context(**browser_mod.context_options(playwright_instance, "desktop"))
    ctx.set_default_navigation_timeout(portal_profile.timeouts["navigation_ms"])
    try:
        page = ctx.new_page()
        probe(portal_for(portal_profile, page, None), run_dir / "probe")
    finally:
        ctx.close()
    _say(config, "[shopper] " + format_table(fit).split("\n\n")[0].replace("\n", "\n[shopper] "))
    yield fit
    fit.save_memory(memory)


def _say(config, line: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


@pytest.fixture
def portal(page, portal_profile, journey, fit):
    from pages import portal_for
    from pages.controls import misfit

    blocking = fit.blocking(journey.record.journey)
    if blocking:  # the probe showed we do not fit a control this journey needs: no verdict
        name = blocking[0]
        raise misfit(fit.controls.get(name), name, f"探测未找到本旅程所需的控件 {', '.join(blocking)}")
    return portal_for(portal_profile, page, journey)


# --- hooks: outcome, step timings, screenshots ------------------------------------------------------------
@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """Raw browser errors become the class that names the culprit (ERR_TOO_MANY_REDIRECTS → portal)."""
    try:
        return (yield)
    except NotMeasured as exc:
        pytest.skip(str(exc))
    except Exception as exc:
        new = translate_browser_error(exc)
        if new is exc:
            raise
        raise new from exc


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
    recorder = request.node.stash.get(RECORDER_KEY, None)
    if recorder is None:
        return
    recorder.end_step("failed")
    for pg in reversed(recorder.context.pages):
        if pg.is_closed():
            continue
        try:
            png = screenshot_masked(pg)
            allure.attach(png, name=f"失败截图 {step.name}", attachment_type=allure.attachment_type.PNG)
        except Exception:
            pass
        break


def screenshot_masked(page) -> bytes:
    """A screenshot with 身份证号, phone numbers and password fields painted over."""
    masks = [page.get_by_text(ID_RE), page.get_by_text(PHONE_RE), page.locator("input[type=password]")]
    return page.screenshot(mask=masks, full_page=False, timeout=5000)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """Environment facts for Allure (portal, browser, suite version); then mask every result file."""
    alluredir = session.config.getoption("allure_report_dir", None)
    if not alluredir or hasattr(session.config, "workerinput"):
        return
    scrub_tree(Path(alluredir))
    from . import __version__

    profile_name = session.config.getoption("portal")
    props = {
        "门户 portal": profile_name,
        "缺陷 defects": session.config.getoption("defects") or "无 (clean)",
        "设备 device": session.config.getoption("device"),
        "浏览器 browser": os.environ.get("SHOPPER_BROWSER_VERSION", "chromium"),
        "套件版本 suite": __version__,
        "运行 run_id": session.config.getoption("run_id"),
    }
    browsers = session.config.stash.get(BROWSER_SESSION_KEY, None)
    if browsers is not None and browsers.relaunches:
        props["浏览器重启"] = f"{browsers.relaunches} 次"
    Path(alluredir).mkdir(parents=True, exist_ok=True)
    lines = [f"{k.replace(' ', '_')}={v}" for k, v in props.items()]
    (Path(alluredir) / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (Path(alluredir) / "run.json").write_text(json.dumps(props, ensure_ascii=False), encoding="utf-8")
