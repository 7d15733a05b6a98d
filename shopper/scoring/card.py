"""The Scorecard and its parts: plain dataclasses, serialisable with to_dict()/from_dict().

Whether a run is a verdict on the portal at all is decided here, once, for every surface (the card,
the gate, the history, the 台账, the robot message):

* 结论       every scored record is evidence on the portal;
* 无结论     a record is 套件故障 (our page objects do not fit, or our code broke): what the run says
             about the portal may rest on our misfit, so it says nothing;
* 结论不完整 the environment kept journeys from running, the run was interrupted (Ctrl-C) or its
             runner died (records missing): the total covers only part of the run.

Only 结论 is a score: the others keep their numbers for reference, never as a headline, a trend
point, a baseline or a pass of the gate. Skipped journeys (未测: the profile cannot measure them
here) lower the coverage, not the verdict.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Iterable

from .rubric import stars_text

VERDICT, NO_VERDICT, INCOMPLETE = "结论", "无结论", "结论不完整"
VERDICTS = (VERDICT, NO_VERDICT, INCOMPLETE)
# how pages/controls.misfit() names the control (docs/CONTRACTS.md §5): 控件 <name>: <page> · <locator>
_MISFIT_RE = re.compile(r"（控件 ([^\s:：（）]+): ([^·；）]+?)(?: · |；|）)")


def run_verdict(classes: Iterable[str | None], interrupted: bool = False, incomplete: bool = False) -> str:
    """结论 / 无结论 / 结论不完整 from the failure classes of a run's unscored records and its marks."""
    classes = set(classes)
    if "suite_broken" in classes:
        return NO_VERDICT
    return INCOMPLETE if interrupted or incomplete or "environment" in classes else VERDICT


def no_verdict_reason(suite_broken: int, misfit: int) -> str:
    """Why a run with 套件故障 records is 无结论 (the card's and the 台账's words)."""
    return (f"{suite_broken} 条记录为套件故障（其中未适配 {misfit} 条）：页面对象与门户不适配或套件出错，"
            f"本次运行不构成对门户的结论；适配后请重跑（shopper probe 列出未找到的控件）")


def line_verdict(line: dict) -> str:
    """The verdict of a history line or a scorecard's dict (lines written before verdicts were kept
    have none: they were taken as verdicts then and are read so)."""
    verdict = line.get("verdict") or VERDICT
    if verdict == VERDICT and (line.get("interrupted") or line.get("incomplete")):
        return INCOMPLETE
    return verdict


def misfit_controls(messages: Iterable[str | None]) -> list[tuple[str, str, int]]:
    """(control, page, how many records it blocked) from 未适配 messages, most blocking first."""
    counts: dict[tuple[str, str], int] = {}
    for message in messages:
        match = _MISFIT_RE.search(message or "") if "未适配" in (message or "") else None
        if match:
            key = (match.group(1), match.group(2).strip())
            counts[key] = counts.get(key, 0) + 1
    return sorted(((c, p, n) for (c, p), n in counts.items()), key=lambda t: (-t[2], t[0]))


@dataclass
class CriterionResult:
    metric: str
    label: str
    weight: float
    value: float | None
    points: float | None
    why: str
    measured: bool


@dataclass
class Evidence:
    nodeid: str
    scenario: str
    journey: str
    device: str
    outcome: str
    failure_class: str | None
    counted_as_failure: bool
    flaky: bool
    failed_steps: list[str]
    message: str | None
    observations: dict


@dataclass
class IndicatorScore:
    id: str
    name: str
    level1: str
    level2: str
    level3: str
    weight: float
    measured: bool
    score: float | None
    stars: int | None
    records: int
    failures: int
    flaky: int
    why: str
    criteria: list[CriterionResult] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    cap: float | None = None          # the most its journeys' pass rate allows (rubric failure_cap)
    cap_why: str | None = None        # set when the cap lowered the score


@dataclass
class Level1Score:
    id: str
    name: str
    weight: float
    score: float | None
    stars: int | None
    measured_share: float     # share (0–1) of this 一级's weight measured in this run
    indicators: list[str] = field(default_factory=list)


@dataclass
class NotScored:
    nodeid: str
    scenario: str
    journey: str
    indicators: list[str]
    failure_class: str
    reason: str
    message: str | None


@dataclass
class Scorecard:
    portal: str
    run_id: str
    run_ids: list[str]
    generated_at: str
    rubric: str
    rubric_path: str
    total: float | None
    stars: int | None
    coverage: float                # share (0–1) of the evaluation's weight measured in this run
    max_coverage: float            # what this rubric can measure at most
    level1: list[Level1Score]
    indicators: list[IndicatorScore]
    not_measured: list[dict]
    not_scored: list[NotScored]
    records_total: int
    records_scored: int
    unrated_ids: list[str] = field(default_factory=list)
    regression_margin: float = 5.0
    previous: dict | None = None           # previous run's history line (filled by shopper.history)
    regressions: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    interrupted: bool = False              # Ctrl-C: marked by the CLI (shopper/outputs.py)
    incomplete: bool = False               # the runner died: records are missing
    completeness: str = ""                 # the CLI's note on either mark

    def indicator(self, iid: str) -> IndicatorScore:
        for ind in self.indicators:
            if ind.id == iid:
                return ind
        raise KeyError(iid)

    def scores(self) -> dict[str, float | None]:
        return {i.id: i.score for i in self.indicators}

    def weakest_first(self) -> list[IndicatorScore]:
        """Measured indicators lowest score first (ties: heavier weight in the total first), then the rest."""
        l1w = {l.id: l.weight for l in self.level1}
        measured = sorted((i for i in self.indicators if i.measured),
                          key=lambda i: (i.score, -i.weight * l1w.get(i.level1, 0), i.id))
        return measured + [i for i in self.indicators if not i.measured]

    @property
    def verdict(self) -> str:
        """结论, 无结论 or 结论不完整 (see the module docstring)."""
        return run_verdict((n.failure_class for n in self.not_scored), self.interrupted, self.incomplete)

    @property
    def is_verdict(self) -> bool:
        return self.verdict == VERDICT

    @property
    def verdict_reason(self) -> str:
        suite = [n for n in self.not_scored if n.failure_class == "suite_broken"]
        misfit = [n for n in suite if "未适配" in (n.message or "")]
        if suite:
            return no_verdict_reason(len(suite), len(misfit))
        if self.interrupted or self.incomplete:
            why = self.completeness or ("运行被中断 (Ctrl-C)" if self.interrupted else "运行器异常退出，记录不全")
            return f"{why}：总分只反映已完成的 {self.records_scored} 条记录，不构成完整结论；请重跑"
        environment = [n for n in self.not_scored if n.failure_class == "environment"]
        if environment:
            return (f"{len(environment)}/{self.records_total} 条记录因环境故障未计分，"
                    f"总分只反映其余 {self.records_scored} 条；故障排除后请重跑")
        return ""

    @property
    def headline(self) -> str:
        """What the card leads with: the total and ★, or why there is no verdict (never both)."""
        if self.is_verdict:
            return f"总分 {'—' if self.total is None else f'{self.total:.1f}'} {stars_text(self.stars)}".strip()
        return f"{self.verdict}：{self.verdict_reason}"

    def to_dict(self) -> dict:
        """Plain data. A card that is no verdict has no total or stars at the top (a reader of
        `total` must not take it for one); they are kept as unverified_total / unverified_stars."""
        d = asdict(self)
        d["verdict"], d["verdict_reason"], d["headline"] = self.verdict, self.verdict_reason, self.headline
        if not self.is_verdict:
            d["unverified_total"], d["unverified_stars"] = d["total"], d["stars"]
            d["total"] = d["stars"] = None
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Scorecard":
        d = dict(d)
        if "unverified_total" in d:
            d["total"], d["stars"] = d["unverified_total"], d.get("unverified_stars")
        d["level1"] = [Level1Score(**x) for x in d.get("level1", [])]
        inds = []
        for x in d.get("indicators", []):
            x = dict(x)
            x["criteria"] = [CriterionResult(**c) for c in x.get("criteria", [])]
            x["evidence"] = [Evidence(**e) for e in x.get("evidence", [])]
            inds.append(IndicatorScore(**x))
        d["indicators"] = inds
        d["not_scored"] = [NotScored(**x) for x in d.get("not_scored", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


