"""What one run leaves in its folder after the journeys: the scorecard and the portal's histories,
the 整改台账 (against the portal's previous run), the Allure report, and the 不完整 mark of a run
that did not finish (中断 by a signal, or its runner died). Called by `shopper run`; errors here are exit 6, never a traceback."""
from __future__ import annotations

import os
from pathlib import Path

from . import paths


def interrupted_note(signame: str = "SIGINT") -> str:
    how = "Ctrl-C" if signame == "SIGINT" else signame
    return f"中断/不完整: 运行被中断 ({how}), 只有已完成的旅程计分 (interrupted: partial scorecard)"


def runner_died_note(signame: str) -> str:
    return (f"结论不完整: 运行器 pytest 被信号 {signame} 终止 (内存不足时系统以 SIGKILL 结束进程), 未跑完的旅程没有记录, "
            f"只有已完成的旅程计分 (incomplete: the runner died; partial scorecard)")


def _incomplete_card(folder: Path, run_id: str, portal: str, note: str, interrupted: bool) -> None:
    """The scorecard of a run that did not finish and scored nothing (no record finished, or
    scoring crashed): no total, marked ``incomplete`` (and ``interrupted`` when a signal stopped
    it) with the note. A run that scored something gets these marks on its card (score_run's
    `marks`). The gate refuses such a card."""
    import json

    card = {"run_id": run_id, "portal": portal, "total": None, "stars": None, "coverage": 0.0, "indicators": [],
            "incomplete": True, "completeness": note}
    if interrupted:
        card["interrupted"] = True
    (folder / "scorecard.json").write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")


def build_outputs(run_id: str, portal: str, results_dir: Path, records_dir: Path, out_dir: Path,
                  no_report: bool = False, rubric: str | Path | None = None,
                  history_root: Path | None = None, interrupted: bool = False,
                  incomplete: str | None = None) -> tuple[str, list[dict], bool]:
    """Scorecard (in `out_dir`, the run's folder), the portal's histories (under `history_root`,
    reports/history) and the Allure report of one run; returns a summary for the terminal, the
    records and whether scoring or the report crashed (exit code 6; the records are kept).
    A run that did not finish (`interrupted` by a signal, or `incomplete`: why, e.g. the runner
    died) gets a scorecard marked 不完整 with that note, no 整改台账 (what it did not test would read
    as 已整改) and adds no point to any trend."""
    import tempfile

    from .record import load_records

    partial = interrupted or incomplete is not None
    note = incomplete or interrupted_note()
    history_root = Path(history_root or out_dir.parent.parent / "history")
    records = load_records(records_dir / run_id)
    lines = [f"[shopper] 记录 {len(records)} 条: {records_dir / run_id}"]
    failed = [r for r in records if r["outcome"] != "passed"]
    by_class: dict[str, int] = {}
    for r in failed:
        by_class[r.get("failure_class") or "unknown"] = by_class.get(r.get("failure_class") or "unknown", 0) + 1
    if failed:
        from .failures import LABELS_ZH
        lines.append("[shopper] 未通过: " + ", ".join(f"{LABELS_ZH.get(k, k)} {v}" for k, v in by_class.items()))
    crashed = False
    with tempfile.TemporaryDirectory(prefix="shopper-no-history-") as scratch:
        try:
            from .scorecard import score_run
            marks = {"interrupted": interrupted, "incomplete": True, "completeness": note} if partial else None
            lines += score_run(run_id, portal, records, results_dir, reports_dir=out_dir, rubric=rubric,
                               history_dir=Path(scratch) if partial else history_root, marks=marks)
        except Exception as exc:  # noqa: BLE001 - any crash of scoring is exit 6, with its message, never a traceback
            crashed = True
            lines.append(f"[shopper] 评分失败 (scoring crashed): {type(exc).__name__}: {exc}")
    if partial:
        if not (out_dir / "scorecard.json").exists():   # nothing was scored: a card that says why
            _incomplete_card(out_dir, run_id, portal, note, interrupted)
        lines.append(f"[shopper] 评分卡标记为 {note.split(':')[0]}: {out_dir / 'scorecard.json'} (不计入趋势)")
    else:
        lines += _ledger(out_dir, records_dir / run_id, portal, results_dir)
    if not no_report:
        from .allure_report import generate_allure
        try:
            index = generate_allure(results_dir, out_dir / "allure-report", record_history=not partial,
                                    history=history_root / paths.safe_portal(portal) / "allure-history.jsonl")
            lines.append(f"[shopper] Allure 报告: {index}  (本地查看: python -m shopper serve)")
        except Exception as exc:  # noqa: BLE001 - same: the report is output, its crash is exit 6
            crashed = True
            lines.append(f"[shopper] Allure 报告未生成: {exc}")
    return "\n".join(lines), records, crashed


def _previous_run(run_dir: Path, portal: str) -> Path | None:
    """The last earlier run folder of the same portal that has a 台账 (its findings.json); never a
    shard's folder (shard.json: it saw part of a run)."""
    import json

    from .shard import SHARD_FILE

    runs = sorted((p for p in run_dir.parent.iterdir() if p.is_dir() and p != run_dir and (p / "findings.json").exists()
                   and not (p / SHARD_FILE).exists()), key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in runs:
        try:
            if json.loads((folder / "findings.json").read_text(encoding="utf-8")).get("portal") == portal:
                return folder
        except (OSError, ValueError):
            continue
    return None


def _ledger(run_dir: Path, records: Path, portal: str, results_dir: Path) -> list[str]:
    """The run's 整改台账 (compared with the portal's previous run), linked from the scorecard and
    attached to Allure; a webhook when new findings appear (SHOPPER_WEBHOOK_URL)."""
    from .failures import SuiteError
    from .ledger import attach_to_allure, summary_lines, write_ledger
    from .profile import load_profile

    try:
        profile = load_profile(portal)
    except SuiteError:
        profile = None
    baseline = _previous_run(run_dir, portal)
    try:
        ledger = write_ledger(run_dir, records, profile, baseline_dir=baseline, traces_dir=run_dir / "traces",
                              results_dir=results_dir)
    except Exception as exc:  # noqa: BLE001 - the 台账 is output: its failure is reported, the run's verdict stands
        return [f"[shopper] 整改台账未生成: {type(exc).__name__}: {exc}"]
    lines = summary_lines(ledger)
    attach_to_allure(ledger, results_dir)
    if baseline is not None:
        lines.append(f"[shopper]   对比基线: {baseline.name}")
    if os.environ.get("SHOPPER_WEBHOOK_URL"):
        from .notify import notify
        lines.append(f"[shopper] 通知: {notify(ledger, gate_failed=False).message}")
    return lines


