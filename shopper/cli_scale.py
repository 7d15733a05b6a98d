"""The commands that spread runs over machines and portals (shopper/cli.py registers them):

  run --shard i/n   one shard of a run (shopper/shard.py)
  merge DIR…        the shards of one run → that run (shopper/merge.py)
  sweep SWEEP.yaml  several portals' runs → a league and one 台账 across them (shopper/sweep.py)
  league DIR…       the league and the 台账 across finished runs

They share the run's machinery in shopper/cli.py (signals, deferred outputs, exit codes).
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from . import cli as base
from . import exitcodes, outputs, paths


def shard_option(text: str) -> tuple[int, int]:
    """argparse's type for --shard."""
    from .shard import parse_shard
    return parse_shard(text)


def run_shard(args, profile, reports: Path, folder: Path) -> int:
    """One shard of a run (shopper/shard.py): its share of the scenarios, its own folder and records;
    no history point, no 台账, no Allure report (shopper merge makes those)."""
    from . import shard
    from .durations import durations_path, load_durations

    index, count = args.shard
    env = base._run_env(args, profile, reports)
    try:
        scenarios = shard.collect([str(base.ROOT / base.JOURNEYS[j]) for j in args.journeys], args.portal, args.device, env)
        durations = load_durations(durations_path(paths.history_dir(reports, profile.name)))
    except shard.CollectError as exc:
        print(f"[shopper] {exc}", file=sys.stderr)
        return exitcodes.SUITE_BROKEN
    except ValueError as exc:
        base._fail(str(exc), exitcodes.CONFIG)
    mine = shard.split(scenarios, durations, count)[index - 1]
    plan = shard.run_plan(run_id=args.run_id, portal=profile.name, profile_arg=args.portal, profile_path=profile.path,
                          journeys=args.journeys, device=args.device, defects=args.defects, reruns=args.reruns,
                          rubric=args.rubric, nodeids=scenarios, count=count)
    expected = shard.expected_ms(mine, durations)
    shard.write_shard_file(folder, plan, index, mine, scenarios, expected)
    how = f"按以往耗时均衡, 预计 {expected / 1000:.0f} 秒" if expected is not None else "无以往耗时, 按数量均分"
    print(f"[shopper] 运行 {args.run_id} 分片 {index}/{count}: 门户 {args.portal}, {len(mine)}/{len(scenarios)} 个场景 "
          f"({how}); 设备 {args.device}, 缺陷 {args.defects or '无'}; 输出 {folder}", flush=True)
    if not mine:
        print(f"[shopper] 分片 {index}/{count} 没有分到场景 (no scenario for this shard: more shards than scenarios)")
        shard.record_outcome(folder, 0, None, None, exitcodes.OK)
        return exitcodes.OK
    cmd = base.pytest_command(args, folder / "allure-results", folder / "records", folder / "traces")
    code, stopped, incomplete = base._journeys(cmd + [f"--shard-nodeids={folder / shard.NODEIDS_FILE}"], env)
    if stopped is None and incomplete is None and code in (exitcodes.PYTEST_INTERNAL_ERROR, exitcodes.PYTEST_USAGE_ERROR):
        print(f"[shopper] pytest 未能完成 (exit {code}): 见上方错误", file=sys.stderr)
        result = exitcodes.run_exit_code([], code)
        shard.record_outcome(folder, code, None, None, result)
        return result
    note = shard.shard_note(index, count, len(mine), len(scenarios))
    with base._Deferred():
        lines, records, crashed = shard.write_outputs(folder, args.run_id, profile.name, args.rubric,
                                                      f"{incomplete}; {note}" if incomplete else note,
                                                      interrupted=stopped is not None)
        result = exitcodes.run_exit_code(records, code, scoring_failed=crashed, interrupted=stopped is not None)
        shard.record_outcome(folder, code, stopped, incomplete, result)
    print("\n".join(lines))
    print(f"[shopper] 分片 {index}/{count} 退出码 {result}; 各分片完成后合并 (then merge): python -m shopper merge "
          f"{folder.parent}/{args.run_id}.shard-*-of-{count}")
    return result


def cmd_merge(args) -> int:
    """The shards of one run → that run's folder, scorecard, history point, 台账, Allure report and
    exit code, as `shopper run` without --shard gives them (shopper/merge.py)."""
    from . import merge

    reports = base._reports_dir(args)
    try:
        shards = merge.read_shards(args.dirs)
    except merge.MergeRefused as exc:
        base._fail(str(exc))
    plan = shards[0].plan
    code, stopped, incomplete = merge.how_it_ended(shards)
    if stopped is None and incomplete is None and code in (exitcodes.PYTEST_INTERNAL_ERROR, exitcodes.PYTEST_USAGE_ERROR):
        print(f"[shopper] 有分片的 pytest 未能完成 (a shard's pytest exited {code}): 见该分片的输出", file=sys.stderr)
        return exitcodes.run_exit_code([], code)
    run_id = plan["run_id"]
    try:
        folder = paths.claim_run_dir(reports, run_id)
    except paths.RunIdTaken as exc:
        base._fail(str(exc))
    print(f"[shopper] 合并 {run_id}: {len(shards)} 个分片, 门户 {plan['profile']}, {plan['scenarios']} 个场景; 输出 {folder}",
          flush=True)
    try:
        with base._Deferred():
            merge.assemble(shards, folder)
            summary, records, scoring_failed = outputs.build_outputs(
                run_id, plan["portal"], folder / "allure-results", folder / "records", folder, no_report=args.no_report,
                rubric=str(merge.rubric_path(plan)), history_root=reports / "history",
                interrupted=stopped is not None, incomplete=incomplete)
            base._remember_durations(paths.history_dir(reports, plan["portal"]), records)
        print(summary)
        result = exitcodes.run_exit_code(records, code, scoring_failed=scoring_failed, interrupted=stopped is not None)
        print(f"[shopper] 退出码 {result} (exit code, see README 'Exit codes')")
        return result
    finally:
        paths.set_latest(reports, folder)


def cmd_sweep(args) -> int:
    """Several portals' runs (SWEEP.yaml), then one league table and one 整改台账 across them
    (shopper/sweep.py)."""
    from . import sweep
    from .sweepfile import SweepError, load_sweep

    try:
        plan = load_sweep(args.file)
    except SweepError as exc:
        base._fail(str(exc), exitcodes.CONFIG)
    reports = base._reports_dir(args)
    endpoints = [e.strip() for e in (args.browser_ws or "").split(",") if e.strip()]
    workers = args.workers or max(1, len(endpoints))
    sweep_id = args.sweep_id or dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    if not paths.valid_run_id(sweep_id):
        base._fail(f"--sweep-id {sweep_id!r} 只能含字母、数字、'.'、'_'、'-' (letters, digits, '.', '_', '-')")
    taken = [r for r in sweep.run_ids(sweep_id, plan.entries) if paths.run_dir(reports, r).exists()]
    out = reports / "sweeps" / sweep_id
    if out.exists() or taken:
        base._fail(f"扫描编号 {sweep_id} 已被使用 (sweep id already used): {out if out.exists() else ', '.join(taken)}")
    out.mkdir(parents=True)
    print(f"[shopper] 扫描 {sweep_id}「{plan.title}」: {len(plan.entries)} 个门户, 同时 {workers} 个"
          f"{', 远程浏览器 ' + str(len(endpoints)) + ' 个' if endpoints else ''}; 输出 {out}", flush=True)
    runner = sweep.Runner(plan, sweep_id, reports, out, workers, endpoints, no_report=args.no_report)
    results, stopped = runner.run()
    with base._Deferred():
        written = sweep.summarize(sweep.items_of(results), out, plan.title)
        codes = [r.code for r in results if r.code != sweep.NOT_RUN]
        code = exitcodes.INTERRUPTED if stopped else sweep.sweep_exit_code(codes)
        sweep.write_record(results, plan, sweep_id, out, code)
    print(f"[shopper] 排名表: {written['league_html']} ({written['league_xlsx'].name})")
    print(f"[shopper] 整改台账 (跨门户): {written['ledger_xlsx']}")
    print(f"[shopper] 退出码 {code} (exit code, see README 'Exit codes')")
    return code


def cmd_league(args) -> int:
    """The league table and the 整改台账 across portals from finished runs' folders (one per portal:
    e.g. the runs of a CI matrix over portals)."""
    import json

    from . import sweep
    from .failures import SuiteError
    from .profile import load_profile

    items: list = []
    for given in args.dirs:
        folder = Path(given)
        card = folder / "scorecard.json"
        if not card.is_file():
            base._fail(f"{folder}: 没有评分卡 (no scorecard.json: not a finished run's folder)")
        data = json.loads(card.read_text(encoding="utf-8"))
        portal = str(data.get("portal") or "")
        same = next((i for i in items if i.portal == portal), None)
        if same is not None:
            base._fail(f"门户 {portal} 出现两次: {same.folder} 和 {folder} (each portal once per league)")
        try:
            title = load_profile(portal).title
        except SuiteError:
            title = ""
        items.append(sweep.LeagueItem(portal, title, str(data.get("run_id") or folder.name), folder))
    out = Path(args.out) if args.out else base._reports_dir(args) / "leagues" / dt.datetime.now(dt.timezone.utc).strftime(
        "%Y%m%dT%H%M%SZ")
    written = sweep.summarize(items, out, args.title)
    print(f"[shopper] 排名表: {written['league_html']} ({written['league_xlsx'].name})")
    print(f"[shopper] 整改台账 (跨门户): {written['ledger_xlsx']}")
    return exitcodes.OK


def add_parsers(sub) -> None:
    mg = sub.add_parser("merge", help="merge the shards of one run into its scorecard, 台账, Allure report and exit code")
    mg.add_argument("dirs", nargs="+", metavar="DIR", help="the shards' run folders (reports/runs/<id>.shard-I-of-N)")
    mg.add_argument("--reports-dir", default=str(base.REPORTS),
                    help="where the merged run's folder and the portal's history go (default: reports/)")
    mg.add_argument("--no-report", action="store_true", help="skip the Allure report")
    mg.set_defaults(func=cmd_merge)
    sw = sub.add_parser("sweep", help="run several portals (SWEEP.yaml), then one league table and one 台账 across them")
    sw.add_argument("file", metavar="SWEEP.yaml", help="the portals and their journeys (see shopper/sweepfile.py)")
    sw.add_argument("--workers", type=base._count, default=0,
                    help="portals run at once (default: one per --browser-ws endpoint, else 1)")
    sw.add_argument("--browser-ws", default=os.environ.get("SHOPPER_BROWSER_WS"),
                    help="remote Playwright servers, comma separated (ws://a:3000/,ws://b:3000/), shared round robin")
    sw.add_argument("--sweep-id", default=None, help="name of reports/sweeps/<id> (default: UTC time)")
    sw.add_argument("--reports-dir", default=str(base.REPORTS), help="where the runs, the sweep and the histories go")
    sw.add_argument("--no-report", action="store_true", help="skip each portal's Allure report")
    sw.set_defaults(func=cmd_sweep)
    lg = sub.add_parser("league", help="league table and 台账 across portals from finished runs' folders")
    lg.add_argument("dirs", nargs="+", metavar="DIR", help="run folders, one per portal (reports/runs/<id>)")
    lg.add_argument("--title", default="模拟办事", help="title of the league and the 台账")
    lg.add_argument("--out", default=None, help="where they go (default: reports/leagues/<UTC time>)")
    lg.add_argument("--reports-dir", default=str(base.REPORTS))
    lg.set_defaults(func=cmd_league)
