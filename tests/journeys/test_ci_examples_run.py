"""docs/ci's GitLab and GitHub examples, run: their own shell lines (only the package installs and
`make setup` left out: tests/support/ci_pipeline.py) on the sandbox, every shard job in a fresh
checkout, the merge job given the shards' artifacts as its CI would. Four shards of a two-scenario
run (two get a scenario, two none), merged, the gate on the merged card: the pipeline passes; with a
threshold the merged card misses, the merge job writes the 台账 and then fails."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from shopper.history import load_history
from tests.support.ci_pipeline import GitHub, GitLab, JobRun

ROOT = Path(__file__).resolve().parents[2]
CI = ROOT / "docs" / "ci"
pytestmark = pytest.mark.journeys
# what a project sets in its CI variables: the sandbox profile, a small journey set, a coverage
# threshold such a set can reach (the rest are the examples' defaults)
VARIABLES = {"SHOPPER_PORTAL": "sandbox-matrix", "SHOPPER_JOURNEYS": "guide", "SHOPPER_DEVICES": "desktop",
             "SHOPPER_MIN_COVERAGE": "10"}
SETUP = ["apt-get", "make setup"]


def ok(run: JobRun) -> None:
    assert run.code == 0, f"{run.name} failed:\n{run.log[-4000:]}"
    assert "Traceback" not in run.log, run.log[-4000:]
    assert all(any(line.strip().startswith(s) for s in SETUP) for line in run.skipped_lines), run.skipped_lines


def check_merged(merge: JobRun, run_id: str) -> dict:
    folder = merge.checkout / "reports" / "runs" / run_id
    card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    assert card["run_id"] == run_id and card["verdict"] == "结论" and card["records_total"] == 2, card
    assert (folder / "allure-report" / "index.html").exists() and (folder / "整改台账.xlsx").exists()
    # the gate read the merged card and said so first
    assert f"评分卡 (scorecard): 运行 {run_id} (reports/runs/{run_id}/scorecard.json)" in merge.log, merge.log[-3000:]
    history = merge.checkout / "reports" / "history"
    assert [l["run_id"] for l in load_history(history / "sandbox" / "scores.jsonl")] == [run_id]
    assert (history / "findings.json").is_file() and (history / "sandbox" / "durations.json").is_file()
    return card


def check_shards(shards: list[JobRun], run_id: str) -> None:
    ran = []
    for i, run in enumerate(shards, 1):
        ok(run)
        plan = json.loads((run.checkout / "reports" / "runs" / f"{run_id}.shard-{i}-of-4" / "shard.json")
                          .read_text(encoding="utf-8"))
        assert plan["outcome"]["exit_code"] == 0 and plan["plan"]["shards"] == 4
        ran.append(len(plan["shard"]["nodeids"]))
    assert sorted(ran) == [0, 0, 1, 1]


def test_the_gitlab_example_shards_merges_and_gates_on_the_sandbox(tmp_path):
    pipeline = GitLab(CI / "gitlab-ci.yml", tmp_path, dict(VARIABLES))
    runs = pipeline.run()
    assert [r.name for r in runs] == [f"journeys: [{i}/4]" for i in range(1, 5)] + ["merge"]
    check_shards(runs[:4], "ci-4242")
    ok(runs[4])
    assert "质量门通过 (gate passed)" in runs[4].log
    check_merged(runs[4], "ci-4242")
    # the same merge job where the merged card misses the threshold: 台账 written, then the job fails
    pipeline.project["SHOPPER_MIN_TOTAL"] = "101"
    (again,) = pipeline.run(only=["merge"])
    assert again.code != 0 and "质量门未通过 (gate FAILED)" in again.log, again.log[-3000:]
    assert "总分 100 低于门槛 101" in again.log
    assert (again.checkout / "reports" / "history" / "findings.json").is_file()     # the 台账 step ran first


def test_the_github_example_shards_merges_and_gates_on_the_sandbox(tmp_path):
    pipeline = GitHub(CI / "github-actions.yml", tmp_path, dict(VARIABLES), secrets={})
    runs = pipeline.run()
    assert [r.name for r in runs] == [f"shard ({i})" for i in range(1, 5)] + ["merge"]
    check_shards(runs[:4], "gh-4242")
    ok(runs[4])
    assert "质量门通过 (gate passed)" in runs[4].log and "--- Fail on the gate (exit 0)" in runs[4].log
    check_merged(runs[4], "gh-4242")
    assert sorted(pipeline.artifacts) == ["shard-1", "shard-2", "shard-3", "shard-4", "shopper-4242"]
    assert "shopper-history-sandbox-matrix-4242" in pipeline.caches
