"""Writing scorecards: JSON, CSV (utf-8-sig, for Excel), a self-contained Chinese HTML page with
per-indicator evidence and inline SVG trend charts, and a markdown summary for CI logs; plus the
league table of several portals. Pure Python (no browser).
"""
from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Iterable

from .scoring import IndicatorScore, Scorecard, stars_text

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
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


def _e(x) -> str:
    return html.escape("" if x is None else str(x))


def _previous_score(card: Scorecard, iid: str) -> float | None:
    return ((card.previous or {}).get("indicators") or {}).get(iid)


def _problems(ind: IndicatorScore, limit: int = 3) -> str:
    """One line: the criteria that lost points, worst first."""
    lost = sorted((c for c in ind.criteria if c.measured and c.points < 100), key=lambda c: c.points)
    return "；".join(f"{c.label}={_value(c.value)} ({c.why})" for c in lost[:limit])


# ============================================================================ trend SVG
def trend_svg(points: list[tuple[str, float | None]], width: int = 360, height: int = 96,
              title: str = "") -> str:
    """An inline SVG line chart of scores (0–100) over runs; gaps where a run did not measure."""
    pad_l, pad_r, pad_t, pad_b = 28, 36, 8, 16
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad_l + (w * i / (n - 1) if n > 1 else w / 2)
        return round(x, 1), round(pad_t + h * (1 - v / 100), 1)

    parts = [f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)} 趋势">']
    for level, colour in ((60, "#d9822b"), (90, "#2e8540")):
        y = pad_t + h * (1 - level / 100)
        parts.append(f'<line x1="{pad_l}" y1="{y:.1f}" x2="{pad_l + w}" y2="{y:.1f}" stroke="{colour}" '
                     f'stroke-dasharray="3 3" stroke-width="1"/><text x="2" y="{y + 4:.1f}" font-size="10" '
                     f'fill="{colour}">{level}</text>')
    parts.append(f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" stroke="#999"/>')
    segment: list[str] = []
    segments = []
    for i, (_run, v) in enumerate(points):
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        x, y = xy(i, v)
        segment.append(f"{x},{y}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{" ".join(seg)}"/>')
    last = None
    for i, (run, v) in enumerate(points):
        if v is None:
            continue
        x, y = xy(i, v)
        last = (x, y, v)
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#1f5fa8"><title>{_e(run)}: {v:g}</title></circle>')
    if last:
        parts.append(f'<text x="{last[0] + 5}" y="{last[1] + 4}" font-size="11" fill="#1f5fa8">{last[2]:g}</text>')
    if n:
        parts.append(f'<text x="{pad_l}" y="{height - 3}" font-size="9" fill="#666">{_e(points[0][0])}</text>')
        if n > 1:
            parts.append(f'<text x="{pad_l + w}" y="{height - 3}" font-size="9" fill="#666" '
                         f'text-anchor="end">{_e(points[-1][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _series(card: Scorecard, iid: str | None) -> list[tuple[str, float | None]]:
    history = card.history or [{"run_id": card.run_id, "total": card.total,
                                "indicators": {i.id: i.score for i in card.indicators}}]
    if iid is None:
        return [(h.get("run_id", ""), h.get("total")) for h in history]
    return [(h.get("run_id", ""), (h.get("indicators") or {}).get(iid)) for h in history]


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


def _delta_html(card: Scorecard, iid: str, score: float | None) -> str:
    before = _previous_score(card, iid)
    if before is None or score is None:
        return ""
    delta = round(score - before, 1)
    if delta < -card.regression_margin:
        return f' <span class="down">▼ {delta:g} (上次 {before:g})</span>'
    if delta < 0:
        return f' <span class="small">▼ {delta:g}</span>'
    if delta > 0:
        return f' <span class="up">▲ +{delta:g}</span>'
    return ' <span class="small">持平</span>'


def _obs_html(obs: dict) -> str:
    if not obs:
        return ""
    items = []
    for k, v in obs.items():
        text = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
        items.append(f"{_e(k)}={_e(text[:160])}")
    return "<code>" + "；".join(items) + "</code>"


def _indicator_html(card: Scorecard, ind: IndicatorScore) -> str:
    cls = f"s{ind.stars}" if ind.measured else "na"
    score = f'<span class="score">{_fmt(ind.score)}</span> <span class="stars">{stars_text(ind.stars)}</span>' \
        if ind.measured else '<span class="score">未测量</span>'
    out = [f'<section class="ind {cls}" id="ind-{_e(ind.id)}"><div class="head"><div>'
           f'<h3>{_e(ind.id)} {_e(ind.name)}</h3>'
           f'<div class="small">{_e(ind.level1)} · {_e(ind.level2)} · {_e(ind.level3)} · 一级内权重 {ind.weight:g}</div>'
           f'<div class="small">依据: {_e(ind.why)}</div>'
           f'<div>{score}{_delta_html(card, ind.id, ind.score)}</div>'
           f'<div class="small">记录 {ind.records} 条, 计为失败 {ind.failures}, 重试后通过 {ind.flaky}</div></div>'
           f'<div>{trend_svg(_series(card, ind.id), title=ind.name)}</div></div>']
    out.append("<table><tr><th>度量</th><th>实测值</th><th>得分</th><th>权重</th><th>分档依据</th></tr>")
    for c in ind.criteria:
        out.append(f"<tr><td>{_e(c.label)}<br><span class='small'>{_e(c.metric)}</span></td>"
                   f"<td class='num'>{_e(_value(c.value))}</td><td class='num'>{_e(_fmt(c.points))}</td>"
                   f"<td class='num'>{c.weight:g}</td><td>{_e(c.why)}</td></tr>")
    out.append("</table>")
    if ind.evidence:
        failed = [e for e in ind.evidence if e.counted_as_failure or e.flaky]
        out.append(f"<details{' open' if failed else ''}><summary>证据: {len(ind.evidence)} 个场景"
                   f"{f'（{len(failed)} 个失败或重试）' if failed else ''}</summary>")
        out.append("<table><tr><th>场景</th><th>设备</th><th>结果</th><th>失败步骤</th><th>失败信息</th><th>关键观测</th></tr>")
        for ev in ind.evidence:
            result = OUTCOME_ZH.get(ev.outcome, ev.outcome)
            if ev.failure_class:
                result += f" ({CLASS_ZH.get(ev.failure_class, ev.failure_class)})"
            if ev.outcome != "passed" and not ev.counted_as_failure:
                result += "，不计入本指标"
            if ev.flaky:
                result += "，重试后通过"
            out.append(f"<tr class='{'failed' if ev.counted_as_failure else ''}'><td>{_e(ev.scenario)}<br>"
                       f"<code>{_e(ev.nodeid)}</code></td><td class='nw'>{_e('手机' if ev.device == 'mobile' else '桌面')}</td>"
                       f"<td>{_e(result)}</td><td>{_e('、'.join(ev.failed_steps))}</td><td>{_e(ev.message or '')}</td>"
                       f"<td>{_obs_html(ev.observations)}</td></tr>")
        out.append("</table></details>")
    out.append("</section>")
    return "".join(out)


def render_html(card: Scorecard, title: str | None = None) -> str:
    title = title or f"{card.portal} 模拟办事评分卡"
    total = _fmt(card.total) if card.total is not None else "无可评分记录"
    body = [f"<h1>{_e(title)}</h1>",
            f'<div class="meta">运行 {_e(card.run_id or "—")} · 评分细则 {_e(card.rubric)} · 生成于 {_e(card.generated_at)}</div>',
            '<div class="summary">',
            f'<div class="box"><div>总分</div><div class="total" id="total">{_e(total)}</div>'
            f'<div class="stars">{stars_text(card.stars)}</div></div>',
            f'<div class="box"><div>测量覆盖率 <b>{_pct(card.coverage)}</b></div>'
            f'<div class="small">本细则最多可测 {_pct(card.max_coverage)} 的评估权重；其余见“未测量”</div>'
            f'<div>记录 {card.records_total} 条：计分 {card.records_scored}，未计分 {len(card.not_scored)}</div></div>',
            f'<div class="box"><div>总分趋势</div>{trend_svg(_series(card, None), title="总分")}</div>',
            "</div>"]
    if card.not_scored:
        body.append(f'<div class="alert"><b>结论不完整</b>：{len(card.not_scored)}/{card.records_total} 条记录因环境或套件故障'
                    f'未计分（见“未计分的记录”），总分只反映其余 {card.records_scored} 条；故障排除后请重跑。</div>')
    if card.regressions:
        items = "".join(f"<li><b>{_e(r['id'])} {_e(r['name'])}</b>: {r['before']:g} → {r['after']:g}"
                        f"（下降 {r['drop']:g} 分）</li>" for r in card.regressions)
        body.append(f'<div class="alert"><b>退步提醒</b>：与上次运行 {_e((card.previous or {}).get("run_id", ""))} '
                    f'相比，以下指标下降超过 {card.regression_margin:g} 分<ul>{items}</ul></div>')
    body.append("<h2>一级指标</h2><table><tr><th>一级指标</th><th>权重</th><th>得分</th><th>星级</th>"
                "<th>本次测量的权重占比</th><th>所含指标</th></tr>")
    for l in card.level1:
        body.append(f"<tr><td>{_e(l.id)} {_e(l.name)}</td><td class='num'>{l.weight:g}%</td>"
                    f"<td class='num'>{_e(_fmt(l.score))}</td><td class='stars'>{stars_text(l.stars)}</td>"
                    f"<td class='num'>{_pct(l.measured_share)}</td><td>{_e('、'.join(l.indicators))}</td></tr>")
    body.append(f"<tr><th>总分</th><th class='num'>100%</th><th class='num'>{_e(_fmt(card.total))}</th>"
                f"<th class='stars'>{stars_text(card.stars)}</th><th class='num'>覆盖 {_pct(card.coverage)}</th><th></th></tr></table>")
    body.append('<p class="small">星级（《“互联网+政务服务”技术体系建设指南》）：★★★★★ ≥90，★★★★ ≥80，★★★ ≥70，★★ ≥60，★ 低于60。'
                '一级得分为所含已测指标的加权平均；总分为已测一级指标按权重重新归一后的加权平均。</p>')
    body.append("<h2>各指标（从最弱到最强）</h2>")
    for ind in card.weakest_first():
        body.append(_indicator_html(card, ind))
    body.append("<h2>未测量</h2><p>以下评估内容无法由浏览器旅程测得，只降低覆盖率，不影响得分：</p><table>"
                "<tr><th>编号</th><th>内容</th><th>一级</th><th>一级内权重</th><th>原因</th></tr>")
    for n in card.not_measured:
        body.append(f"<tr><td>{_e(n['id'])}</td><td>{_e(n['name'])}</td><td>{_e(n['level1'])}</td>"
                    f"<td class='num'>{n['weight']:g}</td><td>{_e(n['why'])}</td></tr>")
    for ind in card.indicators:
        if not ind.measured:
            body.append(f"<tr><td>{_e(ind.id)}</td><td>{_e(ind.name)}</td><td>{_e(ind.level1)}</td>"
                        f"<td class='num'>{ind.weight:g}</td><td>本次运行没有可计分的记录</td></tr>")
    body.append("</table>")
    body.append(f"<h2>未计分的记录（{len(card.not_scored)}）</h2>")
    if card.not_scored:
        body.append("<p>环境故障和套件故障不是门户的问题，不计入得分：</p><table><tr><th>场景</th><th>指标</th>"
                    "<th>分类</th><th>原因</th><th>信息</th></tr>")
        for n in card.not_scored:
            body.append(f"<tr><td>{_e(n.scenario)}<br><code>{_e(n.nodeid)}</code></td><td>{_e('、'.join(n.indicators))}</td>"
                        f"<td>{_e(CLASS_ZH.get(n.failure_class, n.failure_class))}</td><td>{_e(n.reason)}</td>"
                        f"<td>{_e(n.message or '')}</td></tr>")
        body.append("</table>")
    else:
        body.append("<p>无。</p>")
    if card.unrated_ids:
        body.append(f"<p class='small'>记录中出现、但评分细则未定义的指标编号：{_e('、'.join(card.unrated_ids))}</p>")
    body.append(f"<p class='small'>评分细则：{_e(card.rubric_path)}</p>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{_e(title)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")


# ============================================================================ CSV / markdown / JSON
CSV_HEADER = ["层级", "编号", "名称", "一级指标", "二级指标", "三级指标", "权重", "得分", "星级", "已测量",
              "记录数", "计为失败", "重试后通过", "上次得分", "变化", "主要问题"]


def render_csv(card: Scorecard) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    prev_total = (card.previous or {}).get("total")
    w.writerow(["总分", "TOTAL", f"{card.portal} 总分", "", "", "", 100, _fmt(card.total), stars_text(card.stars),
                "是" if card.total is not None else "否", card.records_scored, "", "", _fmt(prev_total),
                _fmt(round(card.total - prev_total, 1)) if card.total is not None and prev_total is not None else "",
                f"覆盖率 {_pct(card.coverage)}"])
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
    return buf.getvalue()


def render_markdown(card: Scorecard) -> str:
    lines = [f"## 模拟办事评分卡 — {card.portal}", "",
             f"**总分 {_fmt(card.total)} {stars_text(card.stars)}** · 覆盖率 {_pct(card.coverage)}"
             f"（最多 {_pct(card.max_coverage)}）· 运行 `{card.run_id or '—'}` · 记录 {card.records_total}"
             f"（计分 {card.records_scored}，未计分 {len(card.not_scored)}）", ""]
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
    paths["json"].write_text(json.dumps(card.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    paths["csv"].write_text(render_csv(card), encoding="utf-8-sig", newline="")
    paths["html"].write_text(render_html(card, title), encoding="utf-8")
    paths["md"].write_text(render_markdown(card), encoding="utf-8")
    return paths


def read_scorecard(path: str | Path) -> Scorecard:
    return Scorecard.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


# ============================================================================ league table
def _grade(total: float | None) -> str:
    """The evaluation's 总体指数 bands: 非常高 ≥90, 高 80–90; 中/低 split at 60 is the suite's own."""
    if total is None:
        return "—"
    return "非常高" if total >= 90 else "高" if total >= 80 else "中" if total >= 60 else "低"


def league_rows(cards: Iterable[Scorecard]) -> list[dict]:
    """One row per portal, ranked like the evaluation: total high→low; equal totals share a rank
    (1, 2, 2, 4); unmeasured portals last. Ties are listed by coverage then name."""
    cards = sorted(cards, key=lambda c: (c.total is None, -(c.total or 0), -c.coverage, c.portal))
    rows, rank, last = [], 0, object()
    for i, c in enumerate(cards, 1):
        if c.total != last:
            rank, last = i, c.total
        row = {"排名": rank if c.total is not None else "—", "门户": c.portal, "总分": c.total,
               "星级": stars_text(c.stars), "总体指数档次": _grade(c.total)}
        for l in c.level1:
            row[f"{l.id} {l.name}"] = l.score
        row["覆盖率"] = c.coverage
        row["运行"] = c.run_id
        rows.append(row)
    return rows


def render_league_html(rows: list[dict], title: str = "政务服务网模拟办事评分排名") -> str:
    cols = list(rows[0]) if rows else ["排名", "门户", "总分", "星级", "覆盖率"]
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    body = []
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c)
            text = _pct(v) if c == "覆盖率" else _fmt(v) if isinstance(v, float) else ("—" if v is None else v)
            cells.append(f"<td class='{'stars' if c == '星级' else 'num' if isinstance(v, (int, float)) else ''}'>{_e(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body><h1>{_e(title)}</h1>"
            f"<p class='meta'>按总分从高到低排列；总分相同并列。覆盖率为本次测得的评估权重占比。</p>"
            f"<table><tr>{head}</tr>{''.join(body)}</table></body></html>\n")


def write_league(cards: Iterable[Scorecard], out_dir: str | Path, stem: str = "league") -> dict[str, Path]:
    """league.html + league.csv (utf-8-sig) in out_dir; returns {kind: path}."""
    rows = league_rows(cards)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"html": out_dir / f"{stem}.html", "csv": out_dir / f"{stem}.csv"}
    paths["html"].write_text(render_league_html(rows), encoding="utf-8")
    buf = io.StringIO()
    cols = list(rows[0]) if rows else ["排名", "门户", "总分", "星级", "覆盖率"]
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([_pct(r[c]) if c == "覆盖率" else _fmt(r[c]) if isinstance(r[c], float) else
                    ("" if r[c] is None else r[c]) for c in cols])
    paths["csv"].write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    return paths


# ============================================================================ one run (CLI)
def score_run(run_id: str, portal: str, records: list[dict], results_dir: Path | None = None,
              reports_dir: str | Path | None = None, rubric=None, history_dir: str | Path | None = None) -> list[str]:
    """Score a run's records, record it in the history (`history_dir`, default reports_dir/history),
    write the scorecard(s) in reports_dir (and a league table when several portals ran); returns
    summary lines for the terminal."""
    from .history import attach_history
    from .scoring import score_portals

    reports_dir = Path(reports_dir or REPORTS)
    cards = score_portals(records, rubric) if records else {}
    if not cards:
        return ["[shopper] 没有记录, 未生成评分卡 (no records: no scorecard)"]
    lines = []
    for name, card in cards.items():
        regressions = attach_history(card, history_dir or reports_dir / "history")
        out = reports_dir if len(cards) == 1 else reports_dir / "scorecards" / name
        paths = write_scorecard(card, out)
        if results_dir is not None:
            from .report import add_scorecard_to_results
            add_scorecard_to_results(results_dir, card, paths)
        lines.append(f"[shopper] 评分 {name}: 总分 {_fmt(card.total)} {stars_text(card.stars)}, "
                     f"覆盖率 {_pct(card.coverage)}; 评分卡 {paths['html']}")
        if card.not_scored:  # a run the environment broke must not read as a confident verdict
            lines.append(f"[shopper]   注意: {len(card.not_scored)}/{card.records_total} 条记录因环境或套件故障未计分, "
                         f"总分只反映其余 {card.records_scored} 条; 故障排除后请重跑")
        for r in regressions:
            lines.append(f"[shopper]   退步 {r.message()}")
    if len(cards) > 1:
        paths = write_league(cards.values(), reports_dir)
        lines.append(f"[shopper] 排名表: {paths['html']}")
    return lines
