"""The suite's command-line options, run id and device parametrisation (pytest hooks)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from .paths import ROOT



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
    group.addoption("--trace-snapshots", action="store_true",
                    default=os.environ.get("SHOPPER_TRACE_SNAPSHOTS", "") not in ("", "0"),
                    help="record DOM snapshots in every journey's trace (about 10%% slower; off: a failed step "
                         "attaches the page's masked DOM and screenshot instead)")
    group.addoption("--shard-nodeids", default=None, metavar="FILE",
                    help="run only the scenarios whose node ids this file lists, one a line (shopper run --shard)")
    group.addoption("--probe-shots", choices=("misfits", "all"), default="misfits",
                    help="probe screenshots: pages where a control did not fit (default), or every probed page")


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


def pytest_collection_modifyitems(config, items):
    """--shard-nodeids: keep the shard's scenarios, deselect the others. A listed scenario that was
    not collected stops the run (exit 3): the shard and this collection disagree, and running less
    than the plan says would leave a hole in the merged run."""
    listing = config.getoption("shard_nodeids")
    if not listing:
        return
    wanted = {line.strip() for line in Path(listing).read_text(encoding="utf-8").splitlines() if line.strip()}
    missing = sorted(wanted - {item.nodeid for item in items})
    if missing:
        pytest.exit(f"--shard-nodeids {listing}: {len(missing)} 个场景未被收集 (not collected), 如 {missing[0]}: "
                    f"分片计划与本次收集不一致 (the shard's plan and this collection differ)",
                    returncode=pytest.ExitCode.INTERNAL_ERROR)
    deselected = [item for item in items if item.nodeid not in wanted]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item.nodeid in wanted]
