"""`shopper new-portal`: a profile from the template, then what the probe saw written into it as
flows (marked 推测) and one commented locator line per control the conventions did not fit."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shopper.failures import SuiteError
from shopper.profile import load_profile
from shopper.scaffold import apply_probe, new_portal

ROOT = Path(__file__).resolve().parents[2]


def _root(tmp_path: Path) -> Path:
    (tmp_path / "fixtures" / "portals").mkdir(parents=True)
    shutil.copy(ROOT / "fixtures" / "portals" / "example-live.yaml", tmp_path / "fixtures" / "portals")
    shutil.copytree(ROOT / "fixtures" / "keywords", tmp_path / "fixtures" / "keywords")
    return tmp_path


def _fit(tmp_path: Path, facts: dict, rows: list[dict]) -> Path:
    path = tmp_path / "fit.json"
    path.write_text(json.dumps({"rows": rows, "misfits": [], "facts": facts}, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_profile_is_the_template_with_name_and_urls_and_no_package(tmp_path):
    path = new_portal("my-province", portal_url="https://zwfw.example.gov.cn", root=_root(tmp_path))
    profile = load_profile(path)
    assert profile.name == "my-province" and profile.url("portal") == "https://zwfw.example.gov.cn"
    assert not (tmp_path / "pages").exists()          # a portal is a profile: no code is written
    with pytest.raises(SuiteError, match="已存在"):
        new_portal("my-province", root=tmp_path)


def test_what_the_probe_saw_becomes_flows_and_commented_locators(tmp_path):
    path = new_portal("my-province", portal_url="https://zwfw.example.gov.cn", root=_root(tmp_path))
    facts = {"login_checkboxes": ["我已阅读并同意《用户服务协议》", "我已知晓当前为测试环境"], "login_sms": True,
             "status_verify": ["password", "captcha"], "site_personal_center": False}
    rows = [{"control": "results.list", "page": "搜索结果页", "status": "missing", "how": ""},
            {"control": "home.search_input", "page": "首页", "status": "found", "how": "约定 2/4 (inferred)"},
            {"control": "status.name", "page": "办件查询页", "status": "missing", "how": ""},
            {"control": "site.heading", "page": "部门/市级网站首页", "status": "ambiguous", "count": 3, "how": ""}]
    summary = apply_probe(path, _fit(tmp_path, facts, rows))
    assert summary == {"found": 1, "inferred": 1, "missing": 2, "ambiguous": 1, "flows": 8}
    profile = load_profile(path)        # still a valid profile
    assert profile.flows["status"]["verify"] == ["password", "captcha"]
    assert profile.flows["sign_in"]["tick"] == facts["login_checkboxes"]
    # an environment variable to set (a run without it names it: 套件故障, never the portal)
    assert profile.flows["sign_in"]["sms_code_env"] == "SHOPPER_SMS_CODE"
    assert profile.flows["sites"] == {"personal_center": False}
    text = path.read_text(encoding="utf-8")
    assert "export SHOPPER_SMS_CODE=" in text
    assert "#   results.list:" in text and "#   site.heading:" in text and "不唯一 (3 个)" in text
    assert "status.name" not in text.split("以下由")[1]   # not a to-do: the query page asks no name
    assert "推测" in text
