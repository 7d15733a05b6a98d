"""Running the journeys in a subprocess against the sandbox, for tests that judge the verdicts."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

from shopper.personas import make_persona
from shopper.record import load_records

from .encodings import find_encoded

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "sandbox-matrix"
ALL_STEPS = sorted(str(p) for p in (ROOT / "steps").glob("test_*.py"))

# Known credentials for the runs, so every output can be searched for them afterwards. The citizen's
# password has URL-reserved and non-ASCII characters: it must be masked in every encoding it travels in.
ACCOUNTS = {"SHOPPER_SANDBOX_USER": "matrix_citizen", "SHOPPER_SANDBOX_PASSWORD": "Zq7 Pw@x&y=中文!" + secrets.token_urlsafe(8),
            "SHOPPER_SANDBOX_OTHER_USER": "matrix_other", "SHOPPER_SANDBOX_OTHER_PASSWORD": "Mo-" + secrets.token_urlsafe(12)}
# The personas the suite derives (seeded Faker: citizen, then other).
PERSONAS = [make_persona("citizen", 20261123), make_persona("other", 20261124)]
SENSITIVE = [ACCOUNTS["SHOPPER_SANDBOX_PASSWORD"], ACCOUNTS["SHOPPER_SANDBOX_OTHER_PASSWORD"]] + \
            [p.id_number for p in PERSONAS] + [p.phone for p in PERSONAS]

def run_journeys(out: Path, defects: str = "", steps: list[str] | None = None, extra: list[str] = (),
                 profile: str = PROFILE, run_id: str | None = None, env: dict | None = None) -> list[dict]:
    run_id = run_id or f"matrix-{defects or 'clean'}"
    # --assert=plain: journeys fail by PortalDefect or expect(), never a bare assert, so rewriting
    # (and, without a bytecode cache, compiling) ~120 plugin modules per run buys nothing
    cmd = [sys.executable, "-m", "pytest", *(steps or ALL_STEPS), *extra, "-p", "no:cacheprovider", "-o", "testpaths=",
           "-q", "--assert=plain",
           "--tb=no", f"--portal={profile}", f"--run-id={run_id}", f"--records-dir={out}",
           f"--traces-dir={out / 'traces'}", f"--alluredir={out / 'allure-results'}"]
    if defects:
        cmd.append(f"--defects={defects}")
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode in (0, 1), f"journey run crashed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    records = load_records(out / run_id)
    assert records, f"no journey records written:\n{proc.stdout[-2000:]}"
    leaks = find_sensitive(out, proc.stdout + proc.stderr)
    assert not leaks, f"secrets or personal data unmasked in outputs: {leaks}"
    return records


def find_sensitive(out: Path, log: str) -> list[str]:
    """Files (and zip entries) under `out`, or the run's log, that contain a password, a full
    身份证号 or a full phone number of the test personas, in any encoding (tests/support/encodings)."""
    hits = [f"log: #{i}" for i in find_encoded(log, SENSITIVE)]
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                texts = {f"{path.name}:{n}": z.read(n).decode("utf-8", "ignore") for n in z.namelist()}
        else:
            texts = {path.name: path.read_bytes().decode("utf-8", "ignore")}
        for where, text in texts.items():
            hits += [f"{where}: #{i}" for i in find_encoded(text, SENSITIVE)]
    return hits


