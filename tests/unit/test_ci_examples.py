"""docs/ci/: the GitLab CI and GitHub Actions examples parse, shard the run over a CI matrix with a merge
job that gates the merged card on today's folder layout, and every `python -m shopper …` they call is
accepted by the CLI's own argument parsers (nothing is run here: tests/journeys/test_ci_examples_run.py
runs the examples' commands on the sandbox)."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

import shopper.cli as cli
import shopper.gate as gate

CI = Path(__file__).resolve().parents[2] / "docs" / "ci"
FILES = {"gitlab": CI / "gitlab-ci.yml", "github": CI / "github-actions.yml"}
CALL = re.compile(r"python3?\s+-m\s+(shopper(?:\.gate)?)\b([^;&|\n]*)")


def shell_lines(kind: str, data: dict) -> list[str]:
    if kind == "gitlab":
        jobs = [v for k, v in data.items() if isinstance(v, dict) and ("script" in v or "before_script" in v)]
        return [line for job in jobs for key in ("before_script", "script") for line in job.get(key, [])]
    return [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]


def calls(kind: str) -> list[tuple[str, list[str]]]:
    data = yaml.safe_load(FILES[kind].read_text(encoding="utf-8"))
    out = []
    for text in shell_lines(kind, data):
        for module, rest in CALL.findall(text.replace("\\\n", " ")):
            argv = shlex.split(rest)
            out.append((module, [re.sub(r"\$\{?\w+\}?", lambda m: "1/1" if "SHARD" in m.group(0) else "1", a)
                                 for a in argv]))
    return out


def test_gitlab_shards_with_parallel_matrix_and_merges_after_every_shard():
    gl = yaml.safe_load(FILES["gitlab"].read_text(encoding="utf-8"))
    shards, merge = gl["journeys"], gl["merge"]
    assert gl["stages"] == ["journeys", "merge"] and shards["stage"] == "journeys" and merge["stage"] == "merge"
    values = shards["parallel"]["matrix"][0]["SHARD"]
    assert values == [f"{i}/{len(values)}" for i in range(1, len(values) + 1)] and len(values) >= 2
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in shards["rules"]
    assert all(r.get("when") == "always" for r in merge["rules"]), "merge must run after a failed shard too"
    assert merge["needs"] == ["journeys"]
    # the shards read the history (the same one: same split), only the merge job writes it
    assert shards["cache"]["policy"] == "pull" and shards["cache"]["key"] == merge["cache"]["key"]
    assert merge["cache"]["paths"] == ["reports/history/"] and merge["cache"]["when"] == "always"
    assert shards["artifacts"]["when"] == "always" and shards["artifacts"]["paths"] == ["reports/runs/"]
    assert merge["artifacts"]["paths"] == ["reports/runs/"]


def test_github_shards_with_strategy_matrix_and_merges_after_every_shard():
    gh = yaml.safe_load(FILES["github"].read_text(encoding="utf-8"))
    on = gh[True] if True in gh else gh["on"]          # YAML 1.1 reads the key `on` as True
    assert on["schedule"][0]["cron"]
    shard, merge = gh["jobs"]["shard"], gh["jobs"]["merge"]
    assert len(shard["strategy"]["matrix"]["shard"]) >= 2 and shard["strategy"]["fail-fast"] is False
    assert shard["env"]["SHARD"] == "${{ matrix.shard }}/${{ strategy.job-total }}"
    assert merge["needs"] == "shard" and merge["if"] == "${{ !cancelled() }}"
    uses = lambda job: [s.get("uses", "").split("@")[0] for s in job["steps"]]   # noqa: E731
    assert "actions/cache/restore" in uses(shard) and "actions/cache/save" not in uses(shard)
    assert "actions/upload-artifact" in uses(shard)
    assert {"actions/cache/restore", "actions/download-artifact", "actions/cache/save", "actions/upload-artifact"} \
        <= set(uses(merge))


@pytest.mark.parametrize("kind", sorted(FILES))
def test_today_s_folder_layout_and_no_secret_in_the_file(kind):
    text = FILES[kind].read_text(encoding="utf-8")
    assert "reports/runs/$RUN_ID/scorecard.json" in text
    for gone in ("reports/scorecard.json", "reports/allure-report", "reports/records/", "reports/traces",
                 "reports/allure-results"):
        assert gone not in text, f"{FILES[kind].name} still reads {gone}: per-run folders replaced it"
    assert not re.search(r"https?://(qyapi|oapi)\.", text), "a webhook address belongs in a secret"


@pytest.mark.parametrize("kind", sorted(FILES))
def test_every_shopper_command_is_one_the_cli_parses(kind, capsys):
    found = calls(kind)
    assert {"shopper", "shopper.gate"} <= {m for m, _ in found}, found
    subcommands = [argv[0] for m, argv in found if m == "shopper"]
    assert {"run", "merge", "ledger"} <= set(subcommands)
    parser = cli.build_parser()
    for module, argv in found:
        if module == "shopper":
            try:
                args = parser.parse_args(argv)
            except SystemExit:
                pytest.fail(f"{FILES[kind].name}: `python -m shopper {' '.join(argv)}` is not a valid command "
                            f"({capsys.readouterr().err.strip()})")
            if argv[0] == "run":
                assert args.shard == (1, 1) and args.run_id == "1", argv    # every run line is a shard of RUN_ID
        else:
            gate.main(argv)
            err = capsys.readouterr().err
            assert "usage:" not in err and "error: " not in err, f"`python -m shopper.gate {' '.join(argv)}`: {err}"


def test_the_checker_rejects_a_command_the_cli_does_not_have(capsys):
    parser = cli.build_parser()
    for argv in (["ledger", "--no-such-option"], ["publish"], ["merge"], ["run", "--shard", "5/4"]):
        with pytest.raises(SystemExit):
            parser.parse_args(argv)
    gate.main(["--min-totl", "80"])
    assert "usage:" in capsys.readouterr().err
