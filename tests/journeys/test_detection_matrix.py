"""The defect detection matrix: does the suite see what an evaluator would see?

The journeys run against the sandbox once clean and once per named defect. For each defect the
test asserts which journeys fail, that every failure is classed as a portal defect, that the
indicator the defect's documentation names drops, and that no other indicator drops by more than
the rubric's noise. Clean means no failure and full marks. The matrix (defect × indicator) is
printed and saved under reports/detection-matrix.{md,json}.

Runs use the lean profile `sandbox-matrix` (fewer sampled keywords and guides) on desktop.
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sandbox.defects import DEFECTS
from shopper.personas import make_persona
from shopper.record import load_records
from shopper.scoring import load_rubric, score

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "sandbox-matrix"
ALL_STEPS = sorted(str(p) for p in (ROOT / "steps").glob("test_*.py"))

# defect → the journeys that must fail under it (every other journey must pass)
EXPECTED_FAILING = {
    "slow_search": {"search"},
    "search_miss": {"search"},
    "search_500": {"search", "apply", "status", "review", "safety", "elder"},
    "sso_loop": {"sso", "sso_sites", "one_network", "apply", "status", "review", "safety"},
    "sso_second_login": {"sso_sites"},
    "session_lost_on_city_site": {"sso_sites"},
    "entry_buried": {"entry"},
    "external_hop": {"one_network", "apply", "status", "review", "safety"},
    "upload_rejects_pdf": {"apply", "status", "review", "safety"},
    "submit_500": {"apply", "status", "review", "safety"},
    "status_wrong": {"status"},
    "status_leaks_other": {"status"},
    "review_missing": {"review"},
    "broken_download": {"guide"},
    "guide_missing_elements": {"guide"},
    "pii_unmasked": {"safety"},
    "elderly_popup": {"elder"},
}
MATRIX: dict[str, dict] = {}

# Known credentials for the runs, so every output can be searched for them afterwards.
ACCOUNTS = {"SHOPPER_SANDBOX_USER": "matrix_citizen", "SHOPPER_SANDBOX_PASSWORD": "Mx-" + secrets.token_urlsafe(12),
            "SHOPPER_SANDBOX_OTHER_USER": "matrix_other", "SHOPPER_SANDBOX_OTHER_PASSWORD": "Mo-" + secrets.token_urlsafe(12)}
# The personas the suite derives (seeded Faker: citizen, then other).
PERSONAS = [make_persona("citizen", 20261123), make_persona("other", 20261124)]
SENSITIVE = [ACCOUNTS["SHOPPER_SANDBOX_PASSWORD"], ACCOUNTS["SHOPPER_SANDBOX_OTHER_PASSWORD"]] + \
            [p.id_number for p in PERSONAS] + [p.phone for p in PERSONAS]

pytestmark = [pytest.mark.journeys, pytest.mark.matrix]


def run_journeys(out: Path, defects: str = "") -> list[dict]:
    run_id = f"matrix-{defects or 'clean'}"
    cmd = [sys.executable, "-m", "pytest", *ALL_STEPS, "-p", "no:cacheprovider", "-o", "testpaths=", "-q",
           "--tb=no", f"--portal={PROFILE}", f"--run-id={run_id}", f"--records-dir={out}",
           f"--traces-dir={out / 'traces'}", f"--alluredir={out / 'allure-results'}"]
    if defects:
        cmd.append(f"--defects={defects}")
    env = {**os.environ, **ACCOUNTS, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode in (0, 1), f"journey run crashed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    records = load_records(out / run_id)
    assert records, f"no journey records written:\n{proc.stdout[-2000:]}"
    leaks = find_sensitive(out, proc.stdout + proc.stderr)
    assert not leaks, f"secrets or personal data unmasked in outputs: {leaks}"
    return records


def find_sensitive(out: Path, log: str) -> list[str]:
    """Files (and zip entries) under `out`, or the run's log, that contain a password, a full
    身份证号 or a full phone number of the test personas."""
    hits = [f"log: {i}" for i, value in enumerate(SENSITIVE) if value in log]
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                texts = {f"{path.name}:{n}": z.read(n).decode("utf-8", "ignore") for n in z.namelist()}
        else:
            texts = {path.name: path.read_bytes().decode("utf-8", "ignore")}
        for where, text in texts.items():
            hits += [f"{where}: #{i}" for i, value in enumerate(SENSITIVE) if value in text]
    return hits


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture(scope="module")
def clean(tmp_path_factory, rubric):
    records = run_journeys(tmp_path_factory.mktemp("clean"))
    return records, score(records, rubric)


def test_clean_sandbox_passes_with_full_marks(clean):
    records, card = clean
    failed = [(r["nodeid"], r["failure_message"]) for r in records if r["outcome"] != "passed"]
    assert not failed, f"clean sandbox has failing journeys: {failed}"
    measured = {i.id: i.score for i in card.indicators if i.measured}
    assert len(measured) >= 15, f"too few indicators measured: {sorted(measured)}"
    assert all(s == 100 for s in measured.values()), f"clean sandbox below full marks: {measured}"
    MATRIX["clean"] = {"failing": [], "scores": measured}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_defect_is_caught_and_charged_to_its_indicator(defect, clean, rubric, tmp_path):
    clean_records, clean_card = clean
    records = run_journeys(tmp_path, defect)
    card = score(records, rubric)
    failing = [r for r in records if r["outcome"] != "passed"]
    failing_journeys = {r["journey"] for r in failing}
    indicator = DEFECTS[defect].indicator
    before = {i.id: i.score for i in clean_card.indicators if i.measured}
    after = {i.id: i.score for i in card.indicators}
    drops = {iid: round(before[iid] - (after.get(iid) or 0), 1) for iid in before}
    MATRIX[defect] = {"indicator": indicator, "failing": sorted(failing_journeys),
                      "classes": sorted({r["failure_class"] for r in failing}), "drops": drops}

    assert failing, f"{defect}: every journey passed against a broken portal"
    assert failing_journeys == EXPECTED_FAILING[defect], \
        f"{defect}: failing journeys {sorted(failing_journeys)} != expected {sorted(EXPECTED_FAILING[defect])}"
    wrong_class = [(r["nodeid"], r["failure_class"], r["failure_message"]) for r in failing
                   if r["failure_class"] != "portal_defect"]
    assert not wrong_class, f"{defect}: failures not classed as portal defect: {wrong_class}"
    assert drops[indicator] >= 10, f"{defect}: {indicator} dropped only {drops[indicator]} points"
    others = {iid: d for iid, d in drops.items() if iid != indicator and iid not in ("STAB", "C2-3") and d > rubric.noise_points}
    assert not others, f"{defect}: other indicators dropped too: {others}"


def test_write_matrix():
    """Print and save the matrix (runs last in this module)."""
    if len(MATRIX) < 2:
        pytest.skip("matrix cells did not run")
    indicators = sorted({i for cell in MATRIX.values() for i in cell.get("drops", {})})
    lines = ["| 缺陷 defect | 应降指标 | 失败旅程 | " + " | ".join(indicators) + " |",
             "|---|---|---|" + "---|" * len(indicators)]
    for name, cell in MATRIX.items():
        if name == "clean":
            continue
        marks = [f"**−{cell['drops'][i]}**" if i == cell["indicator"] else
                 (f"−{cell['drops'][i]}" if cell["drops"].get(i, 0) > 0 else "·") for i in indicators]
        lines.append(f"| {name} | {cell['indicator']} | {', '.join(cell['failing'])} | " + " | ".join(marks) + " |")
    table = "\n".join(lines)
    print("\n缺陷检出矩阵 (defect × indicator, points dropped vs the clean run)\n" + table)
    out = ROOT / "reports"
    out.mkdir(exist_ok=True)
    (out / "detection-matrix.md").write_text("# 缺陷检出矩阵\n\n" + table + "\n", encoding="utf-8")
    (out / "detection-matrix.json").write_text(json.dumps(MATRIX, ensure_ascii=False, indent=1), encoding="utf-8")
    assert all(cell.get("failing") for name, cell in MATRIX.items() if name != "clean")
