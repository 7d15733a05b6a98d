"""What a failed journey leaves behind: the trace of the failed attempt (scrubbed), a masked
screenshot and the failing page's masked DOM attached to the failed step; a passed journey leaves no
trace. (Traces record no DOM snapshots unless --trace-snapshots: the DOM at the failure is the one
that matters, and it comes as an attachment.)"""
from __future__ import annotations

import json
import zipfile

import pytest

from tests.support.runs import ROOT, run_journeys

pytestmark = pytest.mark.journeys
SEARCH = [str(ROOT / "steps" / "test_search.py")]


def test_a_failed_journey_keeps_its_trace_screenshot_and_dom(tmp_path):
    out = tmp_path / "out"
    records = run_journeys(out, "search_miss", steps=SEARCH, extra=["--device", "desktop"], run_id="evidence")
    failed = [r for r in records if r["outcome"] != "passed"]
    passed = [r for r in records if r["outcome"] == "passed"]
    assert failed and passed, [(r["scenario"], r["outcome"]) for r in records]
    traces = sorted((out / "traces" / "evidence").glob("*.zip"))
    assert len(traces) == len(failed), traces                      # one per failed attempt, none for a pass
    for trace in traces:
        with zipfile.ZipFile(trace) as z:
            names = z.namelist()
        assert any(n.endswith(".trace") for n in names), names     # actions and network of the attempt
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "allure-results").glob("*-result.json")]
    for result in (r for r in results if r["status"] in ("failed", "broken")):
        attachments = result.get("attachments", []) + [a for step in result.get("steps", []) for a in step.get("attachments", [])]
        names = [a["name"] for a in attachments]
        assert any(n.startswith("失败截图") for n in names), (result["name"], names)
        assert any(n.startswith("trace") for n in names), (result["name"], names)
        dom = next(a for a in attachments if a["name"].startswith("失败页面 DOM"))
        text = (out / "allure-results" / dom["source"]).read_text(encoding="utf-8")
        assert "<html" in text.lower() and "搜索" in text, text[:200]
    # run_journeys has already searched every output, these attachments included, for unmasked
    # passwords, 身份证号 and phone numbers in any encoding
