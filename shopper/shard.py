"""One shard of a run (`shopper run --shard i/n --run-id R`): which scenarios it runs, and the run plan
it records so that `shopper merge` can put the shards back together or refuse them (shopper/merge.py).

Every shard collects the run's scenarios itself (pytest node ids, `--collect-only` with the run's
portal and devices) and splits them the same way wherever it runs: node ids sorted, dealt longest
first to the shard with the least work so far, by the durations the portal's earlier whole runs
measured (shopper/durations.py); a scenario never measured counts as the median of the others, so
without any history the split is even by count (sizes differ by at most one).

A shard's folder is reports/runs/R.shard-i-of-n/: its records (run id R), Allure results, traces,
probe, `shard.json` (plan, its node ids, how it ended) and a scorecard marked 结论不完整 (a shard is
part of a run: the gate refuses it). It adds no point to the portal's score history or Allure trend,
writes no 整改台账 and no durations: only the merged run does.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path
from .paths import ROOT

SHARD_FILE = "shard.json"
NODEIDS_FILE = "shard-nodeids.txt"
SCHEMA = 1


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' → (2, 4): argparse's type for --shard (a bad value exits 2 naming the option)."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise argparse.ArgumentTypeError(f"应为 i/n, 如 1/4, 实为 {text!r} (expected i/n, e.g. 1/4)")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{text}: 需要 1 ≤ i ≤ n (expected 1 ≤ i ≤ n)")
    return index, count


def folder_id(run_id: str, index: int, count: int) -> str:
    """The shard's folder name under reports/runs/ (the run's own id is left to the merged run)."""
    return f"{run_id}.shard-{index}-of-{count}"


def split(nodeids: list[str], durations: dict[str, float], count: int) -> list[list[str]]:
    """`count` shards of `nodeids`, each sorted; deterministic for the same inputs (see the module
    docstring). Every node id lands in exactly one shard."""
    ids = sorted(set(nodeids))
    known = [durations[n] for n in ids if n in durations]
    default = statistics.median(known) if known else 1.0
    cost = {n: durations.get(n, default) for n in ids}
    shards: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for n in sorted(ids, key=lambda n: (-cost[n], n)):
        k = min(range(count), key=lambda k: (loads[k], len(shards[k]), k))
        shards[k].append(n)
        loads[k] += cost[n]
    return [sorted(s) for s in shards]


def expected_ms(nodeids: list[str], durations: dict[str, float]) -> float | None:
    """The shard's expected work by the history, None when none of its scenarios was ever measured."""
    known = [durations[n] for n in nodeids if n in durations]
    return round(sum(known), 1) if known else None


class CollectError(Exception):
    """pytest could not collect the run's scenarios (exit 3: 套件故障)."""


def collect(modules: list[str], portal: str, device: str, env: dict) -> list[str]:
    """The run's scenarios: node ids as pytest collects them for this portal and these devices."""
    cmd = [sys.executable, "-m", "pytest", *modules, "-p", "no:cacheprovider", "-o", "testpaths=", "--collect-only",
           "-q", f"--portal={portal}", f"--device={device}"]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    ids = [line.strip() for line in proc.stdout.splitlines() if "::" in line and not line.startswith(" ")]
    if proc.returncode != 0 or not ids:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise CollectError(f"pytest 未能收集场景 (could not collect the scenarios, exit {proc.returncode}):\n{tail}")
    return ids


def sha256_of(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def shown_path(path: str | Path) -> str:
    """A path as the plan records it: relative to the checkout when inside it (CI runners may check
    the repository out at different places), else absolute."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def run_plan(*, run_id: str, portal: str, profile_arg: str, profile_path: Path | None, journeys: list[str],
             device: str, defects: str, reruns: int, rubric: str | Path, nodeids: list[str], count: int) -> dict:
    """What makes shards parts of one run: merge refuses shards whose plans differ in any key."""
    return {"run_id": run_id, "portal": portal, "profile": profile_arg,
            "profile_sha256": sha256_of(profile_path) if profile_path else "",
            "journeys": list(journeys), "device": device,
            "defects": ",".join(sorted(d.strip() for d in defects.split(",") if d.strip())),
            "reruns": reruns, "rubric": shown_path(rubric), "rubric_sha256": sha256_of(rubric), "shards": count,
            "scenarios": len(nodeids), "nodeids_sha256": hashlib.sha256("\n".join(sorted(nodeids)).encode()).hexdigest()}


def write_shard_file(folder: Path, plan: dict, index: int, nodeids: list[str], all_nodeids: list[str],
                     expected: float | None, outcome: dict | None = None) -> Path:
    """shard.json (and the node-id file the plugin reads: --shard-nodeids)."""
    data = {"schema": SCHEMA, "plan": plan, "shard": {"index": index, "count": plan["shards"], "nodeids": nodeids,
                                                      "expected_ms": expected},
            "scenarios": sorted(all_nodeids), "outcome": outcome}
    (folder / NODEIDS_FILE).write_text("".join(n + "\n" for n in nodeids), encoding="utf-8")
    path = folder / SHARD_FILE
    tmp = folder / f".{SHARD_FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def record_outcome(folder: Path, pytest_code: int, stopped: str | None, incomplete: str | None,
                   exit_code: int) -> None:
    """How the shard ended, added to its shard.json: what merge needs for the run's exit code."""
    data = json.loads((folder / SHARD_FILE).read_text(encoding="utf-8"))
    data["outcome"] = {"pytest_code": pytest_code, "stopped": stopped, "incomplete": incomplete, "exit_code": exit_code}
    tmp = folder / f".{SHARD_FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(folder / SHARD_FILE)


def shard_note(index: int, count: int, mine: int, total: int) -> str:
    return (f"分片 {index}/{count}: 只含本分片的 {mine}/{total} 个场景, 各分片合并 (shopper merge) 后才是结论 "
            f"(one shard of a run: merge the shards for the verdict)")


def write_outputs(folder: Path, run_id: str, portal: str, rubric, note: str,
                  interrupted: bool) -> tuple[list[str], list[dict], bool]:
    """The shard's own scorecard, marked 结论不完整 with `note`: no history point, no 台账, no Allure
    report (the merged run has those). Returns terminal lines, the records, whether scoring crashed."""
    from .record import load_records
    from .scorecard import summary_lines, write_scorecard
    from .scoring import score

    records = load_records(folder / "records" / run_id)
    lines = [f"[shopper] 记录 {len(records)} 条: {folder / 'records' / run_id}"]
    if not records:
        return lines, records, False
    try:
        card = score(records, rubric)
        card.incomplete, card.interrupted, card.completeness = True, interrupted, note
        paths = write_scorecard(card, folder)
        lines += summary_lines(card, portal, paths["html"])
    except Exception as exc:  # noqa: BLE001 - as in a whole run: a scoring crash is exit 6, never a traceback
        lines.append(f"[shopper] 评分失败 (scoring crashed): {type(exc).__name__}: {exc}")
        return lines, records, True
    return lines, records, False
