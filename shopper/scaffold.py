"""`shopper new-portal NAME --portal-url URL`: a profile to start a new portal from, written from
what the probe saw on that portal.

A portal is a profile (no code): the template's facts with the name and the URLs filled in, then —
after the probe has walked the portal with the conventions (pages/conventions.yaml) — the flows it
saw (boxes to tick on the login page, an SMS step, what 办件查询 asks, sites without 个人中心, a first-
visit notice) and one commented `locators:` line per control the conventions did not find or found
more than once. Everything inferred is marked 推测 (uncertain); the fit table stays the to-do list.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .failures import SuiteError
from .paths import ROOT

NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")


def new_portal(name: str, portal_url: str | None = None, idp_url: str | None = None,
               root: Path = ROOT, force: bool = False) -> Path:
    """Write fixtures/portals/NAME.yaml from the live template; returns its path."""
    if not NAME_RE.match(name):
        raise SuiteError(f"门户名「{name}」应为小写字母开头的字母、数字、-、_ (e.g. gansu, gansu-staging)")
    profile = root / "fixtures" / "portals" / f"{name}.yaml"
    if profile.exists() and not force:
        raise SuiteError(f"{profile} 已存在, 不覆盖 (exists; pass --force to overwrite)")
    template = (root / "fixtures" / "portals" / "example-live.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name: \S+", f"name: {name}", template)
    if portal_url:
        text = re.sub(r"(?m)^(  portal: )\S+", rf"\g<1>{portal_url}", text)
    if idp_url:
        text = re.sub(r"(?m)^(  idp: )\S+", rf"\g<1>{idp_url}", text)
    text = re.sub(r"(?m)^locators:\n(  .*\n)+", "", text)
    profile.write_text(text, encoding="utf-8")
    return profile


def apply_probe(profile: Path, fit_json: Path) -> dict:
    """Append to `profile` the flows and locators the probe's table (`fit_json`) suggests; returns a
    summary {found, inferred, missing, ambiguous, flows}."""
    data = json.loads(Path(fit_json).read_text(encoding="utf-8"))
    rows, facts = data.get("rows", []), data.get("facts", {})
    lines = ["", "# ---- 以下由 shopper new-portal 根据探测结果写入 (written from the probe); 推测 = uncertain ----"]
    flows = _flows(facts)
    if flows:
        lines.append("flows:")
        lines += flows
    verify = set(facts.get("status_verify") or ())
    # a verification field the query page does not have is not a to-do: the inferred verify drops it
    todo = [r for r in rows if r["status"] in ("missing", "ambiguous")
            and not (r["control"].startswith("status.") and r["control"].split(".")[1] in {"name", "password", "captcha"} - verify)]
    if todo:
        lines.append("# 约定没有找到或找到多个的控件: 按页面上的名称填写后取消注释 (the probe's fit table shows each):")
        lines.append("# locators:")
        for r in todo:
            why = "缺失" if r["status"] == "missing" else f"不唯一 ({r.get('count')} 个)"
            lines.append(f"#   {r['control']}: {{role: …, name: …}}   # {why} · {r['page']}")
    with profile.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    inferred = [r for r in rows if r["status"] == "found" and "inferred" in (r.get("how") or "")]
    return {"found": sum(r["status"] == "found" for r in rows), "inferred": len(inferred),
            "missing": sum(r["status"] == "missing" for r in rows),
            "ambiguous": sum(r["status"] == "ambiguous" for r in rows), "flows": len(flows)}


def _flows(facts: dict) -> list[str]:
    out = []
    sign_in = []
    boxes = facts.get("login_checkboxes") or []
    if boxes:
        quoted = ", ".join(json.dumps(b[:40], ensure_ascii=False) for b in boxes)
        sign_in.append(f"    tick: [{quoted}]   # 推测: 登录页上的复选框, 请确认哪些必须勾选")
    if facts.get("login_sms"):
        sign_in.append("    sms_code_env: SHOPPER_SMS_CODE   # 登录页有「获取验证码」: 运行前 export SHOPPER_SMS_CODE=测试环境的固定短信验证码")
    if facts.get("login_captcha"):
        sign_in.append("    captcha_env: SHOPPER_LOGIN_CAPTCHA   # 登录页有图形验证码: 运行前 export SHOPPER_LOGIN_CAPTCHA=测试环境的固定验证码")
    if sign_in:
        out += ["  sign_in:"] + sign_in
    verify = facts.get("status_verify")
    if verify is not None:
        out += ["  status:", f"    verify: [{', '.join(verify)}]   # 推测: 办件查询页上找到的验证项"]
        if "captcha" in verify:
            out.append("    captcha_env: SHOPPER_STATUS_CAPTCHA   # 运行前 export SHOPPER_STATUS_CAPTCHA=测试环境办件查询的固定图形验证码")
    if facts.get("site_personal_center") is False:
        out += ["  sites:", "    personal_center: false   # 推测: 抽样站点上没有找到「个人中心」"]
    return out
