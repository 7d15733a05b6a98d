"""The CI quality gate: total under a threshold or an indicator dropping by more than a margin."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shopper.gate import GateInputError, evaluate_gate, main
from shopper.history import attach_history, history_path
from shopper.scorecard import write_scorecard
from shopper.scoring import load_rubric, score

from tests.unit.test_scoring import clean_records, defect_records

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubric()


@pytest.fixture
def runs(tmp_path):
    """A clean run, then a run with the search_500 defect; both recorded in the history."""
    hist = tmp_path / "history"
    clean = score(clean_records(run_id="R1"), RUBRIC)
    attach_history(clean, hist)
    clean_json = write_scorecard(clean, tmp_path / "clean")["json"]
    bad = score(defect_records("search_500", run_id="R2"), RUBRIC)
    attach_history(bad, hist)
    bad_json = write_scorecard(bad, tmp_path / "bad")["json"]
    return clean_json, bad_json, history_path("sandbox", hist), clean, bad


def test_clean_run_passes(runs):
    clean_json, _bad, history, _c, _b = runs
    result = evaluate_gate(clean_json, min_total=80, max_drop=5, history=history)
    assert result.passed and result.exit_code == 0 and result.failures == []
    assert "通过" in result.message()


def test_defect_run_after_clean_run_fails_naming_indicator_with_before_and_after(runs):
    _clean, bad_json, history, _c, bad = runs
    assert bad.total >= 80                      # the total alone would not catch it
    result = evaluate_gate(bad_json, min_total=80, max_drop=5, history=history)
    assert not result.passed and result.exit_code == 1 and result.previous_run == "R1"
    assert len(result.failures) == 1
    after = bad.indicator("A3-1").score
    assert "A3-1 查询精准度" in result.failures[0]
    assert f"100 → {after:g}" in result.failures[0]
    assert "A3-1" in result.message() and "未通过" in result.message()


def test_previous_carried_in_the_scorecard_is_used_without_history(runs):
    _clean, bad_json, _history, _c, _b = runs
    result = evaluate_gate(bad_json, min_total=80, max_drop=5)
    assert not result.passed and "A3-1" in result.failures[0]


def test_total_under_threshold_fails(runs):
    clean_json, _bad, _h, _c, _b = runs
    result = evaluate_gate(clean_json, min_total=100.1, max_drop=5)
    assert not result.passed and "低于门槛" in result.failures[0]


def test_first_run_checks_only_the_total(tmp_path):
    card = score(defect_records("search_500", run_id="R1"), RUBRIC)
    result = evaluate_gate(card, min_total=80, max_drop=5)
    assert result.passed and any("只检查总分" in n for n in result.notes)


def test_nothing_scored_fails(tmp_path):
    result = evaluate_gate(score([], RUBRIC), min_total=0, max_drop=5)
    assert not result.passed and "没有任何可计分" in result.failures[0]


def test_cli_exit_codes(runs, tmp_path, capsys):
    clean_json, bad_json, history, _c, _b = runs
    assert main(["--scorecard", str(clean_json), "--min-total", "80", "--max-drop", "5", "--history", str(history)]) == 0
    assert main(["--scorecard", str(bad_json), "--min-total", "80", "--max-drop", "5", "--history", str(history)]) == 1
    out = capsys.readouterr().out
    assert "A3-1 查询精准度: 100 →" in out
    assert main(["--scorecard", str(tmp_path / "none.json")]) == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["--scorecard", str(broken)]) == 2
    notcard = tmp_path / "notcard.json"
    notcard.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    assert main(["--scorecard", str(notcard)]) == 2
    badhist = tmp_path / "h.jsonl"
    badhist.write_text("nope\n", encoding="utf-8")
    assert main(["--scorecard", str(bad_json), "--history", str(badhist)]) == 2
    assert main(["--scorecard", str(bad_json), "--history", str(tmp_path / "missing.jsonl")]) == 2
    assert main(["--min-total", "abc"]) == 2
    err = capsys.readouterr().err
    assert "输入错误" in err and "none.json" in err


def test_python_dash_m_entry_point(runs):
    _clean, bad_json, history, _c, _b = runs
    proc = subprocess.run([sys.executable, "-m", "shopper.gate", "--scorecard", str(bad_json), "--min-total", "80",
                           "--max-drop", "5", "--history", str(history)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "A3-1" in proc.stdout


def test_negative_thresholds_are_bad_input(runs):
    with pytest.raises(GateInputError):
        evaluate_gate(runs[0], min_total=-1)


def _line(run_id, a31, total=95.0, coverage=0.8):
    return {"run_id": run_id, "total": total, "coverage": coverage, "indicators": {"A3-1": a31, "B4-2": 100.0},
            "names": {"A3-1": "查询精准度", "B4-2": "单点登录"}}


def _card(run_id, a31, total=95.0, coverage=0.8):
    return {"run_id": run_id, "total": total, "coverage": coverage,
            "indicators": [{"id": "A3-1", "name": "查询精准度", "score": a31}, {"id": "B4-2", "score": 100.0}]}


def test_a_drop_two_runs_back_still_fails_against_last_good():
    history = [_line("R1", 100.0), _line("R2", 70.0), _line("R3", 70.0)]   # R2 dropped, R3 stayed down
    result = evaluate_gate(_card("R3", 70.0), min_total=80, max_drop=5, history=history)
    assert not result.passed and result.previous_run == "R1"
    assert any("A3-1" in f and "100 → 70" in f for f in result.failures)
    previous = evaluate_gate(_card("R3", 70.0), min_total=80, max_drop=5, history=history, baseline="previous")
    assert previous.passed and previous.previous_run == "R2"          # what the old gate did


def test_best_of_n_takes_each_indicator_best_of_the_window():
    history = [_line("R1", 100.0), _line("R2", 90.0), _line("R3", 92.0), _line("R4", 91.0)]
    assert not evaluate_gate(_card("R4", 91.0), max_drop=5, history=history, baseline="best-of-3").passed
    assert evaluate_gate(_card("R4", 91.0), max_drop=5, history=history, baseline="best-of-2").passed
    with pytest.raises(GateInputError):
        evaluate_gate(_card("R4", 91.0), history=history, baseline="best-of-x")


def test_baseline_may_be_a_scorecard_file(tmp_path):
    base = tmp_path / "base.json"
    base.write_text(json.dumps(_card("GOLD", 100.0)), encoding="utf-8")
    result = evaluate_gate(_card("R9", 80.0), max_drop=5, history=[], baseline=str(base))
    assert not result.passed and result.previous_run == "GOLD"
    with pytest.raises(GateInputError):
        evaluate_gate(_card("R9", 80.0), baseline=str(tmp_path / "missing.json"))


def test_min_coverage_fails_a_card_that_measured_a_sliver():
    sliver = _card("R1", 100.0, total=100.0, coverage=0.045)
    result = evaluate_gate(sliver, min_total=80, max_drop=5, history=[], min_coverage=50)
    assert not result.passed and any("覆盖率 4.5%" in f for f in result.failures)
    assert evaluate_gate(sliver, min_total=80, history=[], min_coverage=0).passed
    assert main(["--scorecard", "/nonexistent.json", "--min-coverage", "150"]) == 2


def test_gate_finds_the_portal_history_next_to_a_run_folder(tmp_path):
    from shopper.history import append_history

    reports = tmp_path / "reports"
    for run_id, defect in (("R1", None), ("R2", "search_500"), ("R3", "search_500")):
        card = score(defect_records(defect, run_id=run_id) if defect else clean_records(run_id=run_id), RUBRIC)
        append_history(card, reports / "history")
        path = write_scorecard(card, reports / "runs" / run_id)["json"]
    result = evaluate_gate(path, min_total=80, max_drop=5)
    assert not result.passed and result.previous_run == "R1"
