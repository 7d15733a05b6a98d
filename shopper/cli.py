"""`python -m shopper`: the supervisor's entry point.

  run      run journeys (default: all, against the embedded sandbox), score them, build the report
  report   rebuild scorecard and Allure report from the last run's results
  trace    open a failure trace in Playwright's bundled (offline) trace viewer
  serve    serve the Allure report on localhost
  sandbox  start the sandbox portal by hand (same as python -m sandbox)
  ledger   整改台账: findings per 责任单位 (xlsx + html), compared with a baseline run
  merge    the shards of one run (run --shard i/n) → one scorecard, 台账, Allure report and exit code
  sweep    several portals (SWEEP.yaml) → their runs, one league table and one 台账 across them
  league   the league table and 台账 across portals from finished runs' folders
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import exitcodes, outputs, paths
from .journeys import groups
from .paths import ROOT

REPORTS = ROOT / "reports"
DEFAULT_RUBRIC = ROOT / "fixtures" / "rubric" / "default.yaml"

# journey group → the step module that binds its features (the one registry: shopper/journeys.py)
JOURNEYS = groups()


def _fail(message: str, code: int = exitcodes.USAGE) -> "NoReturn":  # noqa: F821
    print(f"shopper: 错误 / error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _parse_journeys(text: str) -> list[str]:
    if text in ("", "all"):
        return list(JOURNEYS)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:   # an empty list would hand pytest no paths, and pytest would run the project's own tests
        _fail(f"--journeys '{text}' 没有列出任何旅程 (no journey named; known: {', '.join(JOURNEYS)}, or all)")
    unknown = [n for n in names if n not in JOURNEYS]
    if unknown:
        _fail(f"未知的旅程 {', '.join(unknown)} (unknown journey; known: {', '.join(JOURNEYS)})")
    return names


def _load_rubric(path: str):
    """The ONE place the CLI loads a rubric (validated before any browser starts; the error names
    file and line, exit 4). Scoring re-reads the same file after the journeys."""
    from .failures import SuiteError
    from .scoring import load_rubric

    try:
        return load_rubric(path)
    except SuiteError as exc:
        _fail(str(exc), exitcodes.CONFIG)


def _validate(args):
    from .failures import SuiteError
    from .profile import load_profile

    try:
        profile = load_profile(args.portal)
    except SuiteError as exc:
        _fail(str(exc), exitcodes.CONFIG)
    if profile.keywords is not None and "search" in args.journeys:
        from .keywords import load_keywords
        try:
            load_keywords(profile.keywords)
        except SuiteError as exc:
            _fail(str(exc), exitcodes.CONFIG)
    _load_rubric(args.rubric)
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
    _check_fit_inputs(profile)
    return profile


def _check_fit_inputs(profile) -> None:
    """Before a browser starts: the page objects' controls and the profile's locator overrides parse,
    and a live portal's test accounts are in the environment (exit 4 naming what is missing)."""
    from pages import controls_for

    from .failures import SuiteError
    try:
        controls_for(profile)
        if not profile.is_sandbox:
            from .personas import live_personas
            live_personas(profile)
    except SuiteError as exc:
        _fail(str(exc), exitcodes.CONFIG)


def cmd_probe(args) -> int:
    """Walk the portal with the conventions and the profile; print the fit table."""
    from .failures import SuiteError
    from .profile import load_profile

    try:
        profile = load_profile(args.portal)
    except SuiteError as exc:
        _fail(str(exc), exitcodes.CONFIG)
    _check_fit_inputs(profile)
    code, table = _probe(args.portal, profile, _reports_dir(args), args.browser_ws)
    if code == exitcodes.OK:
        print("[shopper] 适配此门户: 本次运行所需的每个控件都已找到 (every control a journey needs was found)")
    elif code == exitcodes.SUITE_BROKEN and table is not None:
        print("[shopper] 未适配: 见上表中「缺失」「不唯一」的控件; 在门户配置 locators 中声明后重试")
    return code


def _probe(portal: str, profile, reports: Path, browser_ws: str | None, env_extra: dict | None = None):
    """Run the probe (steps/probe_fit.py) once; prints its table. (exit code, fit.md path or None)."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = reports / "probe" / stamp
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pytest", str(ROOT / "steps" / "probe_fit.py"), "-p", "no:cacheprovider",
           "-o", "testpaths=", "-q", "--tb=no", f"--portal={portal}",
           "--device=desktop", f"--run-id=probe-{stamp}", f"--records-dir={folder / 'records'}", "--probe-shots=all"]
    if browser_ws:
        cmd.append(f"--browser-ws={browser_ws}")
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {}),
           "SHOPPER_FIT_MEMORY": str(reports / "history" / paths.safe_portal(profile.name) / "fit.json")}
    code, stopped = _run_pytest(cmd, env)
    if stopped is not None:
        return exitcodes.INTERRUPTED, None
    table = folder / "probe" / "fit.md"
    if not table.exists():
        print(f"[shopper] 探测未能完成 (exit {code})", file=sys.stderr)
        return (exitcodes.ENVIRONMENT if code == 1 else exitcodes.SUITE_BROKEN), None
    print(table.read_text(encoding="utf-8"))
    print(f"[shopper] 适配表: {table}; 每页截图: {table.parent}")
    return (exitcodes.OK if code == 0 else exitcodes.SUITE_BROKEN), table


def cmd_new_portal(args) -> int:
    """A profile for a new portal, from the template and from what the probe sees on its URL."""
    from .failures import SuiteError
    from .profile import load_profile
    from .scaffold import apply_probe, new_portal

    try:
        path = new_portal(args.name, portal_url=args.portal_url, idp_url=args.idp_url, force=args.force)
        profile = load_profile(path)
    except SuiteError as exc:
        _fail(str(exc))
    print(f"[shopper] 写入 {path}")
    if not args.portal_url:
        print(f"[shopper] 下一步: 填写其中的「填写」项, 然后 python -m shopper probe --portal {args.name}")
        return exitcodes.OK
    # before the accounts are in the environment the probe walks what it can without signing in
    code, table = _probe(str(path), profile, _reports_dir(args), args.browser_ws,
                         {"SHOPPER_PROBE_WITHOUT_ACCOUNTS": "1"})
    if table is None:
        return code
    summary = apply_probe(path, table.with_name("fit.json"))
    print(f"[shopper] 按约定找到 {summary['inferred']} 个控件, 缺失 {summary['missing']}, 不唯一 {summary['ambiguous']}; "
          f"写入 {summary['flows']} 行推测的 flows (推测 = uncertain) 到 {path}")
    print(f"[shopper] 下一步: 填写「填写」项和注释中的 locators, 设置测试账号的环境变量, 再运行 "
          f"python -m shopper probe --portal {args.name} (docs/NEW_PORTAL.md)")
    return exitcodes.OK


def pytest_command(args, results_dir: Path, records_dir: Path, traces_dir: Path | None = None) -> list[str]:
    traces_dir = traces_dir or Path(args.reports_dir).resolve() / "traces"
    # --assert=plain: a journey fails by PortalDefect or expect(), never by a bare assert, and rewriting
    # ~120 plugin modules for asserts costs about a second per run where bytecode is not cached
    # (PYTHONDONTWRITEBYTECODE, a fresh clone)
    cmd = [sys.executable, "-m", "pytest", *[str(ROOT / JOURNEYS[j]) for j in args.journeys],
           "-p", "no:cacheprovider", "-o", "testpaths=", "-rfE", "--tb=line", "--assert=plain",
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
    if getattr(args, "trace_snapshots", False):
        cmd.append("--trace-snapshots")
    cmd += ["-q"] if args.quiet else ["-v", "--no-header"]  # one line per scenario: progress on long runs
    return cmd


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a CI cancel, `timeout`, a dropped ssh session): handled like Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signame = signal.Signals(signum).name


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# After the first stop signal pytest gets this long to finish the running scenario's teardown (its
# record is written) and close the browser; then whatever is left of its process group is killed.
STOP_GRACE_S = 30.0


def _raise_stopped(signum, frame) -> None:
    raise Stopped(signum)


def _signame(exc: KeyboardInterrupt) -> str:
    return getattr(exc, "signame", "SIGINT")


def _end_group(pgid: int, sig: int = signal.SIGTERM) -> None:
    """Signal every process still in the journeys' process group (a driver or browser pytest left)."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _run_pytest(cmd: list[str], env: dict) -> tuple[int, str | None]:
    """Run the journeys; Ctrl-C, SIGTERM or SIGHUP stop them cleanly: pytest (in its own process
    group, so a terminal's Ctrl-C reaches it once, from here) gets one SIGINT, finishes the scenario's
    teardown (its record is written) and stops; a second signal is passed on too, and after
    STOP_GRACE_S what is left of the group is killed. Returns (exit code, the stopping signal's name
    or None). pytest's code is negative when a signal killed it (the OOM killer: -9)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, process_group=0)
    stopped: str | None = None
    deadline: float | None = None
    while True:
        try:
            timeout = None if deadline is None else max(0.1, deadline - time.monotonic())
            code = proc.wait(timeout=timeout)
            break
        except subprocess.TimeoutExpired:
            print(f"[shopper] pytest 在 {STOP_GRACE_S:g} 秒内未停止, 强制结束 (pytest did not stop: killed)",
                  file=sys.stderr, flush=True)
            _end_group(proc.pid, signal.SIGKILL)
            deadline = None
        except KeyboardInterrupt as exc:
            if stopped is None:
                how = "Ctrl-C" if _signame(exc) == "SIGINT" else _signame(exc)
                print(f"\n[shopper] 中断 ({how}): 正在停止旅程, 保留已完成的记录 (interrupted: stopping, records are kept)",
                      file=sys.stderr, flush=True)
                stopped = _signame(exc)
                deadline = time.monotonic() + STOP_GRACE_S
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
    _end_group(proc.pid)
    return code, stopped


class _Deferred:
    """While the outputs are written, a stop signal is noted, not obeyed: the journeys are over, and a
    card half written next to its history point would be worse than a few seconds' wait."""

    def __init__(self):
        self.signame: str | None = None
        self._previous: dict = {}

    def __enter__(self) -> "_Deferred":
        for sig in STOP_SIGNALS:
            self._previous[sig] = signal.signal(sig, self._note)
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def _note(self, signum, frame) -> None:
        if self.signame is None:
            print("[shopper] 正在写入评分卡, 写完即结束, 请稍候 (writing the scorecard; stopping when done)",
                  file=sys.stderr, flush=True)
        self.signame = signal.Signals(signum).name


def _claim_run_folder(reports: Path, run_id: str | None) -> tuple[Path, str]:
    """The run's own folder (reports/runs/<run_id>); a given id that is taken is refused (exit 2),
    a generated one (UTC time) gets a suffix when another run started in the same second."""
    if run_id is not None:
        if not paths.valid_run_id(run_id):
            _fail(f"--run-id {run_id!r} 只能含字母、数字、'.'、'_'、'-' (letters, digits, '.', '_', '-')")
        try:
            return paths.claim_run_dir(reports, run_id), run_id
        except paths.RunIdTaken as exc:
            _fail(str(exc))
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        candidate = stamp if n == 1 else f"{stamp}-{n}"
        try:
            return paths.claim_run_dir(reports, candidate), candidate
        except paths.RunIdTaken:
            continue
    _fail(f"无法为运行分配编号 ({stamp}-*: all taken)")


def _reports_dir(args) -> Path:
    """--reports-dir: a folder (made if missing); a file there is refused (exit 2), never replaced."""
    reports = Path(args.reports_dir).resolve()
    existing = next(p for p in (reports, *reports.parents) if p.exists())
    if not existing.is_dir():
        _fail(f"--reports-dir {reports}: {existing} 是文件, 不是目录 (is a file, not a folder)")
    return reports


def _results_dir(given: str | None) -> Path | None:
    """--results-dir: a new or empty folder. One that holds anything is refused (exit 2): nothing the
    user owns is deleted, and no stale result of another run can slip into this run's report."""
    if given is None:
        return None
    path = Path(given).resolve()
    if path.exists() and not path.is_dir():
        _fail(f"--results-dir {path} 是文件, 不是目录 (is a file, not a folder)")
    if path.is_dir():
        entries = sorted(p.name for p in path.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (f" … ({len(entries)} 项)" if len(entries) > 3 else "")
            _fail(f"--results-dir {path} 不是空目录 (not empty: {shown}); 本工具不删除已有文件 (nothing is deleted): "
                  f"请给一个新的或空的目录, 或不写 --results-dir (每次运行的结果在 reports/runs/<run_id>/allure-results)")
    return path


def cmd_run(args) -> int:
    args.journeys = _parse_journeys(args.journeys)
    if args.run_id is not None and not paths.valid_run_id(args.run_id):
        _fail(f"--run-id {args.run_id!r} 只能含字母、数字、'.'、'_'、'-' (letters, digits, '.', '_', '-')")
    if args.shard and args.run_id is None:
        _fail("--shard 需要 --run-id, 同一次运行的各分片用同一个编号 (shards of one run share one --run-id)")
    if args.shard and args.results_dir:
        _fail("--shard 不接受 --results-dir: 分片的 Allure 结果留在它的运行目录中, 供 shopper merge 读取 "
              "(a shard keeps its results in its run folder for merge)")
    reports = _reports_dir(args)
    results_dir = _results_dir(args.results_dir)
    profile = _validate(args)
    if args.shard:
        from .shard import folder_id
        folder, _ = _claim_run_folder(reports, folder_id(args.run_id, *args.shard))
    else:
        folder, args.run_id = _claim_run_folder(reports, args.run_id)
    try:
        if args.shard:
            from .cli_scale import run_shard
            return run_shard(args, profile, reports, folder)
        return _run(args, profile, reports, folder, results_dir or folder / "allure-results")
    finally:   # reports/latest names the last run that FINISHED (the gate reads it), however it ended
        paths.set_latest(reports, folder)


def _journeys(cmd: list[str], env: dict) -> tuple[int, str | None, str | None]:
    """Run pytest; (its exit code, the signal that stopped it or None, the 不完整 note or None)."""
    code, stopped = _run_pytest(cmd, env)
    if stopped is None and code == exitcodes.PYTEST_INTERRUPTED:   # someone sent pytest itself a SIGINT
        stopped = "SIGINT"
    incomplete = None
    if stopped is not None:
        incomplete = outputs.interrupted_note(stopped)
    elif exitcodes.runner_died(code):
        try:
            signame = signal.Signals(-code).name
        except ValueError:   # a real-time signal has no name
            signame = f"signal {-code}"
        incomplete = outputs.runner_died_note(signame)
        print(f"[shopper] 运行器中止: pytest 被信号 {signame} 终止 (内存不足? the runner died: killed by {signame}, "
              f"e.g. the OOM killer); 已完成的记录保留, 评分卡标记为 结论不完整, 不计入趋势", file=sys.stderr, flush=True)
    return code, stopped, incomplete


def _run_env(args, profile, reports: Path) -> dict:
    env = {**os.environ, "SHOPPER_RUN_ID": args.run_id, "PYTHONPATH": str(ROOT)}
    env.setdefault("SHOPPER_FIT_MEMORY", str(reports / "history" / paths.safe_portal(profile.name) / "fit.json"))
    return env


def _run(args, profile, reports: Path, folder: Path, results_dir: Path) -> int:
    records_dir = folder / "records"
    print(f"[shopper] 运行 {args.run_id}: 门户 {args.portal}, 旅程 {', '.join(args.journeys)}, "
          f"设备 {args.device}, 缺陷 {args.defects or '无'}; 输出 {folder}", flush=True)
    env = _run_env(args, profile, reports)
    code, stopped, incomplete = _journeys(pytest_command(args, results_dir, records_dir, folder / "traces"), env)
    if stopped is None and incomplete is None and code in (exitcodes.PYTEST_INTERNAL_ERROR, exitcodes.PYTEST_USAGE_ERROR):
        print(f"[shopper] pytest 未能完成 (exit {code}): 见上方错误", file=sys.stderr)
        return exitcodes.run_exit_code([], code)
    with _Deferred() as deferred:
        summary, records, scoring_failed = outputs.build_outputs(
            args.run_id, profile.name, results_dir, records_dir, folder, no_report=args.no_report,
            rubric=args.rubric, history_root=reports / "history", interrupted=stopped is not None,
            incomplete=incomplete)
        _remember_durations(paths.history_dir(reports, profile.name), records)
    print(summary)
    if deferred.signame and stopped is None:
        print(f"[shopper] 写入输出时收到 {deferred.signame}: 输出已写完整, 运行结论不受影响 "
              f"(signal while writing the outputs: they are complete)", file=sys.stderr)
    result = exitcodes.run_exit_code(records, code, scoring_failed=scoring_failed, interrupted=stopped is not None)
    print(f"[shopper] 退出码 {result} (exit code, see README 'Exit codes')")
    return result


def _remember_durations(history: Path, records: list[dict]) -> None:
    """The scenarios' durations, for `--shard` to balance later runs by (a failure here is a line)."""
    from .durations import remember_durations
    try:
        remember_durations(history, records)
    except OSError as exc:
        print(f"[shopper] 未能记下场景耗时 (durations not kept): {exc}", file=sys.stderr)


def _run_folder(reports: Path, run_id: str | None) -> Path:
    """The folder of run `run_id`, or of the last run (reports/latest); an id that is not one is
    refused (exit 2), never read as "the last run"."""
    if run_id is not None and not paths.valid_run_id(run_id):
        _fail(f"--run-id {run_id!r} 不是运行编号: 只能含字母、数字、'.'、'_'、'-' (not a run id)")
    folder = paths.run_dir(reports, run_id) if run_id else paths.latest(reports)
    if folder is None or not folder.is_dir():
        _fail(f"没有这次运行 (no such run): {run_id or reports / 'latest'}: 先运行 python -m shopper run")
    return folder


def cmd_report(args) -> int:
    """Rebuild the Allure report of a run (default: the last) from its results. The portal's Allure
    history is read, not appended: a rebuilt report adds no second point to the trend."""
    import json

    from .allure_report import generate_allure

    reports = _reports_dir(args)
    folder = _run_folder(reports, args.run_id)
    results = Path(args.results_dir) if args.results_dir else folder / "allure-results"
    card = folder / "scorecard.json"
    portal = json.loads(card.read_text(encoding="utf-8")).get("portal", "unknown") if card.exists() else "unknown"
    index = generate_allure(results, folder / "allure-report", record_history=False,
                            history=paths.history_dir(reports, portal) / "allure-history.jsonl")
    print(f"[shopper] Allure 报告: {index}")
    return 0


def cmd_trace(args) -> int:
    path = Path(args.path)
    if not path.exists():
        _fail(f"没有这个跟踪文件: {path}")
    playwright = Path(sys.executable).with_name("playwright")
    return subprocess.call([str(playwright), "show-trace", str(path)])


def cmd_serve(args) -> int:
    report = _run_folder(_reports_dir(args), args.run_id) / "allure-report"
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


def _count(text: str) -> int:
    """A whole number ≥ 0 (argparse names the option and exits 2 otherwise)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为非负整数, 实为 {text!r} (expected a whole number ≥ 0)") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"应为非负整数, 实为 {value} (expected a whole number ≥ 0)")
    return value


def build_parser() -> argparse.ArgumentParser:
    from . import cli_scale

    parser = argparse.ArgumentParser(prog="shopper", description="模拟办事 journey suite")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run journeys, score them, build the report")
    run.add_argument("--portal", default=os.environ.get("SHOPPER_PORTAL", "sandbox"),
                     help="profile name under fixtures/portals or a path (default: sandbox)")
    run.add_argument("--journeys", default="all", help=f"comma list of {', '.join(JOURNEYS)} (default: all)")
    run.add_argument("--device", default="desktop,mobile", help="desktop, mobile or desktop,mobile (default: both)")
    run.add_argument("--defects", default="", help="sandbox only: defects to switch on, comma separated")
    run.add_argument("--workers", type=_count, default=0, help="parallel browsers (pytest-xdist)")
    run.add_argument("--reruns", type=_count, default=0, help="retry a failed journey N times (a pass on retry is flaky)")
    run.add_argument("--trace-snapshots", action="store_true",
                     help="DOM snapshots in every trace (slower; by default a failed step attaches its page's masked DOM)")
    run.add_argument("--browser-ws", default=os.environ.get("SHOPPER_BROWSER_WS"),
                     help="remote Playwright server ws:// endpoint")
    run.add_argument("--rubric", default=str(DEFAULT_RUBRIC),
                     help="评分细则 YAML, checked before any browser starts (default: fixtures/rubric/default.yaml)")
    run.add_argument("--run-id", default=None,
                     help="name of the run's folder reports/runs/<id> (default: UTC time); a used id is refused")
    run.add_argument("--results-dir", default=None)
    run.add_argument("--reports-dir", default=str(REPORTS), help="where records, scorecards and history go (default: reports/)")
    run.add_argument("--no-report", action="store_true", help="skip the Allure report")
    run.add_argument("-q", "--quiet", action="store_true", help="dots instead of one line per scenario")
    run.add_argument("--shard", type=cli_scale.shard_option, default=None, metavar="I/N",
                     help="run shard I of N of the run's scenarios (needs --run-id, the same for every shard; "
                          "folder reports/runs/<id>.shard-I-of-N; then shopper merge)")
    run.set_defaults(func=cmd_run)
    cli_scale.add_parsers(sub)
    rep = sub.add_parser("report", help="rebuild the Allure report of a run (default: the last)")
    rep.add_argument("--results-dir", default=None)
    rep.add_argument("--run-id", default=None, help="the run to rebuild (default: reports/latest)")
    rep.add_argument("--reports-dir", default=str(REPORTS))
    rep.set_defaults(func=cmd_report)
    tr = sub.add_parser("trace", help="open a trace in the offline trace viewer")
    tr.add_argument("path")
    tr.set_defaults(func=cmd_trace)
    sv = sub.add_parser("serve", help="serve the Allure report on localhost")
    sv.add_argument("--port", type=int, default=8088)
    sv.add_argument("--run-id", default=None, help="the run to serve (default: reports/latest)")
    sv.add_argument("--reports-dir", default=str(REPORTS))
    sv.set_defaults(func=cmd_serve)
    sb = sub.add_parser("sandbox", help="start the sandbox portal")
    sb.add_argument("rest", nargs=argparse.REMAINDER)
    sb.set_defaults(func=cmd_sandbox)
    pr = sub.add_parser("probe", help="check every control of the page objects on the portal (fit table)")
    pr.add_argument("--portal", default=os.environ.get("SHOPPER_PORTAL", "sandbox"))
    pr.add_argument("--reports-dir", default=str(REPORTS))
    pr.add_argument("--browser-ws", default=os.environ.get("SHOPPER_BROWSER_WS"))
    pr.set_defaults(func=cmd_probe)
    npo = sub.add_parser("new-portal", help="write a profile for a new portal from what the probe sees on its URL")
    npo.add_argument("name", help="profile name (fixtures/portals/NAME.yaml)")
    npo.add_argument("--portal-url", default=None, help="the portal's home (the probe walks it)")
    npo.add_argument("--idp-url", default=None)
    npo.add_argument("--reports-dir", default=str(REPORTS))
    npo.add_argument("--browser-ws", default=os.environ.get("SHOPPER_BROWSER_WS"))
    npo.add_argument("--force", action="store_true", help="overwrite existing files")
    npo.set_defaults(func=cmd_new_portal)
    add_ledger_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # SIGTERM and SIGHUP (a CI cancel, `timeout`, a dropped ssh session) are Ctrl-C to every command:
    # a run stops its journeys and keeps their records, `serve` and `trace` stop their child
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return args.func(args)
    except KeyboardInterrupt:   # before the journeys started (or in a command without a run): no traceback
        print("\n[shopper] 已中断 (interrupted)", file=sys.stderr)
        return exitcodes.INTERRUPTED
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    raise SystemExit(main())
