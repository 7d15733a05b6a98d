"""Quality gate for CI: fail when the total is under a threshold or an indicator dropped too much.

  python -m shopper.gate [--scorecard reports/latest/scorecard.json] --min-total 80 --max-drop 5 \\
      [--history reports/history/<portal>/scores.jsonl]

Exit code 0 = passed, 1 = gate failed, 2 = bad input (missing/unreadable scorecard or history).
The previous run is the history line before this run (--history), else the `previous` the
scorecard carries (written by shopper.history.attach_history); without either, only the total is
checked. Each failing indicator is named with its score before and after.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .failures import SuiteError
from .history import HistoryError, find_regressions, load_history, previous_run
from .scoring import Scorecard


DEFAULT_SCORECARD = "reports/latest/scorecard.json"


class GateInputError(SuiteError):
    """The gate cannot judge: bad scorecard or history (exit code 2)."""


@dataclass
class GateResult:
    passed: bool
    total: float | None
    min_total: float
    max_drop: float
    previous_run: str | None
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def message(self) -> str:
        head = "质量门通过 (gate passed)" if self.passed else "质量门未通过 (gate FAILED)"
        lines = [f"{head}: 总分 {self.total if self.total is not None else '—'}，门槛 {self.min_total:g}，"
                 f"允许单项下降 ≤{self.max_drop:g} 分，对比运行 {self.previous_run or '无 (no previous run)'}"]
        lines += [f"  ✗ {f}" for f in self.failures]
        lines += [f"  · {n}" for n in self.notes]
        return "\n".join(lines)


def _load_card(scorecard) -> dict:
    if isinstance(scorecard, Scorecard):
        return scorecard.to_dict()
    if isinstance(scorecard, dict):
        data = scorecard
    else:
        path = Path(scorecard)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise GateInputError(f"{path}: 评分卡不存在 (scorecard not found)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise GateInputError(f"{path}: 无法读取评分卡 ({exc})") from None
        except json.JSONDecodeError as exc:
            raise GateInputError(f"{path}:{exc.lineno}: 评分卡不是合法 JSON ({exc.msg})") from None
    if not isinstance(data, dict) or "total" not in data or not isinstance(data.get("indicators"), list):
        raise GateInputError(f"{scorecard if not isinstance(scorecard, dict) else '评分卡'}: "
                             f"不是评分卡 (needs 'total' and an 'indicators' list)")
    for ind in data["indicators"]:
        if not isinstance(ind, dict) or "id" not in ind or "score" not in ind:
            raise GateInputError("评分卡的 indicators 每项需要 id 和 score (each indicator needs id and score)")
    return data


def evaluate_gate(scorecard, min_total: float = 80.0, max_drop: float = 5.0,
                  history=None) -> GateResult:
    """Judge a scorecard (Scorecard, its dict, or a scorecard.json path). `history`: a history
    file path or its list of lines (None: use the scorecard's own `previous`). Raises
    GateInputError for bad input."""
    if min_total < 0 or max_drop < 0:
        raise GateInputError("--min-total 和 --max-drop 不能为负 (must not be negative)")
    card = _load_card(scorecard)
    previous = card.get("previous")
    if history is not None:
        if not isinstance(history, list) and not Path(history).is_file():
            raise GateInputError(f"{history}: 历史文件不存在 (history file not found)")
        try:
            lines = history if isinstance(history, list) else load_history(history)
        except HistoryError as exc:
            raise GateInputError(str(exc)) from None
        previous = previous_run(lines, card.get("run_id", ""))
    total = card.get("total")
    interrupted = bool(card.get("interrupted"))
    result = GateResult(passed=True, total=total, min_total=min_total, max_drop=max_drop,
                        previous_run=(previous or {}).get("run_id"))
    if interrupted:
        result.failures.append("运行被中断, 评分卡不完整 (中断/不完整: the run was interrupted)")
    if total is None:
        result.failures.append("没有任何可计分的指标 (nothing was scored: total is empty)")
    elif total < min_total:
        result.failures.append(f"总分 {total:g} 低于门槛 {min_total:g} (total below threshold)")
    if previous:
        for r in find_regressions(previous, card, max_drop):
            result.failures.append(f"{r.id} {r.name}: {r.before:g} → {r.after:g} "
                                   f"(下降 {r.drop:g} 分 > {max_drop:g}; before {r.before:g}, after {r.after:g})")
        before = previous.get("indicators") or {}
        for ind in card["indicators"]:
            if before.get(ind["id"]) is not None and ind.get("score") is None:
                result.notes.append(f"{ind['id']} {ind.get('name', '')}: 上次 {before[ind['id']]:g}，本次未测量 "
                                    f"(not measured this run)")
    else:
        result.notes.append("没有上次运行的得分, 只检查总分 (no previous run: only the total is checked)")
    result.passed = not result.failures
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopper.gate", description="模拟办事评分质量门 (CI quality gate)")
    parser.add_argument("--scorecard", default=DEFAULT_SCORECARD,
                        help="scorecard.json (default: the last run's, reports/latest/scorecard.json)")
    parser.add_argument("--min-total", type=float, default=80.0, help="总分门槛 (default 80)")
    parser.add_argument("--max-drop", type=float, default=5.0, help="单项指标较上次允许的最大降幅 (default 5)")
    parser.add_argument("--history", default=None, help="reports/history/<portal>/scores.jsonl")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    if args.scorecard == DEFAULT_SCORECARD and not Path(DEFAULT_SCORECARD).exists():
        from .paths import latest   # reports/latest may be a pointer file where symlinks fail
        folder = latest("reports")
        if folder is not None:
            args.scorecard = str(folder / "scorecard.json")
    try:
        result = evaluate_gate(args.scorecard, args.min_total, args.max_drop, args.history)
    except GateInputError as exc:
        print(f"shopper.gate: 输入错误 / bad input: {exc}", file=sys.stderr)
        return 2
    print(result.message())
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
