"""`shopper sweep` without a browser: SWEEP.yaml errors name file and line before anything runs, the
sweep's exit code, a stop passed to the running portal and no portal started after it, and
`shopper league` over finished run folders (the across-portal 台账 keeps a 无结论 portal's findings
未确认)."""
from __future__ import annotations

import json
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shopper import cli, exitcodes, outputs, sweep
from shopper.sweepfile import SweepError, load_sweep

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "SWEEP.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sweep_file_reads_defaults_and_overrides(tmp_path):
    plan = load_sweep(write(tmp_path, "name: 抽查\njourneys: search\nportals:\n  - profile: sandbox-matrix\n"
                                      "  - profile: sandbox-b-matrix\n    journeys: guide\n    defects: slow_search\n"))
    assert plan.title == "抽查" and plan.rubric == ROOT / "fixtures" / "rubric" / "default.yaml"
    a, b = plan.entries
    assert (a.portal, a.journeys, a.device, a.defects, a.reruns, a.line) == ("sandbox", "search", "desktop,mobile", "", 0, 4)
    assert (b.portal, b.journeys, b.defects, b.line) == ("sandbox-b", "guide", "slow_search", 5)


@pytest.mark.parametrize("text, where, words", [
    ("portals:\n  - profile: sandbox\n    jounreys: search\n", ":3:", "jounreys"),
    ("portal:\n  - profile: sandbox\n", ":1:", "'portal'"),
    ("portals: []\n", ":1:", "至少一个门户"),
    ("reruns: -1\nportals:\n  - profile: sandbox\n", ":1:", "非负整数"),
    ("portals:\n  - profile: sandbox\n    reruns: yes\n", ":3:", "非负整数"),
    ("portals:\n  - sandbox\n", ":2:", "profile"),
    ("portals:\n  - profile: no-such-portal\n", ":2:", "no-such-portal"),
    ("portals:\n  - profile: sandbox\n  - profile: sandbox-matrix\n", ":3:", "同一门户"),
    ("rubric: nowhere.yaml\nportals:\n  - profile: sandbox\n", ":1:", "评分细则"),
    ("portals: [\n", ":", "YAML"),
])
def test_sweep_file_errors_name_file_and_line(tmp_path, text, where, words):
    path = write(tmp_path, text)
    with pytest.raises(SweepError) as exc:
        load_sweep(path)
    assert f"{path}{where}" in str(exc.value) and words in str(exc.value), str(exc.value)


def test_a_bad_sweep_file_stops_before_any_run(tmp_path, capsys):
    path = write(tmp_path, "portals:\n  - profile: sandbox\n    device: 3\n")
    with pytest.raises(SystemExit) as exc:
        cli.main(["sweep", str(path), "--reports-dir", str(tmp_path / "r")])
    assert exc.value.code == exitcodes.CONFIG and f"{path}:3:" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_the_sweep_exit_code_says_first_what_could_not_be_judged():
    assert sweep.sweep_exit_code([0, 0]) == 0
    assert sweep.sweep_exit_code([0, 1]) == 1
    assert sweep.sweep_exit_code([1, 5, 0]) == 5
    assert sweep.sweep_exit_code([1, 3, 5]) == 3
    assert sweep.sweep_exit_code([1, 2]) == 2 and sweep.sweep_exit_code([2, 4]) == 4
    assert sweep.sweep_exit_code([1, 7, 130]) == 130


def test_a_stop_reaches_the_running_portal_and_no_portal_starts_after_it(tmp_path, monkeypatch):
    """Three portals, one at a time: SIGINT while the first runs. The first is told to stop (its run
    ends 130, as a stopped `shopper run` does), the other two never start."""
    plan = load_sweep(write(tmp_path, "portals:\n  - profile: sandbox\n  - profile: sandbox-b\n  - profile: example-live\n"))
    started = tmp_path / "started"
    child = ("import signal, sys, time, pathlib\n"
             "signal.signal(signal.SIGTERM, lambda *a: sys.exit(130))\n"
             f"pathlib.Path({str(started)!r}).touch()\n"
             "time.sleep(60)\nsys.exit(0)\n")
    monkeypatch.setattr(sweep.Runner, "command", lambda self, entry, run_id, endpoint: [sys.executable, "-c", child])
    runner = sweep.Runner(plan, "SW", tmp_path / "reports", tmp_path / "out", workers=1, endpoints=[])
    main = threading.get_ident()

    def interrupt():
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        signal.pthread_kill(main, signal.SIGINT)

    threading.Thread(target=interrupt, daemon=True).start()
    t0 = time.monotonic()
    results, stopped = runner.run()
    assert stopped == "SIGINT" and time.monotonic() - t0 < 30
    assert [r.code for r in results] == [130, sweep.NOT_RUN, sweep.NOT_RUN]
    items = sweep.items_of(results)
    assert [bool(i.why_absent) for i in items] == [True, True, True]      # no scorecard, not run, not run
    assert "未运行" in items[1].why_absent and "退出码 130" in items[0].why_absent


def finished_run(reports: Path, records: Path, run_id: str, portal: str) -> Path:
    """A run folder as `shopper run` leaves it, for the records in `records` (renamed to `portal`)."""
    folder = reports / "runs" / run_id
    target = folder / "records" / run_id
    target.mkdir(parents=True)
    for p in records.glob("*.json"):
        data = json.loads(p.read_text(encoding="utf-8"))
        data.update(portal=portal, run_id=run_id)
        (target / p.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    outputs.build_outputs(run_id, portal, folder / "allure-results", folder / "records", folder, no_report=True,
                          history_root=reports / "history")
    return folder


def test_league_over_finished_runs_ranks_verdicts_and_keeps_no_verdict_findings_unconfirmed(tmp_path, capsys):
    reports = tmp_path / "reports"
    defects = finished_run(reports, DATA / "ledger" / "defects", "R-defects", "甲市")
    clean = finished_run(reports, DATA / "ledger" / "clean", "R-clean", "乙市")
    misfit = finished_run(reports, DATA / "no_verdict_run" / "records", "R-nv", "丙市")
    out = tmp_path / "league"
    assert cli.main(["league", str(defects), str(clean), str(misfit), "--out", str(out), "--title", "某省"]) == 0
    ws = load_workbook(out / "league.xlsx")["排名"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[:2] == ["排名", "门户"])
    assert [(r[0], r[1]) for r in rows[head + 1:head + 3]] == [(1, "乙市"), (2, "甲市")]
    assert any(r[0] == "丙市" and r[2] == "无结论" for r in rows[head + 3:])
    across = json.loads((out / "findings-across.json").read_text(encoding="utf-8"))
    statuses = {(f["portal"], f["status"]) for f in across["findings"]}
    assert ("甲市", "新增") in statuses and all(s == "未确认" for p, s in statuses if p == "丙市")
    summary = [[c.value for c in row] for row in load_workbook(out / "整改台账.xlsx")["汇总"].iter_rows()]
    assert any(r[0] and "无结论" in str(r[0]) and "丙市" in str(r[0]) for r in summary)
    totals = next(r for r in summary if r[0] == "合计")
    assert totals[1] == sum(1 for f in across["findings"] if f["status"] in ("新增", "仍未整改"))
    # a folder without a scorecard, or the same portal twice, is refused naming it
    with pytest.raises(SystemExit) as exc:
        cli.main(["league", str(defects), str(tmp_path), "--out", str(tmp_path / "x")])
    assert exc.value.code == 2 and str(tmp_path) in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["league", str(defects), str(defects), "--out", str(tmp_path / "x")])
    assert exc.value.code == 2 and "出现两次" in capsys.readouterr().err
    shutil.rmtree(tmp_path / "x", ignore_errors=True)


def test_every_portal_of_a_sweep_gets_a_run_id_of_its_own():
    from shopper.paths import valid_run_id
    from shopper.sweepfile import Entry

    entries = [Entry(p, p, "", "all", "desktop", "", 0, 1) for p in ("fixtures/portals/某市.yaml", "/x/某县.yaml", "sandbox")]
    ids = sweep.run_ids("SW", entries)
    assert ids == ["SW.01-__", "SW.02-__", "SW.03-sandbox"] and all(valid_run_id(i) for i in ids)
