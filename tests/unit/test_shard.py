"""`shopper run --shard i/n`: the split (deterministic, balanced by history durations, even by count
without), the options it needs, the durations memory and the plugin's node-id selection."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopper import cli
from shopper.durations import load_durations, measured, remember_durations
from shopper.shard import expected_ms, folder_id, parse_shard, split

ROOT = Path(__file__).resolve().parents[2]
IDS = [f"steps/test_x.py::test_{c}[desktop]" for c in "abcdefghij"]


def test_shard_option_reads_i_of_n_and_refuses_anything_else(capsys):
    assert parse_shard("2/4") == (2, 4) and parse_shard(" 1 / 1 ") == (1, 1)
    for bad in ("0/2", "3/2", "1/0", "2", "a/b", "-1/2", ""):
        with pytest.raises(SystemExit) as exc:
            cli.main(["run", "--shard", bad, "--run-id", "R"])
        assert exc.value.code == 2
        assert "--shard" in capsys.readouterr().err


def test_a_shard_needs_the_run_id_its_shards_share_and_keeps_its_results_in_its_folder(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", "--shard", "1/2", "--reports-dir", str(tmp_path)])
    assert exc.value.code == 2 and "--run-id" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", "--shard", "1/2", "--run-id", "R", "--results-dir", str(tmp_path / "res"),
                  "--reports-dir", str(tmp_path)])
    assert exc.value.code == 2 and "--results-dir" in capsys.readouterr().err
    assert not (tmp_path / "runs").exists()           # refused before any folder was made


def test_split_covers_every_scenario_once_and_evenly_by_count_without_history():
    for count in (1, 2, 3, 4, 7, 12):
        shards = split(IDS, {}, count)
        assert len(shards) == count
        flat = [n for s in shards for n in s]
        assert sorted(flat) == sorted(IDS) and len(flat) == len(set(flat))
        sizes = [len(s) for s in shards]
        assert max(sizes) - min(sizes) <= 1, (count, sizes)


def test_split_is_the_same_whatever_order_the_scenarios_were_collected_in():
    durations = {n: float(i * 37 % 11 + 1) for i, n in enumerate(IDS)}
    assert split(IDS, durations, 3) == split(list(reversed(IDS)), dict(reversed(list(durations.items()))), 3)
    assert split(IDS + IDS[:2], durations, 3) == split(IDS, durations, 3)


def test_split_balances_by_the_durations_of_earlier_runs():
    durations = {IDS[0]: 9000.0, **{n: 1000.0 for n in IDS[1:]}}          # one long scenario, nine short ones
    by_count = split(IDS, {}, 2)
    assert [len(s) for s in by_count] == [5, 5]
    balanced = split(IDS, durations, 2)
    loads = [expected_ms(s, durations) for s in balanced]
    assert sorted(loads) == [9000.0, 9000.0], balanced                        # the long one alone
    assert [IDS[0]] in balanced


def test_a_scenario_never_measured_counts_as_the_median_of_the_others():
    durations = {IDS[0]: 100.0, IDS[1]: 300.0, IDS[2]: 200.0}                # median 200
    # 300 → first, 200 → second, the unmeasured one (200) → second, 100 → first: 400 each
    assert split(IDS[:4], durations, 2) == [[IDS[0], IDS[1]], [IDS[2], IDS[3]]]
    assert split(IDS[:4], {**durations, IDS[3]: 10.0}, 2) == [[IDS[1], IDS[3]], [IDS[0], IDS[2]]]
    assert expected_ms(IDS[5:], durations) is None


def test_shard_folder_names_are_run_ids():
    from shopper.paths import valid_run_id
    assert folder_id("ci-123", 2, 4) == "ci-123.shard-2-of-4" and valid_run_id(folder_id("ci-123", 2, 4))


def record(nodeid, ms, outcome="passed", cls=None, attempt=1):
    return {"nodeid": nodeid, "duration_ms": ms, "outcome": outcome, "failure_class": cls, "attempt": attempt}


def test_durations_keep_what_measured_the_scenario_and_the_newest(tmp_path):
    records = [record(IDS[0], 1200.0), record(IDS[1], 50.0, "failed", "environment"),
               record(IDS[2], 10.0, "failed", "suite_broken"), record(IDS[3], 0.0, "skipped", "skipped"),
               record(IDS[4], 800.0, "failed", "portal_defect"),
               record(IDS[5], 300.0, "failed", "portal_defect"), record(IDS[5], 900.0, attempt=2)]
    assert measured(records) == {IDS[0]: 1200.0, IDS[4]: 800.0, IDS[5]: 900.0}
    history = tmp_path / "history" / "sandbox"
    remember_durations(history, records)
    remember_durations(history, [record(IDS[0], 1500.0), record(IDS[6], 70.0)])
    assert load_durations(history / "durations.json") == {IDS[0]: 1500.0, IDS[4]: 800.0, IDS[5]: 900.0, IDS[6]: 70.0}
    assert remember_durations(history, [record(IDS[1], 5.0, "failed", "environment")]) is None


def test_a_broken_durations_file_is_named_not_silently_ignored(tmp_path):
    path = tmp_path / "durations.json"
    for text in ("{", '["a"]', '{"a": "fast"}', '{"a": -1}'):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match="durations.json"):
            load_durations(path)
    assert load_durations(tmp_path / "none.json") == {}


def collect(*extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "steps/test_search.py", "-p", "no:cacheprovider", "-o",
                           "testpaths=", "--collect-only", "-q", "--portal=sandbox-matrix", "--device=desktop", *extra],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)


def test_the_plugin_runs_only_the_listed_scenarios_and_stops_on_one_it_cannot_find(tmp_path):
    everything = [line for line in collect().stdout.splitlines() if "::" in line]
    assert len(everything) >= 3
    listing = tmp_path / "ids.txt"
    listing.write_text("\n".join(everything[:2]) + "\n", encoding="utf-8")
    proc = collect(f"--shard-nodeids={listing}")
    assert [line for line in proc.stdout.splitlines() if "::" in line] == everything[:2], proc.stdout
    assert f"{len(everything) - 2} deselected" in proc.stdout
    listing.write_text(everything[0] + "\nsteps/test_search.py::test_no_such[desktop]\n", encoding="utf-8")
    proc = collect(f"--shard-nodeids={listing}")
    assert proc.returncode == 3 and "test_no_such" in proc.stdout + proc.stderr, proc.stdout[-2000:]


def test_a_sharded_run_writes_its_plan_before_the_journeys(tmp_path, monkeypatch):
    """The shard's folder holds its plan and node ids before pytest starts (a shard killed mid-run is
    still recognised by merge); pytest is given the node-id file. No browser: pytest is not run."""
    seen = {}

    def fake_pytest(cmd, env):
        folder = tmp_path / "runs" / "R.shard-2-of-3"
        seen["plan"] = json.loads((folder / "shard.json").read_text(encoding="utf-8"))
        seen["cmd"] = cmd
        return 0, None

    monkeypatch.setattr(cli, "_run_pytest", fake_pytest)
    code = cli.main(["run", "--portal", "sandbox-matrix", "--journeys", "search", "--device", "desktop",
                     "--shard", "2/3", "--run-id", "R", "--reports-dir", str(tmp_path), "-q"])
    assert code == 0              # pytest "passed" and wrote nothing: the rules of a whole run
    plan, shard = seen["plan"]["plan"], seen["plan"]["shard"]
    assert plan["run_id"] == "R" and plan["portal"] == "sandbox" and plan["shards"] == 3
    assert plan["journeys"] == ["search"] and plan["device"] == "desktop" and plan["rubric"] == "fixtures/rubric/default.yaml"
    assert shard["index"] == 2 and shard["nodeids"] == split(seen["plan"]["scenarios"], {}, 3)[1]
    assert any(a.startswith("--shard-nodeids=") for a in seen["cmd"]) and "--run-id=R" in seen["cmd"]
    outcome = json.loads((tmp_path / "runs" / "R.shard-2-of-3" / "shard.json").read_text(encoding="utf-8"))["outcome"]
    assert outcome == {"pytest_code": 0, "stopped": None, "incomplete": None, "exit_code": 0}
    assert not (tmp_path / "history" / "sandbox" / "scores.jsonl").exists()
