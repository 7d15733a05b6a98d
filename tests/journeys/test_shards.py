"""`shopper run --shard i/n` + `shopper merge` on the sandbox: two shards of a run with a defect, run at
once, merge into what the same run gives unsharded (verdict, every score, exit code, 台账), with one
history point and one Allure trend point for the merged run and none for the shards."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopper.history import load_history
from shopper.paths import latest
from shopper.record import load_records
from tests.support.runs import ACCOUNTS, find_sensitive

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys
RUN = ["run", "--portal", "sandbox-matrix", "--journeys", "search,guide", "--device", "desktop",
       "--defects", "broken_download", "-q"]


def shopper(reports: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "shopper", *args, "--reports-dir", str(reports)], cwd=ROOT,
                            env={**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    log = proc.communicate(timeout=600)[0]
    assert "Traceback" not in log and "INTERNALERROR" not in log, log[-3000:]
    return proc.returncode, log


# criteria whose value is a duration the browser measured: under load it may land in another band in
# any two runs, sharded or not; everything else must be identical
TIMED = {"search_latency_p90_ms", "sso_time_p90_ms", "apply_time_to_submit_median_s"}


def card_of(folder: Path) -> dict:
    return json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))


def verdict_part(card: dict) -> dict:
    return {"verdict": card["verdict"], "records": (card["records_total"], card["records_scored"]),
            "failures": {i["id"]: (i["records"], i["failures"], i["flaky"]) for i in card["indicators"]}}


def scores(card: dict) -> dict:
    return {"total": card["total"], "level1": {l["id"]: l["score"] for l in card["level1"]},
            "indicators": {i["id"]: i["score"] for i in card["indicators"]}}


def criteria(card: dict) -> dict:
    return {(i["id"], c["metric"]): (c["points"], c["value"]) for i in card["indicators"] for c in i["criteria"]}


def assert_same_scores(split: dict, whole: dict) -> None:
    """Every criterion the same (value and points); a measured duration may sit in another band, and
    only then may the scores differ."""
    mine, theirs = criteria(split), criteria(whole)
    assert mine.keys() == theirs.keys()
    assert {k: v for k, v in mine.items() if k[1] not in TIMED} == {k: v for k, v in theirs.items() if k[1] not in TIMED}
    moved = {k for k in mine if k[1] in TIMED and mine[k][0] != theirs[k][0]}
    if not moved:
        assert scores(split) == scores(whole)


def test_two_shards_merged_give_the_verdict_and_scores_of_the_unsharded_run(tmp_path):
    reports = tmp_path / "reports"
    whole_code, whole_log = finish(shopper(reports, *RUN, "--run-id", "WHOLE"))
    assert whole_code == 1, whole_log[-3000:]                        # broken_download: 门户缺陷 on E4
    shards = [shopper(reports, *RUN, "--run-id", "SPLIT", "--shard", f"{i}/2") for i in (1, 2)]
    ends = [finish(p) for p in shards]
    for code, log in ends:
        assert code in (0, 1), log[-3000:]
        assert "按以往耗时均衡" in log, log[:2000]                    # the whole run's durations balance the split
    runs = reports / "runs"
    planned = [json.loads((runs / f"SPLIT.shard-{i}-of-2" / "shard.json").read_text(encoding="utf-8")) for i in (1, 2)]
    ran = [{r["nodeid"] for r in load_records(runs / f"SPLIT.shard-{i}-of-2" / "records" / "SPLIT")} for i in (1, 2)]
    assert [set(p["shard"]["nodeids"]) for p in planned] == ran and all(ran) and not ran[0] & ran[1]
    whole_ids = {r["nodeid"] for r in load_records(runs / "WHOLE" / "records" / "WHOLE")}
    assert ran[0] | ran[1] == whole_ids and len(whole_ids) == 7
    # the shards added nothing to the portal's trends
    history = reports / "history" / "sandbox"
    assert [l["run_id"] for l in load_history(history / "scores.jsonl")] == ["WHOLE"]
    assert len((history / "allure-history.jsonl").read_text(encoding="utf-8").splitlines()) == 1

    merge_code, merge_log = finish(shopper(reports, "merge", str(runs / "SPLIT.shard-1-of-2"),
                                           str(runs / "SPLIT.shard-2-of-2")))
    assert merge_code == whole_code, merge_log[-3000:]
    split, whole = card_of(runs / "SPLIT"), card_of(runs / "WHOLE")
    assert verdict_part(split) == verdict_part(whole)
    assert verdict_part(split)["failures"]["E4"][1] == 2                       # both guides charged on E4
    assert_same_scores(split, whole)
    assert scores(split)["indicators"]["E4"] == scores(whole)["indicators"]["E4"] < 100
    findings = {name: {(f["key"], f["owner"]) for f in json.loads((runs / name / "findings.json").read_text(
        encoding="utf-8"))["findings"]} for name in ("WHOLE", "SPLIT")}
    assert findings["SPLIT"] == findings["WHOLE"] and findings["SPLIT"]
    assert (runs / "SPLIT" / "allure-report" / "index.html").exists()
    assert [l["run_id"] for l in load_history(history / "scores.jsonl")] == ["WHOLE", "SPLIT"]
    assert len((history / "allure-history.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert latest(reports) == (runs / "SPLIT").resolve()
    assert not find_sensitive(runs / "SPLIT", merge_log + "".join(log for _, log in ends))
