"""Score history per portal across runs: reports/history/<portal>/scores.jsonl, one line per run,
rewritten under the portal folder's lock (two runs may finish at once).

A line: {"run_id", "generated_at", "portal", "rubric", "verdict", "total", "stars", "coverage",
         "level1": {A: score}, "indicators": {id: score or null}}.
`verdict` is 结论, 无结论 or 结论不完整 (shopper.scoring.card): only a 结论 line is a score. The
others keep their numbers for reference but are no trend point, no "previous run" and no baseline.
Writing the same run again replaces its line (a rebuilt report does not add a point).
A regression is an indicator measured in both runs whose score dropped by MORE than the margin.
Pure Python.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from .failures import SuiteError
from .paths import locked, safe_portal
from .scoring import VERDICT, VERDICTS, Scorecard, line_verdict
from .paths import ROOT

HISTORY_DIR = ROOT / "reports" / "history"
MAX_POINTS = 30          # trend pictures show at most this many runs


class HistoryError(SuiteError):
    """A history file that cannot be read: names the file and line."""


@dataclass
class Regression:
    id: str
    name: str
    before: float
    after: float
    drop: float
    previous_run: str

    def message(self) -> str:
        return (f"{self.id} {self.name}: {self.before:g} → {self.after:g} (下降 {self.drop:g} 分, "
                f"上次运行 {self.previous_run})")


def history_path(portal: str, history_dir: str | Path | None = None) -> Path:
    """`history_dir` is the history root (reports/history); each portal has its own folder."""
    return Path(history_dir or HISTORY_DIR) / safe_portal(portal) / "scores.jsonl"


def history_line(card: Scorecard) -> dict:
    return {
        "run_id": card.run_id, "generated_at": card.generated_at, "portal": card.portal, "rubric": card.rubric,
        "verdict": card.verdict, "total": card.total, "stars": card.stars, "coverage": card.coverage,
        "level1": {l.id: l.score for l in card.level1},
        "indicators": {i.id: i.score for i in card.indicators},
        "names": {i.id: i.name for i in card.indicators},
    }


def load_history(path: str | Path) -> list[dict]:
    """Lines of a history file, oldest first ([] when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return []
    out = []
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except json.JSONDecodeError as exc:
            raise HistoryError(f"{path}:{n}: 不是 JSON (not JSON: {exc.msg})") from None
        if not isinstance(line, dict) or "run_id" not in line or not isinstance(line.get("indicators"), dict):
            raise HistoryError(f"{path}:{n}: 不是评分历史行 (needs run_id and indicators)")
        problem = line_problem(line)
        if problem:
            raise HistoryError(f"{path}:{n}: {problem}")
        out.append(line)
    return out


def is_score(value) -> bool:
    """A score as a card or a history line may hold it: a finite number or null (never a string,
    a boolean, NaN or infinity)."""
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))


def line_problem(line: dict) -> str | None:
    """What makes a history line unusable, naming the key (None when it is fine)."""
    for key in ("total", "coverage"):
        if not is_score(line.get(key)):
            return f"'{key}' 应为数字或 null, 实为 {line.get(key)!r} (not a finite number)"
    for iid, value in line["indicators"].items():
        if not is_score(value):
            return f"'indicators.{iid}' 应为数字或 null, 实为 {value!r} (not a finite number)"
    if line.get("verdict", VERDICT) not in VERDICTS:
        return f"'verdict' 应为 {' / '.join(VERDICTS)} 之一, 实为 {line.get('verdict')!r}"
    return None


def verdict_lines(lines: list[dict]) -> list[dict]:
    """The lines that are scores (结论): what trends draw and baselines are chosen from."""
    return [l for l in lines if line_verdict(l) == VERDICT]


def append_history(card: Scorecard, history_dir: str | Path | None = None) -> Path:
    """Add this run's line (replacing, in place, an earlier line of the same run_id); returns the file."""
    path = history_path(card.portal, history_dir)
    with locked(path.parent):           # read-modify-write: another run may be finishing now
        lines, new = load_history(path), history_line(card)
        at = next((i for i, l in enumerate(lines) if l.get("run_id") == card.run_id), None)
        if at is None:
            lines.append(new)
        else:                           # a rebuilt report: replace the run's line where it stands
            lines = [l for i, l in enumerate(lines) if i == at or l.get("run_id") != card.run_id]
            lines[at] = new
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines), encoding="utf-8")
        os.replace(tmp, path)           # readers never see a half-written file
    return path


def previous_run(history: list[dict], run_id: str) -> dict | None:
    """The last verdict line before run_id (the last of another run if run_id is not in the history);
    a 无结论 or 结论不完整 run in between is skipped: it is no score to compare with."""
    earlier = []
    for line in history:
        if line.get("run_id") == run_id:
            break
        earlier.append(line)
    earlier = verdict_lines(earlier)
    return earlier[-1] if earlier else None


def find_regressions(previous: dict | None, card: Scorecard | dict, margin: float) -> list[Regression]:
    """Indicators measured in both runs whose score dropped by more than `margin` points."""
    if not previous:
        return []
    current = card if isinstance(card, dict) else {"indicators": card.to_dict()["indicators"]}
    out = []
    for ind in current["indicators"]:
        before = (previous.get("indicators") or {}).get(ind["id"])
        after = ind.get("score")
        if before is None or after is None:
            continue
        drop = round(float(before) - float(after), 1)
        if drop > margin:
            out.append(Regression(ind["id"], ind.get("name", ind["id"]), float(before), float(after), drop,
                                  str(previous.get("run_id", ""))))
    return out


def attach_history(card: Scorecard, history_dir: str | Path | None = None, margin: float | None = None,
                   record: bool = True) -> list[Regression]:
    """Record this run in the portal's history (if record), and fill card.history (for trend charts),
    card.previous and card.regressions. Returns the regressions."""
    margin = card.regression_margin if margin is None else margin
    path = history_path(card.portal, history_dir)
    if record:
        append_history(card, history_dir)
        history = load_history(path)
    else:
        history = [l for l in load_history(path) if l.get("run_id") != card.run_id] + [history_line(card)]
    upto = []
    for line in history:
        upto.append(line)
        if line.get("run_id") == card.run_id:
            break
    card.history = upto[-MAX_POINTS:]
    card.previous = previous_run(history, card.run_id)
    # a run that is no verdict has no regressions: its numbers are not the portal's scores
    regressions = find_regressions(card.previous, card, margin) if card.is_verdict else []
    card.regressions = [r.__dict__ for r in regressions]
    return regressions
