"""Findings: one per failed check of a run, each with the unit that must fix it (the 整改台账's rows).

A finding comes from a run's JourneyRecords (docs/CONTRACTS.md §5):
  - a guide element judged 不合格 or 需人工复核 (guide observations: `verdict`, or the older `ok`);
  - a dead link, unmasked 身份证号/phone numbers, an accessibility violation (axe rule per page);
  - any other journey verdict failed as 门户缺陷 (the failed step is the element);
  - a journey that passed only on a retry (不稳定, STAB).
Records failed as 套件故障 or 环境故障 (or skipped) are NO verdict on the portal: they become `Unscored`
rows, never a unit's problem. A run with a 套件故障 record is 无结论 as a whole (shopper.scoring.card):
what it found may rest on our misfit, so its findings are 未确认 (listed, not a unit's 新增 or 仍未整改
problem, never 已整改 for an old one) and it is never the next run's baseline: its findings.json
carries the baseline it was compared with on to the next run.

The key of a finding is stable across runs: indicator | scope | element, with scope an item id, a
site name or a host-less path (the sandbox port changes every run), never a run id or a time.
Pure Python, no Playwright import.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .failures import ENVIRONMENT, LABELS_ZH, PORTAL_DEFECT, SUITE_BROKEN
from .guide import ELEMENT_NAMES
from .masking import mask_data, mask_text
from .record import load_records
from .scoring.card import NO_VERDICT, VERDICT, no_verdict_reason, run_verdict
from .scoring.records import charged_indicators
from .yamlfile import load_yaml
from .paths import ROOT

DEFAULT_OWNERS = ROOT / "fixtures" / "owners" / "default.yaml"

# statuses against a baseline run; UNCONFIRMED: found by a run that is no verdict (无结论)
NEW, OPEN, FIXED, UNCHECKED, UNCONFIRMED = "新增", "仍未整改", "已整改", "未复查", "未确认"
FAILING_VERDICTS = ("不合格", "需人工复核")


@dataclass
class Finding:
    key: str
    indicator: str
    title: str                      # 问题描述
    page: str = ""                  # host-less path or site name
    step: str = ""
    evidence: dict = field(default_factory=dict)   # value, why, url, screenshot, trace
    owner: str = ""                 # 责任单位
    owner_source: str = ""          # 实施主体 | 站点 | 配置 owners | 默认
    found_at: str = ""              # first seen (kept from the baseline while still open)
    status: str = NEW
    verdict: str = "不合格"          # 不合格 | 需人工复核
    journey: str = ""
    device: str = "desktop"
    run_id: str = ""
    scope: str = ""                 # the check that made it (record_scope); decides 已整改 vs 未复查

    def to_dict(self) -> dict:
        return mask_data(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def evidence_text(self, base: Path | None = None, with_paths: bool = True) -> str:
        """The evidence as one masked line for a spreadsheet cell: the value found, why (unless the
        问题描述 says it already), and the masked screenshot and trace (relative to `base`, the
        ledger's directory, when given)."""
        ev = self.evidence
        parts = []
        if re.search(r"[\w\u4e00-\u9fff]", str(ev.get("value", ""))):
            parts.append(f"值: {ev['value']}")
        if ev.get("why") and ev["why"] not in self.title:
            parts.append(f"原因: {ev['why']}")
        for label, key in (("截图", "screenshot"), ("跟踪", "trace")):
            if ev.get(key) and with_paths:
                parts.append(f"{label}: {self.evidence_path(key, base)}")
        return mask_text("；".join(parts))

    def evidence_path(self, key: str, base: Path | None = None) -> str:
        """A screenshot or trace path, relative to the ledger when it lies in the same reports tree."""
        path = self.evidence.get(key, "")
        if not (path and base):
            return path
        rel = os.path.relpath(path, base)
        return path if rel.startswith(os.path.join("..", "..", "..")) else rel


@dataclass
class Unscored:
    """A record that gave no verdict on the portal (套件故障, 环境故障, skipped): listed, never charged."""
    journey: str
    scenario: str
    failure_class: str
    message: str
    device: str = "desktop"

    @property
    def label(self) -> str:
        return LABELS_ZH.get(self.failure_class, self.failure_class or "未执行")

    def to_dict(self) -> dict:
        return mask_data({**asdict(self), "label": self.label})


# --------------------------------------------------------------------------- owners
class Owners:
    """责任单位 resolution: 实施主体 → site → profile `owners:` → fixtures/owners/default.yaml."""

    def __init__(self, profile=None, defaults_path: Path = DEFAULT_OWNERS):
        _, data = load_yaml(Path(defaults_path), ValueError, "owners file")
        self.defaults = dict((data or {}).get("owners") or {})
        self.custom = dict(getattr(profile, "owners", None) or {})
        sites = list(getattr(profile, "departments", []) or []) + list(getattr(profile, "cities", []) or [])
        self.site_names = {s.name for s in sites}
        self.by_code = {s.code: s.name for s in sites}

    @staticmethod
    def _lookup(table: dict, indicator: str) -> str | None:
        best = None
        for prefix, unit in table.items():
            if prefix != "*" and indicator.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
                best = (prefix, unit)
        return best[1] if best else None

    def resolve(self, indicator: str, implementer: str = "", site: str = "", dept_code: str = "") -> tuple[str, str]:
        if implementer:
            return implementer, "实施主体"
        if site and site in self.site_names:
            return site, "站点"
        if dept_code and dept_code in self.by_code:
            return self.by_code[dept_code], "实施主体"
        unit = self._lookup(self.custom, indicator)
        if unit:
            return unit, "配置 owners"
        unit = self._lookup(self.defaults, indicator) or self.custom.get("*") or self.defaults.get("*", "未指定")
        return unit, "默认"


# --------------------------------------------------------------------------- helpers
def host_less(url: str) -> str:
    """'http://portal.example:37347/guide/g-1?x=1' → '/guide/g-1?x=1' (no host, no port: stable across
    runs); a hash route keeps its route ('/#/guide/1234')."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = unquote(parts.path or "/")
    return (path + (f"?{unquote(parts.query)}" if parts.query else "")
            + (f"#{unquote(parts.fragment)}" if parts.fragment.startswith("/") else ""))


def _last_page(record: dict) -> str:
    navs = record.get("navigations") or []
    return host_less(navs[-1]) if navs else ""


_GHERKIN = re.compile(r"^(假如|假设|假定|当|那么|而且|并且|同时|但是|Given|When|Then|And|But)\s+")


def _failed_step(record: dict) -> str:
    """The failed step's text without its Gherkin keyword (那么/而且 vary with the step's place)."""
    for step in record.get("steps") or []:
        if step.get("status") == "failed":
            return _GHERKIN.sub("", step.get("name", ""))
    return ""


def _element_verdict(result: dict) -> str:
    """合格 / 不合格 / 需人工复核 from either shape of a guide element's result."""
    verdict = result.get("verdict")
    if verdict in ("合格", *FAILING_VERDICTS):
        return verdict
    return "合格" if result.get("ok", True) else "不合格"


def _scope(record: dict) -> str:
    obs = record.get("observations") or {}
    for key, label in (("site", "site"), ("item_id", "item"), ("keyword", "keyword")):
        if obs.get(key):
            return f"{label}:{obs[key]}"
    if obs.get("page"):
        return f"page:{host_less(str(obs['page']))}"
    return f"scenario:{record.get('scenario', '')}"


def _device_suffix(record: dict) -> str:
    return "@mobile" if record.get("device") == "mobile" else ""


def trace_path(record: dict, traces_dir: Path | None) -> str:
    """Where the plugin saved this record's masked trace (shopper.plugin._attach_trace), if it exists."""
    if not traces_dir:
        return ""
    safe = re.sub(r"[^\w.-]+", "_", record.get("nodeid", ""))[-120:]
    path = Path(traces_dir) / record.get("run_id", "") / f"{safe}.a{record.get('attempt', 1)}.zip"
    return str(path) if path.exists() else ""


def screenshots_by_record(results_dir: Path | None) -> dict[tuple[str, int], str]:
    """(nodeid, attempt) → the masked failure screenshot Allure holds for it (plugin: 失败截图 …)."""
    out: dict[tuple[str, int], str] = {}
    if not results_dir or not Path(results_dir).is_dir():
        return out
    for path in Path(results_dir).glob("*-result.json"):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        atts = _attachments(result)
        record_att = next((a for a in atts if a.get("name") == "journey-record.json"), None)
        shot = next((a for a in atts if str(a.get("name", "")).startswith("失败截图")), None)
        if not record_att or not shot:
            continue
        try:
            rec = json.loads((Path(results_dir) / record_att["source"]).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError):
            continue
        out[(rec.get("nodeid", ""), int(rec.get("attempt", 1)))] = str(Path(results_dir) / shot["source"])
    return out


def _attachments(node: dict) -> list[dict]:
    atts = list(node.get("attachments") or [])
    for step in node.get("steps") or []:
        atts += _attachments(step)
    return atts


# --------------------------------------------------------------------------- findings per record
def _guide_findings(record: dict, owners: Owners) -> list[Finding]:
    obs = record.get("observations") or {}
    item = obs.get("item_id", "")
    name = obs.get("name") or (re.search(r"办事指南「(.+?)」", record.get("failure_message") or "") or [None, item])[1]
    out = []
    for element, result in (obs.get("elements") or {}).items():
        verdict = _element_verdict(result)
        if verdict not in FAILING_VERDICTS:
            continue
        family = element.split("-")[0]
        owner, source = owners.resolve(family, implementer=obs.get("implementer", ""), dept_code=obs.get("dept", ""))
        why = result.get("why", "")
        label = ELEMENT_NAMES.get(element, element)
        out.append(Finding(
            key=f"{family}|item:{item}|{element}", indicator=element,
            title=f"办事指南「{name}」{label}{'需人工复核' if verdict == '需人工复核' else '不合格'}: {why}",
            page=_last_page(record) or f"item:{item}", step=_failed_step(record),
            evidence={"value": result.get("value", ""), "why": why}, owner=owner, owner_source=source,
            verdict=verdict))
    return out


def _safety_findings(record: dict, owners: Owners) -> list[Finding]:
    obs = record.get("observations") or {}
    out = []
    for entry in obs.get("dead") or []:
        status, _, url = str(entry).rpartition(" ")
        path = host_less(url) if url.startswith("http") else url
        host = (urlsplit(url).hostname or "") if url.startswith("http") else ""
        owner, source = owners.resolve("SEC")
        out.append(Finding(key=f"SEC|link:{host.split('.')[0]}{path}|死链", indicator="SEC",
                           title=f"死链: {path}（{status or '无法打开'}）", page=path, step=_failed_step(record),
                           evidence={"value": status, "why": "链接打不开", "url": path},
                           owner=owner, owner_source=source))
    if obs.get("pii_unmasked"):
        pages = re.search(r"页面: ([^）)]+)", record.get("failure_message") or "")
        where = pages.group(1) if pages else "、".join(obs.get("pages_scanned") or [])
        owner, source = owners.resolve("SEC")
        out.append(Finding(key=f"SEC|{_scope(record)}|未脱敏号码", indicator="SEC",
                           title=f"{obs['pii_unmasked']} 处显示了完整的身份证号或手机号（{where}）",
                           page=where, step=_failed_step(record),
                           evidence={"value": f"{obs['pii_unmasked']} 处", "why": "个人信息未脱敏显示"},
                           owner=owner, owner_source=source))
    return out


_AXE = re.compile(r"([\w-]+)\((\w+), (\d+)处\)")


def _a11y_findings(record: dict, owners: Owners) -> list[Finding]:
    obs = record.get("observations") or {}
    if not obs.get("violations") or "page" not in obs:
        return []
    rules = _AXE.findall(record.get("failure_message") or "") or [(v, "", "") for v in obs.get("violation_ids") or []]
    page = host_less(str(obs["page"]))
    owner, source = owners.resolve("AGE")
    return [Finding(key=f"AGE|page:{page}|axe:{rule}{_device_suffix(record)}", indicator="AGE",
                    title=f"无障碍违规 {rule}" + (f"（{impact}，{n} 处）" if impact else ""), page=page,
                    step=_failed_step(record), evidence={"value": rule, "why": f"axe-core 规则 {rule}"},
                    owner=owner, owner_source=source) for rule, impact, n in rules]


def _indicators_of(record: dict) -> list[str]:
    """Exactly the indicators the record's 门户缺陷 was charged to (the record's charged_indicator);
    records written before that field existed say it only in the message prefix 门户缺陷[X]. A defect
    charged to none is filed under the journey's first indicator."""
    if "charged_indicator" in record:
        charged = charged_indicators(record)
    else:
        match = re.match(r"门户缺陷\[([^\]]+)\]", record.get("failure_message") or "")
        charged = match.group(1).split(",") if match else []
    return charged or (record.get("indicators") or ["?"])[:1]


def _verdict_findings(record: dict, owners: Owners) -> list[Finding]:
    """One finding per indicator the failure was charged to."""
    obs = record.get("observations") or {}
    step = _failed_step(record)
    message = re.sub(r"^门户缺陷(\[[^\]]*\])?: ", "", record.get("failure_message") or "未通过")
    site = obs.get("site", "")
    out = []
    for indicator in _indicators_of(record):
        # the guide's 实施主体 where the record read one (数据同源, 减时间): the department that publishes it
        owner, source = owners.resolve(indicator, implementer=str(obs.get("implementer") or ""), site=site)
        out.append(Finding(key=f"{indicator}|{_scope(record)}|{step or record.get('journey', '')}{_device_suffix(record)}",
                           indicator=indicator, title=message, page=site or _last_page(record), step=step,
                           evidence={"value": _observed(obs), "why": message, "url": _last_page(record)},
                           owner=owner, owner_source=source))
    return out


def _observed(obs: dict, limit: int = 200) -> str:
    """What the journey measured, as short key=value text (scalars and short lists only)."""
    parts = []
    for key, value in obs.items():
        if isinstance(value, list) and len(value) <= 8 and all(isinstance(v, (str, int, float)) for v in value):
            value = " → ".join(map(str, value)) if key == "path" else ", ".join(map(str, value))
        if isinstance(value, (str, int, float, bool)) and value != "" and key not in ("site", "page"):
            parts.append(f"{key}={value}")
    text = "; ".join(parts)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def findings_of_record(record: dict, owners: Owners) -> list[Finding]:
    """The findings of one (scored) record; [] when it passed cleanly. A guide's elements count even
    when the journey passed: an element 需人工复核 need not fail the journey, but the supervisor
    must see it."""
    guide = _guide_findings(record, owners) if record.get("journey") == "guide" else []
    if record.get("outcome") == "passed":
        if record.get("flaky"):
            owner, source = owners.resolve("STAB")
            guide.append(Finding(key=f"STAB|{_scope(record)}|{record.get('journey', '')}{_device_suffix(record)}",
                                 indicator="STAB", title=f"「{record.get('scenario', '')}」重试后才通过（运行不稳定）",
                                 page=_last_page(record), evidence={"why": "第一次失败, 重试通过"},
                                 owner=owner, owner_source=source, verdict="需人工复核"))
        return guide
    out = guide
    if record.get("journey") == "safety":
        out = _safety_findings(record, owners)
    elif (record.get("observations") or {}).get("violations"):
        out = _a11y_findings(record, owners)
    return out or _verdict_findings(record, owners)


def _is_scored(record: dict) -> bool:
    if record.get("outcome") == "skipped":
        return False
    return record.get("failure_class") not in (SUITE_BROKEN, ENVIRONMENT) and (
        record.get("outcome") == "passed" or record.get("failure_class") == PORTAL_DEFECT)


def _latest_attempts(records: list[dict]) -> list[dict]:
    latest: dict[tuple, dict] = {}
    for rec in records:
        k = (rec.get("nodeid"), rec.get("device"))
        if k not in latest or rec.get("attempt", 1) >= latest[k].get("attempt", 1):
            latest[k] = rec
    return list(latest.values())


@dataclass
class RunFindings:
    run_id: str
    portal: str
    findings: list[Finding]
    unscored: list[Unscored]
    checked_scopes: list[str]       # record_scope of every scored record (what this run re-checked)

    @property
    def verdict(self) -> str:
        """结论 unless a record is 套件故障 (无结论: nothing this run found is confirmed)."""
        return NO_VERDICT if run_verdict(u.failure_class for u in self.unscored) == NO_VERDICT else VERDICT

    @property
    def verdict_reason(self) -> str:
        suite = [u for u in self.unscored if u.failure_class == SUITE_BROKEN]
        return no_verdict_reason(len(suite), sum("未适配" in u.message for u in suite)) if suite else ""

    def to_dict(self) -> dict:
        return {"schema": 1, "run_id": self.run_id, "portal": self.portal, "verdict": self.verdict,
                "verdict_reason": self.verdict_reason,
                "findings": [f.to_dict() for f in self.findings],
                "unscored": [u.to_dict() for u in self.unscored], "checked_scopes": self.checked_scopes}


def record_scope(record: dict) -> str:
    """What check a record ran (journey, subject, device): a baseline finding made by the same check
    and absent now is 已整改; one whose check did not run (or gave no verdict) is 未复查."""
    return f"{record.get('journey', '')}|{_scope(record)}{_device_suffix(record)}"


def findings_from_run(records_or_dir, profile=None, traces_dir: Path | None = None,
                      results_dir: Path | None = None, owners_path: Path = DEFAULT_OWNERS) -> RunFindings:
    """One finding per failed check of a run. `records_or_dir`: a records directory of one run
    (`…/records/<run_id>/`) or a list of record dicts. `traces_dir` (the run's traces root) and
    `results_dir` (allure-results) add the trace and the masked failure screenshot as evidence."""
    records = (load_records(Path(records_or_dir)) if isinstance(records_or_dir, (str, Path))
               else list(records_or_dir))
    owners = Owners(profile, owners_path)
    shots = screenshots_by_record(results_dir)
    findings: dict[str, Finding] = {}
    unscored: list[Unscored] = []
    scopes: set[str] = set()
    for rec in _latest_attempts(records):
        if not _is_scored(rec):
            unscored.append(Unscored(rec.get("journey", ""), rec.get("scenario", ""), rec.get("failure_class") or "",
                                     mask_text(rec.get("failure_message") or rec.get("outcome", "")),
                                     rec.get("device", "desktop")))
            continue
        scopes.add(record_scope(rec))
        for f in findings_of_record(rec, owners):
            f.scope = record_scope(rec)
            f.found_at, f.journey, f.device, f.run_id = rec.get("started_at", ""), rec.get("journey", ""), \
                rec.get("device", "desktop"), rec.get("run_id", "")
            if rec.get("outcome") != "passed":
                f.evidence.setdefault("trace", trace_path(rec, traces_dir))
                f.evidence.setdefault("screenshot", shots.get((rec.get("nodeid", ""), rec.get("attempt", 1)), ""))
            f.evidence = {k: v for k, v in f.evidence.items() if v}
            findings.setdefault(f.key, f)
    run_id = records[0].get("run_id", "") if records else ""
    portal = records[0].get("portal", "") if records else ""
    ordered = sorted(findings.values(), key=lambda f: (f.owner, f.indicator, f.key))
    return RunFindings(run_id, portal, ordered, unscored, sorted(scopes))


# --------------------------------------------------------------------------- baseline comparison
def compare(current: RunFindings, baseline: dict | None) -> list[Finding]:
    """Every finding of this run marked 新增 / 仍未整改, plus the baseline's findings this run no
    longer has: 已整改 when this run re-checked them, else 未复查 (that check did not run or gave no
    verdict). A finding still open keeps the time it was first found. A run that is no verdict
    (无结论) confirms nothing: its findings are 未确认 and the baseline's absent ones 未复查.
    `baseline`: a verdict run's findings (see effective_baseline)."""
    no_verdict = current.verdict == NO_VERDICT
    before = {d["key"]: Finding.from_dict(d) for d in (baseline or {}).get("findings") or []
              if d.get("status") != FIXED}
    checked = set() if no_verdict else set(current.checked_scopes)
    out = []
    for f in current.findings:
        if f.key in before:
            f.status, f.found_at = (UNCONFIRMED if no_verdict else OPEN), before[f.key].found_at or f.found_at
        else:
            f.status = UNCONFIRMED if no_verdict else NEW
        out.append(f)
    for key, old in before.items():
        if key in {f.key for f in current.findings}:
            continue
        old.status = FIXED if old.scope in checked else UNCHECKED
        out.append(old)
    return out


def effective_baseline(data: dict | None) -> dict | None:
    """The findings to compare with: a 无结论 run's findings.json stands for the baseline it carried
    (its own findings are unconfirmed), so a run that is no verdict is never a baseline."""
    if data and data.get("verdict") == NO_VERDICT:
        return data.get("carried_baseline")
    return data


def load_findings(path: Path) -> dict:
    """A findings.json written by shopper.ledger (a baseline); a directory means <dir>/findings.json."""
    path = Path(path)
    if path.is_dir():
        path = path / "findings.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: 没有基线台账 (no baseline findings.json)") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: 基线台账不是合法 JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ValueError(f"{path}: 不是台账数据 (needs a 'findings' list)")
    return data
