"""What the suite shows in Allure: Gherkin tags as labels, readable test titles, the journey
record, a masked screenshot of a failed step, the scrubbed trace of a failed attempt, and the
run's environment facts. Every result file is masked at the end of the session."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import allure
import pytest

from .masking import ID_RE, PHONE_RE, mask_text, scrub_tree, scrub_zip
from .paths import ROOT

TAG_RE = re.compile(r"^(epic|feature|story|journey|indicator|severity):(.+)$")


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


# --- titles ---------------------------------------------------------------------------------------------
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


def title_of(item, device: str) -> str:
    callspec = getattr(item, "callspec", None)
    return allure_title(_scenario_name(item), callspec.id if callspec else "", device,
                        callspec.params.get("_pytest_bdd_example") if callspec else None)


def _scenario_name(item) -> str:
    """The Gherkin scenario's name (pytest-bdd registers it for the test function), else the test name."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry
    from pytest_bdd.utils import registry_get_safe

    template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "obj", None))
    return template.name if template is not None else item.name


# --- per journey ----------------------------------------------------------------------------------------
def journey_started(record) -> None:
    allure.dynamic.title(record.scenario)


def journey_finished(record) -> None:
    for indicator in record.indicators:
        allure.dynamic.label("indicator", indicator)
    if record.failure_class:
        allure.dynamic.label("failure_class", record.failure_class)
    allure.attach(record.to_json(), name="journey-record.json", attachment_type=allure.attachment_type.JSON)


def start_trace(context, snapshots: bool = False) -> None:
    """Trace every journey (actions, network, console; a passed journey's trace is dropped). DOM
    snapshots at every action cost about 10 % of a journey's time (README.md, Benchmarks), so they are
    opt-in (--trace-snapshots); without them a failed step attaches the failing page's masked DOM.
    Screenshots are never recorded in a trace: they could not be masked."""
    context.tracing.start(snapshots=snapshots, screenshots=False, sources=False)


def stop_trace(traces_dir: str, context, record, keep: bool) -> None:
    """Stop the journey's trace: a failed attempt's is saved, scrubbed and attached; a passed one's
    is dropped. A trace that cannot be stopped (the browser died with the journey) is not kept."""
    if not keep:
        try:
            context.tracing.stop()
        except Exception:  # the browser is gone: there is no trace to drop
            pass
        return
    traces = Path(traces_dir) / record.run_id
    traces.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "_", record.nodeid)[-120:]
    path = traces / f"{safe}.a{record.attempt}.zip"
    try:
        context.tracing.stop(path=str(path))
        scrub_zip(path)
    except Exception:  # the browser is gone, or the zip is unreadable: the record says why it failed
        path.unlink(missing_ok=True)
        return
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    allure.attach.file(str(path), name=f"trace (离线查看: python -m shopper trace {shown})",
                       attachment_type="application/zip", extension="zip")


def attach_failure_evidence(context, step_name: str) -> None:
    """The last open page at the failed step: a masked screenshot and its DOM (masked text), so the
    markup a locator missed or the portal got wrong is at hand without DOM snapshots in the trace."""
    for pg in reversed(context.pages):
        if pg.is_closed():
            continue
        try:
            png = screenshot_masked(pg)
        except Exception:  # the page is gone or hangs: the trace and the record still tell the story
            return
        allure.attach(png, name=f"失败截图 {step_name}", attachment_type=allure.attachment_type.PNG)
        try:  # bounded: `content()` waits forever on a page whose navigation never answers
            dom = mask_text(pg.locator(":root").evaluate("e => e.outerHTML", timeout=3000))
        except Exception:  # mid-navigation: the screenshot stands alone
            return
        allure.attach(dom, name=mask_text(f"失败页面 DOM {step_name} ({pg.url[:120]})"),
                      attachment_type=allure.attachment_type.TEXT)
        return


def screenshot_masked(page) -> bytes:
    """A screenshot with 身份证号, phone numbers and password fields painted over."""
    masks = [page.get_by_text(ID_RE), page.get_by_text(PHONE_RE), page.locator("input[type=password]")]
    return page.screenshot(mask=masks, full_page=False, timeout=5000)


# --- per run --------------------------------------------------------------------------------------------
@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """Environment facts for Allure (portal, browser, suite version); then mask every result file."""
    alluredir = session.config.getoption("allure_report_dir", None)
    if not alluredir or hasattr(session.config, "workerinput"):
        return
    scrub_tree(Path(alluredir))
    from . import __version__
    from .fixtures import BROWSER_SESSION_KEY

    props = {
        "门户 portal": session.config.getoption("portal"),
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
