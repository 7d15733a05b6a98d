"""Capture the records of one real clean run into tests/data/contract_run/ (the measurement contract's data).

    .venv/bin/python scripts/capture_contract_run.py            # run the sandbox, copy the records
    .venv/bin/python scripts/capture_contract_run.py --from DIR # copy records of a run already made
    .venv/bin/python scripts/capture_contract_run.py --journeys search --device desktop \
        --defects slow_search --to tests/data/slow_search_run      # a defect run (scoring calibration)

It runs `python -m shopper run --device desktop,mobile --reports-dir <tmp> --no-report` against the
embedded sandbox with no defect switched on, then copies every JourneyRecord (already masked by
JourneyRecord.to_dict) into tests/data/contract_run/, replacing what was there. Rerun it whenever a step
starts writing a new observation: tests/unit/test_measurement_contract.py reads these files to check
that every key a metric reads is written by a real run.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = ROOT / "tests" / "data" / "contract_run"


def run_clean(reports: Path, journeys: str, device: str, defects: str = "") -> int:
    cmd = [sys.executable, "-m", "shopper", "run", "--device", device, "--journeys", journeys,
           "--reports-dir", str(reports), "--no-report", "-q"]
    if defects:
        cmd += ["--defects", defects]
    print("[capture]", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def copy_records(records_dir: Path, target: Path = TARGET) -> int:
    from shopper.masking import ID_RE, PHONE_RE
    from shopper.record import load_records

    records = load_records(records_dir)
    if not records:
        raise SystemExit(f"[capture] no JourneyRecord under {records_dir}")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for i, r in enumerate(sorted(records, key=lambda r: (r["journey"], r["nodeid"], r.get("attempt", 1)))):
        text = json.dumps(r, ensure_ascii=False, indent=1, sort_keys=True)
        if ID_RE.search(text) or PHONE_RE.search(text):
            raise SystemExit(f"[capture] unmasked personal data in the record of {r['nodeid']}: not copied")
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in f"{r['journey']}-{r['device']}-{i:03d}")
        (target / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    outcomes = {}
    for r in records:
        outcomes[r.get("outcome")] = outcomes.get(r.get("outcome"), 0) + 1
    print(f"[capture] {len(records)} records → {target.relative_to(ROOT)} ({outcomes})")
    return len(records)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="source", help="records directory of a run already made (skips the run)")
    ap.add_argument("--journeys", default="all")
    ap.add_argument("--device", default="desktop,mobile")
    ap.add_argument("--defects", default="", help="sandbox defects to switch on (default: none, a clean run)")
    ap.add_argument("--to", default=str(TARGET), help=f"where the records go (default: {TARGET.relative_to(ROOT)})")
    ap.add_argument("--keep", action="store_true", help="keep the temporary reports directory")
    args = ap.parse_args(argv)
    target = Path(args.to).resolve()
    if args.source:
        copy_records(Path(args.source), target)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="contract-run-"))
    try:
        code = run_clean(tmp, args.journeys, args.device, args.defects)
        if code != 0 and not args.defects:
            print(f"[capture] the clean run exited {code}: a clean run should pass; records kept in {tmp}",
                  file=sys.stderr)
            args.keep = True
            return code
        # each run has its own folder: <reports>/runs/<run_id>/records/<run_id>/*.json
        copy_records(next((tmp / "runs").glob("*/records/*")), target)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
