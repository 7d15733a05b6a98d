"""A misfit is never a portal defect, in any state of fit.

- Every ordered pair of sandbox flavours: one vendor's profile (its flows, its locators, its URL
  shapes, its item ids) pointed at another vendor's portal, as a supervisor would do by copying the
  wrong profile. Nothing may be charged to the portal; the run is 无结论 and exits 3.
- A half fit: flavour A's profile on flavour C, with locator overrides until the probe says every
  control fits — the controls are found, the flows still do not fit (no boxes ticked on C's identity
  platform, the name typed where C asks its 查询密码, a 个人中心 link that is not one). Still 0 门户缺陷,
  0 环境故障, 无结论.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.runs import ACCOUNTS  # known test accounts (grep-able) for the sandbox runs

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.journeys
PROFILES = {"a": "sandbox-matrix", "b": "sandbox-b-matrix", "c": "sandbox-c-matrix"}
PAIRS = [(p, f) for p in PROFILES for f in PROFILES if p != f]


def pointed_at(profile: str, flavour: str, tmp_path: Path, extra: str = "") -> Path:
    """The `profile` flavour's profile, run against a sandbox of `flavour` the suite starts."""
    text = (ROOT / "fixtures" / "portals" / f"{PROFILES[profile]}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^flavour: .*\n", "", text)
    text = text.replace("kind: sandbox", f"kind: sandbox\nflavour: {flavour}", 1)
    text = text.replace("keywords: ../keywords/", f"keywords: {ROOT / 'fixtures' / 'keywords'}/")
    # a control another vendor's profile names is not on this portal: each look waits the action time
    # out; the sandbox answers in milliseconds, so a shorter one judges the same and waits less
    text, n = re.subn(r"(?m)^timeouts: \{action_ms: \d+,", "timeouts: {action_ms: 3000,", text)
    assert n == 1, f"{PROFILES[profile]}.yaml: no 'timeouts: {{action_ms: …' line to shorten"
    path = tmp_path / f"{profile}-on-{flavour}.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def shopper(*args, reports: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "shopper", *args, "--reports-dir", str(reports)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


def run_records(reports: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in (reports / "runs").rglob("records/*/*.json")]


def assert_no_verdict_and_nothing_charged(result, reports: Path) -> list[dict]:
    out = result.stdout + result.stderr
    records = run_records(reports)
    assert records, out[-3000:]
    charged = [(r["scenario"], r.get("failure_message")) for r in records if r.get("failure_class") == "portal_defect"]
    assert not charged, f"the portal was blamed for our misfit: {charged}"
    card = json.loads(next((reports / "runs").rglob("scorecard.json")).read_text(encoding="utf-8"))
    assert card["verdict"] == "无结论", card.get("verdict_reason")
    assert result.returncode == 3, out[-4000:]
    return records


@pytest.mark.parametrize("profile, flavour", PAIRS, ids=[f"{p}-profile-on-{f}" for p, f in PAIRS])
def test_another_vendors_profile_charges_nothing_to_the_portal(tmp_path, profile, flavour):
    reports = tmp_path / "reports"
    result = shopper("run", "--portal", str(pointed_at(profile, flavour, tmp_path)), "--journeys",
                     "search,guide,entry,status", "--device", "desktop", "--no-report", reports=reports)
    records = assert_no_verdict_and_nothing_charged(result, reports)
    misfits = [r for r in records if r.get("failure_class") == "suite_broken"]
    assert misfits, "another vendor's profile cannot fit every journey"
    assert all(r.get("failure_message") for r in misfits)   # each names why


# Locators that make the probe's table all 找到 on flavour C with flavour A's profile, without the
# flows fitting: the name field is C's 查询密码, the 个人中心 of a site is its 政务公开, "signed in" is
# the identity platform's 用户登录 heading (C's boxes stay unticked, so sign-in never completes), and
# C's own addresses and ids.
HALF_FIT = """
locators:
  status.name: {label: 查询密码}
  site.personal_center: {role: link, name: 政务公开}
  signed_in.greeting: {text: 用户登录}
"""


def test_a_half_fit_charges_nothing_to_the_portal(tmp_path):
    path = pointed_at("a", "c", tmp_path, HALF_FIT)
    text = path.read_text(encoding="utf-8")
    c = (ROOT / "fixtures" / "portals" / "sandbox-c-matrix.yaml").read_text(encoding="utf-8")
    for key in ("  guide: ", "  status: ", "guide_items: ", "application_number: "):   # C's addresses and ids
        mine = re.search(rf"(?m)^{re.escape(key)}.*$", text).group(0)
        text = text.replace(mine, re.search(rf"(?m)^{re.escape(key)}.*$", c).group(0))
    # the half fit judges the five journeys it runs; the 用户中心 is none of them (signed out, C's
    # 个人中心 shows a prompt, not the sections: no override could honestly make it fit)
    text = re.sub(r"(?m)^user_center: .*\n", "", text)
    path.write_text(text, encoding="utf-8")
    reports = tmp_path / "reports"
    probe = shopper("probe", "--portal", str(path), reports=reports)
    table = json.loads(next((reports / "probe").rglob("fit.json")).read_text(encoding="utf-8"))
    assert not table["misfits"], f"the overrides should make the probe say it fits: {table['misfits']}\n{probe.stdout[-2000:]}"
    result = shopper("run", "--portal", str(path), "--journeys", "search,guide,sso,status,entry", "--device", "desktop",
                     "--no-report", reports=reports)
    records = assert_no_verdict_and_nothing_charged(result, reports)
    assert not [r["scenario"] for r in records if r.get("failure_class") == "environment"], \
        "our own flow gaps are 套件故障, not 环境故障"
