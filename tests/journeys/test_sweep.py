"""`shopper sweep` on the sandbox: both flavours as two portals of one sweep (flavour A with a defect,
flavour B clean), run side by side; one league table (html, xlsx: ranked by total and within each
一级指标) and one 整改台账 across the portals by 责任单位; each portal keeps its own run, history
point and 台账."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shopper.history import load_history
from tests.support.runs import ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys
SWEEP = """\
name: 江澜省抽查（两种门户）
journeys: search,guide
device: desktop
portals:
  - profile: sandbox-matrix          # flavour A
    defects: broken_download
  - profile: sandbox-b-matrix        # flavour B
"""


def test_a_sweep_of_both_flavours_ranks_them_and_keeps_one_ledger_across(tmp_path):
    sweep_file = tmp_path / "SWEEP.yaml"
    sweep_file.write_text(SWEEP, encoding="utf-8")
    reports = tmp_path / "reports"
    proc = subprocess.run([sys.executable, "-m", "shopper", "sweep", str(sweep_file), "--workers", "2",
                           "--sweep-id", "SW", "--reports-dir", str(reports)], cwd=ROOT,
                          env={**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=900)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log[-3000:]                      # flavour A's 门户缺陷; B passed
    assert "Traceback" not in log
    out = reports / "sweeps" / "SW"
    record = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    assert {p["portal"]: p["exit_code"] for p in record["portals"]} == {"sandbox": 1, "sandbox-b": 0}
    for p in record["portals"]:                                     # each portal is a whole run of its own
        folder = Path(p["folder"])
        assert (folder / "scorecard.json").is_file() and (folder / "整改台账.xlsx").is_file()
        assert [l["run_id"] for l in load_history(reports / "history" / p["portal"] / "scores.jsonl")] == [p["run_id"]]
        assert (out / "logs" / f"{p['run_id']}.log").is_file()

    ws = load_workbook(out / "league.xlsx")["排名"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[:2] == ["排名", "门户"])
    header = rows[head]
    ranked = {r[1]: dict(zip(header, r)) for r in rows[head + 1:head + 3]}
    assert ranked["sandbox-b"]["排名"] == 1 and ranked["sandbox"]["排名"] == 2
    e_name = next(h for h in header if h and h.startswith("E ") and not h.endswith("排名"))
    assert ranked["sandbox"]["E 排名"] == 2 and ranked["sandbox"][e_name] < ranked["sandbox-b"][e_name]
    html = (out / "league.html").read_text(encoding="utf-8")
    start = html.index('id="ranked"')
    ranked_html = html[start:html.index("</table>", start)]
    assert ranked_html.index(">sandbox-b</a>") < ranked_html.index(">sandbox</a>")

    ledger = load_workbook(out / "整改台账.xlsx")
    summary = [[c.value for c in row] for row in ledger["汇总"].iter_rows()]
    units = {r[0]: r for r in summary if r[0] in ("江澜省公安厅", "江澜省人力资源和社会保障厅")}
    assert set(units) == {"江澜省公安厅", "江澜省人力资源和社会保障厅"}
    assert all(r[1] == 1 and r[-1] == "sandbox" for r in units.values())       # one 待整改 each, from flavour A
    sheet = [[c.value for c in row] for row in ledger["江澜省公安厅"].iter_rows()]
    assert sheet[0][:3] == ["序号", "门户", "指标"] and sheet[1][1] == "sandbox" and sheet[1][2].startswith("E4")
    shots = render(out, tmp_path)
    assert all(p.stat().st_size > 20_000 for p in shots)


def render(out: Path, tmp_path: Path) -> list[Path]:
    """The league and the 台账, html and xlsx, through the suite's Chromium (for a human look too)."""
    from tests.support.xlsx_preview import screenshot, to_html

    shots = []
    for name in ("league", "整改台账"):
        page = tmp_path / f"{name}.xlsx.html"
        page.write_text(to_html(out / f"{name}.xlsx"), encoding="utf-8")
        shots += [screenshot(page, tmp_path / f"{name}-xlsx.png"), screenshot(out / f"{name}.html", tmp_path / f"{name}.png")]
    return shots
