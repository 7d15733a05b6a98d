"""Score history per portal (one JSONL line per run) and regressions since the previous run."""
from __future__ import annotations

import json

import pytest

from shopper.history import (HistoryError, append_history, attach_history, find_regressions, history_path,
                             load_history, previous_run)
from shopper.scoring import load_rubric, score

from tests.unit.test_scoring import clean_records, defect_records

RUBRIC = load_rubric()


def test_one_line_per_run_and_rerun_replaces(tmp_path):
    a = score(clean_records(run_id="R1"), RUBRIC)
    b = score(defect_records("entry_buried", run_id="R2"), RUBRIC)
    path = append_history(a, tmp_path)
    assert path == tmp_path / "sandbox" / "scores.jsonl" == history_path("sandbox", tmp_path)
    append_history(b, tmp_path)
    append_history(b, tmp_path)                         # the same run again: no new point
    lines = load_history(path)
    assert [l["run_id"] for l in lines] == ["R1", "R2"]
    assert lines[1]["indicators"]["C1-4"] == b.indicator("C1-4").score
    assert lines[0]["total"] == a.total and lines[0]["level1"]["A"] == 100
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


def test_history_is_per_portal(tmp_path):
    append_history(score(clean_records(portal="江澜省"), RUBRIC), tmp_path)
    append_history(score(clean_records(portal="p/2"), RUBRIC), tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.jsonl")) == \
        ["p_2/scores.jsonl", "江澜省/scores.jsonl"]


def test_regression_is_a_drop_of_more_than_the_margin(tmp_path):
    clean = score(clean_records(run_id="R1"), RUBRIC)
    attach_history(clean, tmp_path)
    assert clean.previous is None and clean.regressions == []
    bad = score(defect_records("entry_buried", run_id="R2"), RUBRIC)
    regs = attach_history(bad, tmp_path)
    assert [r.id for r in regs] == ["C1-4"]
    assert regs[0].before == 100 and regs[0].after == bad.indicator("C1-4").score
    assert "C1-4" in regs[0].message() and "→" in regs[0].message()
    assert bad.previous["run_id"] == "R1" and bad.regressions[0]["id"] == "C1-4"
    assert [h["run_id"] for h in bad.history] == ["R1", "R2"]


def test_margin_is_exclusive():
    prev = {"run_id": "R1", "indicators": {"A1": 90.0, "B1": 90.0}}
    card = {"indicators": [{"id": "A1", "name": "好差评", "score": 85.0}, {"id": "B1", "name": "网办深度", "score": 84.9}]}
    assert [r.id for r in find_regressions(prev, card, 5)] == ["B1"]
    assert find_regressions(None, card, 5) == []


def test_unmeasured_before_or_after_is_not_a_regression():
    prev = {"run_id": "R1", "indicators": {"A1": None, "B1": 90.0}}
    card = {"indicators": [{"id": "A1", "score": 10.0}, {"id": "B1", "score": None}]}
    assert find_regressions(prev, card, 5) == []


def test_previous_run_is_the_line_before_this_run():
    h = [{"run_id": "R1"}, {"run_id": "R2"}, {"run_id": "R3"}]
    assert previous_run(h, "R2")["run_id"] == "R1"
    assert previous_run(h, "R9")["run_id"] == "R3"
    assert previous_run(h, "R1") is None


def test_rescoring_an_old_run_compares_with_its_own_predecessor(tmp_path):
    for run in ("R1", "R2", "R3"):
        attach_history(score(clean_records(run_id=run), RUBRIC), tmp_path)
    again = score(clean_records(run_id="R2"), RUBRIC)
    attach_history(again, tmp_path)
    assert again.previous["run_id"] == "R1"
    assert [l["run_id"] for l in load_history(history_path("sandbox", tmp_path))] == ["R1", "R2", "R3"]


def test_bad_history_line_names_file_and_line(tmp_path):
    path = tmp_path / "scores-x.jsonl"
    path.write_text(json.dumps({"run_id": "R1", "indicators": {}}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(HistoryError, match=rf"{path}:2: "):
        load_history(path)
    path.write_text('{"no_run": 1}\n', encoding="utf-8")
    with pytest.raises(HistoryError, match=":1: "):
        load_history(path)
    assert load_history(tmp_path / "missing.jsonl") == []


def test_concurrent_writers_lose_no_line(tmp_path):
    """Two runs finishing at once: the read-modify-write of the history is under the folder's lock."""
    import threading

    cards = [score(clean_records(run_id=f"R{i}"), RUBRIC) for i in range(12)]
    threads = [threading.Thread(target=append_history, args=(card, tmp_path)) for card in cards]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = load_history(history_path("sandbox", tmp_path))
    assert sorted(l["run_id"] for l in lines) == sorted(f"R{i}" for i in range(12))
