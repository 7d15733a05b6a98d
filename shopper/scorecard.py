"""Writing scorecards: JSON, CSV (utf-8-sig, for Excel), a self-contained Chinese HTML page with
per-indicator evidence and inline SVG trend charts, and a markdown summary for CI logs (the league
table of several portals: shopper/league.py). Pure Python (no browser).

A card that is no verdict (无结论, 结论不完整: shopper.scoring.card) leads with that and why, with
links to the probe's fit table and screenshots when the run folder has them, in every format; its
numbers appear lower down, marked 不构成结论 (not a verdict); trend charts draw no point for it.
Text from records (portal text) is autoescaped and its control characters shown as escapes.
"""
from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from .scoring import VERDICT, IndicatorScore, Scorecard, line_verdict, misfit_controls, stars_text
from .untrusted import one_line, visible
from .paths import ROOT

REPORTS = ROOT / "reports"
TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
OUTCOME_ZH = {"passed": "通过", "failed": "失败", "broken": "中断", "skipped": "跳过"}
CLASS_ZH = {"portal_defect": "门户缺陷", "suite_broken": "套件故障", "environment": "环境故障", "skipped": "跳过"}


def _fmt(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.1f}"
    return str(x)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _value(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _previous_score(card: Scorecard, iid: str) -> float | None:
    return ((card.previous or {}).get("indicators") or {}).get(iid)


def _problems(ind: IndicatorScore, limit: int = 3) -> str:
    """One line: the criteria that lost points, worst first."""
    lost = sorted((c for c in ind.criteria if c.measured and c.points < 100), key=lambda c: c.points)
    return "；".join(f"{c.label}={_value(c.value)} ({c.why})" for c in lost[:limit])


# ============================================================================ trend SVG
def trend_data(points: list[tuple], width: int = 360, height: int = 96, title: str = "") -> dict:
    """The numbers of a trend chart (scores 0–100 over runs; gaps where a run did not measure). A
    point is (run, score) or (run, score, verdict): a run that is no verdict is a gap with a grey ×
    on the base line naming its verdict, never a score."""
    pad_l, pad_r, pad_t, pad_b = 28, 36, 8, 16
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad_l + (w * i / (n - 1) if n > 1 else w / 2)
        return round(x, 1), round(pad_t + h * (1 - v / 100), 1)

    guides = []
    for level, colour in ((60, "#d9822b"), (90, "#2e8540")):
        y = pad_t + h * (1 - level / 100)
        guides.append({"level": level, "colour": colour, "y": f"{y:.1f}", "label_y": f"{y + 4:.1f}"})
    segments, segment, dots, no_verdict = [], [], [], []
    for i, (run, v, *verdict) in enumerate(points):
        if verdict and verdict[0] != VERDICT:
            x, _ = xy(i, 0)
            no_verdict.append({"x": x, "y": pad_t + h - 2, "run": run, "label": verdict[0]})
            v = None
        if v is None:
            if segment:
                segments.append(" ".join(segment))
            segment = []
            continue
        x, y = xy(i, v)
        segment.append(f"{x},{y}")
        dots.append({"x": x, "y": y, "run": run, "label": f"{v:g}"})
    if segment:
        segments.append(" ".join(segment))
    last = dots[-1] if dots else None
    return {"width": width, "height": height, "title": title, "pad_l": pad_l, "right": pad_l + w,
            "base": pad_t + h, "guides": guides, "segments": segments, "dots": dots, "no_verdict": no_verdict,
            "last": {"tx": last["x"] + 5, "ty": last["y"] + 4, "label": last["label"]} if last else None,
            "first_run": points[0][0] if n else None, "last_run": points[-1][0] if n > 1 else None}


def trend_svg(points: list[tuple], width: int = 360, height: int = 96, title: str = "") -> str:
    """An inline SVG line chart of scores (0–100) over runs; gaps where a run did not measure."""
    macros = _env().get_template("scorecard_macros.html.j2").module
    return str(macros.trend(trend_data(points, width, height, title)))


def _series(card: Scorecard, iid: str | None) -> list[tuple[str, float | None, str]]:
    """(run, score, verdict) per run of the history (this card alone without one); a run that is no
    verdict has no score here."""
    history = card.history or [{"run_id": card.run_id, "total": card.total, "verdict": card.verdict,
                                "indicators": {i.id: i.score for i in card.indicators}}]
    out = []
    for h in history:
        verdict = line_verdict(h)
        value = h.get("total") if iid is None else (h.get("indicators") or {}).get(iid)
        out.append((h.get("run_id", ""), value if verdict == VERDICT else None, verdict))
    return out


# ============================================================================ HTML
CSS = f"""
body {{ font-family: {FONT}; margin: 24px; color: #1b1b1b; background: #fff; line-height: 1.5; }}
h1 {{ font-size: 26px; margin: 0 0 4px; }} h2 {{ font-size: 20px; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; margin-top: 28px; }}
h3 {{ font-size: 17px; margin: 0; }}
.meta {{ color: #555; font-size: 14px; }}
.summary {{ display: flex; gap: 24px; align-items: center; flex-wrap: wrap; margin: 16px 0; }}
.total {{ font-size: 44px; font-weight: 700; color: #1f5fa8; }}
.stars {{ color: #e0a800; font-size: 26px; letter-spacing: 2px; }}
td.stars, th.stars, .head .stars {{ font-size: 17px; letter-spacing: 1px; white-space: nowrap; }}
.box {{ border: 1px solid #ccd; border-radius: 6px; padding: 10px 14px; background: #f7f9fc; }}
.alert {{ border: 2px solid #c0392b; background: #fdecea; border-radius: 6px; padding: 10px 14px; }}
.total.nv {{ color: #c0392b; }}
table {{ border-collapse: collapse; margin: 8px 0; font-size: 14px; }}
th, td {{ border: 1px solid #ccd; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #eef2f8; white-space: nowrap; }}
td.nw {{ white-space: nowrap; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.ind {{ border: 1px solid #ccd; border-left: 6px solid #1f5fa8; border-radius: 4px; padding: 10px 14px; margin: 14px 0; }}
.ind.s1, .ind.s2 {{ border-left-color: #c0392b; }} .ind.s3 {{ border-left-color: #d9822b; }}
.ind.s4 {{ border-left-color: #7da33c; }} .ind.s5 {{ border-left-color: #2e8540; }} .ind.na {{ border-left-color: #999; }}
.head {{ display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; }}
.score {{ font-size: 22px; font-weight: 700; }}
.down {{ color: #c0392b; font-weight: 700; }} .up {{ color: #2e8540; }}
.failed {{ background: #fff3f0; }}
details summary {{ cursor: pointer; color: #1f5fa8; }}
code {{ font-size: 12px; word-break: break-all; }}
.small {{ font-size: 12px; color: #555; }}
"""


def _delta(card: Scorecard, iid: str, score: float | None) -> dict | None:
    before = _previous_score(card, iid)
    if before is None or score is None:
        return None
    delta = round(score - before, 1)
    if delta < -card.regression_margin:
        return {"cls": "down", "text": f"▼ {delta:g} (上次 {before:g})"}
    if delta < 0:
        return {"cls": "small", "text": f"▼ {delta:g}"}
    if delta > 0:
        return {"cls": "up", "text": f"▲ +{delta:g}"}
    return {"cls": "small", "text": "持平"}


def _obs_items(obs: dict) -> list[str]:
    items = []
    for k, v in (obs or {}).items():
        text = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
        items.append(f"{k}={text[:160]}")
    return items


def _evidence_result(ev) -> str:
    result = OUTCOME_ZH.get(ev.outcome, ev.outcome)
    if ev.failure_class:
        result += f" ({CLASS_ZH.get(ev.failure_class, ev.failure_class)})"
    if ev.outcome != "passed" and not ev.counted_as_failure:
        result += "，不计入本指标"
    if ev.flaky:
        result += "，重试后通过"
    return result


def _indicator_view(card: Scorecard, ind: IndicatorScore) -> dict:
    return {"ind": ind, "cls": f"s{ind.stars}" if ind.measured else "na",
            "delta": _delta(card, ind.id, ind.score),
            "trend": trend_data(_series(card, ind.id), title=ind.name),
            "failed": sum(1 for e in ind.evidence if e.counted_as_failure or e.flaky),
            "evidence": [{"row": e, "result": _evidence_result(e), "obs": _obs_items(e.observations)}
                         for e in ind.evidence]}


def _finalize(value):
    """Every value a template prints: control characters of portal text as visible escapes."""
    return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             finalize=_finalize)
    env.filters.update(fmt=_fmt, pct=_pct, value=_value, stars=stars_text, g=lambda x: f"{x:g}")
    return env


GUIDE_INDICATORS = ("E1", "E2", "E3", "E4", "D2")


def guide_reviews(card: Scorecard) -> list[dict]:
    """The guide elements the checker left to a person (需人工复核): not scored, listed apart.

    Read from the guide indicators' evidence (``elements_review``), one row per guide, element and
    reason, whatever the devices that saw it (the same page read on a desktop and a phone is one
    thing to check): ``{"scenario", "device", "devices", "item_id", "element", "why"}``."""
    rows: dict[tuple, dict] = {}
    for ind in card.indicators:
        if ind.id not in GUIDE_INDICATORS:
            continue
        for ev in ind.evidence:
            obs = ev.observations or {}
            for element, why in (obs.get("elements_review") or {}).items():
                item = str(obs.get("item_id", ""))
                row = rows.setdefault((item or ev.nodeid, element, why), {
                    "scenario": ev.scenario, "device": ev.device, "devices": [], "item_id": item,
                    "element": element, "why": why})
                if ev.device not in row["devices"]:
                    row["devices"].append(ev.device)
    return list(rows.values())


def fit_links(folder: Path | None) -> dict:
    """The probe's fit table and screenshots in a run folder, as links relative to its scorecard."""
    probe = Path(folder) / "probe" if folder else None
    if probe is None or not probe.is_dir():
        return {"table": None, "shots": []}
    return {"table": "probe/fit.md" if (probe / "fit.md").is_file() else None,
            "shots": [f"probe/{p.name}" for p in sorted(probe.glob("*.png"))]}


def render_html(card: Scorecard, title: str | None = None, fit: dict | None = None) -> str:
    """The scorecard page (templates/scorecard.html.j2), self-contained, autoescaped. `fit`: links to
    the probe's fit table and screenshots (fit_links), shown with a card that is no verdict."""
    title = title or f"{card.portal} 模拟办事评分卡"
    return _env().get_template("scorecard.html.j2").render(
        card=card, title=title, css=Markup(CSS), class_zh=CLASS_ZH, fit=fit or fit_links(None),
        total=_fmt(card.total) if card.total is not None else "无可评分记录",
        total_trend=trend_data(_series(card, None), title="总分"), reviews=guide_reviews(card),
        indicators=[_indicator_view(card, ind) for ind in card.weakest_first()]) + "\n"


# ============================================================================ CSV / markdown / JSON
CSV_HEADER = ["层级", "编号", "名称", "一级指标", "二级指标", "三级指标", "权重", "得分", "星级", "已测量",
              "记录数", "计为失败", "重试后通过", "上次得分", "变化", "主要问题"]


def render_csv(card: Scorecard) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    prev_total = (card.previous or {}).get("total")
    if card.is_verdict:
        w.writerow(["总分", "TOTAL", f"{card.portal} 总分", "", "", "", 100, _fmt(card.total), stars_text(card.stars),
                    "是" if card.total is not None else "否", card.records_scored, "", "", _fmt(prev_total),
                    _fmt(round(card.total - prev_total, 1)) if card.total is not None and prev_total is not None else "",
                    f"覆盖率 {_pct(card.coverage)}"])
    else:   # the headline row says why there is no verdict; the number is the last row, marked
        w.writerow(["总分", "TOTAL", f"{card.portal} 总分", "", "", "", 100, card.verdict, "", "否",
                    card.records_scored, "", "", _fmt(prev_total), "", card.verdict_reason])
    for l in card.level1:
        prev = ((card.previous or {}).get("level1") or {}).get(l.id)
        w.writerow(["一级", l.id, l.name, l.id, "", "", l.weight, _fmt(l.score), stars_text(l.stars),
                    "是" if l.score is not None else "否", "", "", "", _fmt(prev),
                    _fmt(round(l.score - prev, 1)) if l.score is not None and prev is not None else "",
                    f"本次测量权重占比 {_pct(l.measured_share)}"])
    for ind in card.weakest_first():
        prev = _previous_score(card, ind.id)
        w.writerow(["指标", ind.id, ind.name, ind.level1, ind.level2, ind.level3, ind.weight, _fmt(ind.score),
                    stars_text(ind.stars), "是" if ind.measured else "否", ind.records, ind.failures, ind.flaky,
                    _fmt(prev), _fmt(round(ind.score - prev, 1)) if ind.score is not None and prev is not None else "",
                    _problems(ind)])
    if not card.is_verdict:
        w.writerow(["参考", "TOTAL-UNVERIFIED", f"{card.portal} 总分（{card.verdict}：不构成结论，仅供参考）", "", "", "",
                    100, _fmt(card.total), stars_text(card.stars), "否", card.records_scored, "", "", "", "",
                    "以上各项得分同样不构成结论 (none of these scores is a verdict)"])
    return buf.getvalue()


def render_markdown(card: Scorecard, fit: dict | None = None) -> str:
    run = (f"运行 `{card.run_id or '—'}` · 记录 {card.records_total}"
           f"（计分 {card.records_scored}，未计分 {len(card.not_scored)}）")
    if card.is_verdict:
        lines = [f"## 模拟办事评分卡 — {card.portal}", "",
                 f"**总分 {_fmt(card.total)} {stars_text(card.stars)}** · 覆盖率 {_pct(card.coverage)}"
                 f"（最多 {_pct(card.max_coverage)}）· {run}", ""]
    else:
        fit = fit or fit_links(None)
        links = ([f"[适配表 probe/fit.md]({fit['table']})"] if fit["table"] else []) + \
                [f"[截图 {s.split('/')[-1]}]({s})" for s in fit["shots"]]
        lines = [f"## 模拟办事评分卡 — {card.portal}", "", f"**{card.verdict}**：{card.verdict_reason}", "",
                 f"{' · '.join(links) + ' · ' if links else ''}{run}", "",
                 f"> 以下得分不构成结论，仅供适配参考 (not a verdict): 参考总分 {_fmt(card.total)} "
                 f"{stars_text(card.stars)} · 覆盖率 {_pct(card.coverage)}", ""]
    if card.regressions:
        lines.append(f"**退步**（较上次 `{(card.previous or {}).get('run_id', '')}` 下降超过 {card.regression_margin:g} 分）：")
        lines += [f"- {r['id']} {r['name']}: {r['before']:g} → {r['after']:g}（−{r['drop']:g}）" for r in card.regressions]
        lines.append("")
    lines += ["| 一级指标 | 权重 | 得分 | 星级 | 测量占比 |", "|---|---:|---:|---|---:|"]
    lines += [f"| {l.id} {l.name} | {l.weight:g} | {_fmt(l.score)} | {stars_text(l.stars)} | {_pct(l.measured_share)} |"
              for l in card.level1]
    lines += ["", "| 指标（弱→强） | 得分 | 星级 | 失败/记录 | 主要问题 |", "|---|---:|---|---:|---|"]
    for ind in card.weakest_first():
        if ind.measured:
            lines.append(f"| {ind.id} {ind.name} | {_fmt(ind.score)}{_delta_md(card, ind)} | {stars_text(ind.stars)} | "
                         f"{ind.failures}/{ind.records} | {_problems(ind, 2).replace('|', '/')} |")
    missing = [i for i in card.indicators if not i.measured]
    if missing:
        lines += ["", "未测量: " + "、".join(f"{i.id} {i.name}" for i in missing)]
    reviews = guide_reviews(card)
    if reviews:
        lines += ["", f"需人工复核 {len(reviews)} 项（办事指南要素，不计分）："]
        lines += [f"- {r['item_id']} {r['element']} ({', '.join(r['devices'])}): {r['why'].replace('|', '/')}"
                  for r in reviews[:20]]
    if card.not_scored:
        lines += ["", f"未计分记录 {len(card.not_scored)} 条（环境/套件故障，不计入门户得分）："]
        lines += [f"- {CLASS_ZH.get(n.failure_class, n.failure_class)}: {n.scenario or n.nodeid}" for n in card.not_scored[:10]]
    return "\n".join(lines) + "\n"


def _delta_md(card: Scorecard, ind: IndicatorScore) -> str:
    before = _previous_score(card, ind.id)
    if before is None or ind.score is None or ind.score == before:
        return ""
    d = round(ind.score - before, 1)
    return f" ({'+' if d > 0 else ''}{d:g})"


def write_scorecard(card: Scorecard, out_dir: str | Path, stem: str = "scorecard",
                    title: str | None = None) -> dict[str, Path]:
    """scorecard.json / .csv (utf-8-sig) / .html / .md in out_dir; returns {kind: path}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {k: out_dir / f"{stem}.{k}" for k in ("json", "csv", "html", "md")}
    data = card.to_dict()
    data["guide_review"] = guide_reviews(card)       # 需人工复核: listed, not scored
    paths["json"].write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["csv"].write_text(render_csv(card), encoding="utf-8-sig", newline="")
    fit = fit_links(out_dir)
    paths["html"].write_text(render_html(card, title, fit), encoding="utf-8")
    paths["md"].write_text(render_markdown(card, fit), encoding="utf-8")
    return paths


def read_scorecard(path: str | Path) -> Scorecard:
    return Scorecard.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


# ============================================================================ one run (CLI)
def summary_lines(card: Scorecard, name: str, html: Path) -> list[str]:
    """The terminal's lines for one card: the total and ★ only when it is a verdict; otherwise the
    verdict, why, and one line per misfit control (its page and how many journeys it blocked)."""
    head = (f"总分 {_fmt(card.total)} {stars_text(card.stars)}" if card.is_verdict
            else f"{card.verdict} (no verdict)")
    lines = [f"[shopper] 评分 {one_line(name)}: {head}, 覆盖率 {_pct(card.coverage)}; 评分卡 {html}"]
    skipped = sum(n.failure_class == "skipped" for n in card.not_scored)
    unscored = len(card.not_scored) - skipped
    if unscored:   # a run the environment or our misfit broke must not read as a confident verdict
        tail = (f"总分只反映其余 {card.records_scored} 条" if card.verdict != "无结论" else "各项得分不构成结论")
        lines.append(f"[shopper]   注意: {unscored}/{card.records_total} 条记录因环境或套件故障未计分, "
                     f"{tail}; 故障排除后请重跑")
    if not card.is_verdict:
        lines.append(f"[shopper]   结论: {card.verdict} — {one_line(card.verdict_reason)}")
    for control, page, n in misfit_controls(m.message for m in card.not_scored):
        lines.append(f"[shopper]   未适配 {one_line(control)}（{one_line(page)}）: 阻断 {n} 条旅程")
    return lines


def score_run(run_id: str, portal: str, records: list[dict], results_dir: Path | None = None,
              reports_dir: str | Path | None = None, rubric=None, history_dir: str | Path | None = None,
              marks: dict | None = None) -> list[str]:
    """Score a run's records, record it in the history (`history_dir`, default reports_dir/history),
    write the scorecard(s) in reports_dir (and a league table when several portals ran); returns
    summary lines for the terminal. `marks`: a run that did not finish (interrupted, incomplete,
    completeness), set on every card before it is rendered, so no surface shows its total."""
    from .history import attach_history
    from .scoring import score_portals

    reports_dir = Path(reports_dir or REPORTS)
    cards = score_portals(records, rubric) if records else {}
    if not cards:
        return ["[shopper] 没有记录, 未生成评分卡 (no records: no scorecard)"]
    lines = []
    for name, card in cards.items():
        for key, value in (marks or {}).items():
            setattr(card, key, value)
        regressions = attach_history(card, history_dir or reports_dir / "history")
        out = reports_dir if len(cards) == 1 else reports_dir / "scorecards" / name
        paths = write_scorecard(card, out)
        if results_dir is not None:
            from .allure_report import add_scorecard_to_results
            add_scorecard_to_results(results_dir, card, paths)
        lines += summary_lines(card, name, paths["html"])
        for r in regressions:
            lines.append(f"[shopper]   退步 {r.message()}")
    if len(cards) > 1:
        from .league import write_league
        paths = write_league(cards.values(), reports_dir)
        lines.append(f"[shopper] 排名表: {paths['html']}")
    return lines
