"""One 整改台账 across portals (a sweep: a province's portal, its city channels, its department sites):
every finding of every portal's run, grouped by the 责任单位 that must fix it, each row naming its
portal. Read from each run's findings.json (shopper/ledger.py wrote it, statuses against that portal's
own baseline), so the across-portal 台账 says exactly what the portals' own 台账 say.

A portal whose run is 无结论 keeps its findings 未确认: listed under their unit, never counted as a
unit's 待整改 (the same rule as its own 台账); a run without a 台账 (结论不完整, 中断, or one that
never ran) is named at the top with why. Everything written is masked; portal text is untrusted
(formula-safe cells, control characters as escapes, autoescaped html).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .findings import FIXED, NEW, OPEN, UNCHECKED, UNCONFIRMED, Finding
from .ledger import (MAX_WIDTH, STATUS_ORDER, SUMMARY_SHEET, TEMPLATES, found_at_label, indicator_label, sheet_title,
                     unit_sheet)
from .masking import mask_data, mask_text
from .scoring.card import NO_VERDICT
from .untrusted import visible
from .xlsxcells import fit, put, table

XLSX_NAME, HTML_NAME = "整改台账.xlsx", "整改台账.html"
JSON_NAME = "findings.json"           # a run's own 台账 data (shopper/ledger.py)
ACROSS_JSON = "findings-across.json"  # never a baseline: no run's 台账
COLUMNS = ("序号", "门户", "指标", "问题描述", "页面", "证据", "发现时间", "状态", "整改时限")
STATUSES = (NEW, OPEN, UNCONFIRMED, FIXED, UNCHECKED)


@dataclass
class PortalRun:
    portal: str
    run_id: str
    folder: Path
    verdict: str = ""               # of its 台账: 结论 / 无结论; "" when the run wrote none
    note: str = ""                  # why there is no 台账, or the 无结论 reason
    baseline_run: str | None = None
    findings: list[Finding] = field(default_factory=list)
    unscored: int = 0


@dataclass
class UnitRow:
    unit: str
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STATUSES})
    portals: set[str] = field(default_factory=set)
    review: int = 0                 # of new + open: 需人工复核 (待复核, not the unit's to fix yet)

    @property
    def outstanding(self) -> int:
        return self.counts[NEW] + self.counts[OPEN] - self.review


def read_run(portal: str, run_id: str, folder: Path, why_none: str = "") -> PortalRun:
    """One portal's run as its findings.json left it (no file: a run without a 台账, and `why_none`)."""
    run = PortalRun(portal, run_id, Path(folder))
    path = run.folder / JSON_NAME
    if not path.is_file():
        run.note = why_none or "本次运行没有整改台账 (no 台账: the run did not finish or did not run)"
        return run
    data = json.loads(path.read_text(encoding="utf-8"))
    run.verdict, run.note = data.get("verdict", ""), data.get("verdict_reason", "")
    run.baseline_run, run.unscored = data.get("baseline_run"), len(data.get("unscored") or [])
    run.findings = [Finding.from_dict(d) for d in (data.get("findings") or []) + (data.get("fixed") or [])]
    return run


@dataclass
class Across:
    title: str
    runs: list[PortalRun]
    generated_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))

    def rows(self) -> list[tuple[PortalRun, Finding]]:
        return [(run, f) for run in self.runs for f in run.findings]

    def units(self) -> list[UnitRow]:
        out: dict[str, UnitRow] = {}
        for run, f in self.rows():
            row = out.setdefault(f.owner, UnitRow(f.owner))
            row.counts[f.status] = row.counts.get(f.status, 0) + 1
            row.review += _to_review(f)
            row.portals.add(run.portal)
        return sorted(out.values(), key=lambda u: (-u.outstanding, -u.review, -len(u.portals), u.unit))

    def by_unit(self) -> dict[str, list[tuple[PortalRun, Finding]]]:
        grouped: dict[str, list] = {}
        for run, f in sorted(self.rows(), key=lambda t: (STATUS_ORDER.get(t[1].status, 9), t[0].portal,
                                                          t[1].indicator, t[1].key)):
            grouped.setdefault(f.owner, []).append((run, f))
        return {u.unit: grouped[u.unit] for u in self.units()}

    def count(self, status: str) -> int:
        return sum(f.status == status for _, f in self.rows())


def row_of(i: int, run: PortalRun, f: Finding, base: Path) -> list[str]:
    return [str(i), run.portal, indicator_label(f), mask_text(f.title), mask_text(f.page), f.evidence_text(base),
            found_at_label(f.found_at), f.status, ""]


def _to_review(f: Finding) -> bool:
    """New or open and resting on our reading (需人工复核): 待复核, not 待整改."""
    return f.status in (NEW, OPEN) and f.verdict == "需人工复核"


def _run_line(run: PortalRun) -> list:
    return [run.portal, run.run_id, run.verdict or "无台账",
            sum(f.status in (NEW, OPEN) and not _to_review(f) for f in run.findings),
            sum(_to_review(f) for f in run.findings),
            sum(f.status == UNCONFIRMED for f in run.findings), run.unscored, run.note]


def write_xlsx(across: Across, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    put(ws, 1, 1, f"整改台账 · 跨门户 · {across.title}").font = Font(bold=True, size=14)
    put(ws, 2, 1, f"{len(across.runs)} 个门户；各门户的状态对比其自身上次运行；生成于 {across.generated_at}")
    no_verdict = [r.portal for r in across.runs if r.verdict == NO_VERDICT]
    if no_verdict:
        put(ws, 3, 1, f"{NO_VERDICT}的门户（{'、'.join(no_verdict)}）：其发现均为「{UNCONFIRMED}」，不计为任何单位的待整改问题。"
            ).font = Font(bold=True, color="C0392B")
    widths: dict[int, int] = {}
    units = across.units()
    rows = [[u.unit, u.outstanding, u.review, *(u.counts[s] for s in STATUSES), "、".join(sorted(u.portals))] for u in units]
    rows.append(["合计", sum(u.outstanding for u in units), sum(u.review for u in units),
                 *(across.count(s) for s in STATUSES), ""])
    end = table(ws, ["责任单位", "待整改", "待复核", *STATUSES, "涉及门户"], rows, start_row=5, widths=widths,
                caps={**MAX_WIDTH, "涉及门户": 40})
    put(ws, end + 2, 1, "各门户").font = Font(bold=True)
    table(ws, ["门户", "运行", "结论", "待整改", "待复核", UNCONFIRMED, "未计分", "说明"], [_run_line(r) for r in across.runs],
          start_row=end + 3, widths=widths, caps={"说明": 60})
    fit(ws, widths, first_row=5)
    ws.freeze_panes = "A6"
    taken: set[str] = set()
    for unit, items in across.by_unit().items():
        unit_sheet(wb, sheet_title(unit, taken), COLUMNS,
                   [row_of(i, run, f, path.parent) for i, (run, f) in enumerate(items, 1)])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def render_html(across: Across, base: Path) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      finalize=lambda v: visible(v) if isinstance(v, str) else v)
    env.filters["mask"] = mask_text
    sections = [(unit, [(row_of(i, run, f, base), f) for i, (run, f) in enumerate(items, 1)])
                for unit, items in across.by_unit().items()]
    return env.get_template("ledger_across.html").render(
        across=across, columns=COLUMNS, units=across.units(), statuses=STATUSES, sections=sections,
        runs=[_run_line(r) for r in across.runs], no_verdict=[r.portal for r in across.runs if r.verdict == NO_VERDICT],
        base=base)


def write_across(runs: list[PortalRun], out_dir: str | Path, title: str) -> dict[str, Path]:
    """整改台账.xlsx, .html and findings.json (every portal's rows, masked) in out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    across = Across(title, runs)
    paths = {"xlsx": out_dir / XLSX_NAME, "html": out_dir / HTML_NAME, "json": out_dir / ACROSS_JSON}
    write_xlsx(across, paths["xlsx"])
    paths["html"].write_text(render_html(across, out_dir), encoding="utf-8")
    data = {"schema": 1, "title": title, "generated_at": across.generated_at,
            "portals": [{"portal": r.portal, "run_id": r.run_id, "verdict": r.verdict, "note": r.note,
                         "baseline_run": r.baseline_run} for r in runs],
            "findings": [{**f.to_dict(), "portal": run.portal} for run, f in across.rows()]}
    paths["json"].write_text(json.dumps(mask_data(data), ensure_ascii=False, indent=1), encoding="utf-8")
    return paths
