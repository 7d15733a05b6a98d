"""The Scorecard and its parts: plain dataclasses, serialisable with to_dict()/from_dict()."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
        """结论 (a verdict on the portal), 无结论 (our suite did not fit or broke: no verdict at all),
        or 结论不完整 (the environment kept some journeys from running)."""
        classes = {n.failure_class for n in self.not_scored}
        if "suite_broken" in classes:
            return "无结论"
        return "结论不完整" if classes else "结论"

    @property
    def verdict_reason(self) -> str:
        suite = [n for n in self.not_scored if n.failure_class == "suite_broken"]
        misfit = [n for n in suite if "未适配" in (n.message or "")]
        if suite:
            return (f"{len(suite)} 条记录为套件故障（其中未适配 {len(misfit)} 条）：页面对象与门户不适配或套件出错，"
                    f"本次运行不构成对门户的结论；适配后请重跑（shopper probe 列出未找到的控件）")
        if self.not_scored:
            return (f"{len(self.not_scored)}/{self.records_total} 条记录因环境故障未计分，"
                    f"总分只反映其余 {self.records_scored} 条；故障排除后请重跑")
        return ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["verdict"], d["verdict_reason"] = self.verdict, self.verdict_reason
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Scorecard":
        d = dict(d)
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


