"""The journeys' world as pytest fixtures: the portal (the sandbox started here), personas, the
browser, a fresh context per journey, its page and the page-object facade."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import browser as browser_mod
from . import politeness
from .failures import EnvironmentFault, NotMeasured, SuiteError, translate_browser_error
from .profile import load_profile

BROWSER_SESSION_KEY = pytest.StashKey[browser_mod.BrowserSession]()


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
                               flavour=profile.flavour, staging_codes=sandbox_staging_codes(profile))
        server.start()
        request.addfinalizer(server.stop)
        profile.bind(server.port)
        profile.personas = personas
        token_env = profile.advance.get("token_env")
        if token_env:   # the control token of the sandbox this process started, for advance.method http
            from .masking import register_secret
            register_secret(server.control_token)
            os.environ[token_env] = server.control_token
    else:
        if defects:
            pytest.exit("--defects 只适用于沙箱 (defects can only be switched on in the sandbox)", returncode=4)
        from .personas import live_personas
        # `shopper new-portal` probes before the accounts are set: it walks what needs no sign-in
        without = os.environ.get("SHOPPER_PROBE_WITHOUT_ACCOUNTS") == "1"
        profile.personas = {} if without else live_personas(profile)  # checked before the browser by the CLI too
    profile.defects = defects
    return profile


def sandbox_staging_codes(profile) -> dict[str, str]:
    """The staging SMS code and captcha of a sandbox the suite starts: given in the environment
    variables the profile's flows name, else made up for this run (and exported there, masked)."""
    import secrets

    from .masking import register_secret

    names = {"sms": (profile.flows.get("sign_in") or {}).get("sms_code_env"),
             "captcha": (profile.flows.get("status") or {}).get("captcha_env")}
    made = {"sms": lambda: f"{secrets.randbelow(10 ** 6):06d}",
            "captcha": lambda: "".join(secrets.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(4))}
    codes = {}
    for kind, env in names.items():
        if env:
            codes[kind] = os.environ.setdefault(env, made[kind]())
            register_secret(codes[kind])
    return codes


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
    except Exception:  # the browser died during the journey (recorded as its failure): nothing to close
        pass


@pytest.fixture
def page(context, journey):
    pg = context.new_page()
    yield pg


@pytest.fixture(scope="session")
def fit(request, portal_profile, browser_session, playwright_instance):
    """The probe, once per run before the first journey: which controls of our page objects this
    portal shows. Printed as a table; kept in <run folder>/probe/ with a screenshot of each page where a
    control did not fit (--probe-shots=all: of every probed page)."""
    from pages import fit_for, portal_for
    from pages.probe import format_table, mark_unreachable, probe, unreachable

    config = request.config
    run_dir = Path(config.getoption("records_dir")).parent   # the run's folder (shopper run) or reports/
    fit = fit_for(portal_profile)
    # what earlier runs of this portal confirmed (shopper run passes reports/history/<portal>/fit.json)
    memory = Path(os.environ.get("SHOPPER_FIT_MEMORY") or run_dir / "history" / portal_profile.name / "fit.json")
    fit.load_memory(memory)
    ctx = browser_session.new_context(**browser_mod.context_options(playwright_instance, "desktop"))
    ctx.set_default_navigation_timeout(portal_profile.timeouts["navigation_ms"])
    # the journeys this run takes (the probe checks only the controls they need); `shopper probe`: all
    journeys = {m.args[0] for item in request.session.items if (m := item.get_closest_marker("journey"))} or None
    try:
        page = ctx.new_page()
        shots = config.getoption("probe_shots")
        probe(portal_for(portal_profile, page, None), run_dir / "probe", shots=shots, journeys=journeys)
        if fit.unreachable:  # the first page failed at the network level: one more try of the home page
            fit.unreachable = None
            reason = unreachable(page, portal_profile.url("portal"))
            if reason:
                mark_unreachable(fit, reason, run_dir / "probe")
            else:  # it answers now: probe again from the start
                fit.probe.clear()
                probe(portal_for(portal_profile, page, None), run_dir / "probe", shots=shots, journeys=journeys)
                if fit.unreachable:
                    mark_unreachable(fit, fit.unreachable, run_dir / "probe")
    finally:
        ctx.close()
    if fit.unreachable:
        _say(config, f"[shopper] 门户首页无法打开 (2 次尝试): {fit.unreachable}\n"
                     "[shopper] 各旅程直接记为环境故障, 不再逐一等待超时 (portal unreachable: no journey is run)")
    else:
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

    if fit.unreachable:  # the run's start could not open the portal's home: no journey can get anywhere
        raise EnvironmentFault(f"门户首页无法打开 (运行开始时 2 次尝试, 本旅程未执行): {fit.unreachable}")
    blocking = fit.blocking(journey.record.journey)
    if blocking:  # the probe showed we do not fit a control this journey needs: no verdict
        name = blocking[0]
        raise misfit(fit.controls.get(name), name, f"探测未找到本旅程所需的控件 {', '.join(blocking)}")
    return portal_for(portal_profile, page, journey)


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """Raw browser errors become the class that names the culprit (ERR_TOO_MANY_REDIRECTS → portal)."""
    try:
        return (yield)
    except NotMeasured as exc:  # this portal cannot be measured here (read-only, no 办件 advance): 未测
        pytest.skip(str(exc))
    except Exception as exc:
        new = translate_browser_error(exc)
        if new is exc:
            raise
        raise new from exc
