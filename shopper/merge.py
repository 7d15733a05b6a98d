"""`shopper merge DIR…`: the shards of one run (shopper/shard.py) put back together as that run.

Refused (exit 2, naming what differs and where): a folder that is no shard, shards of different runs
(run id, portal, profile or rubric content, journeys, devices, defects, reruns, shard count, the
scenarios collected), a shard given twice or missing, a split that does not cover every scenario
exactly once, a rubric that changed since the shards ran, and a run folder that already exists.

Otherwise the merged run's folder reports/runs/<run id>/ gets the shards' records, Allure results,
traces and probe tables, and then exactly what `shopper run` writes (shopper.outputs.build_outputs):
one scorecard, one point in the portal's score history and Allure trend, one 整改台账 against the
portal's previous run; its exit code follows the same rules (shopper.exitcodes). A shard that was
interrupted, whose runner died or that never finished makes the merged run 中断 or 结论不完整.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import exitcodes, outputs
from .shard import ROOT, SHARD_FILE, sha256_of

RESULT_FILES_PER_RUN = ("environment.properties", "run.json")
NEVER_ENDED = -9    # a shard that never wrote how it ended counts as one whose runner died (exit 7)
PLAN_KEYS = {"run_id": "运行编号 run id", "portal": "门户 portal", "profile": "门户配置 profile",
             "profile_sha256": "门户配置内容 profile content", "journeys": "旅程 journeys", "device": "设备 device",
             "defects": "缺陷 defects", "reruns": "重试 reruns", "rubric": "评分细则 rubric",
             "rubric_sha256": "评分细则内容 rubric content", "shards": "分片数 shard count",
             "scenarios": "场景数 scenarios", "nodeids_sha256": "场景列表 collected scenarios"}


class MergeRefused(Exception):
    """These folders are not the complete shards of one run (exit 2)."""


@dataclass
class Shard:
    folder: Path
    plan: dict
    index: int
    nodeids: list[str]
    scenarios: list[str]
    outcome: dict | None

    @property
    def name(self) -> str:
        return f"{self.index}/{self.plan['shards']}"


def read_shard(folder: str | Path) -> Shard:
    folder = Path(folder)
    path = folder / SHARD_FILE
    if not path.is_file():
        raise MergeRefused(f"{folder}: 不是分片运行的目录 (no {SHARD_FILE}: not the folder of a "
                           f"`shopper run --shard i/n`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        plan, shard = data["plan"], data["shard"]
        return Shard(folder, plan, int(shard["index"]), list(shard["nodeids"]), list(data["scenarios"]),
                     data.get("outcome"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise MergeRefused(f"{path}: 分片记录不完整或已损坏 (unreadable shard file: {type(exc).__name__} {exc})") from None


def read_shards(folders: list[str | Path]) -> list[Shard]:
    """The shards in `folders`, checked to be the complete shards of one run (MergeRefused otherwise)."""
    if not folders:
        raise MergeRefused("没有给出分片目录 (no shard folder given)")
    shards = [read_shard(f) for f in folders]
    first = shards[0]
    for other in shards[1:]:
        differ = [k for k in PLAN_KEYS if first.plan.get(k) != other.plan.get(k)]
        differ += [k for k in sorted(set(first.plan) | set(other.plan)) if k not in PLAN_KEYS
                   and first.plan.get(k) != other.plan.get(k)]
        if differ:
            lines = [f"  {PLAN_KEYS.get(k, k)}: {_shown(first.plan.get(k))} ({first.folder}) ≠ "
                     f"{_shown(other.plan.get(k))} ({other.folder})" for k in differ]
            raise MergeRefused("不是同一次运行的分片, 拒绝合并 (not shards of one run):\n" + "\n".join(lines))
    count = int(first.plan["shards"])
    seen: dict[int, Shard] = {}
    for s in shards:
        if s.index in seen:
            raise MergeRefused(f"分片 {s.name} 给了两次 (shard given twice): {seen[s.index].folder}, {s.folder}")
        seen[s.index] = s
    missing = [i for i in range(1, count + 1) if i not in seen]
    if missing:
        raise MergeRefused(f"缺少分片 (missing shards) {', '.join(f'{i}/{count}' for i in missing)} "
                           f"of run {first.plan['run_id']}: 给出的是 {', '.join(str(s.folder) for s in shards)}")
    _check_split(sorted(shards, key=lambda s: s.index))
    _check_rubric(first.plan)
    return sorted(shards, key=lambda s: s.index)


def _shown(value) -> str:
    text = ",".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= 24 else text[:12] + "…"


def _check_split(shards: list[Shard]) -> None:
    """Every collected scenario in exactly one shard (shards that read different duration histories
    would split differently: a scenario run twice, or never)."""
    why = ("各分片的划分不一致 (the shards split differently: did they read different "
           "reports/history/<portal>/durations.json? give every shard the same history)")
    owner: dict[str, str] = {}
    for s in shards:
        for n in s.nodeids:
            if n in owner:
                raise MergeRefused(f"场景 {n} 同时在分片 {owner[n]} 和 {s.name} 中: {why}")
            owner[n] = s.name
    left = sorted(set(shards[0].scenarios) - set(owner))
    if left:
        raise MergeRefused(f"{len(left)} 个场景不在任何分片中, 如 {left[0]}: {why}")


def _check_rubric(plan: dict) -> None:
    path = rubric_path(plan)
    if not path.is_file():
        raise MergeRefused(f"评分细则 {path} 不存在 (the shards' rubric is not here)")
    if sha256_of(path) != plan["rubric_sha256"]:
        raise MergeRefused(f"评分细则 {path} 在分片运行之后改变了 (the rubric changed since the shards ran): "
                           f"合并须用分片所用的同一份细则")


def rubric_path(plan: dict) -> Path:
    path = Path(plan["rubric"])
    return path if path.is_absolute() else ROOT / path


def how_it_ended(shards: list[Shard]) -> tuple[int, str | None, str | None]:
    """(pytest code for the whole run, the signal that stopped a shard or None, the 不完整 note or
    None), by the rules of a single run: a stop beats a dead runner beats pytest's own codes."""
    for s in shards:
        stopped = (s.outcome or {}).get("stopped")
        if stopped:
            return exitcodes.PYTEST_INTERRUPTED, stopped, f"分片 {s.name}: {outputs.interrupted_note(stopped)}"
    for s in shards:
        if s.outcome is None:
            return NEVER_ENDED, None, (f"结论不完整: 分片 {s.name} 没有结束 (its `shopper run` never wrote how it ended: "
                              f"killed?), 只有已完成的旅程计分 (incomplete)")
        code = int(s.outcome.get("pytest_code", 0))
        if exitcodes.runner_died(code):
            return code, None, f"分片 {s.name}: {s.outcome.get('incomplete') or outputs.runner_died_note(str(-code))}"
    codes = [int(s.outcome.get("pytest_code", 0)) for s in shards]
    for code in (exitcodes.PYTEST_USAGE_ERROR, exitcodes.PYTEST_INTERNAL_ERROR, exitcodes.PYTEST_NO_TESTS, 1):
        if code in codes:
            return code, None, None
    return 0, None, None


def assemble(shards: list[Shard], folder: Path) -> None:
    """The shards' records, Allure results, traces and probe tables in the merged run's folder."""
    run_id = shards[0].plan["run_id"]
    for sub in (Path("records") / run_id, Path("traces") / run_id):
        for s in shards:
            _copy_tree(s.folder / sub, folder / sub)
    results = folder / "allure-results"
    results.mkdir(parents=True, exist_ok=True)
    facts: dict[str, list[str]] = {}
    for s in shards:
        source = s.folder / "allure-results"
        if not source.is_dir():
            continue
        for path in sorted(source.iterdir()):
            if path.name in RESULT_FILES_PER_RUN or not path.is_file():
                continue
            shutil.copy2(path, results / path.name)
        env = source / "environment.properties"
        for line in env.read_text(encoding="utf-8").splitlines() if env.is_file() else []:
            key, _, value = line.partition("=")
            if key and value not in facts.setdefault(key, []):
                facts[key].append(value)
    facts["分片_shards"] = [f"{len(shards)} 个分片合并 (merged from {len(shards)} shards)"]
    props = {k: " | ".join(v) for k, v in facts.items()}
    (results / "environment.properties").write_text("".join(f"{k}={v}\n" for k, v in props.items()), encoding="utf-8")
    (results / "run.json").write_text(json.dumps(props, ensure_ascii=False), encoding="utf-8")
    _merge_probe(shards, folder / "probe")


def _copy_tree(source: Path, target: Path) -> None:
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.is_file():
            shutil.copy2(path, target / path.name)


def _merge_probe(shards: list[Shard], probe: Path) -> None:
    """Each shard probed the controls of its own journeys: probe/shard-<i>/ keeps its folder,
    probe/fit.md lists the tables one after the other, and the screenshots sit in probe/ (the
    scorecard links what it finds there)."""
    parts = []
    for s in shards:
        source = s.folder / "probe"
        if not source.is_dir():
            continue
        _copy_tree(source, probe / f"shard-{s.index}")
        for png in sorted(source.glob("*.png")):
            shutil.copy2(png, probe / f"shard-{s.index}-{png.name}")
        table = source / "fit.md"
        if table.is_file():
            body = table.read_text(encoding="utf-8").split("\n", 1)[-1].strip()
            parts.append(f"## 分片 {s.name}\n\n{body}\n")
    if parts:
        (probe / "fit.md").write_text("# 页面适配检查 (probe) · 各分片\n\n" + "\n".join(parts), encoding="utf-8")
