"""The supervisor's 整改台账: every finding to the unit that must fix it, and what changed since last time.

    write_ledger(run_dir, records_dir, profile, baseline_dir=None)
      → <run_dir>/findings.json   (the next run's baseline)
        <run_dir>/整改台账.xlsx     (汇总 sheet first, then one sheet per 责任单位)
        <run_dir>/整改台账.html     (the same, for a browser and the Allure report)

Columns: 序号, 指标, 问题描述, 页面, 证据, 责任单位, 发现时间, 状态, 整改时限 (left empty for the
supervisor). 状态 against the baseline: 新增 / 仍未整改 / 已整改 / 未复查 (shopper.findings.compare);
a run that is no verdict (无结论) says so at the top, its findings are 未确认 (no unit's 待整改, no
league) and its findings.json carries its baseline on (never itself the next run's baseline).
Everything written is masked (shopper.masking). Pure Python (openpyxl, Jinja2), no Playwright.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .findings import (FIXED, NEW, OPEN, UNCHECKED, UNCONFIRMED, Finding, RunFindings, compare, effective_baseline,
                       findings_from_run, load_findings)
from .guide import ELEMENT_NAMES
from .masking import mask_data, mask_text
from .paths import ROOT
from .scoring.card import NO_VERDICT, VERDICT
from .untrusted import one_line, sheet_name, visible
from .xlsxcells import display_width, fit, put, table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATES = Path(__file__).resolve().parent / "templates"
XLSX_NAME, HTML_NAME, JSON_NAME = "整改台账.xlsx", "整改台账.html", "findings.json"
COLUMNS = ("序号", "指标", "问题描述", "页面", "证据", "责任单位", "发现时间", "状态", "整改时限")
STATUS_ORDER = {NEW: 0, OPEN: 1, UNCONFIRMED: 2, UNCHECKED: 3, FIXED: 4}
SUMMARY_SHEET = "汇总"
REVIEW, TO_REVIEW = "需人工复核", "待复核"
MAX_WIDTH = {"问题描述": 60, "证据": 60, "页面": 36, "责任单位": 34}
RESERVED_SHEETS = ("history",)   # Excel keeps this name for itself (any case)


@dataclass
class UnitCount:
    unit: str
    new: int = 0
    open: int = 0
    fixed: int = 0
    unchecked: int = 0
    unconfirmed: int = 0
    review: int = 0                 # of new + open: 需人工复核, our reading to be checked by a person
    is_department: bool = False

    @property
    def outstanding(self) -> int:
        """待整改: new and still-open findings the portal's evidence carries (不合格). A 需人工复核 one
        rests on our reading: it is 待复核, never the unit's problem to fix until a person confirms it."""
        return self.new + self.open - self.review

    @property
    def fix_rate(self) -> float | None:
        """Share of last time's problems fixed since (None without any to fix)."""
        due = self.open + self.fixed
        return round(self.fixed / due, 3) if due else None


@dataclass
class Ledger:
    run_id: str
    portal: str
    baseline_run: str | None
    generated_at: str
    findings: list[Finding]
    unscored: list = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    verdict: str = VERDICT
    verdict_reason: str = ""
    baseline_note: str = ""        # how the baseline was chosen, when it is not simply the run given

    @property
    def no_verdict(self) -> bool:
        return self.verdict == NO_VERDICT

    def units(self) -> list[UnitCount]:
        counts: dict[str, UnitCount] = {}
        for f in self.findings:
            c = counts.setdefault(f.owner, UnitCount(f.owner))
            c.is_department = c.is_department or f.owner_source in ("实施主体", "站点")
            if f.status in (NEW, OPEN) and f.verdict == REVIEW:
                c.review += 1
            if f.status == NEW:
                c.new += 1
            elif f.status == OPEN:
                c.open += 1
            elif f.status == FIXED:
                c.fixed += 1
            elif f.status == UNCONFIRMED:
                c.unconfirmed += 1
            else:
                c.unchecked += 1
        return sorted(counts.values(), key=lambda c: (-c.outstanding, -c.review, c.unit))

    def league(self) -> list[tuple[int, UnitCount]]:
        """Departments and cities, fewest outstanding problems first, then best fix rate; none for a
        run that is no verdict (it ranks nobody)."""
        if self.no_verdict:
            return []
        depts = [c for c in self.units() if c.is_department]
        depts.sort(key=lambda c: (c.outstanding, -(c.fix_rate or 0), c.unit))
        ranked, rank, last = [], 0, None
        for i, c in enumerate(depts, 1):
            key = (c.outstanding, c.fix_rate)
            rank = rank if key == last else i
            ranked.append((rank, c))
            last = key
        return ranked

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.findings)

    def to_review(self) -> int:
        """待复核: new or open findings that rest on our reading (需人工复核)."""
        return sum(f.status in (NEW, OPEN) and f.verdict == REVIEW for f in self.findings)

    def outstanding(self) -> int:
        """待整改: new or open findings the portal's own evidence carries."""
        return self.count(NEW) + self.count(OPEN) - self.to_review()

    def by_unit(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for f in sorted(self.findings, key=lambda f: (STATUS_ORDER.get(f.status, 9), f.indicator, f.key)):
            out.setdefault(f.owner, []).append(f)
        return {u.unit: out[u.unit] for u in self.units()}

    def top(self, n: int = 5) -> list[Finding]:
        """The findings a message leads with: new first, then still open."""
        live = [f for f in self.findings if f.status in (NEW, OPEN)]
        return sorted(live, key=lambda f: (STATUS_ORDER[f.status], f.owner, f.indicator))[:n]


# --------------------------------------------------------------------------- cells
RUBRIC = ROOT / "fixtures" / "rubric" / "default.yaml"
_NAMES: dict[str, str] = {}


def _indicator_names() -> dict[str, str]:
    """Indicator id → name: the guide elements (GUIDE_RULES) and the rubric's indicators."""
    if not _NAMES:
        import yaml
        try:
            data = yaml.safe_load(RUBRIC.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            data = {}
        for iid, spec in (data.get("indicators") or {}).items():
            if isinstance(spec, dict) and spec.get("name"):
                _NAMES[str(iid)] = str(spec["name"]).split(" (")[0]
        _NAMES.update(ELEMENT_NAMES)
    return _NAMES


def indicator_label(f: Finding) -> str:
    name = _indicator_names().get(f.indicator)
    return f"{f.indicator} {name}" if name else f.indicator


def found_at_label(iso: str) -> str:
    """'2026-11-24T09:01:02+00:00' → '2026-11-24 09:01 UTC' (the record's time, no seconds)."""
    try:
        t = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return t.strftime("%Y-%m-%d %H:%M") + (" UTC" if t.utcoffset() == dt.timedelta(0) else "")


def row_of(i: int, f: Finding, base: Path | None = None) -> list[str]:
    return [str(i), indicator_label(f), mask_text(f.title), mask_text(f.page), f.evidence_text(base), f.owner,
            found_at_label(f.found_at), f.status, ""]


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (shopper.untrusted.sheet_name: no []:*?/\\ or control character, at
    most 31 characters, no formula start), never 汇总 or a name Excel reserves."""
    base = sheet_name(name)
    title = base
    n = 2
    while title.lower() in {t.lower() for t in taken} or title == SUMMARY_SHEET or title.lower() in RESERVED_SHEETS:
        suffix = f"~{n}"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    taken.add(title)
    return title


# --------------------------------------------------------------------------- xlsx
def unit_sheet(wb, title: str, columns: tuple[str, ...], rows: list[list]) -> None:
    """One 责任单位's sheet: its findings under a frozen, filtered header; 整改时限 wide enough to fill in."""
    sheet = wb.create_sheet(title)
    widths: dict[int, int] = {}
    table(sheet, list(columns), rows, widths=widths, caps=MAX_WIDTH)
    due = columns.index("整改时限") + 1
    widths[due] = max(widths.get(due, 0), 14)
    fit(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def write_xlsx(ledger: Ledger, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    put(ws, 1, 1, f"整改台账 · {ledger.portal}").font = Font(bold=True, size=14)
    put(ws, 2, 1, f"运行 {ledger.run_id}；对比基线 {ledger.baseline_run or '无（首次建账）'}{ledger.baseline_note}；"
                   f"生成于 {ledger.generated_at}")
    if ledger.no_verdict:
        put(ws, 3, 1, f"{NO_VERDICT}：{ledger.verdict_reason}。本次发现均为「{UNCONFIRMED}」，"
                       f"不计为任何单位的待整改问题，本次运行不作为下次对比的基线。").font = Font(bold=True, color="C0392B")
    widths: dict[int, int] = {}
    units = ledger.units()
    rows = [[u.unit, u.outstanding, u.review, u.new, u.open, u.unconfirmed, u.fixed, u.unchecked] for u in units]
    rows.append(["合计", ledger.outstanding(), ledger.to_review(), ledger.count(NEW), ledger.count(OPEN),
                 ledger.count(UNCONFIRMED), ledger.count(FIXED), ledger.count(UNCHECKED)])
    end = table(ws, ["责任单位", "待整改", TO_REVIEW, NEW, OPEN, UNCONFIRMED, FIXED, UNCHECKED], rows, start_row=4, widths=widths, caps=MAX_WIDTH)
    if ledger.no_verdict:
        put(ws, end + 2, 1, f"部门整改排名：{NO_VERDICT}，本次不排名").font = Font(bold=True)
        end += 2
    else:
        put(ws, end + 2, 1, "部门整改排名（问题少者在前，其次整改率高者在前）").font = Font(bold=True)
        league = [[u.unit, u.outstanding, u.fixed, "—" if u.fix_rate is None else f"{u.fix_rate:.0%}", rank]
                  for rank, u in ledger.league()]
        end = table(ws, ["部门/地市", "待整改", "已整改", "整改率", "排名"], league, start_row=end + 3, widths=widths, caps=MAX_WIDTH)
    if ledger.unscored:
        put(ws, end + 2, 1, "未计分（套件故障/环境故障，不计入任何单位）").font = Font(bold=True)
        un = [[u.scenario, u.journey, u.label, u.message] for u in ledger.unscored]
        table(ws, ["场景", "旅程", "类别", "原因"], un, start_row=end + 3, widths=widths, caps=MAX_WIDTH)
    fit(ws, widths, first_row=4)
    ws.freeze_panes = "A5"
    taken: set[str] = set()
    for unit, findings in ledger.by_unit().items():
        unit_sheet(wb, sheet_title(unit, taken), COLUMNS, [row_of(i, f, path.parent) for i, f in enumerate(findings, 1)])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- html
def render_html(ledger: Ledger, base: Path | None = None) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      finalize=lambda v: visible(v) if isinstance(v, str) else v)
    env.filters["mask"] = mask_text
    return env.get_template("ledger.html").render(
        ledger=ledger, columns=COLUMNS, units=ledger.units(), league=ledger.league(),
        sections=[(unit, [(row_of(i, f, base), f) for i, f in enumerate(fs, 1)]) for unit, fs in ledger.by_unit().items()],
        statuses=(NEW, OPEN, UNCONFIRMED, FIXED, UNCHECKED), base=base)


# --------------------------------------------------------------------------- entry point
def build_ledger(current: RunFindings, baseline: dict | None = None) -> Ledger:
    """`baseline`: the findings.json data of an earlier run; a 无结论 one stands for the baseline it
    carried (a run that is no verdict is never a baseline)."""
    effective = effective_baseline(baseline)
    note = (f"（{(baseline or {}).get('run_id')} 为{NO_VERDICT}，沿用其基线）"
            if baseline and effective is not baseline else "")
    return Ledger(run_id=current.run_id, portal=current.portal,
                  baseline_run=(effective or {}).get("run_id"),
                  generated_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  findings=compare(current, effective), unscored=current.unscored,
                  verdict=current.verdict, verdict_reason=current.verdict_reason, baseline_note=note)


def write_ledger(run_dir, records_dir, profile=None, baseline_dir=None, traces_dir=None,
                 results_dir=None) -> Ledger:
    """Findings of one run (its records directory, or its record dicts) → findings.json, 整改台账.xlsx and .html in
    run_dir. `baseline_dir`: a previous run's directory (or its findings.json) to mark each finding
    新增 / 仍未整改 / 已整改. `traces_dir`/`results_dir` add traces and masked screenshots as evidence."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    records = records_dir if isinstance(records_dir, list) else Path(records_dir)
    current = findings_from_run(records, profile, traces_dir=traces_dir, results_dir=results_dir)
    baseline = load_findings(Path(baseline_dir)) if baseline_dir else None
    ledger = build_ledger(current, baseline)
    data = {**current.to_dict(), "baseline_run": ledger.baseline_run,
            "findings": [f.to_dict() for f in ledger.findings if f.status != FIXED],
            "fixed": [f.to_dict() for f in ledger.findings if f.status == FIXED]}
    if ledger.no_verdict:      # the next run compares with the last verdict run, not with this one
        data["carried_baseline"] = effective_baseline(baseline)
    ledger.paths = {"json": run_dir / JSON_NAME, "xlsx": run_dir / XLSX_NAME, "html": run_dir / HTML_NAME}
    ledger.paths["json"].write_text(json.dumps(mask_data(data), ensure_ascii=False, indent=1), encoding="utf-8")
    write_xlsx(ledger, ledger.paths["xlsx"])
    ledger.paths["html"].write_text(render_html(ledger, run_dir), encoding="utf-8")
    return ledger


def summary_lines(ledger: Ledger) -> list[str]:
    where = one_line(ledger.paths.get("xlsx", ""))
    if ledger.no_verdict:      # nothing is charged to a unit: no per-unit lines
        return [f"[shopper] 整改台账: {where}  ({NO_VERDICT}: {UNCONFIRMED} {ledger.count(UNCONFIRMED)}, "
                f"未复查 {ledger.count(UNCHECKED)}, 未计分 {len(ledger.unscored)}; 不计入任何单位, 不作为下次基线)"]
    lines = [f"[shopper] 整改台账: {where}  (新增 {ledger.count(NEW)}, "
             f"仍未整改 {ledger.count(OPEN)}, 已整改 {ledger.count(FIXED)}, 未复查 {ledger.count(UNCHECKED)}, "
             f"未计分 {len(ledger.unscored)})"]
    lines += [f"[shopper]   {one_line(u.unit)}: 待整改 {u.outstanding}"
              + (f", {TO_REVIEW} {u.review} (需人工复核, 不计为待整改)" if u.review else "") + f" (新增 {u.new})"
              for u in ledger.units() if u.outstanding or u.review]
    return lines


def attach_to_allure(ledger: Ledger, results_dir) -> Path | None:
    """The 台账 as one entry of the Allure report (epic 整改台账): its HTML page and the xlsx as
    attachments, its counts in the description. Written into the run's allure-results before the
    report is generated; a run without results (no Allure) gets nothing."""
    import shutil
    import time
    import uuid

    results_dir = Path(results_dir)
    if not results_dir.is_dir() or not ledger.paths:
        return None
    attachments = []
    for key, mime, ext in (("html", "text/html", "html"), ("xlsx", XLSX_MIME, "xlsx")):
        source = f"{uuid.uuid4()}-attachment.{ext}"
        shutil.copyfile(ledger.paths[key], results_dir / source)
        attachments.append({"name": ledger.paths[key].name, "source": source, "type": mime})
    now = int(time.time() * 1000)
    name = (f"整改台账 · {NO_VERDICT}（{UNCONFIRMED} {ledger.count(UNCONFIRMED)} 项）" if ledger.no_verdict
            else f"整改台账 · 待整改 {ledger.outstanding()} 项" + (f"，{TO_REVIEW} {ledger.to_review()} 项" if ledger.to_review() else ""))
    result = {"uuid": str(uuid.uuid4()), "name": name,
              "fullName": "shopper.ledger:整改台账", "status": "passed", "start": now, "stop": now,
              "description": "\n".join(summary_lines(ledger)).replace("[shopper] ", ""),
              "labels": [{"name": "epic", "value": "整改台账"}, {"name": "feature", "value": "整改台账"}],
              "attachments": attachments}
    path = results_dir / f"{result['uuid']}-result.json"
    path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return path
