"""A misfit is never a portal defect: flavour A's page objects pointed at flavour B (another vendor's
markup) must make the probe report the misfit, charge nothing to the portal, exit non-zero and
say the run is no verdict."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.runs import ACCOUNTS  # known test accounts (grep-able) for the sandbox runs

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys


def misfit_profile(tmp_path: Path) -> Path:
    """Flavour B started by the suite, driven by flavour A's page objects (as a supervisor would do
    by copying the wrong profile)."""
    text = (ROOT / "fixtures" / "portals" / "sandbox-b.yaml").read_text(encoding="utf-8")
    assert "page_objects: flavour_b" in text
    text = text.replace("page_objects: flavour_b", "page_objects: sandbox")
    if "  guide:" not in text:  # flavour B's guide address (the profile's fact, whatever package reads it)
        text = text.replace("  idp: ", '  guide: "{portal}/guide/detail?matterId={item}"\n  idp: ', 1)
    text = text.replace("keywords: ../keywords/", f"keywords: {ROOT / 'fixtures' / 'keywords'}/")
    path = tmp_path / "misfit.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def shopper(*args, reports: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "shopper", *args, "--reports-dir", str(reports)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


def test_probe_reports_the_misfit_control_by_control(tmp_path):
    result = shopper("probe", "--portal", str(misfit_profile(tmp_path)), reports=tmp_path / "reports")
    assert result.returncode == 3, result.stdout[-3000:] + result.stderr[-2000:]
    table = next((tmp_path / "reports" / "probe").rglob("fit.json"))
    rows = {r["control"]: r for r in json.loads(table.read_text(encoding="utf-8"))["rows"]}
    assert rows["home.search_input"]["status"] == "missing"      # flavour B has a placeholder, no label
    assert rows["guide.tabs"]["status"] == "missing"             # flavour B's tabs are plain li, no tablist
    assert "未适配" in result.stdout and "缺失" in result.stdout
    assert list(table.parent.glob("*.png")), "a screenshot per probed page"


def test_a_run_that_does_not_fit_charges_nothing_to_the_portal_and_is_no_verdict(tmp_path):
    reports = tmp_path / "reports"
    result = shopper("run", "--portal", str(misfit_profile(tmp_path)), "--journeys", "search,guide,entry,elder",
                     "--device", "desktop", "--no-report", reports=reports)
    out = result.stdout + result.stderr
    assert result.returncode == 3, out[-4000:]                    # 3: suite broken, no verdict
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (reports / "runs").rglob("records/*/*.json")]
    assert records, out[-3000:]
    charged = [r["scenario"] for r in records if r.get("failure_class") == "portal_defect"]
    assert not charged, f"the portal was blamed for our misfit: {charged}"
    misfits = [r for r in records if r.get("failure_class") == "suite_broken" and "未适配" in (r.get("failure_message") or "")]
    assert len(misfits) >= 20, [(r["scenario"], r.get("failure_message")) for r in records][:10]
    assert any("home.search_input" in (r.get("failure_message") or "") for r in misfits)  # names the control
    card = json.loads(next((reports / "runs").rglob("scorecard.json")).read_text(encoding="utf-8"))
    assert card["verdict"] == "无结论" and "未适配" in card["verdict_reason"]
    assert "本次运行不构成结论" in next((reports / "runs").rglob("scorecard.html")).read_text(encoding="utf-8")
    assert "无结论" in out
