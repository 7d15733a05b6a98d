"""Building the Allure 3 report (once per run, so the history trend gets one point per run).

A run whose scorecard is no verdict (无结论, 结论不完整) adds no point to the portal's Allure trend,
and its scorecard entry says so instead of a total. The generated report embeds an analytics tag
that cannot load offline (and should not phone home from an inspection machine): it is removed
after generation.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .paths import locked
from .paths import ROOT

ANALYTICS_RE = re.compile(
    r"<script[^>]*googletagmanager[^>]*>\s*</script>\s*<script>[^<]*?gtag\([^<]*?</script>", re.S)


def allure_binary() -> Path | None:
    local = ROOT / "node_modules" / ".bin" / "allure"
    if local.exists():
        return local
    found = shutil.which("allure")
    return Path(found) if found else None


def strip_analytics(report_dir: Path) -> int:
    removed = 0
    for html in Path(report_dir).rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        new, n = ANALYTICS_RE.subn("", text)
        new, m = re.subn(r"<script[^>]*googletagmanager[^>]*>\s*</script>", "", new)
        if n or m:
            html.write_text(new, encoding="utf-8")
            removed += n + m
    return removed


def generate_allure(results_dir: Path, output_dir: Path | None = None, quiet: bool = True,
                    history: Path | None = None, record_history: bool = True) -> Path:
    """Run `allure generate` with allurerc.mjs; returns the report's index.html.

    `history` is the portal's Allure history (reports/history/<portal>/allure-history.jsonl; Allure
    appends one point per generate). A run records its point under the folder's lock; a rebuilt
    report (record_history=False) and a run whose scorecard is no verdict read a copy, so the kept
    trend has one point per verdict run."""
    record_history = record_history and not no_verdict_results(results_dir)
    binary = allure_binary()
    if binary is None:
        raise RuntimeError("未找到 allure 命令 (npm allure 3 is not installed: run `make setup`)")
    output_dir = Path(output_dir or ROOT / "reports" / "allure-report")
    if output_dir.exists():  # a stale page of an earlier run must not survive next to the new one
        shutil.rmtree(output_dir)
    history = Path(history or ROOT / "reports" / "history" / "allure-history.jsonl")
    history.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="allure-history-") as scratch:
        if record_history:
            with locked(history.parent):
                proc = _generate(binary, results_dir, output_dir, history)
        else:
            copy = Path(scratch) / history.name
            if history.exists():
                shutil.copyfile(history, copy)
            proc = _generate(binary, results_dir, output_dir, copy)
    if proc.returncode != 0:
        raise RuntimeError(f"allure generate 失败 (exit {proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    strip_analytics(output_dir)
    for index in (output_dir / "index.html", output_dir / "awesome" / "index.html"):
        if index.exists():
            return index
    raise RuntimeError(f"allure generate 没有生成 index.html ({output_dir})")


def _generate(binary: Path, results_dir: Path, output_dir: Path, history: Path) -> subprocess.CompletedProcess:
    cmd = [str(binary), "generate", str(results_dir), "--config", str(ROOT / "allurerc.mjs"),
           "--output", str(output_dir)]
    env = {**os.environ, "SHOPPER_ALLURE_HISTORY": str(history)}   # read by allurerc.mjs
    # its own process group: a terminal's Ctrl-C while the outputs are written reaches `shopper run`
    # only, which finishes the outputs (this report included) before it stops
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env, process_group=0)


VERDICT_LABEL = "verdict"


def no_verdict_results(results_dir: Path) -> bool:
    """Whether the run's allure-results hold a scorecard entry that is no verdict (its label)."""
    for path in Path(results_dir).glob("*-result.json"):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        labels = {l.get("name"): l.get("value") for l in result.get("labels") or [] if isinstance(l, dict)}
        if labels.get(VERDICT_LABEL) not in (None, "结论"):
            return True
    return False


def add_scorecard_to_results(results_dir: Path, card, paths: dict) -> None:
    """Show the scorecard inside Allure: one summary result (scorecard attached, one step per
    indicator, weakest first) and the total in the environment; for a card that is no verdict, its
    verdict instead of the total (status unknown, steps marked 不构成结论)."""
    import time
    import uuid

    from .scoring import stars_text

    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    now = int(time.time() * 1000)
    attachments = []
    for kind, mime, ext in (("html", "text/html", "html"), ("md", "text/markdown", "md"), ("csv", "text/csv", "csv")):
        path = paths.get(kind)
        if path and Path(path).exists():
            source = f"{uuid.uuid4()}-attachment.{ext}"
            shutil.copyfile(path, results_dir / source)
            attachments.append({"name": f"评分卡.{ext}", "source": source, "type": mime})
    measured = sorted((i for i in card.indicators if i.measured and i.score is not None), key=lambda i: i.score)
    verdict = card.is_verdict
    mark = "" if verdict else "（不构成结论）"
    steps = [{"name": f"{i.id} {i.name}: {i.score:.1f} {stars_text(i.stars)}{mark}",
              "status": ("passed" if i.score >= 90 else ("failed" if i.score < 60 else "passed")) if verdict else "unknown",
              "start": now, "stop": now} for i in measured]
    total = ("—" if card.total is None else f"{card.total:.1f}") if verdict else card.verdict
    unscored = f"，未计分记录 {len(card.not_scored)} 条" if card.not_scored else ""
    headline = f"总分 {total} {stars_text(card.stars)}" if verdict else card.verdict
    result = {
        "uuid": str(uuid.uuid4()), "historyId": f"scorecard-{card.portal}", "testCaseId": f"scorecard-{card.portal}",
        "fullName": f"评分卡 {card.portal}",
        "name": f"评分卡 {card.portal}: {headline}（覆盖率 {card.coverage:.0%}{unscored}）",
        "status": "passed" if verdict else "unknown", "stage": "finished", "start": now, "stop": now,
        "description": ("各三级指标得分（最弱的在前）；完整评分卡见附件。" if verdict else
                        f"{card.verdict}：{card.verdict_reason}。各项得分不构成结论，不计入趋势；完整评分卡见附件。"),
        "labels": [{"name": "epic", "value": "评分"}, {"name": "feature", "value": "评分卡"},
                   {"name": "suite", "value": "评分卡"}, {"name": VERDICT_LABEL, "value": card.verdict}],
        "steps": steps, "attachments": attachments, "parameters": [],
    }
    (results_dir / f"{result['uuid']}-result.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    env = results_dir / "environment.properties"
    lines = env.read_text(encoding="utf-8").splitlines() if env.exists() else []
    lines = [ln for ln in lines if not ln.startswith("总分")]
    unscored = f", 未计分 {len(card.not_scored)} 条" if card.not_scored else ""
    shown = f"{total} {stars_text(card.stars)}" if verdict else card.verdict
    lines.append(f"总分_total={shown} (覆盖率 {card.coverage:.0%}{unscored})")
    env.write_text("\n".join(lines) + "\n", encoding="utf-8")
