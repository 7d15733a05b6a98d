"""Done-when of the 整改台账 (issue 11): a sandbox run with guide_missing_elements, broken_download and
entry_buried gives a 台账 whose findings name the right 责任单位; the next clean run, compared with it,
marks them 已整改. Both through the CLI a supervisor uses; the test reads the xlsx with openpyxl."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.runs import ACCOUNTS, find_sensitive

ROOT = Path(__file__).resolve().parents[2]
DEFECTS = "guide_missing_elements,broken_download,entry_buried"
# the lean profile samples guides gat-001 and rst-001 and the department sites below
GUIDES = {"gat-001": "江澜省公安厅", "rst-001": "江澜省人力资源和社会保障厅"}
SITES = ("江澜省人力资源和社会保障厅", "江澜省公安厅", "江澜省市场监督管理局")

pytestmark = pytest.mark.journeys


def shopper(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT)}
    env.pop("SHOPPER_WEBHOOK_URL", None)
    return subprocess.run([sys.executable, "-m", "shopper", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)


def run_and_ledger(reports: Path, run_id: str, defects: str = "", baseline: Path | None = None) -> Path:
    argv = ["run", "--portal", "sandbox-matrix", "--journeys", "guide,entry", "--device", "desktop",
            "--reports-dir", str(reports), "--run-id", run_id, "--no-report", "-q"]
    if defects:
        argv += ["--defects", defects]
    run = shopper(*argv)
    assert run.returncode in (0, 1), run.stdout[-3000:] + run.stderr[-3000:]
    run_dir = reports / "runs" / run_id
    assert (run_dir / "整改台账.xlsx").exists()   # every run writes its 台账; rebuilt here with an explicit baseline
    ledger = ["ledger", "--run-dir", str(run_dir), "--records-dir", str(run_dir / "records" / run_id),
              "--portal", "sandbox-matrix", "--traces-dir", str(run_dir / "traces"),
              "--results-dir", str(run_dir / "allure-results")]
    if baseline:
        ledger += ["--baseline", str(baseline)]
    out = shopper(*ledger)
    assert out.returncode == 0, out.stdout + out.stderr
    assert not find_sensitive(run_dir, out.stdout)
    return run_dir / "整改台账.xlsx"


def rows(path: Path) -> list[dict]:
    """Every finding row of every 责任单位 sheet, as header → value."""
    wb = load_workbook(path)
    out = []
    for ws in wb.worksheets[1:]:
        values = [[c.value for c in row] for row in ws.iter_rows()]
        out += [dict(zip(values[0], r), sheet=ws.title) for r in values[1:]]
    return out


def test_ledger_names_the_units_and_the_clean_run_marks_them_fixed(tmp_path):
    first = run_and_ledger(tmp_path, "ledger-defects", DEFECTS)
    found = rows(first)
    assert found and {r["状态"] for r in found} == {"新增"}
    by = {}
    for r in found:
        by.setdefault((r["指标"].split()[0], r["页面"]), r)
    for item, dept in GUIDES.items():
        page = f"/item/{item}"
        # guide_missing_elements: 法定办结时限, 办理时间, 咨询电话 gone → the guide's 实施主体
        for element in ("E1-1", "E1-4", "E1-5"):
            assert by[(element, page)]["责任单位"] == dept and by[(element, page)]["sheet"] == dept
        # broken_download: the 空表 answers 404 → the guide's department as well
        assert by[("E4", page)]["责任单位"] == dept and "404" in by[("E4", page)]["问题描述"]
    for site in SITES:
        # entry_buried: each department site hides 网上办事 → that site's owner
        row = by[("C1-4", site)]
        assert row["责任单位"] == site and "点击" in row["问题描述"]
    assert len(found) == 4 * len(GUIDES) + len(SITES)
    assert all(r["证据"] and r["发现时间"] for r in found)

    second = run_and_ledger(tmp_path, "ledger-clean", baseline=first.parent)
    after = rows(second)
    assert {(r["指标"], r["页面"], r["责任单位"]) for r in after} == {(r["指标"], r["页面"], r["责任单位"]) for r in found}
    assert {r["状态"] for r in after} == {"已整改"}
    summary = [[c.value for c in row] for row in load_workbook(second).worksheets[0].iter_rows()]
    total = next(r for r in summary if r[0] == "合计")
    assert total[1:8] == [0, 0, 0, 0, 0, len(found), 0]   # 待整改, 待复核, 新增, 仍未整改, 未确认, 已整改, 未复查
