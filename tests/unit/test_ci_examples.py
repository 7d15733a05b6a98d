"""docs/ci/: the GitLab CI and GitHub Actions examples parse, and every `python -m shopper …` they call
is a command the CLI really has (parsed by shopper.cli's and shopper.gate's own argparse)."""
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
        jobs = [v for k, v in data.items() if isinstance(v, dict) and "script" in v]
        return [line for job in jobs for key in ("before_script", "script") for line in job.get(key, [])]
    return [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]


def calls(kind: str) -> list[tuple[str, list[str]]]:
    data = yaml.safe_load(FILES[kind].read_text(encoding="utf-8"))
    out = []
    for text in shell_lines(kind, data):
        for module, rest in CALL.findall(text.replace("\\\n", " ")):
            argv = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "1", rest))
            out.append((module, [re.sub(r"^\$\w+$|\$\{?\w+\}?", "1", a) if a.startswith("$") or "$" in a else a
                                 for a in argv]))
    return out


def test_both_parse_and_are_nightly():
    gl = yaml.safe_load(FILES["gitlab"].read_text(encoding="utf-8"))
    job = gl["nightly"]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in job["rules"]
    assert job["cache"]["paths"] == ["reports/history/"] and job["cache"]["when"] == "always"
    assert job["artifacts"]["when"] == "always" and "reports/allure-report/" in job["artifacts"]["paths"]
    gh = yaml.safe_load(FILES["github"].read_text(encoding="utf-8"))
    on = gh[True] if True in gh else gh["on"]          # YAML 1.1 reads the key `on` as True
    assert on["schedule"][0]["cron"]
    uses = [s.get("uses", "") for s in gh["jobs"]["nightly"]["steps"]]
    assert any(u.startswith("actions/cache/restore") for u in uses) and any(u.startswith("actions/cache/save") for u in uses)
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    for text in (FILES["gitlab"].read_text(encoding="utf-8"), FILES["github"].read_text(encoding="utf-8")):
        assert "reports/history" in text and "reports/runs/" in text and "reports/allure-report/" in text
        assert not re.search(r"https?://(qyapi|oapi)\.", text), "a webhook address belongs in a secret"


@pytest.mark.parametrize("kind", sorted(FILES))
def test_every_shopper_command_is_one_the_cli_has(kind, monkeypatch):
    found = calls(kind)
    modules = [m for m, _ in found]
    assert {"shopper", "shopper.gate"} <= set(modules), found
    subcommands = {argv[0] for m, argv in found if m == "shopper"}
    assert {"run", "ledger"} <= subcommands
    ran: list[str] = []
    for name in ("cmd_run", "cmd_report", "cmd_trace", "cmd_serve", "cmd_sandbox", "cmd_ledger"):
        monkeypatch.setattr(cli, name, lambda args, name=name: ran.append(name) or 0)
    monkeypatch.setattr(gate, "evaluate_gate", lambda *a, **k: gate.GateResult(True, 90.0, 80, 5, None))
    for module, argv in found:
        if module == "shopper":
            try:
                assert cli.main(argv) == 0
            except SystemExit as exc:
                pytest.fail(f"{FILES[kind].name}: `python -m shopper {' '.join(argv)}` is not a valid command ({exc})")
        else:
            assert gate.main(argv) == 0, f"{FILES[kind].name}: `python -m shopper.gate {' '.join(argv)}` rejected"
    assert len(ran) == sum(m == "shopper" for m in modules)


def test_the_checker_rejects_a_command_the_cli_does_not_have(monkeypatch, capsys):
    monkeypatch.setattr(cli, "cmd_ledger", lambda args: 0)
    with pytest.raises(SystemExit):
        cli.main(["ledger", "--no-such-option"])
    with pytest.raises(SystemExit):
        cli.main(["publish"])
    assert gate.main(["--min-totl", "80"]) == 2
