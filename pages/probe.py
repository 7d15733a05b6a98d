"""The probe: before any journey, see what the journeys will see, and check every control they need.

It walks the portal with the same abilities the journeys use, reading and never writing: the home
(first-visit notices dismissed), the 智能客服 (opened, nothing asked), a results page and a
zero-result page, a guide, the identity platform's login page, then — signed in with the test account —
the signed-in home, 我的办件, the 个人中心 with its first section, the 网上预约 form (nothing booked) and
the 办件查询 page; then each sampled department or city site and its way to the unified entry.
For each control a journey of this run needs it records 找到 (and how: declared by the profile, or
inferred by which convention), 缺失, 不唯一, or 未检查 with the reason (not needed by this run, a page the
probe does not open because it needs a submission, a page the portal answered with an error).

"Fits" only when every control a journey needs was seen; a page not opened is said to be not opened.
Writes probe/fit.json and probe/fit.md, with a masked screenshot of each page where something did
not fit (all pages with shots="all", as `shopper probe` does on a new portal).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .controls import AMBIGUOUS, FOUND, MISSING, STATUS_ZH, UNCHECKED, Fit

PROBE_WAIT_MS = 3000
NEEDS_SUBMISSION = {"申请表", "回执", "评价页", "评价结果", "本站注册页", "办件查询结果", "国家平台短信验证页",
                    "搜索出错页", "统一平台部门栏目", "预约结果"}


def unreachable(page, url: str) -> str | None:
    """Why the portal's home page cannot be opened (connection refused, no DNS, no answer within the
    navigation time-out, an aborted navigation), or None when it answers (with any status: an error
    page is the portal's to answer for, and the journeys judge it)."""
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
        fit.probe[c.name] = {"status": UNCHECKED, "page": c.page, "count": None, "locator": c.describe(),
                             "error": f"门户不可达: {reason}"}
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    write_table(fit, out_dir)
    return fit


def needed(fit: Fit, profile, journeys: set[str] | None) -> set[str]:
    """The controls this run's journeys need: by the conventions' journeys, plus what the profile's
    flows add (the 办件查询 verification fields, the SMS step, a site's 个人中心 …)."""
    # a control no journey lists (a captcha, a name field) is needed only when the profile's flows say so
    names = {n for n, c in fit.controls.items() if c.journeys and (journeys is None or set(c.journeys) & journeys)}
    wanted = lambda *js: journeys is None or bool(set(js) & journeys)   # noqa: E731
    status = profile.flows.get("status") or {}
    if wanted("status", "safety"):
        names |= {f"status.{kind}" for kind in status.get("verify", ["name"])}
    sign_in = profile.flows.get("sign_in") or {}
    if wanted("sso", "apply", "status", "review", "safety") and sign_in.get("captcha_env"):
        names.add("idp.captcha")
    if wanted("sso_sites") and (profile.flows.get("sites") or {}).get("personal_center", True):
        names.add("site.personal_center")
    return {n for n in names if n in fit.controls}


def probe(portal, out_dir: Path, wait_ms: int = PROBE_WAIT_MS, shots: str = "misfits",
          journeys: set[str] | None = None) -> Fit:
    """Fill `portal.fit.probe` with one row per control; returns the fit (see the module docstring).

    If the first page fails with a network-level error (refused, no DNS, no answer in time), the
    probe stops there and sets `fit.unreachable`: the caller decides (one more try of the home page,
    then every journey is an environment fault without waiting out time-outs)."""
    from shopper.failures import ENVIRONMENT, SuiteError, classify

    fit = portal.fit
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = needed(fit, portal.profile, journeys)
    by_page: dict[str, list] = {}
    for control in fit.controls.values():
        if control.name not in wanted:
            fit.probe[control.name] = {"status": UNCHECKED, "page": control.page, "count": None,
                                       "locator": control.describe(),
                                       "error": "本次运行的旅程不需要 (not needed by this run's journeys)"}
            continue
        by_page.setdefault(control.page, []).append(control)
    first = True
    visited: set[str] = set()
    for page_name, opener in walk(portal, journeys):
        controls = by_page.get(page_name, [])
        if not controls:
            continue
        visited.add(page_name)
        error = None
        documents: list = []
        session = portal.session
        listener = lambda r: documents.append(r) if r.request.resource_type == "document" else None  # noqa: E731
        session.context.on("response", listener)
        try:
            opener()
            failed = [r for r in documents if r.status >= 500 or (r.status >= 400 and r.url == session.page.url)]
            if failed or session.page.url.startswith("chrome-error://"):
                # the portal answered with an error: nothing to learn about our locators here; the
                # journeys judge the portal (their verdict, not the probe's)
                error = f"门户返回 HTTP {failed[-1].status}" if failed else "浏览器错误页"
        except SuiteError as exc:
            # a control of this page did not fit here: the page opened, check them all. Anything else
            # stopped the walk before this page (a sign-in in front of it that did not complete, our
            # flow refused): its controls stay unchecked, with why, never 缺失 on some other page
            stopped_at = getattr(exc, "control", None)
            if stopped_at not in {c.name for c in controls}:
                error = f"在此页之前停在 {stopped_at or '我们的流程'}: {_first_line(exc)}"
        except Exception as exc:  # the page could not be opened: its controls stay unchecked
            error = _first_line(exc)
            if first and (classify(exc) == ENVIRONMENT or "ERR_ABORTED" in error):
                fit.unreachable = error
                break
        finally:
            session.context.remove_listener("response", listener)
        first = False
        for c in controls:
            row = _check(portal, c, wait_ms) if error is None else {
                "status": UNCHECKED, "page": page_name, "count": None, "locator": c.describe(),
                "error": f"未能打开此页: {error}"}
            fit.probe[c.name] = _worse(fit.probe.get(c.name), row, session.host)
        if error is None:
            fit.facts.update(_facts(portal, page_name))
        if error is None and (shots == "all" or any(fit.probe[c.name]["status"] in (MISSING, AMBIGUOUS) for c in controls)):
            _screenshot(session.page, out_dir / f"{_safe(page_name)}.png")
    for page_name, controls in by_page.items():   # pages the walk did not reach
        if page_name in visited:
            continue
        why = ("探测不打开此页: 需要提交申请或评价 (needs a submission: journeys confirm these)"
               if page_name in NEEDS_SUBMISSION else "探测未能到达此页 (the walk stopped before this page)")
        for c in controls:
            if any(n == c.name for n, _ in fit.confirmed):   # used on the way (the SMS step while signing in)
                fit.probe[c.name] = {"status": FOUND, "page": page_name, "count": 1, "locator": c.describe(),
                                     "error": None, "how": "探测途中使用 (used by the probe's walk)"}
                continue
            fit.probe.setdefault(c.name, {"status": UNCHECKED, "page": page_name, "count": None,
                                          "locator": c.describe(), "error": why})
    write_table(fit, out_dir)
    return fit


def _worse(old: dict | None, new: dict, host: str) -> dict:
    """The row to keep when a page is probed on several sites: a misfit anywhere stands."""
    rank = {MISSING: 3, AMBIGUOUS: 2, FOUND: 1, UNCHECKED: 0}
    if old is not None and rank[old["status"]] >= rank[new["status"]]:
        return old
    if new["status"] in (MISSING, AMBIGUOUS):
        new = {**new, "error": f"{new.get('error') or ''} 在 {host}".strip()}
    return new


def walk(portal, journeys: set[str] | None):
    """(page name, opener) in the order a citizen meets them; openers use the journeys' abilities."""
    profile = portal.profile
    state: dict = {}
    wanted = lambda *js: journeys is None or bool(set(js) & journeys)   # noqa: E731

    def home():
        state["home"] = portal.open_home()

    def results(query):
        def go():
            state["home"] = portal.open_home()
            state["results"] = state["home"].search_for(query)
        return go

    def login_page():
        s = portal.session
        portal.open_home()
        s.click("home.login_link", "点击登录")
        username = s.spec("idp.username").union(s.page)
        signed = s.spec("signed_in.greeting").union(s.page)
        s.wait_until([lambda: username.count() > 0, lambda: signed.count() > 0], username.or_(signed))

    def signed_in():
        citizen = (getattr(profile, "personas", None) or {}).get("citizen")
        if citizen is None:
            raise RuntimeError("没有测试账号, 不登录 (no test account)")
        portal.forget_visitor()
        portal.open_home_signed_in(citizen)

    def booking_form():
        citizen = (getattr(profile, "personas", None) or {}).get("citizen")
        if citizen is None:
            raise RuntimeError("没有测试账号, 不登录 (no test account)")
        portal.open_guide(profile.booking_item).open_booking(citizen)

    def user_center():
        portal.open_home().open_user_center().visit(profile.user_center[:1])

    yield "首页", home
    if wanted("assistant") and (profile.assistant_questions or profile.assistant_out_of_scope):
        yield "智能客服页", lambda: portal.open_home().open_assistant()
    if wanted("search", "apply", "elder", "safety", "status", "review") and profile.keywords is not None:
        yield "搜索结果页", results(portal.sample_keyword())
        yield "零结果页", results(profile.zero_result_query)
    if profile.guide_items:
        yield "办事指南页", lambda: portal.open_guide(profile.guide_items[0])
    yield "国家平台登录页", login_page
    yield "已登录首页", signed_in
    yield "我的办件", portal.open_my_applications
    if wanted("user_center") and profile.user_center:
        yield "个人中心", user_center
    if wanted("booking") and profile.booking_item:   # the booking form only: nothing is booked
        yield "网上预约页", booking_form
    yield "办件查询页", portal.open_status_query
    # every sampled site for `shopper probe`; the first for a run (its entry journeys walk the others)
    for site in profile.sites() if journeys is None else profile.sites()[:1]:
        yield "部门/市级网站首页", lambda site=site: portal.open_site(site)
        if wanted("entry", "one_network"):
            yield "统一平台部门栏目", lambda site=site: portal.open_site(site).find_unified_entry(portal.portal_host)


CHECKBOX_NAMES_JS = r"""
(els) => els.map((e) => {
  const byId = e.id ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`) : null;
  return (e.getAttribute('aria-label') || (byId && byId.innerText) || (e.closest('label') && e.closest('label').innerText)
          || '').replace(/\s+/g, ' ').trim();
})
"""


def _facts(portal, page_name: str) -> dict:
    """What this page shows of the flows a profile has to state (for `shopper new-portal`)."""
    s = portal.session
    if page_name == "首页":
        return {"obstacles": list(s.obstacles_dismissed), "elder_link": s.find("home.elder_link") is not None}
    if page_name == "国家平台登录页":
        boxes = s.page.get_by_role("checkbox").filter(visible=True)
        names = [n for n in boxes.evaluate_all(CHECKBOX_NAMES_JS) if n]
        return {"login_checkboxes": names, "login_captcha": s.find("idp.captcha") is not None,
                "login_sms": s.find("idp.sms_request") is not None, "idp_host": s.host}
    if page_name == "办件查询页":
        return {"status_verify": [k for k in ("name", "password", "captcha") if s.find(f"status.{k}") is not None]}
    if page_name == "部门/市级网站首页":
        return {"site_personal_center": s.find("site.personal_center") is not None}
    return {}


def _filled(portal, control):
    """A control whose locators name one of the profile's values ({section}) is checked with the first."""
    from .session import instance

    sections = portal.profile.user_center
    return instance(control, {"section": sections[0]}) if sections and "{section}" in control.describe() else control


def _check(portal, control, wait_ms: int) -> dict:
    session = portal.session
    control = _filled(portal, control)
    row = {"page": control.page, "locator": control.describe(), "count": 0, "error": None, "how": "",
           "host": session.host}
    res = portal.fit.resolve(control, session.page, session.host, wait_ms)
    row["count"] = res.count
    if res.index is None:
        if control.content:  # a results list the portal did not return this time proves nothing about us
            row["status"] = UNCHECKED
            row["error"] = "依门户返回的内容而定, 本次未出现 (content-dependent: absent this time)"
        else:
            row["status"] = MISSING
        return row
    row["status"] = res.status
    row["how"] = res.how(control)
    row["locator"] = control.candidates[res.index].describe()
    return row


def _screenshot(page, path: Path) -> None:
    from shopper.masking import ID_RE, PHONE_RE

    try:
        masks = [page.get_by_text(ID_RE), page.get_by_text(PHONE_RE), page.locator("input[type=password]")]
        page.screenshot(path=str(path), mask=masks, timeout=5000)
    except Exception:  # a screenshot is evidence, not a verdict: the table still stands
        path.with_suffix(".txt").write_text("截图失败 (screenshot failed)", encoding="utf-8")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:160] if text else type(exc).__name__


def _safe(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name)


def table_rows(fit: Fit) -> list[dict]:
    rows = []
    for name, control in sorted(fit.controls.items(), key=lambda kv: (kv[1].page, kv[0])):
        row = fit.probe.get(name, {"status": UNCHECKED, "count": None, "error": None})
        status = row["status"]
        if status == UNCHECKED and fit.seen(name):
            status_zh = "未检查 (以往运行已找到)"
        else:
            status_zh = STATUS_ZH[status]
        rows.append({"control": name, "page": control.page, "locator": row.get("locator") or control.describe(),
                     "source": control.source, "how": row.get("how") or "", "status": status, "status_zh": status_zh,
                     "count": row.get("count"), "note": row.get("error") or "", "journeys": list(control.journeys)})
    return rows


def format_table(fit: Fit) -> str:
    rows = table_rows(fit)
    lines = ["| 控件 control | 页面 page | 定位 locator | 来源 how | 结果 | 匹配数 | 说明 |",
             "|---|---|---|---|---|---|---|"]
    cell = lambda text: str(text).replace("|", "\\|").replace("\n", " ")   # noqa: E731 (a cell of a Markdown table)
    for r in rows:
        lines.append(f"| {cell(r['control'])} | {cell(r['page'])} | `{cell(r['locator'])}` | {cell(r['how'])} | "
                     f"{r['status_zh']} | {'' if r['count'] is None else r['count']} | {cell(r['note'])} |")
    misfits = fit.misfits()
    summary = (f"适配检查: {sum(r['status'] == FOUND for r in rows)} 找到, {sum(r['status'] == MISSING for r in rows)} 缺失, "
               f"{sum(r['status'] == AMBIGUOUS for r in rows)} 不唯一, {sum(r['status'] == UNCHECKED for r in rows)} 未检查")
    if misfits:
        summary += f"\n未适配 (套件故障, 本次运行不构成结论): {', '.join(misfits)}"
    return summary + "\n\n" + "\n".join(lines) + "\n"


def write_table(fit: Fit, out_dir: Path) -> None:
    out_dir = Path(out_dir)
    (out_dir / "fit.json").write_text(json.dumps({"rows": table_rows(fit), "misfits": fit.misfits(), "facts": fit.facts},
                                                 ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "fit.md").write_text("# 页面适配检查 (probe)\n\n" + format_table(fit), encoding="utf-8")
