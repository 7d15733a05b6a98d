"""Capture a real 无结论 (no verdict) run for the tests of every 无结论 surface (issue 22 §2).

    .venv/bin/python tests/data/no_verdict_run/capture.py

The lean sandbox profile with one locator override that does not fit (site.heading: a heading the
department and city sites do not have), as a supervisor half-way through adapting a profile would
have it; journeys guide and entry on desktop, with guide_missing_elements and broken_download on.
The probe finds site.heading missing, so every entry journey is 套件故障 · 未适配 while the guide
journeys still fail as 门户缺陷: the card is 无结论 and the 台账 has findings. The records (masked by
the recorder) go to records/, the probe's fit table (fit.md, fit.json; not its screenshots, which
are large) to probe/; only the run id is fixed.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
RUN_ID = "no-verdict"
OVERRIDE = "locators:\n  site.heading: {role: heading, name: 本站不存在的标题, exact: true}\n"


def profile(tmp: Path) -> Path:
    text = (ROOT / "fixtures" / "portals" / "sandbox-matrix.yaml").read_text(encoding="utf-8")
    text = text.replace("keywords: ../keywords/", f"keywords: {ROOT / 'fixtures' / 'keywords'}/") + OVERRIDE
    path = tmp / "half-fit.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def capture() -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "shopper", "run", "--portal", str(profile(Path(tmp))), "--journeys",
                        "guide,entry", "--device", "desktop", "--defects", "guide_missing_elements,broken_download",
                        "--reports-dir", tmp, "--run-id", RUN_ID, "--no-report", "-q"], cwd=ROOT, check=False)
        run = Path(tmp) / "runs" / RUN_ID
        shutil.rmtree(HERE / "records", ignore_errors=True)
        shutil.copytree(run / "records" / RUN_ID, HERE / "records")
        shutil.rmtree(HERE / "probe", ignore_errors=True)
        shutil.copytree(run / "probe", HERE / "probe", ignore=shutil.ignore_patterns("*.png"))
        return HERE


if __name__ == "__main__":
    out = capture()
    print(out, len(list((out / "records").glob("*.json"))), "records;", sorted(p.name for p in (out / "probe").iterdir()))
