"""A run's life outside the journeys (shopper/cli.py): what it may write and delete, which run
reports/latest names, signals while the outputs are written, and the arguments refused before any
browser starts. The journeys themselves are replaced here; tests/journeys/test_signals.py sends real
signals to real runs."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from shopper import cli, outputs, paths
from shopper.record import JourneyRecord

ROOT = Path(__file__).resolve().parents[2]
RUN = ["run", "--journeys", "guide", "--device", "desktop", "--no-report", "-q"]


def shopper(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "shopper", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


# --- item 1: --results-dir never deletes what is there ------------------------------------------------
def test_a_results_dir_holding_anything_is_refused_and_kept(tmp_path):
    results = tmp_path / "v"
    (results / "keep").mkdir(parents=True)
    (results / "keep" / "f").write_text("x", encoding="utf-8")
    (results / "old-result.json").write_text("{}", encoding="utf-8")
    result = shopper(*RUN, "--results-dir", str(results), "--reports-dir", str(tmp_path / "reports"))
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert "--results-dir" in result.stderr and "不是空目录" in result.stderr and "Traceback" not in result.stderr
    assert (results / "keep" / "f").read_text(encoding="utf-8") == "x"           # nothing deleted
    assert (results / "old-result.json").exists()
    assert not (tmp_path / "reports" / "runs").exists()                           # refused before the run


def test_a_results_dir_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "results"
    target.write_text("mine", encoding="utf-8")
    result = shopper(*RUN, "--results-dir", str(target), "--reports-dir", str(tmp_path / "reports"))
    assert result.returncode == 2 and "--results-dir" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_an_empty_or_new_results_dir_is_used(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "_run_pytest", lambda cmd, env: (seen.append(cmd), (0, None))[1])
    monkeypatch.setattr(outputs, "build_outputs", lambda *a, **k: ("", [], False))
    empty = tmp_path / "empty"
    empty.mkdir()
    for i, where in enumerate((empty, tmp_path / "new" / "deep")):
        assert cli.main([*RUN, "--results-dir", str(where), "--reports-dir", str(tmp_path / "r"),
                         "--run-id", f"R{i}"]) == 0
        assert f"--alluredir={where}" in seen[-1]


# --- item 10: reports/latest names the last run that finished ------------------------------------------
def test_latest_points_at_the_run_that_finished_last(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    during = {}

    def fake_pytest(cmd, env):
        run_id = env["SHOPPER_RUN_ID"]
        during[run_id] = paths.latest(reports)
        if run_id == "A":   # B starts and finishes while A's journeys still run
            assert cli.main([*RUN, "--reports-dir", str(reports), "--run-id", "B"]) == 0
            during["A after B"] = paths.latest(reports)
        return 0, None

    monkeypatch.setattr(cli, "_run_pytest", fake_pytest)
    monkeypatch.setattr(outputs, "build_outputs", lambda *a, **k: ("", [], False))
    assert cli.main([*RUN, "--reports-dir", str(reports), "--run-id", "A"]) == 0
    runs = (reports / "runs").resolve()
    assert during["A"] is None                       # a running run is not the latest
    assert during["B"] is None                       # nor is the other one, still running
    assert during["A after B"] == runs / "B"         # B finished first
    assert paths.latest(reports) == runs / "A"       # A finished last: the gate judges A


# --- item 13: a signal while the outputs are written ----------------------------------------------------
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_the_outputs_are_written_leaves_them_whole(tmp_path, monkeypatch, signum):
    """The journeys all finished; a signal in the middle of scoring used to leave a history point
    next to an unmarked, half-written card and exit 130. The outputs are written to the end instead:
    a complete card, its one history point, the run's own exit code."""
    from shopper import scorecard

    reports = tmp_path / "reports"
    real_score_run = scorecard.score_run

    def fake_pytest(cmd, env):
        run_id = env["SHOPPER_RUN_ID"]
        record = JourneyRecord(run_id=run_id, portal="sandbox", journey="guide", scenario="办事指南",
                               nodeid="steps/test_guide.py::g[desktop]", indicators=["E1"], device="desktop")
        record.write(reports / "runs" / run_id / "records" / run_id)
        return 0, None

    def score_run_then_signal(*args, **kwargs):
        lines = real_score_run(*args, **kwargs)     # the history point is written here
        os.kill(os.getpid(), signum)
        return lines

    monkeypatch.setattr(cli, "_run_pytest", fake_pytest)
    monkeypatch.setattr(scorecard, "score_run", score_run_then_signal)
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    code = cli.main([*RUN, "--reports-dir", str(reports), "--run-id", "OUT"])
    assert {s: signal.getsignal(s) for s in before} == before           # handlers restored
    card = json.loads((reports / "runs" / "OUT" / "scorecard.json").read_text(encoding="utf-8"))
    history = (reports / "history" / "sandbox" / "scores.jsonl").read_text(encoding="utf-8").splitlines()
    assert code == 0 and not card.get("interrupted") and not card.get("incomplete")
    assert len(history) == 1 and json.loads(history[0])["run_id"] == "OUT"
    assert (reports / "runs" / "OUT" / "整改台账.xlsx").exists()          # the outputs after scoring too
    assert paths.latest(reports) == (reports / "runs" / "OUT").resolve()


# --- item 13 and 14: arguments refused with exit 2 -------------------------------------------------------
def a_finished_run(tmp_path: Path) -> Path:
    """A reports folder whose latest run has an Allure report (for report and serve)."""
    reports = tmp_path / "reports"
    run = paths.claim_run_dir(reports, "DONE")
    (run / "allure-report").mkdir()
    (run / "allure-report" / "index.html").write_text("<html>report</html>", encoding="utf-8")
    paths.set_latest(reports, run)
    return reports


@pytest.mark.parametrize("command", ["report", "serve"])
def test_a_run_id_that_is_no_run_id_is_refused(tmp_path, command):
    reports = a_finished_run(tmp_path)
    port = ["--port", "0"] if command == "serve" else []   # old code served: never on a fixed port
    result = shopper(command, "--run-id", "../../etc", "--reports-dir", str(reports), *port, timeout=30)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "../../etc" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [RUN, ["report"], ["serve"], ["probe"]])
def test_a_reports_dir_that_is_a_file_is_refused(tmp_path, command):
    target = tmp_path / "reports"
    target.write_text("mine", encoding="utf-8")
    result = shopper(*command, "--reports-dir", str(target), timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--reports-dir" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("option, value", [("--workers", "-3"), ("--reruns", "-1"), ("--workers", "two")])
def test_negative_workers_or_reruns_are_refused(tmp_path, option, value):
    result = shopper(*RUN, option, value, "--reports-dir", str(tmp_path / "reports"), timeout=30)
    assert result.returncode == 2 and option in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "reports").exists()


def test_requirements_point_at_a_file_a_clone_has():
    import re

    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for ref in re.findall(r"[\w./-]+\.md", text):
        assert (ROOT / ref).resolve().is_relative_to(ROOT) and (ROOT / ref).is_file(), \
            f"requirements.txt names {ref}, which a clone of the project does not have"
    assert "docs/DESIGN.md" in text


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_serve_stops_its_server_on_sigterm_and_sighup(tmp_path, signum):
    import socket
    import time
    import uuid

    from tests.support.procs import MARKER, marked_processes

    reports = a_finished_run(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = f"serve-{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen([sys.executable, "-m", "shopper", "serve", "--reports-dir", str(reports), "--port", str(port)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), MARKER: token},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def listening() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    try:
        deadline = time.monotonic() + 30
        while not listening() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert listening(), proc.communicate(timeout=5)[0]
        proc.send_signal(signum)
        log = proc.communicate(timeout=30)[0]
        assert proc.returncode == 130 and "Traceback" not in log, log
        deadline = time.monotonic() + 5
        while (marked_processes(token) or listening()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not listening() and not marked_processes(token), marked_processes(token)
    finally:   # a server that outlived the test is this test's to end
        proc.kill()
        for pid, _ in marked_processes(token):
            os.kill(pid, signal.SIGKILL)


def test_an_unreachable_browser_ws_is_an_environment_fault(tmp_path):
    """Nothing listens at the --browser-ws address: 环境故障 (exit 5) with a record per scenario, not
    exit 3 ("a failure that left no record")."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]        # free, and nobody will listen there
    reports = tmp_path / "reports"
    result = shopper(*RUN, "--browser-ws", f"ws://127.0.0.1:{port}/", "--reports-dir", str(reports),
                     "--run-id", "WS", timeout=120)
    assert result.returncode == 5, result.stdout[-3000:] + result.stderr[-2000:]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (reports / "runs" / "WS" / "records" / "WS").glob("*.json")]
    assert records and all(r["failure_class"] == "environment" and "ECONNREFUSED" in r["failure_message"]
                           for r in records)


# --- a run that did not finish shows no total anywhere -------------------------------------------------
@pytest.mark.parametrize("interrupted, incomplete", [(True, None), (False, outputs.runner_died_note("SIGKILL"))])
def test_a_run_that_did_not_finish_shows_no_total_anywhere(tmp_path, interrupted, incomplete):
    """结论不完整 / 中断 is no verdict: the card's json has no total (unverified_total instead), its
    headline, markdown and terminal line say why, and no history point is added."""
    import shutil
    data = ROOT / "tests" / "data" / "ledger" / "defects"
    folder = tmp_path / "runs" / "ledger-defects"
    shutil.copytree(data, folder / "records" / "ledger-defects")
    summary, records, crashed = outputs.build_outputs(
        "ledger-defects", "sandbox", folder / "allure-results", folder / "records", folder, no_report=True,
        history_root=tmp_path / "history", interrupted=interrupted, incomplete=incomplete)
    card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    assert records and not crashed
    assert card["total"] is None and card["stars"] is None and card["unverified_total"] is not None
    assert card["verdict"] == "结论不完整" and card["incomplete"] is True and card.get("interrupted", False) is interrupted
    assert "总分 " not in summary and "结论不完整" in summary, summary
    md = (folder / "scorecard.md").read_text(encoding="utf-8")
    assert "**结论不完整**" in md and "**总分" not in md
    assert not (tmp_path / "history" / "sandbox" / "scores.jsonl").exists()
    assert not (folder / "findings.json").exists()
