"""Quality gate for CI: fail when the total is under a threshold or an indicator dropped too much.

  python -m shopper.gate [--scorecard reports/latest/scorecard.json] --min-total 80 --max-drop 5 \\
      [--history reports/history/<portal>/scores.jsonl]

Exit code 0 = passed, 1 = gate failed, 2 = bad input (a missing, unreadable or malformed scorecard
or history: the file and the key are named). The first line names the run and the file it reads.

A card that is no verdict fails whatever the thresholds: 无结论 (our page objects did not fit or our
code broke), 结论不完整 (environment faults, or the runner died: `incomplete`) and 中断 (Ctrl-C:
`interrupted`). Such a run is never a baseline either: the baseline (--baseline) is chosen among the
earlier verdict runs of the portal's history (--history, by default the one next to reports/runs/,
else the history the scorecard carries): last-good (the last run that itself passed, so a drop two
runs back still fails), previous, best-of-N (per indicator the best of the last N runs) or a
scorecard.json. --min-coverage fails a card that measured too little of the rubric's weight
(default 50 %). Each failing indicator is named with its score before and after.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .failures import SuiteError
from .history import HistoryError, find_regressions, is_score, load_history, verdict_lines
from .paths import safe_portal
from .scoring import NO_VERDICT, VERDICT, VERDICTS, Scorecard, line_verdict, run_verdict


DEFAULT_SCORECARD = "reports/latest/scorecard.json"
DEFAULT_MIN_COVERAGE = 50.0   # percent: a run that measured a sliver of the rubric is no verdict


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
    source: str = ""                   # the run and the file the gate read
    verdict: str = VERDICT

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def message(self) -> str:
        head = "质量门通过 (gate passed)" if self.passed else "质量门未通过 (gate FAILED)"
        total = self.verdict if self.verdict != VERDICT else self.total if self.total is not None else "—"
        lines = [f"评分卡 (scorecard): {self.source}"] if self.source else []
        lines += [f"{head}: 总分 {total}，门槛 {self.min_total:g}，"
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
    where = scorecard if not isinstance(scorecard, dict) else "评分卡"
    if not isinstance(data, dict) or "total" not in data or not isinstance(data.get("indicators"), list):
        raise GateInputError(f"{where}: 不是评分卡 (needs 'total' and an 'indicators' list)")
    problem = card_problem(data)
    if problem:
        raise GateInputError(f"{where}: {problem}")
    return data


def card_problem(data: dict) -> str | None:
    """What makes a scorecard's dict unusable for the gate, naming the key (None when it is fine)."""
    for key in ("total", "coverage"):
        if not is_score(data.get(key)):
            return f"'{key}' 应为数字或 null, 实为 {data.get(key)!r} (not a finite number)"
    for i, ind in enumerate(data["indicators"]):
        if not isinstance(ind, dict) or not isinstance(ind.get("id"), str) or "score" not in ind:
            return f"'indicators[{i}]' 需要 id 和 score (each indicator needs id and score)"
        if not is_score(ind["score"]):
            return f"'indicators[{i}].score' 应为数字或 null, 实为 {ind['score']!r} (not a finite number)"
    if "verdict" in data and data["verdict"] not in VERDICTS:
        return f"'verdict' 应为 {' / '.join(VERDICTS)} 之一, 实为 {data['verdict']!r}"
    for key in ("interrupted", "incomplete"):
        if key in data and not isinstance(data[key], bool):
            return f"'{key}' 应为 true 或 false, 实为 {data[key]!r}"
    if not isinstance(data.get("not_scored", []), list):
        return f"'not_scored' 应为列表, 实为 {data['not_scored']!r}"
    return None


def card_verdict(card: dict) -> str:
    """The card's verdict: its own `verdict` (and marks), or, on a card written before verdicts were
    kept, the one its unscored records give."""
    if "verdict" in card:
        return line_verdict(card)
    classes = (n.get("failure_class") for n in card.get("not_scored") or [] if isinstance(n, dict))
    return run_verdict(classes, bool(card.get("interrupted")), bool(card.get("incomplete")))


def _indicator_scores(card: dict) -> dict:
    return {ind["id"]: ind.get("score") for ind in card["indicators"]}


def _passes(line: dict, baseline: dict | None, min_total: float, max_drop: float, min_coverage: float) -> bool:
    """Would this history line have passed the gate against `baseline`? (defines last-good)"""
    total = line.get("total")
    if line_verdict(line) != VERDICT or total is None or total < min_total:
        return False
    if (line.get("coverage") or 0.0) * 100 < min_coverage:
        return False
    card = {"indicators": [{"id": k, "score": v, "name": (line.get("names") or {}).get(k, k)}
                           for k, v in (line.get("indicators") or {}).items()]}
    return not find_regressions(baseline, card, max_drop)


def choose_baseline(lines: list[dict], run_id: str, how: str, min_total: float, max_drop: float,
                    min_coverage: float = 0.0) -> tuple[dict | None, str]:
    """The line to compare with, among the history lines before `run_id`, and a description.

    previous   the line just before
    last-good  the last earlier run that would itself have passed this gate against ITS last-good
               baseline (so a drop two runs back stays a drop: the run that dropped is not good)
    best-of-N  per indicator, the best score of the last N earlier runs
Runs that are no verdict (无结论, 结论不完整) are never among them."""
    earlier = []
    for line in lines:
        if line.get("run_id") == run_id:
            break
        earlier.append(line)
    skipped = len(earlier)
    earlier = verdict_lines(earlier)
    skipped -= len(earlier)
    if not earlier:
        return None, "无 (no earlier verdict run)" + (f"; 跳过 {skipped} 次无结论运行" if skipped else "")
    if how == "previous":
        return earlier[-1], f"上次运行 {earlier[-1].get('run_id')}"
    if how == "last-good":
        good = None
        for line in earlier:
            if _passes(line, good, min_total, max_drop, min_coverage):
                good = line
        return good, (f"最近一次合格运行 {good.get('run_id')} (last good)" if good else "无合格运行 (no good run)")
    if how.startswith("best-of-"):
        window = earlier[-int(how.split("-")[-1]):]
        best: dict[str, float] = {}
        for line in window:
            for ind, value in (line.get("indicators") or {}).items():
                if value is not None and (ind not in best or value > best[ind]):
                    best[ind] = value
        runs = ",".join(str(l.get("run_id")) for l in window)
        return {"run_id": f"best-of-{len(window)}({runs})", "indicators": best}, f"最近 {len(window)} 次的最好成绩"
    raise GateInputError(f"--baseline {how!r}: 应为 previous, last-good, best-of-N 或评分卡路径")


def _baseline_from_file(path: str) -> dict:
    card = _load_card(path)
    verdict = card_verdict(card)
    if verdict != VERDICT:
        raise GateInputError(f"--baseline {path}: 该评分卡为{verdict}, 不能作为基线 "
                             f"(a card that is no verdict is never a baseline)")
    return {"run_id": card.get("run_id") or str(path), "indicators": _indicator_scores(card)}


def _default_history(scorecard) -> Path | None:
    """reports/history/<portal>/scores.jsonl next to a scorecard in reports/runs/<run_id>/."""
    if isinstance(scorecard, (str, Path)):
        path = Path(scorecard).resolve()
        if path.parent.parent.name == "runs":
            try:
                portal = json.loads(path.read_text(encoding="utf-8")).get("portal", "")
            except (OSError, ValueError):
                return None
            candidate = path.parent.parent.parent / "history" / safe_portal(portal) / "scores.jsonl"
            return candidate if candidate.is_file() else None
    return None


def evaluate_gate(scorecard, min_total: float = 80.0, max_drop: float = 5.0,
                  history=None, baseline: str = "last-good", min_coverage: float = 0.0) -> GateResult:
    """Judge a scorecard (Scorecard, its dict, or a scorecard.json path). `history`: a history
    file path or its list of lines (None: the portal's history next to a run folder's scorecard,
    else the history the scorecard carries). `baseline`: previous | last-good | best-of-N | the
    path of a scorecard.json. `min_coverage`: percent of the rubric's weight that must have been
    measured. Raises GateInputError for bad input."""
    if min_total < 0 or max_drop < 0 or not 0 <= min_coverage <= 100:
        raise GateInputError("--min-total 和 --max-drop 不能为负, --min-coverage 应在 0–100 之间 "
                             "(must not be negative; coverage is a percent)")
    named = baseline in ("previous", "last-good") or baseline.startswith("best-of-")
    if not named and not Path(baseline).is_file():
        raise GateInputError(f"--baseline {baseline!r}: 应为 previous, last-good, best-of-N 或评分卡路径 "
                             "(previous, last-good, best-of-N or a scorecard.json path)")
    if baseline.startswith("best-of-") and not (baseline[8:].isdigit() and int(baseline[8:]) > 0):
        raise GateInputError(f"--baseline {baseline!r}: N 应为正整数 (best-of-N needs a positive integer)")
    card = _load_card(scorecard)
    history = history if history is not None else _default_history(scorecard)
    if history is not None:
        if not isinstance(history, list) and not Path(history).is_file():
            raise GateInputError(f"{history}: 历史文件不存在 (history file not found)")
        try:
            lines = history if isinstance(history, list) else load_history(history)
        except HistoryError as exc:
            raise GateInputError(str(exc)) from None
    else:   # the history the scorecard carries (attach_history wrote it), else its `previous`
        lines = [l for l in card.get("history") or [] if isinstance(l, dict)]
        if not lines and card.get("previous"):
            lines = [card["previous"]]
    if not named:
        previous, described = _baseline_from_file(baseline), f"评分卡 {baseline}"
    else:
        previous, described = choose_baseline(lines, card.get("run_id", ""), baseline, min_total, max_drop,
                                               min_coverage)
    total = card.get("total")
    verdict = card_verdict(card)
    source = f"运行 {card.get('run_id') or '—'} ({scorecard if isinstance(scorecard, (str, Path)) else '内存中的评分卡'})"
    result = GateResult(passed=True, total=total, min_total=min_total, max_drop=max_drop,
                        previous_run=(previous or {}).get("run_id"), source=source, verdict=verdict)
    result.notes.append(f"对比基线 (baseline {baseline}): {described}")
    if verdict != VERDICT:   # no threshold can pass a card that is no verdict on the portal
        reason = card.get("verdict_reason") or card.get("completeness") or ""
        if card.get("interrupted"):
            result.failures.append("运行被中断, 评分卡不完整 (中断/不完整: the run was interrupted)")
        what = "本次运行不构成对门户的结论" if verdict == NO_VERDICT else "只有部分旅程计分"
        result.failures.append(f"{verdict} (no verdict)：{reason or what}")
        result.notes.append("无结论或结论不完整的评分卡不与基线比较, 也不会成为以后的基线 (never compared, never a baseline)")
        result.passed = False
        return result
    if total is None:
        result.failures.append("没有任何可计分的指标 (nothing was scored: total is empty)")
    elif total < min_total:
        result.failures.append(f"总分 {total:g} 低于门槛 {min_total:g} (total below threshold)")
    coverage = float(card.get("coverage") or 0.0) * 100
    if coverage < min_coverage:
        result.failures.append(f"覆盖率 {coverage:.1f}% 低于 {min_coverage:g}%: 只测量了评分细则权重的一小部分 "
                               f"(coverage below --min-coverage)")
    if previous:
        for r in find_regressions(previous, card, max_drop):
            result.failures.append(f"{r.id} {r.name}: {r.before:g} → {r.after:g} "
                                   f"(下降 {r.drop:g} 分 > {max_drop:g}; before {r.before:g}, after {r.after:g}; "
                                   f"基线 {r.previous_run})")
        before = previous.get("indicators") or {}
        for ind in card["indicators"]:
            if before.get(ind["id"]) is not None and ind.get("score") is None:
                result.notes.append(f"{ind['id']} {ind.get('name', '')}: 基线 {before[ind['id']]:g}，本次未测量 "
                                    f"(not measured this run)")
    else:
        result.notes.append("没有可对比的基线运行, 只检查总分和覆盖率 (no baseline: only the total and coverage "
                            "are checked)")
    result.passed = not result.failures
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopper.gate", description="模拟办事评分质量门 (CI quality gate)")
    parser.add_argument("--scorecard", default=DEFAULT_SCORECARD,
                        help="scorecard.json (default: the last run's, reports/latest/scorecard.json)")
    parser.add_argument("--min-total", type=float, default=80.0, help="总分门槛 (default 80)")
    parser.add_argument("--max-drop", type=float, default=5.0, help="单项指标较上次允许的最大降幅 (default 5)")
    parser.add_argument("--history", default=None,
                        help="reports/history/<portal>/scores.jsonl (default: the portal's, next to reports/runs/)")
    parser.add_argument("--baseline", default="last-good",
                        help="compare with: last-good (default), previous, best-of-N, or a scorecard.json path")
    parser.add_argument("--min-coverage", type=float, default=DEFAULT_MIN_COVERAGE,
                        help=f"percent of the rubric's weight that must be measured (default {DEFAULT_MIN_COVERAGE:g})")
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
        result = evaluate_gate(args.scorecard, args.min_total, args.max_drop, args.history, baseline=args.baseline,
                               min_coverage=args.min_coverage)
    except GateInputError as exc:
        print(f"shopper.gate: 输入错误 / bad input: {exc}", file=sys.stderr)
        return 2
    print(result.message())
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
