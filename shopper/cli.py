"""`python -m shopper`: the supervisor's entry point.

  run      run journeys (default: all, against the embedded sandbox), score them, build the report
  report   rebuild scorecard and Allure report from the last run's results
  trace    open a failure trace in Playwright's bundled (offline) trace viewer
  serve    serve the Allure report on localhost
  sandbox  start the sandbox portal by hand (same as python -m sandbox)
  ledger   整改台账: findings per 责任单位 (xlsx + html), compared with a baseline run
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"

# journey group → the step module that binds its features
JOURNEYS = {
    "search": "steps/test_search.py",
    "sso": "steps/test_sso.py",
    "entry": "steps/test_entry.py",
    "apply": "steps/test_apply.py",
    "status": "steps/test_status.py",
    "review": "steps/test_review.py",
    "guide": "steps/test_guide.py",
    "elder": "steps/test_elder.py",
    "safety": "steps/test_safety.py",
}


def _fail(message: str, code: int = 2) -> "NoReturn":  # noqa: F821
    print(f"shopper: 错误 / error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _parse_journeys(text: str) -> list[str]:
    if text in ("", "all"):
        return list(JOURNEYS)
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in JOURNEYS]
    if unknown:
        _fail(f"未知的旅程 {', '.join(unknown)} (unknown journey; known: {', '.join(JOURNEYS)})")
    return names


def _validate(args) -> None:
    from .failures import SuiteError
    from .profile import load_profile

    try:
        profile = load_profile(args.portal)
    except SuiteError as exc:
        _fail(str(exc))
    if profile.keywords is not None and "search" in args.journeys:
        from .keywords import load_keywords
        try:
            load_keywords(profile.keywords)
        except SuiteError as exc:
            _fail(str(exc))
    defects = [d for d in args.defects.split(",") if d.strip()]
    if defects:
        if not profile.is_sandbox:
            _fail("--defects 只适用于沙箱 (defects can only be switched on in the sandbox)")
        from sandbox.defects import DEFECTS
        unknown = [d for d in defects if d not in DEFECTS]
        if unknown:
            _fail(f"未知的缺陷 {', '.join(unknown)} (unknown defect; known: {', '.join(sorted(DEFECTS))})")
    for device in args.device.split(","):
        if device not in ("desktop", "mobile"):
            _fail(f"未知的设备 {device} (use desktop, mobile or desktop,mobile)")
    from .politeness import workers_allowed
    if args.workers > 1:
        cap = workers_allowed(args.workers, int(profile.politeness.get("max_pages_per_host", 4)))
        if cap < args.workers:
            print(f"[shopper] 礼貌限制: {profile.path.name} 每个主机最多 {cap} 个页面, --workers 降为 {cap}")
            args.workers = cap


def pytest_command(args, results_dir: Path, records_dir: Path) -> list[str]:
    traces_dir = Path(args.reports_dir).resolve() / "traces"
    cmd = [sys.executable, "-m", "pytest", *[str(ROOT / JOURNEYS[j]) for j in args.journeys],
           "-p", "no:cacheprovider", "-o", "testpaths=", "-rfE", "--tb=line",
           f"--portal={args.portal}", f"--device={args.device}", f"--run-id={args.run_id}",
           f"--alluredir={results_dir}", f"--records-dir={records_dir}", f"--traces-dir={traces_dir}"]
    if args.defects:
        cmd.append(f"--defects={args.defects}")
    if args.browser_ws:
        cmd.append(f"--browser-ws={args.browser_ws}")
    if args.workers and args.workers > 1:
        cmd += ["-n", str(args.workers)]
    if args.reruns:
        cmd += ["--reruns", str(args.reruns)]
    cmd += ["-q"] if args.quiet else ["-v", "--no-header"]  # one line per scenario: progress on long runs
    return cmd


def cmd_run(args) -> int:
    args.journeys = _parse_journeys(args.journeys)
    _validate(args)
    args.run_id = args.run_id or dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    reports = Path(args.reports_dir).resolve()
    results_dir = Path(args.results_dir or reports / "allure-results")
    if results_dir.exists():
        shutil.rmtree(results_dir)
    records_dir = reports / "records"
    print(f"[shopper] 运行 {args.run_id}: 门户 {args.portal}, 旅程 {', '.join(args.journeys)}, "
          f"设备 {args.device}, 缺陷 {args.defects or '无'}", flush=True)
    env = {**os.environ, "SHOPPER_RUN_ID": args.run_id, "PYTHONPATH": str(ROOT)}
    code = subprocess.call(pytest_command(args, results_dir, records_dir), cwd=ROOT, env=env)
    if code in (2, 3, 4):
        print(f"[shopper] pytest 未能完成 (exit {code}): 见上方错误", file=sys.stderr)
        return code
    summary = build_outputs(args.run_id, args.portal, results_dir, records_dir, reports, no_report=args.no_report)
    print(summary)
    return 0 if code == 0 else 1


def build_outputs(run_id: str, portal: str, results_dir: Path, records_dir: Path, reports: Path = REPORTS,
                  no_report: bool = False) -> str:
    """Scorecard, history and Allure report of one run; returns a summary for the terminal."""
    from .record import load_records

    records = load_records(records_dir / run_id)
    lines = [f"[shopper] 记录 {len(records)} 条: {records_dir / run_id}"]
    failed = [r for r in records if r["outcome"] != "passed"]
    by_class: dict[str, int] = {}
    for r in failed:
        by_class[r.get("failure_class") or "unknown"] = by_class.get(r.get("failure_class") or "unknown", 0) + 1
    if failed:
        from .failures import LABELS_ZH
        lines.append("[shopper] 未通过: " + ", ".join(f"{LABELS_ZH.get(k, k)} {v}" for k, v in by_class.items()))
    try:
        from .scorecard import score_run
        lines += score_run(run_id, portal, records, results_dir, reports_dir=reports)
    except ImportError:
        lines.append("[shopper] (评分模块不可用 / scoring not installed)")
    if not no_report:
        from .report import generate_allure
        try:
            index = generate_allure(results_dir, reports / "allure-report")
            lines.append(f"[shopper] Allure 报告: {index}  (本地查看: python -m shopper serve)")
        except RuntimeError as exc:
            lines.append(f"[shopper] Allure 报告未生成: {exc}")
    return "\n".join(lines)


def cmd_report(args) -> int:
    from .report import generate_allure
    index = generate_allure(Path(args.results_dir or REPORTS / "allure-results"))
    print(f"[shopper] Allure 报告: {index}")
    return 0


def cmd_trace(args) -> int:
    path = Path(args.path)
    if not path.exists():
        _fail(f"没有这个跟踪文件: {path}")
    playwright = Path(sys.executable).with_name("playwright")
    return subprocess.call([str(playwright), "show-trace", str(path)])


def cmd_serve(args) -> int:
    report = REPORTS / "allure-report"
    if not (report / "index.html").exists():
        _fail("还没有报告 (no report yet): 先运行 python -m shopper run")
    print(f"[shopper] http://127.0.0.1:{args.port}/  (Ctrl-C 结束)")
    return subprocess.call([sys.executable, "-m", "http.server", str(args.port), "--bind", "127.0.0.1",
                            "--directory", str(report)])


def cmd_sandbox(args) -> int:
    return subprocess.call([sys.executable, "-m", "sandbox", *args.rest], cwd=ROOT)


# --- ledger: the 整改台账 (shopper.ledger) ------------------------------------------------------------
def _latest_dir(parent: Path) -> Path | None:
    dirs = sorted((p for p in parent.glob("*") if p.is_dir()), key=lambda p: p.stat().st_mtime) if parent.is_dir() else []
    return dirs[-1] if dirs else None


def cmd_ledger(args) -> int:
    """整改台账 of one run: findings.json, 整改台账.xlsx/.html in the run directory; --notify posts
    to the webhook of SHOPPER_WEBHOOK_URL when the gate failed or new findings appeared."""
    from .failures import SuiteError
    from .ledger import summary_lines, write_ledger

    run_dir = Path(args.run_dir) if args.run_dir else (_latest_dir(REPORTS / "runs") or REPORTS)
    records = Path(args.records_dir) if args.records_dir else (
        run_dir / "records" if (run_dir / "records").is_dir() else _latest_dir(REPORTS / "records"))
    if records is None or not records.is_dir() or not any(records.rglob("*.json")):
        _fail(f"没有找到运行记录 (no journey records): {records or REPORTS / 'records'}; 用 --records-dir 指定")
    from .profile import load_profile
    profile = None
    if args.portal:
        try:
            profile = load_profile(args.portal)
        except SuiteError as exc:
            _fail(str(exc))
    else:  # the profile the records name, for its site names and owners (none: default owners only)
        from .record import load_records
        portal = next((r.get("portal") for r in load_records(records) if r.get("portal")), None)
        try:
            profile = load_profile(portal) if portal else None
        except SuiteError:
            print(f"[shopper] 没有门户配置 {portal}: 责任单位只按默认分工 (use --portal)")
    try:
        ledger = write_ledger(run_dir, records, profile, baseline_dir=args.baseline, traces_dir=args.traces_dir,
                              results_dir=args.results_dir)
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    print("\n".join(summary_lines(ledger)))
    if args.notify:
        from .notify import notify
        result = notify(ledger, gate_failed=args.gate_exit not in (None, 0))
        print(f"[shopper] 通知: {result.message}")
    return 0


def add_ledger_parser(sub) -> None:
    led = sub.add_parser("ledger", help="整改台账: findings per 责任单位, compared with a baseline run")
    led.add_argument("--run-dir", default=None, help="where 整改台账.xlsx/.html and findings.json go "
                                                     "(default: newest reports/runs/<id>/, else reports/)")
    led.add_argument("--records-dir", default=None, help="the run's JourneyRecords (default: <run-dir>/records, "
                                                         "else the newest reports/records/<id>/)")
    led.add_argument("--baseline", default=None, help="a previous run's directory (or its findings.json)")
    led.add_argument("--portal", default=os.environ.get("SHOPPER_PORTAL"),
                     help="profile for site names and its owners: section (default: SHOPPER_PORTAL)")
    led.add_argument("--traces-dir", default=None, help="traces root, for the trace of each finding")
    led.add_argument("--results-dir", default=None, help="allure-results, for the masked failure screenshots")
    led.add_argument("--notify", action="store_true",
                     help="post to SHOPPER_WEBHOOK_URL (SHOPPER_WEBHOOK_KIND=wecom|dingtalk) on new findings or a failed gate")
    led.add_argument("--gate-exit", type=int, default=None, help="exit code of python -m shopper.gate (non-zero: failed)")
    led.set_defaults(func=cmd_ledger)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shopper", description="模拟办事 journey suite")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run journeys, score them, build the report")
    run.add_argument("--portal", default=os.environ.get("SHOPPER_PORTAL", "sandbox"),
                     help="profile name under fixtures/portals or a path (default: sandbox)")
    run.add_argument("--journeys", default="all", help=f"comma list of {', '.join(JOURNEYS)} (default: all)")
    run.add_argument("--device", default="desktop,mobile", help="desktop, mobile or desktop,mobile (default: both)")
    run.add_argument("--defects", default="", help="sandbox only: defects to switch on, comma separated")
    run.add_argument("--workers", type=int, default=0, help="parallel browsers (pytest-xdist)")
    run.add_argument("--reruns", type=int, default=0, help="retry a failed journey N times (a pass on retry is flaky)")
    run.add_argument("--browser-ws", default=os.environ.get("SHOPPER_BROWSER_WS"),
                     help="remote Playwright server ws:// endpoint")
    run.add_argument("--run-id", default=None)
    run.add_argument("--results-dir", default=None)
    run.add_argument("--reports-dir", default=str(REPORTS), help="where records, scorecards and history go (default: reports/)")
    run.add_argument("--no-report", action="store_true", help="skip the Allure report")
    run.add_argument("-q", "--quiet", action="store_true", help="dots instead of one line per scenario")
    run.set_defaults(func=cmd_run)
    rep = sub.add_parser("report", help="rebuild the Allure report")
    rep.add_argument("--results-dir", default=None)
    rep.set_defaults(func=cmd_report)
    tr = sub.add_parser("trace", help="open a trace in the offline trace viewer")
    tr.add_argument("path")
    tr.set_defaults(func=cmd_trace)
    sv = sub.add_parser("serve", help="serve the Allure report on localhost")
    sv.add_argument("--port", type=int, default=8088)
    sv.set_defaults(func=cmd_serve)
    sb = sub.add_parser("sandbox", help="start the sandbox portal")
    sb.add_argument("rest", nargs=argparse.REMAINDER)
    sb.set_defaults(func=cmd_sandbox)
    add_ledger_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
