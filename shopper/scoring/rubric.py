"""The rubric (fixtures/rubric/default.yaml): its data types, bands and stars, and `load_rubric`, which
validates a rubric before any browser starts and raises RubricError (a SuiteError) naming file:line."""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import yaml

from ..failures import SuiteError
from ..yamlfile import load_yaml
from .metrics import METRIC_LABELS, METRICS
from .registry import JOURNEY_INDICATORS, journeys_feeding
from ..paths import ROOT

DEFAULT_RUBRIC = ROOT / "fixtures" / "rubric" / "default.yaml"

# Every indicator the journeys can measure, with its Chinese name (a rubric may only rate these).
KNOWN_INDICATORS: dict[str, str] = {
    "A1": "好差评",
    "A3-1": "查询精准度",
    "A3-2": "申报易用度",
    "A4-1": "减时间",
    "A4-4": "减跑动",
    "A4-8": "即办程度",
    "B1": "网办深度",
    "B4-2": "国家平台单点登录",
    "B4-3": "统一身份认证接入",
    "B5-1": "办件查询",
    "B5-2": "智能客服",
    "B7-4": "用户中心",
    "C1-1": "一网通办",
    "C1-4": "统一入口",
    "C2-3": "移动端体验",
    "C3-2": "省直部门数据同源",
    "C3-3": "所辖地市数据同源",
    "C4-2": "线上预约",
    "D2": "实施编码规范",
    "E1": "基本信息要素准确度",
    "E2": "申请材料要素准确度",
    "E3": "办理流程要素准确度",
    "E4": "空表样表可下载",
    "AGE": "适老化与无障碍",
    "SEC": "安全运行",
    "STAB": "运行稳定性",
}

OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda x, v: x >= v,
    ">": lambda x, v: x > v,
    "<=": lambda x, v: x <= v,
    "<": lambda x, v: x < v,
    "==": lambda x, v: x == v,
}
SELECTS = ("tagged", "mobile_and_peers", "all")


class RubricError(SuiteError):
    """The rubric file is wrong: the message names file, line and what was expected."""


@dataclass
class Band:
    op: str
    value: float | None
    points: float
    why: str
    line: int = 0

    def matches(self, x: float) -> bool:
        return self.op == "any" or OPS[self.op](x, self.value)


@dataclass
class Criterion:
    metric: str
    weight: float
    bands: list[Band]
    line: int = 0

    @property
    def label(self) -> str:
        return METRIC_LABELS.get(self.metric, self.metric)


@dataclass
class IndicatorSpec:
    id: str
    name: str
    level1: str
    level2: str
    level3: str
    weight: float
    journeys: list[str]
    select: str
    why: str
    criteria: list[Criterion]
    line: int = 0


@dataclass
class Level1Spec:
    id: str
    name: str
    weight: float
    why: str = ""


@dataclass
class NotMeasuredSpec:
    id: str
    name: str
    level1: str
    weight: float
    why: str


@dataclass
class Rubric:
    name: str
    version: int
    path: str
    noise_points: float
    regression_margin: float
    stars: list[tuple[float, int]]
    level1: dict[str, Level1Spec]
    indicators: dict[str, IndicatorSpec]
    not_measured: dict[str, NotMeasuredSpec]
    # Bands read with the indicator's journey pass rate: its points are the most a `select: tagged`
    # indicator can score (None: no cap). See the rubric's `failure_cap` and its why.
    failure_cap: list[Band] | None = None

    def level1_total_weight(self, level1: str) -> float:
        return (sum(s.weight for s in self.indicators.values() if s.level1 == level1)
                + sum(n.weight for n in self.not_measured.values() if n.level1 == level1))

    def coverage_of(self, measured_ids: Iterable[str]) -> float:
        """Share (0–1) of the evaluation's weight covered by the given measured indicators."""
        measured = set(measured_ids)
        total_w = sum(l1.weight for l1 in self.level1.values())
        covered = 0.0
        for l1 in self.level1.values():
            inner = self.level1_total_weight(l1.id)
            got = sum(s.weight for s in self.indicators.values() if s.level1 == l1.id and s.id in measured)
            covered += l1.weight * (got / inner if inner else 0.0)
        return covered / total_w if total_w else 0.0

    @property
    def max_coverage(self) -> float:
        return self.coverage_of(self.indicators)

    def stars_for(self, score: float | None) -> int | None:
        if score is None:
            return None
        for minimum, stars in self.stars:
            if score >= minimum:
                return stars
        return self.stars[-1][1]


DEFAULT_STARS = [(90.0, 5), (80.0, 4), (70.0, 3), (60.0, 2), (0.0, 1)]


def stars_for(score: float | None) -> int | None:
    """★ per the 技术体系建设指南: 5 ≥90, 4 ≥80, 3 ≥70, 2 ≥60, else 1 (None: not measured)."""
    if score is None:
        return None
    return next((s for m, s in DEFAULT_STARS if score >= m), 1)


def stars_text(stars: int | None) -> str:
    return "—" if not stars else "★" * stars


def evaluate_bands(bands: list[Band], value: float) -> Band:
    """The first band whose condition holds (the list ends with a catch-all, so one always does)."""
    for band in bands:
        if band.matches(value):
            return band
    raise ValueError(f"no band matched {value!r}")  # unreachable with a validated rubric


# --- loading -------------------------------------------------------------------------------------------------------------
def _child(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def _line(root, *path) -> int:
    """1-based line of the node at path (falls back to the deepest existing ancestor)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else 1)
    for key in path:
        nxt = _child(node, key)
        if nxt is None:
            # a missing key: point at the mapping key itself when it exists, else the parent
            break
        node, line = nxt, nxt.start_mark.line + 1
    return line


def _key_line(root, *path) -> int:
    """Line of the KEY (not the value) at the end of path; for ids in a mapping."""
    parent = root
    for key in path[:-1]:
        parent = _child(parent, key)
    if isinstance(parent, yaml.MappingNode):
        for k, v in parent.value:
            if getattr(k, "value", None) == path[-1]:
                return k.start_mark.line + 1
    return _line(root, *path)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


TOP_KEYS = {"name", "version", "noise_points", "regression_margin", "stars", "level1", "band_sets",
            "indicators", "not_measured", "failure_cap"}
INDICATOR_KEYS = {"name", "level1", "level2", "level3", "weight", "journeys", "select", "why", "criteria"}


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Read and validate a rubric YAML; errors (RubricError) name the file, the line and the fix."""
    path = Path(path) if path else DEFAULT_RUBRIC
    try:
        root, data = load_yaml(path, RubricError, "rubric")
    except OSError as exc:
        raise RubricError(f"{path}: 无法读取评分细则 (cannot read rubric): {exc.strerror or exc}") from None
    if not isinstance(data, dict):
        raise RubricError(f"{path}:1: 评分细则应为键值映射 (a rubric is a mapping with level1, indicators, …)")

    def fail(message: str, *where) -> None:
        raise RubricError(f"{path}:{_line(root, *where)}: {message}")

    problems: list[str] = []

    @contextmanager
    def collect():
        """Note a problem and go on with the next part, so one run of load_rubric names every problem."""
        try:
            yield
        except RubricError as exc:
            problems.append(str(exc))

    def raise_problems() -> None:
        if problems:
            more = f"\n(共 {len(problems)} 处问题 / {len(problems)} problems)" if len(problems) > 1 else ""
            raise RubricError("\n".join(problems) + more)

    for key in data:
        with collect():
            if key not in TOP_KEYS:
                raise RubricError(f"{path}:{_key_line(root, key)}: 未知配置项 '{key}' "
                                  f"(unknown key; known: {', '.join(sorted(TOP_KEYS))})")
    for key in ("name", "level1", "indicators"):
        with collect():
            if key not in data:
                fail(f"缺少必填项 '{key}' (missing required key '{key}')")
    raise_problems()

    def number(value, what, *where, minimum=None, maximum=None, positive=False):
        if not _is_number(value):
            fail(f"{what} 应为数字 (must be a number, got {value!r})", *where)
        if positive and value <= 0:
            fail(f"{what} 应大于0 (must be > 0, got {value})", *where)
        if minimum is not None and value < minimum or maximum is not None and value > maximum:
            fail(f"{what} 应在 {minimum}–{maximum} 之间 (got {value})", *where)
        return float(value)

    # stars
    stars_raw = data.get("stars")
    stars = list(DEFAULT_STARS)
    with collect():
        if stars_raw is not None:
            if not isinstance(stars_raw, list) or not stars_raw:
                fail("stars 应为列表 [{min, stars}] (expected a list of {min, stars})", "stars")
            stars = []
            for i, row in enumerate(stars_raw):
                if not isinstance(row, dict) or set(row) != {"min", "stars"}:
                    fail("每行应为 {min: 分数, stars: 星数} (each row is {min, stars})", "stars", i)
                stars.append((number(row["min"], "stars.min", "stars", i, minimum=0, maximum=100),
                              int(number(row["stars"], "stars.stars", "stars", i, minimum=1, maximum=5))))
            if [m for m, _ in stars] != sorted((m for m, _ in stars), reverse=True) or stars[-1][0] != 0:
                fail("stars 应按 min 从高到低排列且最后一行 min: 0 (descending, last row min 0)", "stars")

    # level1
    with collect():
        if not isinstance(data["level1"], dict) or not data["level1"]:
            fail("level1 应为映射 {A: {name, weight}} (expected a mapping of 一级指标)", "level1")
    raise_problems()
    level1 = {}
    for lid, spec in data["level1"].items():
        with collect():
            if not isinstance(spec, dict) or "name" not in spec or "weight" not in spec:
                fail(f"一级指标 {lid} 需要 name 和 weight (needs name and weight)", "level1", lid)
            level1[str(lid)] = Level1Spec(str(lid), str(spec["name"]),
                                          number(spec["weight"], f"level1.{lid}.weight", "level1", lid, "weight",
                                                 positive=True), str(spec.get("why", "")))
    raise_problems()
    level1_sum = sum(l.weight for l in level1.values())
    if abs(level1_sum - 100) > 1e-6:   # the evaluation's 一级 weights are percentages: never re-weighted silently
        raise RubricError(f"{path}:{_key_line(root, 'level1')}: 一级指标权重之和应为100, 实为 {level1_sum:g} "
                          f"({' + '.join(f'{l.id} {l.weight:g}' for l in level1.values())}; "
                          f"1st-level weights must sum to 100)")

    # band sets
    def parse_bands(raw, *where) -> list[Band]:
        if not isinstance(raw, list) or not raw:
            fail("bands 应为非空列表 (bands must be a non-empty list)", *where)
        bands = []
        for i, b in enumerate(raw):
            at = (*where, i)
            if not isinstance(b, dict):
                fail("每个分档应为映射 {op, value, points, why} (each band is a mapping)", *at)
            unknown = set(b) - {"op", "value", "points", "why"}
            if unknown:
                fail(f"分档中有未知字段 {', '.join(sorted(unknown))} (band keys: op, value, points, why)", *at)
            op = b.get("op")
            if op not in OPS and op != "any":
                fail(f"op 应为 >=, >, <=, <, == 或 any (unknown op {op!r})", *at)
            value = None
            if op != "any":
                if "value" not in b:
                    fail(f"op {op} 需要 value (band needs a value)", *at)
                value = number(b["value"], "value", *at, "value")
            if "points" not in b:
                fail("分档缺少 points (band needs points 0–100)", *at)
            points = number(b["points"], "points", *at, "points", minimum=0, maximum=100)
            why = b.get("why")
            if not isinstance(why, str) or not why.strip():
                fail("每个分档需要 why: 一行依据 (every band needs a one-line 'why')", *at)
            bands.append(Band(op, value, points, why.strip(), _line(root, *at)))
        if bands[-1].op != "any":
            fail("最后一个分档应为 {op: any, …} 兜底 (the last band must be a catch-all op: any)", *where)
        if any(b.op == "any" for b in bands[:-1]):
            fail("op: any 只能是最后一个分档 (only the last band may be op: any)", *where)
        return bands

    band_sets = {}
    raw_sets = data.get("band_sets") or {}
    if not isinstance(raw_sets, dict):
        fail("band_sets 应为映射 {名称: [分档]} (expected a mapping)", "band_sets")
    for name, raw in raw_sets.items():
        with collect():
            band_sets[str(name)] = parse_bands(raw, "band_sets", name)

    failure_cap = None
    raw_cap = data.get("failure_cap")
    with collect():
        if isinstance(raw_cap, str):
            if raw_cap not in band_sets:
                fail(f"failure_cap: 未定义的分档组 '{raw_cap}' (unknown band set; defined: "
                     f"{', '.join(band_sets) or 'none'})", "failure_cap")
            failure_cap = band_sets[raw_cap]
        elif raw_cap is not None:
            failure_cap = parse_bands(raw_cap, "failure_cap")

    # indicators
    with collect():
        if not isinstance(data["indicators"], dict) or not data["indicators"]:
            fail("indicators 应为映射 {指标编号: {...}} (expected a mapping of indicator ids)", "indicators")
    raise_problems()
    indicators: dict[str, IndicatorSpec] = {}
    for iid, spec in data["indicators"].items():
        with collect():
            iid = str(iid)
            if iid not in KNOWN_INDICATORS:
                raise RubricError(
                    f"{path}:{_key_line(root, 'indicators', iid)}: 未知指标 '{iid}' (unknown indicator id '{iid}'; "
                    f"the journeys measure: {', '.join(KNOWN_INDICATORS)})")
            where = ("indicators", iid)
            if not isinstance(spec, dict):
                fail(f"指标 {iid} 应为映射 (indicator {iid} must be a mapping)", *where)
            unknown = set(spec) - INDICATOR_KEYS
            for k in sorted(unknown):
                problems.append(f"{path}:{_key_line(root, 'indicators', iid, k)}: 指标 {iid} 有未知字段 '{k}' "
                                f"(unknown key; known: {', '.join(sorted(INDICATOR_KEYS))})")
            for key in ("name", "level1", "weight", "criteria"):
                if key not in spec:
                    fail(f"指标 {iid} 缺少 '{key}' (indicator {iid} needs '{key}')", *where)
            if spec["level1"] not in level1:
                fail(f"指标 {iid} 的 level1 '{spec['level1']}' 不存在 (known: {', '.join(level1)})", *where, "level1")
            select = spec.get("select", "tagged")
            if select not in SELECTS:
                fail(f"select 应为 {' / '.join(SELECTS)} (got {select!r})", *where, "select")
            journeys = spec.get("journeys") or []
            if not isinstance(journeys, list) or not all(isinstance(j, str) for j in journeys):
                fail("journeys 应为旅程名列表 (journeys must be a list of names)", *where, "journeys")
            for j in journeys:
                if j not in JOURNEY_INDICATORS:
                    fail(f"未知旅程 '{j}' (unknown journey; the features have: {', '.join(JOURNEY_INDICATORS)})",
                         *where, "journeys")
                if iid not in JOURNEY_INDICATORS[j]:
                    fail(f"旅程 {j} 不计量指标 {iid} (journey {j} feeds {', '.join(JOURNEY_INDICATORS[j])}; "
                         f"{iid} is fed by: {', '.join(journeys_feeding(iid)) or 'no journey'})", *where, "journeys")
            criteria_raw = spec["criteria"]
            if not isinstance(criteria_raw, list) or not criteria_raw:
                fail(f"指标 {iid} 的 criteria 应为非空列表 (criteria must be a non-empty list)", *where, "criteria")
            criteria = []
            for i, c in enumerate(criteria_raw):
                with collect():
                    at = (*where, "criteria", i)
                    if not isinstance(c, dict) or "metric" not in c or "bands" not in c:
                        fail("每个 criterion 需要 metric 和 bands (each criterion needs metric and bands)", *at)
                    if c["metric"] not in METRICS:
                        fail(f"未知度量 '{c['metric']}' (unknown metric; known: {', '.join(sorted(METRICS))})",
                             *at, "metric")
                    weight = number(c.get("weight", 1), "weight", *at, "weight", positive=True)
                    raw_bands = c["bands"]
                    if isinstance(raw_bands, str):
                        if raw_bands not in band_sets:
                            fail(f"未定义的分档组 '{raw_bands}' (unknown band set; defined: "
                                 f"{', '.join(band_sets) or 'none'})", *at, "bands")
                        bands = band_sets[raw_bands]
                    else:
                        bands = parse_bands(raw_bands, *at, "bands")
                    criteria.append(Criterion(c["metric"], weight, bands, _line(root, *at)))
            indicators[iid] = IndicatorSpec(
                id=iid, name=str(spec["name"]), level1=str(spec["level1"]), level2=str(spec.get("level2", "")),
                level3=str(spec.get("level3", "")),
                weight=number(spec["weight"], "weight", *where, "weight", positive=True),
                journeys=list(journeys), select=select, why=str(spec.get("why", "")), criteria=criteria,
                line=_key_line(root, "indicators", iid))

    not_measured = {}
    raw_nm = data.get("not_measured") or {}
    if not isinstance(raw_nm, dict):
        fail("not_measured 应为映射 (expected a mapping)", "not_measured")
    for nid, spec in raw_nm.items():
        with collect():
            nid = str(nid)
            where = ("not_measured", nid)
            if nid in indicators:
                fail(f"{nid} 既在 indicators 又在 not_measured (listed as both measured and not measured)", *where)
            if not isinstance(spec, dict) or not {"name", "level1", "weight"} <= set(spec):
                fail(f"{nid} 需要 name, level1, weight", *where)
            if spec["level1"] not in level1:
                fail(f"{nid} 的 level1 '{spec['level1']}' 不存在 (known: {', '.join(level1)})", *where, "level1")
            not_measured[nid] = NotMeasuredSpec(nid, str(spec["name"]), str(spec["level1"]),
                                                number(spec["weight"], "weight", *where, "weight", positive=True),
                                                str(spec.get("why", "")))

    raise_problems()
    rubric = Rubric(
        name=str(data["name"]), version=int(data.get("version", 1)), path=str(path),
        noise_points=number(data.get("noise_points", 2), "noise_points", "noise_points", minimum=0, maximum=100),
        regression_margin=number(data.get("regression_margin", 5), "regression_margin", "regression_margin",
                                 minimum=0, maximum=100),
        stars=stars, level1=level1, indicators=indicators, not_measured=not_measured, failure_cap=failure_cap)
    for lid in level1:
        with collect():
            total = rubric.level1_total_weight(lid)
            if total and abs(total - 100) > 1e-6:
                fail(f"一级指标 {lid} 下各指标权重 (含 not_measured) 之和应为100, 实为 {total:g} "
                     f"(weights inside a 一级 must sum to 100)", "level1", lid)
    raise_problems()
    return rubric


