"""`shopper merge`: shards of one run become that run (the same scorecard, 台账 and exit code as the
whole run's, one history point), and anything that is not the complete shards of one run is refused
with what differs named. On records real runs wrote (tests/data/ledger), without a browser."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from shopper import cli, exitcodes, outputs
from shopper.history import load_history
from shopper.record import load_records
from shopper.scoring import DEFAULT_RUBRIC
from shopper.shard import folder_id, run_plan, split, write_shard_file

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger" / "defects"
ROOT = Path(__file__).resolve().parents[2]
RUN = "ledger-defects"
RECORDS = sorted(DATA.glob("*.json"))
FINISHED = {"stopped": None, "incomplete": None}


def nodeid(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["nodeid"]


def make_shards(reports: Path, count: int = 2, outcomes: dict | None = None, rubric=DEFAULT_RUBRIC,
                records: list[Path] = RECORDS, **changes) -> list[Path]:
    """The folders `shopper run --shard i/count` would leave for `records` (plan `changes` applied to
    every shard; `outcomes[i]`: how shard i ended, None: never wrote it)."""
    ids = [nodeid(p) for p in records]
    plan = run_plan(run_id=RUN, portal="sandbox", profile_arg="sandbox-matrix",
                    profile_path=ROOT / "fixtures" / "portals" / "sandbox-matrix.yaml",
                    journeys=["elder", "entry", "guide", "safety"], device="desktop", defects="", reruns=0,
                    rubric=rubric, nodeids=ids, count=count)
    plan.update(changes)
    folders = []
    for i, part in enumerate(split(ids, {}, count), 1):
        folder = reports / "runs" / folder_id(RUN, i, count)
        (folder / "records" / RUN).mkdir(parents=True)
        failed = False
        for p in records:
            if nodeid(p) in part:
                shutil.copy(p, folder / "records" / RUN / p.name)
                failed |= json.loads(p.read_text(encoding="utf-8"))["outcome"] != "passed"
        outcome = (outcomes or {}).get(i, {**FINISHED, "pytest_code": int(failed), "exit_code": int(failed)})
        write_shard_file(folder, plan, i, part, ids, None, outcome=outcome)
        folders.append(folder)
    return folders


def merge(reports: Path, folders) -> int:
    return cli.main(["merge", *map(str, folders), "--reports-dir", str(reports), "--no-report"])


def whole_run(reports: Path) -> tuple[dict, dict, int]:
    """What `shopper run` (unsharded) writes for the same records."""
    folder = reports / "runs" / RUN
    (folder / "records" / RUN).mkdir(parents=True)
    for p in RECORDS:
        shutil.copy(p, folder / "records" / RUN / p.name)
    _, records, crashed = outputs.build_outputs(RUN, "sandbox", folder / "allure-results", folder / "records", folder,
                                                no_report=True, history_root=reports / "history")
    code = exitcodes.run_exit_code(records, 1, scoring_failed=crashed)
    return card_of(folder), json.loads((folder / "findings.json").read_text(encoding="utf-8")), code


def card_of(folder: Path) -> dict:
    return json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))


def verdict_part(card: dict) -> dict:
    return {"verdict": card["verdict"], "total": card["total"], "stars": card["stars"], "coverage": card["coverage"],
            "records": (card["records_total"], card["records_scored"]),
            "level1": {l["id"]: l["score"] for l in card["level1"]},
            "indicators": {i["id"]: (i["score"], i["records"], i["failures"]) for i in card["indicators"]}}


@pytest.mark.parametrize("count", [2, 3])
def test_merged_shards_give_what_the_whole_run_gives(tmp_path, count):
    card, findings, code = whole_run(tmp_path / "whole")
    reports = tmp_path / "sharded"
    folders = make_shards(reports, count)
    assert merge(reports, folders) == code == exitcodes.PORTAL_DEFECTS
    merged = card_of(reports / "runs" / RUN)
    assert verdict_part(merged) == verdict_part(card) and merged["verdict"] == "结论" and merged["run_id"] == RUN
    ledger = json.loads((reports / "runs" / RUN / "findings.json").read_text(encoding="utf-8"))
    shown = lambda data: sorted((f["key"], f["owner"], f["status"]) for f in data["findings"])  # noqa: E731
    assert shown(ledger) == shown(findings) and len(shown(ledger)) >= 5
    assert len(load_records(reports / "runs" / RUN / "records" / RUN)) == len(RECORDS)
    # one history point, for the merged run; the shards added none
    assert [l["run_id"] for l in load_history(reports / "history" / "sandbox" / "scores.jsonl")] == [RUN]
    assert (reports / "history" / "sandbox" / "durations.json").is_file()
    assert (reports / "latest").resolve() == (reports / "runs" / RUN).resolve()
    assert all(not (f / "scorecard.json").exists() and (f / "shard.json").exists() for f in folders)


def test_a_merged_run_with_every_journey_passing_exits_0(tmp_path):
    reports = tmp_path / "r"
    passed = [p for p in RECORDS if json.loads(p.read_text(encoding="utf-8"))["outcome"] == "passed"]
    assert merge(reports, make_shards(reports, records=passed)) == exitcodes.OK
    assert card_of(reports / "runs" / RUN)["verdict"] == "结论"


def refused(reports: Path, folders, capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        merge(reports, folders)
    assert exc.value.code == exitcodes.USAGE
    assert not (reports / "runs" / RUN).exists()      # nothing merged, nothing in the history
    assert not (reports / "history").exists()
    return capsys.readouterr().err


@pytest.mark.parametrize("key,value,named", [
    ("portal", "sandbox-b", "门户 portal"), ("run_id", "other-run", "运行编号"), ("journeys", ["guide"], "旅程"),
    ("defects", "slow_search", "缺陷"), ("device", "desktop,mobile", "设备"), ("rubric_sha256", "0" * 64, "评分细则内容"),
    ("profile_sha256", "f" * 64, "门户配置内容"), ("nodeids_sha256", "1" * 64, "场景列表"), ("reruns", 1, "重试")])
def test_shards_of_different_runs_are_refused_naming_what_differs(tmp_path, capsys, key, value, named):
    reports = tmp_path / "r"
    first = make_shards(reports)
    other = make_shards(tmp_path / "other", **{key: value})
    err = refused(reports, [first[0], other[1]], capsys)
    assert "不是同一次运行的分片" in err and named in err and str(first[0]) in err and str(other[1]) in err


def test_missing_doubled_and_foreign_folders_are_refused(tmp_path, capsys):
    reports = tmp_path / "r"
    folders = make_shards(reports, 3)
    assert "缺少分片 (missing shards) 2/3" in refused(reports, [folders[0], folders[2]], capsys)
    assert "给了两次" in refused(reports, [folders[0], folders[0], folders[1], folders[2]], capsys)
    plain = tmp_path / "plain-run"
    plain.mkdir()
    err = refused(reports, [folders[0], plain], capsys)
    assert str(plain) in err and "shard.json" in err
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "shard.json").write_text("{", encoding="utf-8")
    assert "已损坏" in refused(reports, [broken], capsys)


def test_shards_that_split_differently_are_refused(tmp_path, capsys):
    reports = tmp_path / "r"
    folders = make_shards(reports)
    data = json.loads((folders[1] / "shard.json").read_text(encoding="utf-8"))
    moved = data["shard"]["nodeids"].pop()
    (folders[1] / "shard.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    err = refused(reports, folders, capsys)
    assert "不在任何分片中" in err and "durations" in err
    first = json.loads((folders[0] / "shard.json").read_text(encoding="utf-8"))
    data["shard"]["nodeids"] += [moved, first["shard"]["nodeids"][0]]
    (folders[1] / "shard.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert first["shard"]["nodeids"][0] in refused(reports, folders, capsys)


def test_a_rubric_changed_since_the_shards_ran_is_refused(tmp_path, capsys):
    rubric = tmp_path / "rubric.yaml"
    shutil.copy(DEFAULT_RUBRIC, rubric)
    reports = tmp_path / "r"
    folders = make_shards(reports, rubric=rubric)
    rubric.write_text(rubric.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert "评分细则" in refused(reports, folders, capsys)


def test_the_merged_run_folder_is_never_overwritten(tmp_path, capsys):
    reports = tmp_path / "r"
    folders = make_shards(reports)
    assert merge(reports, folders) == exitcodes.PORTAL_DEFECTS
    with pytest.raises(SystemExit) as exc:
        merge(reports, folders)
    assert exc.value.code == exitcodes.USAGE and "已被使用" in capsys.readouterr().err
    assert len(load_history(reports / "history" / "sandbox" / "scores.jsonl")) == 1


def test_an_interrupted_shard_makes_the_merged_run_interrupted(tmp_path):
    reports = tmp_path / "r"
    folders = make_shards(reports, outcomes={2: {"pytest_code": 2, "stopped": "SIGTERM", "incomplete": "x",
                                                 "exit_code": 130}})
    assert merge(reports, folders) == exitcodes.INTERRUPTED
    card = card_of(reports / "runs" / RUN)
    assert card["interrupted"] and card["incomplete"] and card["total"] is None and "分片 2/2" in card["completeness"]
    assert "SIGTERM" in card["completeness"]
    assert not (reports / "history" / "sandbox" / "scores.jsonl").exists() or all(
        l["verdict"] != "结论" for l in load_history(reports / "history" / "sandbox" / "scores.jsonl"))


def test_a_shard_that_never_finished_makes_the_merged_run_incomplete(tmp_path):
    reports = tmp_path / "r"
    folders = make_shards(reports, outcomes={1: None})
    assert merge(reports, folders) == exitcodes.RUNNER_DIED
    card = card_of(reports / "runs" / RUN)
    assert card["incomplete"] and card["total"] is None and "分片 1/2 没有结束" in card["completeness"]
    assert not (reports / "runs" / RUN / "findings.json").exists()      # no 台账 a next run would compare with


def test_a_shard_whose_runner_died_makes_the_merged_run_incomplete(tmp_path):
    reports = tmp_path / "r"
    died = {"pytest_code": -9, "stopped": None, "incomplete": outputs.runner_died_note("SIGKILL"), "exit_code": 7}
    assert merge(reports, make_shards(reports, outcomes={2: died})) == exitcodes.RUNNER_DIED
    assert "SIGKILL" in card_of(reports / "runs" / RUN)["completeness"]


def test_a_shard_folder_is_never_the_next_run_s_baseline(tmp_path):
    """Even with a 台账 someone wrote into it by hand (`shopper ledger --run-dir <shard>`), a shard saw
    part of the run: the next whole run compares with the last whole run."""
    reports = tmp_path / "r"
    folders = make_shards(reports)
    assert merge(reports, folders) == exitcodes.PORTAL_DEFECTS
    for f in folders:
        shutil.copy(reports / "runs" / RUN / "findings.json", f / "findings.json")
        os.utime(f, (time.time() + 60, time.time() + 60))          # newer than the merged run
    later = reports / "runs" / "later"
    later.mkdir()
    assert outputs._previous_run(later, "sandbox") == reports / "runs" / RUN
