"""The league table of several portals (排名): html, xlsx and csv (utf-8-sig, for Excel).

Ranked like the evaluation: by total, high to low, equal totals sharing a rank (1, 1, 3), and again
within each 一级指标 (a portal that did not measure one has no rank there). Only verdicts are ranked:
a portal whose card is 无结论 or 结论不完整, or that measured nothing, is listed apart with why, never
ranked and never given a grade. Portal names and everything else from the cards are untrusted text:
autoescaped in html, formula-safe cells in xlsx and csv, control characters shown as escapes.
Pure Python (no browser).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from markupsafe import Markup

from .scoring import Scorecard, stars_text
from .untrusted import cell as cell_text
from .untrusted import visible
from .xlsxcells import fit, put, table

TITLE = "政务服务网模拟办事评分排名"
CSS = "td.rank { font-weight: 700; text-align: center; } .l1rank { color: #555; font-size: 12px; }"
NOT_MEASURED = "未测量"
NO_CARD = "无评分卡"


def grade(total: float | None) -> str:
    """The evaluation's 总体指数 bands: 非常高 ≥90, 高 80–90; 中/低 split at 60 is the suite's own."""
    if total is None:
        return "—"
    return "非常高" if total >= 90 else "高" if total >= 80 else "中" if total >= 60 else "低"


@dataclass
class Ranked:
    rank: int
    portal: str
    name: str
    total: float
    stars: str
    grade: str
    level1: dict[str, tuple[float | None, int | None]]     # 一级 id → (score, rank within it)
    coverage: float
    run_id: str
    link: str = ""


@dataclass
class Apart:
    portal: str
    name: str
    verdict: str
    reason: str
    coverage: float
    run_id: str
    link: str = ""


@dataclass
class League:
    level1: list[tuple[str, str]]                          # (id, name) in the rubric's order
    ranked: list[Ranked] = field(default_factory=list)
    apart: list[Apart] = field(default_factory=list)


def _ranks(values: dict[str, float | None]) -> dict[str, int | None]:
    """Competition ranks (1, 1, 3) of the measured values, high first; None stays unranked."""
    measured = sorted((v for v in values.values() if v is not None), reverse=True)
    return {k: (measured.index(v) + 1 if v is not None else None) for k, v in values.items()}


def build_league(cards: Iterable[Scorecard], names: dict[str, str] | None = None,
                 links: dict[str, str] | None = None, absent: dict[str, str] | None = None) -> League:
    """`names`: portal → a longer name (a profile's title); `links`: portal → its scorecard, relative
    to where the league is written; `absent`: portal → why it has no scorecard (listed apart)."""
    names, links = names or {}, links or {}
    cards = list(cards)
    level1: list[tuple[str, str]] = []
    for c in cards:
        level1 += [(l.id, l.name) for l in c.level1 if (l.id, l.name) not in level1]
    verdicts = [c for c in cards if c.is_verdict and c.total is not None]
    league = League(level1)
    for c in cards:
        if c in verdicts:
            continue
        verdict = c.verdict if not c.is_verdict else NOT_MEASURED
        reason = c.verdict_reason if not c.is_verdict else "没有可计分的记录 (nothing was scored)"
        league.apart.append(Apart(c.portal, names.get(c.portal, ""), verdict, reason, c.coverage, c.run_id,
                                  links.get(c.portal, "")))
    totals = _ranks({c.portal: c.total for c in verdicts})
    per_level = {lid: _ranks({c.portal: next((l.score for l in c.level1 if l.id == lid), None) for c in verdicts})
                 for lid, _ in level1}
    for c in sorted(verdicts, key=lambda c: (-c.total, -c.coverage, c.portal)):
        scores = {l.id: l.score for l in c.level1}
        league.ranked.append(Ranked(
            totals[c.portal], c.portal, names.get(c.portal, ""), c.total, stars_text(c.stars), grade(c.total),
            {lid: (scores.get(lid), per_level[lid][c.portal]) for lid, _ in level1}, c.coverage, c.run_id,
            links.get(c.portal, "")))
    for portal, why in (absent or {}).items():
        league.apart.append(Apart(portal, names.get(portal, ""), NO_CARD, why, 0.0, ""))
    league.apart.sort(key=lambda a: a.portal)
    return league


# ================================================================================ rows
def _score(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def ranked_header(league: League) -> list[str]:
    cols = ["排名", "门户", "名称", "总分", "星级", "总体指数档次"]
    for lid, name in league.level1:
        cols += [f"{lid} {name}", f"{lid} 排名"]
    return cols + ["覆盖率", "运行"]


def ranked_rows(league: League) -> list[list]:
    rows = []
    for r in league.ranked:
        row = [r.rank, r.portal, r.name, r.total, r.stars, r.grade]
        for lid, _ in league.level1:
            score, rank = r.level1[lid]
            row += [score if score is not None else "—", rank if rank is not None else "—"]
        rows.append(row + [_pct(r.coverage), r.run_id])
    return rows


APART_HEADER = ["门户", "名称", "结论", "原因", "覆盖率（不构成结论）", "运行"]


def apart_rows(league: League) -> list[list]:
    return [[a.portal, a.name, a.verdict, a.reason, _pct(a.coverage), a.run_id] for a in league.apart]


# ================================================================================ writers
def render_html(league: League, title: str = TITLE) -> str:
    from .scorecard import CSS as CARD_CSS
    from .scorecard import _env

    return _env().get_template("scorecard_league.html.j2").render(
        title=title, css=Markup(CARD_CSS + CSS), league=league, score=_score, pct=_pct) + "\n"


def write_xlsx(league: League, path: Path, title: str = TITLE) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    put(ws, 2, 1, "按总分从高到低排名，总分相同并列；各一级指标内另排名次。无结论、结论不完整、未测量或没有评分卡的门户列在下方，不排名。")
    widths: dict[int, int] = {}
    end = table(ws, ranked_header(league), [[_cell(v) for v in row] for row in ranked_rows(league)], start_row=4,
                widths=widths)
    put(ws, end + 2, 1, f"不排名（{len(league.apart)} 个门户：无结论 / 结论不完整 / 未测量 / 无评分卡）").font = Font(bold=True)
    table(ws, APART_HEADER, apart_rows(league), start_row=end + 3, widths=widths, caps={"原因": 60})
    fit(ws, widths, first_row=4)
    ws.freeze_panes = "C5"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _cell(value):
    """Scores as numbers rounded like the scorecard (Excel can sort them), the rest as text."""
    return round(value, 1) if isinstance(value, float) else value


def render_csv(league: League) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    safe = lambda v: _csv_text(_score(v) if isinstance(v, float) else v)   # noqa: E731
    w.writerow(ranked_header(league))
    w.writerows([[safe(v) for v in row] for row in ranked_rows(league)])
    if league.apart:
        w.writerow([])
        w.writerow(["不排名"] + APART_HEADER)
        w.writerows([[""] + [safe(v) for v in row] for row in apart_rows(league)])
    return buf.getvalue()


def _csv_text(value) -> str:
    """A csv cell a spreadsheet will not run: a text that starts like a formula gets a leading quote."""
    if not isinstance(value, str):
        return str(value)
    text, formula = cell_text(value)
    return "'" + text if formula else visible(text)


def write_league(cards: Iterable[Scorecard], out_dir: str | Path, stem: str = "league", title: str = TITLE,
                 names: dict[str, str] | None = None, links: dict[str, str] | None = None,
                 absent: dict[str, str] | None = None) -> dict[str, Path]:
    """league.html, league.xlsx and league.csv (utf-8-sig) in out_dir; returns {kind: path}."""
    league = build_league(cards, names, links, absent)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {kind: out_dir / f"{stem}.{kind}" for kind in ("html", "xlsx", "csv")}
    paths["html"].write_text(render_html(league, title), encoding="utf-8")
    write_xlsx(league, paths["xlsx"], title)
    paths["csv"].write_text(render_csv(league), encoding="utf-8-sig", newline="")
    return paths
