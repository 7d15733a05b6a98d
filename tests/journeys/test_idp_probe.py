"""The 安全运行 IdP return-URL probe runs only where the profile marks the IdP as staging: elsewhere
the scenario is skipped as 未测 and not a single probe request is sent."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.runs import ROOT, run_journeys

pytestmark = pytest.mark.journeys
SAFETY = [str(ROOT / "steps" / "test_safety.py")]


def profile_with_staging(tmp_path: Path, staging: str) -> Path:
    text = (ROOT / "fixtures/portals/sandbox-matrix.yaml").read_text(encoding="utf-8")
    assert 'staging_hosts: ["*.localhost"]' in text
    text = text.replace('staging_hosts: ["*.localhost"]', f"staging_hosts: {staging}")
    text = text.replace("keywords: ../keywords/", f"keywords: {ROOT / 'fixtures/keywords'}/")
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def probe_record(tmp_path: Path, staging: str) -> dict:
    records = run_journeys(tmp_path / "out", steps=SAFETY, extra=["-k", "统一身份认证", "--device", "desktop"],
                           profile=str(profile_with_staging(tmp_path, staging)))
    assert len(records) == 1, [r["scenario"] for r in records]
    return records[0]


def test_probe_runs_on_a_staging_idp_and_the_sandbox_refuses(tmp_path):
    record = probe_record(tmp_path, '["*.localhost"]')
    assert record["outcome"] == "passed", record["failure_message"]
    assert record["observations"]["idp_return_url_foreign_host_accepted"] is False
    assert record["observations"]["idp_probe_parameter"] == "goto"


def test_probe_is_not_sent_to_an_idp_not_marked_staging(tmp_path):
    record = probe_record(tmp_path, '["zwfw.localhost"]')
    assert record["outcome"] == "skipped", record["failure_message"]
    assert record["observations"].get("idp_return_url_probe") == "未测"
    assert "idp_return_url_foreign_host_accepted" not in record["observations"]
    assert not any("shopper-probe" in url or "//idp." in url for url in record["navigations"])
