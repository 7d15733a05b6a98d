"""The probe: before any journey, open the portal's pages a citizen can reach without writing
anything and check every control the page objects rely on (found / missing / ambiguous).

The page-object package says how to reach each page (`Portal.probe_pages()`); controls on pages the
probe cannot reach (after sign-in or a submission) stay 未检查 until a journey or an earlier run
confirms them. Writes the fit table (probe/fit.json, probe/fit.md) and a screenshot per page.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .controls import AMBIGUOUS, FOUND, MISSING, STATUS_ZH, UNCHECKED, Fit

PROBE_WAIT_MS = 3000


def unreachable(page, url: str) -> str | None:
    """Why the portal's home page cannot be opened (connection refused, no DNS, no answer within the
    navigation time-out, an aborted navigation), or None when it answers (with any status: an error
    page is the portal's to answer for, and the journeys judge it). The probe's own first page is
    the first try; this is the second. A run against a portal nobody can reach then reports every
    journey as an environment fault at once instead of waiting out each journey's time-outs (on a
    live profile, tens of seconds per journey)."""
    from shopper.failures import ENVIRONMENT, classify

    try:
        page.goto(url)
    except Exception as exc:  # only a network-level failure counts
        reason = str(exc).strip().splitlines()[0][:200]
        return reason if classify(exc) == ENVIRONMENT or "ERR_ABORTED" in reason else None
    return "浏览器错误页 (chrome-error)" if page.url.startswith("chrome-error://") else None


def mark_unreachable(fit: Fit, reason: str, out_dir: Path) -> Fit:
    """Every control unchecked because the portal could not be reached; the table is still written."""
    fit.unreachable = reason
    for c in fit.controls.values():
        fit.probe[c.name] = {"status": UNCHECKED, "page": c.page, "count": None, "locator": c.locator.describe(),
                             "error": f"门户不可达: {reason}"}
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    write_table(fit, out_dir)
    return fit


def probe(portal, out_dir: Path, wait_ms: int = PROBE_WAIT_MS, shots: str = "misfits",
          journeys: set[str] | None = None) -> Fit:
    """Fill `portal.fit.probe` with one row per control; returns the fit.

    - `journeys`: the journeys this run will take (None: all). A control no journey of the run needs
      is left unchecked, and a page with no such control is not opened (a search-only run opens the
      home, results and zero-result pages, not the guide or the sign-in page).
    - `shots`: a masked screenshot of each page where a control is missing or ambiguous ("misfits",
      the start of every run), or of every probed page ("all", `shopper probe` on a new portal).
    - If the first page the probe opens fails with a network-level error (refused, no DNS, no answer
      in time), the probe stops there and sets `fit.unreachable`: the caller decides (one more try of
      the home page, then every journey is an environment fault without waiting out time-outs).
    """
    from shopper.failures import ENVIRONMENT, classify

    fit = portal.fit
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    by_page: dict[str, list] = {}
    for control in fit.controls.values():
        if journeys is not None and control.journeys and not set(control.journeys) & journeys:
            fit.probe[control.name] = {"status": UNCHECKED, "page": control.page, "count": None,
                                       "locator": control.locator.describe(),
                                       "error": "本次运行的旅程不需要 (not needed by this run's journeys)"}
            continue
        by_page.setdefault(control.page, []).append(control)
    reachable = dict(portal.probe_pages())
    documents: list = []  # main-frame document responses while a page opens
    portal.page.on("response", lambda r: documents.append(r)
                   if r.request.resource_type == "document" and r.frame == portal.page.main_frame else None)
    opened_any = False
    for page_name, controls in by_page.items():
        opener = reachable.get(page_name)
        error = None
        if opener is None:
            for c in controls:
                fit.probe[c.name] = {"status": UNCHECKED, "page": page_name, "count": None,
                                     "locator": c.locator.describe(), "error": "探测不打开此页 (not opened by the probe: needs sign-in or a submission, or none of its openers)"}
            continue
        documents.clear()
        try:
            opener()
            failed = [r for r in documents if r.status >= 400]
            if failed or portal.page.url.startswith("chrome-error://"):
                # the portal answered with an error: nothing to learn about our locators here; the
                # journeys judge the portal (their verdict, not the probe's)
                error = f"门户返回 HTTP {failed[-1].status}" if failed else "浏览器错误页"
        except Exception as exc:  # the page could not be opened: its controls stay unchecked
            error = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
            # ERR_ABORTED on the very first page: a navigation that never completed (seen under load
            # against a portal that never answers); the one more try of the home page decides
            if not opened_any and (classify(exc) == ENVIRONMENT or "ERR_ABORTED" in error):
                fit.unreachable = error
                break
        opened_any = True
        for c in controls:
            fit.probe[c.name] = _check(portal.page, c, wait_ms) if error is None else {
                "status": UNCHECKED, "page": page_name, "count": None, "locator": c.locator.describe(),
                "error": f"打开页面失败: {error}"}
        if error is None and (shots == "all" or any(fit.probe[c.name]["status"] in (MISSING, AMBIGUOUS) for c in controls)):
            _screenshot(portal.page, out_dir / f"{_safe(page_name)}.png")
    write_table(fit, out_dir)
    return fit


def _check(page, control, wait_ms: int) -> dict:
    row = {"page": control.page, "locator": control.locator.describe(), "count": 0, "error": None}
    locator = control.locator.locate(page)
    try:
        locator.first.wait_for(state="visible", timeout=wait_ms)
    except Exception:
        row["count"] = locator.count()
        if control.content:  # a results list the portal did not return this time proves nothing about us
            row["status"] = UNCHECKED
            row["error"] = "依门户返回的内容而定, 本次未出现 (content-dependent: absent this time)"
        else:
            row["status"] = MISSING
        return row
    row["count"] = locator.count()
    row["status"] = AMBIGUOUS if control.unique and row["count"] > 1 else FOUND
    return row


def _screenshot(page, path: Path) -> None:
    from shopper.masking import ID_RE, PHONE_RE

    try:
        masks = [page.get_by_text(ID_RE), page.get_by_text(PHONE_RE), page.locator("input[type=password]")]
        page.screenshot(path=str(path), mask=masks, timeout=5000)
    except Exception:  # a screenshot is evidence, not a verdict: the table still stands
        path.with_suffix(".txt").write_text("截图失败 (screenshot failed)", encoding="utf-8")


def _safe(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name)


def table_rows(fit: Fit) -> list[dict]:
    rows = []
    for name, control in sorted(fit.controls.items(), key=lambda kv: (kv[1].page, kv[0])):
        row = fit.probe.get(name, {"status": UNCHECKED, "count": None, "error": None})
        status = row["status"]
        if status == UNCHECKED and name in fit.remembered:
            status_zh = "未检查 (以往运行已找到)"
        else:
            status_zh = STATUS_ZH[status]
        rows.append({"control": name, "page": control.page, "locator": control.locator.describe(),
                     "source": control.source, "status": status, "status_zh": status_zh,
                     "count": row.get("count"), "note": row.get("error") or "",
                     "journeys": list(control.journeys)})
    return rows


def format_table(fit: Fit) -> str:
    rows = table_rows(fit)
    lines = ["| 控件 control | 页面 page | 定位 locator | 结果 | 匹配数 | 说明 |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['control']} | {r['page']} | `{r['locator']}` | {r['status_zh']} | "
                     f"{'' if r['count'] is None else r['count']} | {r['note']} |")
    misfits = fit.misfits()
    summary = (f"适配检查: {sum(r['status'] == FOUND for r in rows)} 找到, {sum(r['status'] == MISSING for r in rows)} 缺失, "
               f"{sum(r['status'] == AMBIGUOUS for r in rows)} 不唯一, {sum(r['status'] == UNCHECKED for r in rows)} 未检查")
    if misfits:
        summary += f"\n未适配 (套件故障, 本次运行不构成结论): {', '.join(misfits)}"
    return summary + "\n\n" + "\n".join(lines) + "\n"


def write_table(fit: Fit, out_dir: Path) -> None:
    out_dir = Path(out_dir)
    (out_dir / "fit.json").write_text(json.dumps({"rows": table_rows(fit), "misfits": fit.misfits()},
                                                 ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "fit.md").write_text("# 页面对象适配检查 (probe)\n\n" + format_table(fit), encoding="utf-8")
