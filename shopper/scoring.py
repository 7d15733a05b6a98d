"""Scoring: JourneyRecords + rubric → Scorecard (per indicator, per 一级指标, total, ★, coverage).

PURE functions: no Playwright, no browser, no network. The rubric (fixtures/rubric/default.yaml) is
data; the numbers it reads are computed by the small named functions of METRICS
(metric name → function(records) → number or None). See the rubric header for the rules:

- Records whose failure_class is environment or suite_broken (and skipped records) are not the
  portal's fault: they are left out of every score and listed in Scorecard.not_scored.
- A portal_defect failure counts against the indicator its message names (门户缺陷[A3-2]: …), or
  against all of the record's indicators when it names none. A failed record without a class
  counts as a portal defect, a broken one without a class as suite_broken (Allure's meaning).
- A flaky record (passed on a retry) counts as passed for its indicator and lowers STAB.
- Bands are first-match steps; indicator = weighted mean of measured criteria; 一级 = weighted mean
  of measured indicators; total = weighted mean of measured 一级 (renormalised), with `coverage`.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from typing import Callable, Iterable

import yaml

from .yamlfile import load_yaml

from .failures import ENVIRONMENT, PORTAL_DEFECT, SUITE_BROKEN, SuiteError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RUBRIC = ROOT / "fixtures" / "rubric" / "default.yaml"

# Every indicator the journeys can measure, with its Chinese name (a rubric may only rate these).
KNOWN_INDICATORS: dict[str, str] = {
    "A1": "好差评",
    "A3-1": "查询精准度",
    "A3-2": "申报易用度",
    "B1": "网办深度",
    "B4-2": "国家平台单点登录",
    "B4-3": "统一身份认证接入",
    "B5-1": "办件查询",
    "C1-1": "一网通办",
    "C1-4": "统一入口",
    "C2-3": "移动端体验",
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
NOT_SCORED_REASONS = {
    ENVIRONMENT: "环境故障: 不是门户的问题, 不计分",
    SUITE_BROKEN: "套件故障: 测试自身或配置有误, 不计分",
    "skipped": "已跳过, 不计分",
}
DEFECT_NAME_RE = re.compile(r"门户缺陷\[([^\]]+)\]")
REVIEW_LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
BAD_REVIEW_LEVELS = ("不满意", "非常不满意")
DEPTHS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class RubricError(SuiteError):
    """The rubric file is wrong: the message names file, line and what was expected."""


class RecordError(SuiteError):
    """A record cannot be scored (not a JourneyRecord)."""


# ============================================================================ metrics registry
Metric = Callable[[list[dict]], "float | None"]
METRICS: dict[str, Metric] = {}
METRIC_LABELS: dict[str, str] = {}


def metric(name: str, label: str):
    """Register `fn(records) -> number | None` under `name` (None: nothing to measure here)."""
    def deco(fn: Metric) -> Metric:
        METRICS[name] = fn
        METRIC_LABELS[name] = label
        return fn
    return deco


def _obs(r: dict) -> dict:
    return r.get("observations") or {}


def _of(records: list[dict], journeys: Iterable[str]) -> list[dict]:
    js = set(journeys)
    return [r for r in records if r.get("journey") in js]


def _rate(records: list[dict], keys: tuple[str, ...], pred: Callable[[dict], bool]) -> float | None:
    """Share of records where pred(observations) holds. A record lacking the keys counts as a miss
    when it failed against this indicator (the journey broke before it could observe), else is left out."""
    hits = total = 0
    for r in records:
        o = _obs(r)
        if all(o.get(k) is not None for k in keys):
            total += 1
            hits += bool(pred(o))
        elif r.get("_failed"):
            total += 1
    return None if total == 0 else hits / total


def _numbers(records: list[dict], key: str) -> list[float]:
    out = []
    for r in records:
        v = _obs(r).get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            out.append(float(v))
    return out


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0–100): the smallest value with at least p % at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[k - 1]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@metric("pass_rate", "旅程通过率 (门户缺陷计为失败)")
def m_pass_rate(records):
    """Records that failed against ANOTHER indicator (门户缺陷[X] naming others) are neutral here."""
    own = [r for r in records if not r.get("_other_failure")]
    return None if not own else sum(not r.get("_failed") for r in own) / len(own)


@metric("flaky_rate", "重试后才通过的旅程占比")
def m_flaky_rate(records):
    return None if not records else sum(bool(r.get("_flaky")) for r in records) / len(records)


# --- A3-1 search -------------------------------------------------------------------------------
def _keyword_cases(records):
    return [r for r in _of(records, ["search"]) if _obs(r).get("expected")]


def _rank(r) -> int | None:
    rank = _obs(r).get("rank")
    return rank if isinstance(rank, int) and not isinstance(rank, bool) and rank >= 1 else None


def _hit_at(k: int) -> Metric:
    def fn(records):
        cases = _keyword_cases(records)
        if not cases:
            return None
        return sum(1 for r in cases if (_rank(r) or 10 ** 9) <= k) / len(cases)
    return fn


for _k in (1, 3, 10):
    metric(f"search_hit_at_{_k}", f"抽样关键词期望事项排在前{_k}位的比例 (hit@{_k})")(_hit_at(_k))


@metric("search_mrr", "平均倒数排名 MRR (未出现计0)")
def m_search_mrr(records):
    cases = _keyword_cases(records)
    return None if not cases else sum(1 / _rank(r) if _rank(r) else 0.0 for r in cases) / len(cases)


@metric("search_latency_p90_ms", "搜索响应时间 P90 (毫秒)")
def m_search_latency(records):
    return percentile(_numbers(_of(records, ["search"]), "latency_ms"), 90)


@metric("search_http_ok_rate", "搜索请求正常返回 (HTTP <400) 的比例")
def m_search_http_ok(records):
    hits = total = 0
    for r in _of(records, ["search"]):
        status = _obs(r).get("http_status")
        if isinstance(status, int) and not isinstance(status, bool):
            total += 1
            hits += status < 400
        elif any((f.get("status") or 0) >= 500 for f in r.get("failed_requests") or []):
            total += 1          # no status observed, but the browser saw a server error
        elif not r.get("_failed"):
            total += 1
            hits += 1
    return None if total == 0 else hits / total


@metric("search_zero_result_help_rate", "零结果时给出搜索建议的比例")
def m_zero_help(records):
    cases = [r for r in _of(records, ["search"])
             if _obs(r).get("result_count") == 0 and _obs(r).get("zero_result_help") is not None]
    return None if not cases else sum(bool(_obs(r)["zero_result_help"]) for r in cases) / len(cases)


# --- A3-2 / B1 apply -----------------------------------------------------------------------------
def _submitted(records):
    return [r for r in _of(records, ["apply"]) if _obs(r).get("submitted")]


@metric("apply_submit_rate", "在线申报成功提交的比例")
def m_apply_submit(records):
    return _rate(_of(records, ["apply"]), ("submitted",), lambda o: bool(o["submitted"]))


@metric("apply_clicks_to_submit_median", "从首页到提交的点击次数 (中位数)")
def m_apply_clicks(records):
    values = _numbers(_submitted(records), "clicks_to_submit")
    return median(values) if values else None


@metric("apply_pages_to_submit_median", "从首页到提交的页面数 (中位数)")
def m_apply_pages(records):
    values = _numbers(_submitted(records), "pages_to_submit")
    return median(values) if values else None


@metric("apply_time_to_submit_median_s", "各阶段 (引导…回执) 合计用时 (秒, 中位数)")
def m_apply_time(records):
    totals = []
    for r in _submitted(records):
        stages = _obs(r).get("stage_ms") or {}
        vals = [v for v in stages.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if vals:
            totals.append(sum(vals) / 1000)
    return median(totals) if totals else None


def _depth(value) -> int | None:
    return DEPTHS.get(str(value).strip().upper()) if value is not None else None


@metric("apply_depth_mean", "推断网办深度平均 (I=1 … IV=4)")
def m_depth_mean(records):
    values = [d for d in (_depth(_obs(r).get("depth_inferred")) for r in _of(records, ["apply"])) if d]
    return _mean(values)


@metric("apply_depth_claim_consistent_rate", "实测深度不低于指南声称深度的比例")
def m_depth_claim(records):
    cases = [(_depth(_obs(r).get("depth_inferred")), _depth(_obs(r).get("depth_claimed")))
             for r in _of(records, ["apply"])]
    cases = [(i, c) for i, c in cases if i and c]
    return None if not cases else sum(i >= c for i, c in cases) / len(cases)


# --- B4-2 / B4-3 sso ----------------------------------------------------------------------------
@metric("sso_success_rate", "单点登录成功率 (成功次数/尝试次数)")
def m_sso_success(records):
    attempts = successes = 0
    for r in _of(records, ["sso"]):
        o = _obs(r)
        if isinstance(o.get("attempts"), int) and o["attempts"] > 0:
            attempts += o["attempts"]
            successes += min(int(o.get("successes") or 0), o["attempts"])
        elif r.get("_failed"):
            attempts += 1
    return None if attempts == 0 else successes / attempts


@metric("sso_time_p90_ms", "单点登录耗时 P90 (毫秒)")
def m_sso_time(records):
    times = []
    for r in _of(records, ["sso"]):
        times += [float(t) for t in _obs(r).get("times_ms") or [] if isinstance(t, (int, float))]
    return percentile(times, 90)


@metric("sso_extra_prompts_mean", "首次登录后再次要求输入密码的次数 (平均)")
def m_sso_prompts(records):
    return _mean(_numbers(_of(records, ["sso"]), "credential_prompts_after_first"))


@metric("sites_signed_in_rate", "部门/市级站点经统一身份认证登录成功的比例")
def m_sites_signed(records):
    return _rate(_of(records, ["sso_sites"]), ("signed_in",), lambda o: bool(o["signed_in"]))


@metric("sites_no_prompt_rate", "站点不再要求密码且不要求另行注册的比例")
def m_sites_no_prompt(records):
    return _rate(_of(records, ["sso_sites"]), ("registration_demanded",),
                 lambda o: not o["registration_demanded"] and not o.get("credential_prompts"))


@metric("sites_session_kept_rate", "站点下一页仍保持登录的比例")
def m_sites_kept(records):
    return _rate(_of(records, ["sso_sites"]), ("kept_on_next_page",), lambda o: bool(o["kept_on_next_page"]))


# --- B5-1 status ----------------------------------------------------------------------------------
@metric("status_found_rate", "按办件编号查到办件的比例")
def m_status_found(records):
    return _rate(_of(records, ["status"]), ("found",), lambda o: bool(o["found"]))


@metric("status_correct_rate", "显示的办理状态正确的比例")
def m_status_correct(records):
    return _rate(_of(records, ["status"]), ("found",),
                 lambda o: bool(o["found"]) and o.get("status_shown") == o.get("status_expected"))


@metric("status_leak_count", "查询结果中出现他人办件的次数")
def m_status_leak(records):
    cases = [r for r in _of(records, ["status"]) if _obs(r).get("leaked_other") is not None]
    return None if not cases else float(sum(bool(_obs(r)["leaked_other"]) for r in cases))


# --- A1 review ---------------------------------------------------------------------------------------
@metric("review_reachable_rate", "办结后能进入评价的比例")
def m_review_reachable(records):
    return _rate(_of(records, ["review"]), ("reachable",), lambda o: bool(o["reachable"]))


@metric("review_five_levels_rate", "评价提供完整五级 (非常满意…非常不满意) 的比例")
def m_review_levels(records):
    return _rate(_of(records, ["review"]), ("levels_offered",),
                 lambda o: set(REVIEW_LEVELS) <= set(o["levels_offered"] or []))


@metric("review_followup_rate", "差评后可见回访整改状态的比例")
def m_review_followup(records):
    cases = [r for r in _of(records, ["review"])
             if _obs(r).get("level") in BAD_REVIEW_LEVELS and _obs(r).get("followup_visible") is not None]
    return None if not cases else sum(bool(_obs(r)["followup_visible"]) for r in cases) / len(cases)


# --- C1-1 / C1-4 ----------------------------------------------------------------------------------------
@metric("one_network_on_platform_rate", "在线办理全程留在统一平台的比例")
def m_on_platform(records):
    return _rate(_of(records, ["one_network"]), ("off_platform_hosts",), lambda o: not o["off_platform_hosts"])


@metric("one_network_extra_logins_mean", "办理途中额外登录次数 (平均)")
def m_extra_logins(records):
    return _mean(_numbers(_of(records, ["one_network"]), "extra_logins"))


@metric("entry_reached_rate", "从部门/市级站点到达统一入口的比例")
def m_entry_reached(records):
    return _rate(_of(records, ["entry"]), ("reached",), lambda o: bool(o["reached"]))


@metric("entry_clicks_mean", "到达统一入口的点击次数 (平均)")
def m_entry_clicks_mean(records):
    return _mean(_numbers(_of(records, ["entry"]), "clicks_to_entry"))


@metric("entry_clicks_max", "到达统一入口的点击次数 (最差站点)")
def m_entry_clicks_max(records):
    values = _numbers(_of(records, ["entry"]), "clicks_to_entry")
    return max(values) if values else None


# --- C2-3 mobile ----------------------------------------------------------------------------------------
def _by_journey_device(records):
    groups: dict[str, dict[str, list[dict]]] = {}
    for r in records:
        device = "mobile" if r.get("device") == "mobile" else "desktop"
        groups.setdefault(r.get("journey", ""), {}).setdefault(device, []).append(r)
    return groups


DEVICE_RE = re.compile(r"mobile|desktop|手机|桌面", re.I)


def peer_key(r: dict) -> tuple[str, str]:
    """Same scenario on another device: journey + nodeid with the device words taken out."""
    return str(r.get("journey", "")), DEVICE_RE.sub("", str(r.get("nodeid", "")))


@metric("mobile_pass_parity", "移动端与桌面端同样可用的比例 (只计手机上才失败的)")
def m_mobile_parity(records):
    """Per mobile record: 0 when it failed but the same scenario passed on desktop, else 1.
    A mobile record without a desktop twin is compared with its journey's desktop pass rate
    (or, without any desktop record of the journey, counts by its own pass)."""
    desktop_by_key = {peer_key(r): r for r in records if r.get("device") != "mobile"}
    groups = _by_journey_device(records)
    scores = []
    for r in records:
        if r.get("device") != "mobile":
            continue
        twin = desktop_by_key.get(peer_key(r))
        if twin is not None:
            scores.append(0.0 if r.get("_failed") and not twin.get("_failed") else 1.0)
            continue
        desktop = groups.get(r.get("journey", ""), {}).get("desktop")
        if desktop:
            d = sum(not x.get("_failed") for x in desktop) / len(desktop)
            scores.append(1.0 - d if r.get("_failed") else 1.0)
        else:
            scores.append(0.0 if r.get("_failed") else 1.0)
    return _mean(scores)


@metric("mobile_click_ratio_max", "移动端点击数 ÷ 桌面端点击数 (各旅程中位数之比, 取最差)")
def m_mobile_clicks(records):
    ratios = []
    for devices in _by_journey_device(records).values():
        m = [r.get("clicks") for r in devices.get("mobile", []) if isinstance(r.get("clicks"), (int, float))]
        d = [r.get("clicks") for r in devices.get("desktop", []) if isinstance(r.get("clicks"), (int, float))]
        if m and d and median(d) > 0:
            ratios.append(median(m) / median(d))
    return max(ratios) if ratios else None


# --- AGE -----------------------------------------------------------------------------------------------------
AGE_JOURNEYS = ("elder", "a11y")


@metric("a11y_violations_max", "axe-core 无障碍违规数 (最差页面)")
def m_a11y(records):
    values = _numbers(_of(records, AGE_JOURNEYS), "violations")
    return max(values) if values else None


@metric("elder_font_px_min", "长辈版最小正文字号 (px)")
def m_font(records):
    values = _numbers(_of(records, AGE_JOURNEYS), "font_px")
    return min(values) if values else None


@metric("elder_contrast_ok_rate", "文字对比度 ≥4.5:1 的页面比例")
def m_contrast(records):
    return _rate(_of(records, AGE_JOURNEYS), ("contrast_ok",), lambda o: bool(o["contrast_ok"]))


@metric("elder_popups_max", "长辈版弹窗个数 (最差页面)")
def m_popups(records):
    values = _numbers(_of(records, AGE_JOURNEYS), "popups")
    return max(values) if values else None


# --- SEC ---------------------------------------------------------------------------------------------------------
@metric("safety_pii_unmasked_max", "页面上未脱敏的身份证号/手机号个数 (最差页面)")
def m_pii(records):
    values = _numbers(_of(records, ["safety"]), "pii_unmasked")
    return max(values) if values else None


@metric("safety_other_data_count", "可见他人数据的页面数")
def m_other_data(records):
    cases = [r for r in _of(records, ["safety"]) if _obs(r).get("other_data_visible") is not None]
    return None if not cases else float(sum(bool(_obs(r)["other_data_visible"]) for r in cases))


@metric("safety_dead_links_max", "死链个数 (最差页面)")
def m_dead_links(records):
    values = _numbers(_of(records, ["safety"]), "dead_links")
    return max(values) if values else None


# --- guide elements (E1–E4, D2) -----------------------------------------------------------------------------------
def _guide_failed(check: dict) -> bool:
    """Only a 不合格 verdict counts against the portal; 需人工复核 does not (it is listed apart).
    Records written before verdicts existed carry only ``ok``."""
    verdict = (check or {}).get("verdict")
    return verdict == "不合格" if verdict else not (check or {}).get("ok")


def _guide_rate(prefix: str) -> Metric:
    def fn(records):
        ok = total = 0
        for r in _of(records, ["guide"]):
            for element_id, check in (_obs(r).get("elements") or {}).items():
                if element_id == prefix or str(element_id).startswith(prefix + "-"):
                    total += 1
                    ok += not _guide_failed(check)
        return None if total == 0 else ok / total
    return fn


for _p in ("E1", "E2", "E3", "E4", "D2"):
    metric(f"guide_{_p.lower()}_ok_rate", f"办事指南 {_p} 要素核对未判不合格的比例")(_guide_rate(_p))


# ============================================================================ rubric
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
            "indicators", "not_measured"}
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

    for key in data:
        if key not in TOP_KEYS:
            raise RubricError(f"{path}:{_key_line(root, key)}: 未知配置项 '{key}' "
                              f"(unknown key; known: {', '.join(sorted(TOP_KEYS))})")
    for key in ("name", "level1", "indicators"):
        if key not in data:
            fail(f"缺少必填项 '{key}' (missing required key '{key}')")

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
    if not isinstance(data["level1"], dict) or not data["level1"]:
        fail("level1 应为映射 {A: {name, weight}} (expected a mapping of 一级指标)", "level1")
    level1 = {}
    for lid, spec in data["level1"].items():
        if not isinstance(spec, dict) or "name" not in spec or "weight" not in spec:
            fail(f"一级指标 {lid} 需要 name 和 weight (needs name and weight)", "level1", lid)
        level1[str(lid)] = Level1Spec(str(lid), str(spec["name"]),
                                      number(spec["weight"], f"level1.{lid}.weight", "level1", lid, "weight",
                                             positive=True), str(spec.get("why", "")))

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
        band_sets[str(name)] = parse_bands(raw, "band_sets", name)

    # indicators
    if not isinstance(data["indicators"], dict) or not data["indicators"]:
        fail("indicators 应为映射 {指标编号: {...}} (expected a mapping of indicator ids)", "indicators")
    indicators: dict[str, IndicatorSpec] = {}
    for iid, spec in data["indicators"].items():
        iid = str(iid)
        if iid not in KNOWN_INDICATORS:
            raise RubricError(
                f"{path}:{_key_line(root, 'indicators', iid)}: 未知指标 '{iid}' (unknown indicator id '{iid}'; "
                f"the journeys measure: {', '.join(KNOWN_INDICATORS)})")
        where = ("indicators", iid)
        if not isinstance(spec, dict):
            fail(f"指标 {iid} 应为映射 (indicator {iid} must be a mapping)", *where)
        unknown = set(spec) - INDICATOR_KEYS
        if unknown:
            k = sorted(unknown)[0]
            raise RubricError(f"{path}:{_key_line(root, 'indicators', iid, k)}: 指标 {iid} 有未知字段 '{k}' "
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
        criteria_raw = spec["criteria"]
        if not isinstance(criteria_raw, list) or not criteria_raw:
            fail(f"指标 {iid} 的 criteria 应为非空列表 (criteria must be a non-empty list)", *where, "criteria")
        criteria = []
        for i, c in enumerate(criteria_raw):
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

    rubric = Rubric(
        name=str(data["name"]), version=int(data.get("version", 1)), path=str(path),
        noise_points=number(data.get("noise_points", 2), "noise_points", "noise_points", minimum=0, maximum=100),
        regression_margin=number(data.get("regression_margin", 5), "regression_margin", "regression_margin",
                                 minimum=0, maximum=100),
        stars=stars, level1=level1, indicators=indicators, not_measured=not_measured)
    for lid in level1:
        total = rubric.level1_total_weight(lid)
        if total and abs(total - 100) > 1e-6:
            fail(f"一级指标 {lid} 下各指标权重 (含 not_measured) 之和应为100, 实为 {total:g} "
                 f"(weights inside a 一级 must sum to 100)", "level1", lid)
    return rubric


# ============================================================================ records
def _as_dict(record) -> dict:
    if isinstance(record, dict):
        return record
    if hasattr(record, "to_dict"):
        return record.to_dict()
    raise RecordError(f"不是 JourneyRecord: {type(record).__name__} (not a record)")


def dedupe_records(records: Iterable) -> list[dict]:
    """One record per (run_id, nodeid) — and portal, since shards by portal share node ids: the
    highest attempt wins; equal attempts → the later one."""
    best: dict[tuple[str, str, str], dict] = {}
    order: list[tuple[str, str, str]] = []
    for raw in records:
        r = _as_dict(raw)
        key = (str(r.get("portal", "")), str(r.get("run_id", "")), str(r.get("nodeid", "")))
        if key not in best:
            order.append(key)
            best[key] = r
        elif int(r.get("attempt") or 1) >= int(best[key].get("attempt") or 1):
            best[key] = r
    return [best[k] for k in order]


def load_shards(*directories: str | Path) -> list[dict]:
    """Records from several shard directories (recursively), merged and de-duplicated."""
    from .record import load_records

    out = []
    for directory in directories:
        if not Path(directory).is_dir():
            raise RecordError(f"{directory}: 记录目录不存在 (no such records directory)")
        out += load_records(Path(directory))
    return dedupe_records(out)


def failure_class_of(r: dict) -> str | None:
    """portal_defect / suite_broken / environment / 'skipped' / None (passed)."""
    outcome = r.get("outcome", "passed")
    if outcome == "passed":
        return None
    if outcome == "skipped":
        return "skipped"
    cls = r.get("failure_class")
    if cls in (PORTAL_DEFECT, SUITE_BROKEN, ENVIRONMENT):
        return cls
    return PORTAL_DEFECT if outcome == "failed" else SUITE_BROKEN


def named_indicators(r: dict) -> set[str]:
    """Indicators a portal defect's message names (门户缺陷[A3-1]: …); empty when it names none."""
    out: set[str] = set()
    for m in DEFECT_NAME_RE.finditer(r.get("failure_message") or ""):
        out |= {p.strip() for p in re.split(r"[,，、\s]+", m.group(1)) if p.strip()}
    return out


def is_flaky(r: dict) -> bool:
    return r.get("outcome") == "passed" and (bool(r.get("flaky")) or int(r.get("attempt") or 1) > 1)


# ============================================================================ scorecard
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

    def to_dict(self) -> dict:
        return asdict(self)

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


MAX_EVIDENCE = 60


def _key_observations(o: dict) -> dict:
    out = {}
    for k, v in o.items():
        if k == "elements" and isinstance(v, dict):   # guide: 不合格 and 需人工复核 apart
            bad = {eid: (c or {}).get("why", "") for eid, c in v.items() if _guide_failed(c)}
            out["elements_failed"] = bad
            out["elements_review"] = {eid: (c or {}).get("why", "") for eid, c in v.items()
                                      if (c or {}).get("verdict") == "需人工复核"}
            out["elements_checked"] = len(v)
        elif isinstance(v, list) and len(v) > 8:
            out[k] = v[:8] + [f"… 共{len(v)}项"]
        elif isinstance(v, str) and len(v) > 120:
            out[k] = v[:120] + "…"
        else:
            out[k] = v
    return out


def _evidence(r: dict) -> Evidence:
    steps = [s.get("name", "") for s in r.get("steps") or [] if isinstance(s, dict)
             and s.get("status", "passed") != "passed"]
    message = r.get("failure_message")
    return Evidence(
        nodeid=str(r.get("nodeid", "")), scenario=str(r.get("scenario", "")), journey=str(r.get("journey", "")),
        device=str(r.get("device", "desktop")), outcome=str(r.get("outcome", "passed")),
        failure_class=r.get("failure_class"), counted_as_failure=bool(r.get("_failed")), flaky=bool(r.get("_flaky")),
        failed_steps=steps, message=(message[:300] if isinstance(message, str) else None),
        observations=_key_observations(_obs(r)))


def _view(spec: IndicatorSpec, scored: list[dict]) -> list[dict]:
    """The records one indicator reads, each marked _failed (counts against it) and _flaky."""
    if spec.select == "all":
        chosen = scored
    elif spec.select == "mobile_and_peers":
        mobile_journeys = {r.get("journey") for r in scored if r.get("device") == "mobile"}
        chosen = [r for r in scored if r.get("journey") in mobile_journeys]
    else:
        chosen = [r for r in scored
                  if spec.id in (r.get("indicators") or []) or r.get("journey") in spec.journeys
                  or (failure_class_of(r) == PORTAL_DEFECT and spec.id in named_indicators(r))]
    out = []
    for r in chosen:
        defect = failure_class_of(r) == PORTAL_DEFECT
        failed, other = defect, False
        if defect and spec.select == "tagged":
            names = named_indicators(r)
            failed = not names or spec.id in names
            other = not failed
        out.append({**r, "_failed": failed, "_other_failure": other, "_flaky": is_flaky(r)})
    return out


def _score_indicator(spec: IndicatorSpec, rubric: Rubric, scored: list[dict]) -> IndicatorScore:
    view = _view(spec, scored)
    if spec.select == "mobile_and_peers":
        has_data = any(r.get("device") == "mobile" for r in view)
    else:
        has_data = bool(view)
    criteria = []
    total_w = total_p = 0.0
    for c in spec.criteria:
        value = METRICS[c.metric](view) if has_data else None
        if value is None:
            criteria.append(CriterionResult(c.metric, c.label, c.weight, None, None, "无可计量的记录 (not measured)", False))
            continue
        band = evaluate_bands(c.bands, value)
        criteria.append(CriterionResult(c.metric, c.label, c.weight, round(float(value), 4), band.points, band.why, True))
        total_w += c.weight
        total_p += c.weight * band.points
    measured = total_w > 0
    score = round(total_p / total_w, 1) if measured else None
    evidence_rows = sorted(view, key=lambda r: (not r["_failed"], not r["_flaky"], str(r.get("nodeid"))))
    return IndicatorScore(
        id=spec.id, name=spec.name, level1=spec.level1, level2=spec.level2, level3=spec.level3,
        weight=spec.weight, measured=measured, score=score, stars=rubric.stars_for(score),
        records=len(view), failures=sum(r["_failed"] for r in view), flaky=sum(r["_flaky"] for r in view),
        why=spec.why, criteria=criteria, evidence=[_evidence(r) for r in evidence_rows[:MAX_EVIDENCE]])


def score(records: Iterable, rubric: Rubric | str | Path | None = None, portal: str | None = None,
          now: dt.datetime | None = None) -> Scorecard:
    """Score one portal's records (de-duplicated first). Raises RecordError for mixed portals."""
    if not isinstance(rubric, Rubric):
        rubric = load_rubric(rubric)
    records = dedupe_records(records)
    portals = sorted({str(r.get("portal", "")) for r in records})
    if portal is None:
        if len(portals) > 1:
            raise RecordError(f"记录来自多个门户 {', '.join(portals)}: 请用 score_portals() "
                              f"(records of several portals: use score_portals)")
        portal = portals[0] if portals else ""
    else:
        records = [r for r in records if str(r.get("portal", "")) == portal]
    for r in records:
        if not r.get("nodeid") or not r.get("journey"):
            raise RecordError(f"记录缺少 nodeid 或 journey: {str(r)[:200]} (not a JourneyRecord)")

    scored, not_scored = [], []
    for r in records:
        cls = failure_class_of(r)
        if cls in NOT_SCORED_REASONS:
            msg = r.get("failure_message")
            not_scored.append(NotScored(str(r["nodeid"]), str(r.get("scenario", "")), str(r["journey"]),
                                        list(r.get("indicators") or []), cls, NOT_SCORED_REASONS[cls],
                                        msg[:300] if isinstance(msg, str) else None))
        else:
            scored.append(r)

    indicators = [_score_indicator(spec, rubric, scored) for spec in rubric.indicators.values()]
    by_id = {i.id: i for i in indicators}
    level1 = []
    for l1 in rubric.level1.values():
        children = [i for i in indicators if i.level1 == l1.id]
        measured = [i for i in children if i.measured]
        w = sum(i.weight for i in measured)
        l1_score = round(sum(i.score * i.weight for i in measured) / w, 1) if w else None
        inner = rubric.level1_total_weight(l1.id)
        level1.append(Level1Score(l1.id, l1.name, l1.weight, l1_score, rubric.stars_for(l1_score),
                                  round(w / inner, 4) if inner else 0.0, [i.id for i in children]))
    measured_l1 = [l for l in level1 if l.score is not None]
    w = sum(l.weight for l in measured_l1)
    total = round(sum(l.score * l.weight for l in measured_l1) / w, 1) if w else None
    known_ids = set(rubric.indicators) | set(rubric.not_measured)
    unrated = sorted({i for r in records for i in (r.get("indicators") or []) if i not in known_ids})
    run_ids = sorted({str(r.get("run_id", "")) for r in records if r.get("run_id")})
    now = now or dt.datetime.now(dt.timezone.utc)
    return Scorecard(
        portal=portal, run_id=run_ids[-1] if run_ids else "", run_ids=run_ids,
        generated_at=now.isoformat(timespec="seconds"), rubric=rubric.name, rubric_path=rubric.path,
        total=total, stars=rubric.stars_for(total),
        coverage=round(rubric.coverage_of(i for i, s in by_id.items() if s.measured), 4),
        max_coverage=round(rubric.max_coverage, 4), level1=level1, indicators=indicators,
        not_measured=[asdict(n) for n in rubric.not_measured.values()], not_scored=not_scored,
        records_total=len(records), records_scored=len(scored), unrated_ids=unrated,
        regression_margin=rubric.regression_margin)


def score_portals(records: Iterable, rubric: Rubric | str | Path | None = None) -> dict[str, Scorecard]:
    """One Scorecard per portal found in the records (for a league table)."""
    if not isinstance(rubric, Rubric):
        rubric = load_rubric(rubric)
    records = dedupe_records(records)
    portals = sorted({str(r.get("portal", "")) for r in records})
    return {p: score(records, rubric, portal=p) for p in portals}
