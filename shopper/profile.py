"""Portal profiles (fixtures/portals/NAME.yaml): the facts about one portal the journeys need.

Errors name the file and line, and what was expected, so a supervisor can fix a profile without
reading code. Pure Python (PyYAML), no Playwright.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .failures import SuiteError
from .yamlfile import load_yaml

ROOT = Path(__file__).resolve().parent.parent
PORTALS_DIR = ROOT / "fixtures" / "portals"


class ProfileError(SuiteError):
    pass


@dataclass
class Site:
    code: str
    name: str
    url: str
    kind: str  # department | city


@dataclass
class Account:
    role: str
    user_env: str
    password_env: str

    def credentials(self) -> tuple[str, str]:
        user, password = os.environ.get(self.user_env), os.environ.get(self.password_env)
        if not user or not password:
            raise ProfileError(
                f"测试账号 {self.role} 未配置: 请设置环境变量 {self.user_env} 和 {self.password_env} "
                f"(test account '{self.role}' needs env vars {self.user_env} and {self.password_env})")
        return user, password


@dataclass
class Profile:
    name: str
    title: str
    kind: str
    page_objects: str
    urls: dict[str, str]
    departments: list[Site]
    cities: list[Site]
    accounts: dict[str, Account]
    keywords: Path | None
    staging_hosts: list[str]
    writes_allowed: bool
    sso_attempts: int = 3
    apply_items: list[str] = field(default_factory=list)
    guide_items: list[str] = field(default_factory=list)
    review_levels: list[str] = field(default_factory=list)
    timeouts: dict[str, int] = field(default_factory=lambda: {"action_ms": 10000, "navigation_ms": 20000})
    politeness: dict[str, int] = field(default_factory=lambda: {"max_pages_per_host": 4, "min_interval_ms": 0})
    path: Path | None = None
    port: int | None = None
    personas: dict = field(default_factory=dict)   # role → Persona (sandbox: generated each run)
    defects: list[str] = field(default_factory=list)  # sandbox defects switched on for this run
    owners: dict[str, str] = field(default_factory=dict)  # indicator (prefix) → 责任单位 (整改台账)

    @property
    def is_sandbox(self) -> bool:
        return self.kind == "sandbox"

    def bind(self, port: int) -> "Profile":
        """Fill {port} in every URL (sandbox profiles: the port is chosen at start-up)."""
        self.port = port
        self.urls = {k: v.format(port=port) for k, v in self.urls.items()}
        for site in self.departments + self.cities:
            site.url = site.url.format(port=port)
        return self

    def url(self, key: str) -> str:
        return self.urls[key]

    def may_write(self, url: str) -> bool:
        """Writes (applications, reviews) only where the profile marks the host as staging."""
        host = urlsplit(url).hostname or ""
        return self.writes_allowed and any(fnmatch.fnmatch(host, pat) for pat in self.staging_hosts)

    def sites(self) -> list[Site]:
        return self.departments + self.cities


_REQUIRED = {"name": str, "title": str, "kind": str, "page_objects": str, "urls": dict,
             "accounts": dict, "staging_hosts": list, "writes_allowed": bool}


def _line_of(node: yaml.Node, key: str | None = None) -> int:
    if key is not None and isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v.start_mark.line + 1
    return node.start_mark.line + 1


def load_profile(name_or_path: str | os.PathLike) -> Profile:
    path = Path(name_or_path)
    if not path.suffix:
        path = PORTALS_DIR / f"{name_or_path}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in PORTALS_DIR.glob("*.yaml")))
        raise ProfileError(f"找不到门户配置 {path} (no such portal profile; known: {known})")
    root, data = load_yaml(path, ProfileError, "portal profile")
    if not isinstance(data, dict) or root is None:
        raise ProfileError(f"{path}:1: 门户配置应为键值映射 (a profile is a mapping of keys)")

    def fail(key: str, message: str, node: yaml.Node = root) -> None:
        raise ProfileError(f"{path}:{_line_of(node, key)}: '{key}' {message}")

    for key, typ in _REQUIRED.items():
        if key not in data:
            raise ProfileError(f"{path}: 缺少必填项 '{key}' (missing required key '{key}')")
        if not isinstance(data[key], typ):
            fail(key, f"应为 {typ.__name__} (expected {typ.__name__}, got {type(data[key]).__name__})")
    if data["kind"] not in ("sandbox", "live"):
        fail("kind", "应为 sandbox 或 live (must be 'sandbox' or 'live')")
    for key in ("portal", "idp"):
        url = data["urls"].get(key)
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            fail("urls", f"需要 urls.{key}: 一个 http(s) 地址 (urls.{key} must be an http(s) URL)")
    known = set(_REQUIRED) | {"departments", "cities", "keywords", "sso_attempts", "apply_items",
                              "guide_items", "review_levels", "timeouts", "politeness", "notes", "owners"}
    for key in data:
        if key not in known:
            fail(key, f"是未知配置项 (unknown key; known: {', '.join(sorted(known))})")

    sites: dict[str, list[Site]] = {}
    for kind_key, kind in (("departments", "department"), ("cities", "city")):
        rows = data.get(kind_key) or []
        if not isinstance(rows, list):
            fail(kind_key, "应为列表 (expected a list)")
        out = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or not {"code", "name", "url"} <= set(row):
                line = _line_of(root, kind_key) + i
                raise ProfileError(f"{path}:{line}: {kind_key}[{i}] 需要 code, name, url (needs code, name, url)")
            out.append(Site(code=str(row["code"]), name=str(row["name"]), url=str(row["url"]), kind=kind))
        sites[kind_key] = out

    accounts = {}
    for role, spec in data["accounts"].items():
        if not isinstance(spec, dict) or not {"user_env", "password_env"} <= set(spec):
            fail("accounts", f"账号 {role} 需要 user_env 和 password_env (env var names, never the secrets)")
        if "password" in spec or "user" in spec:
            fail("accounts", "不得写入账号或密码本身, 只写环境变量名 (never put credentials in a profile)")
        accounts[role] = Account(role=role, user_env=spec["user_env"], password_env=spec["password_env"])
    if "citizen" not in accounts:
        fail("accounts", "需要 citizen 账号 (a 'citizen' account is required)")

    keywords = data.get("keywords")
    kw_path = (path.parent / keywords).resolve() if keywords else None
    if kw_path is not None and not kw_path.exists():
        fail("keywords", f"指向的关键词文件不存在: {kw_path} (keyword file not found)")
    attempts = data.get("sso_attempts", 3)
    if not isinstance(attempts, int) or not 1 <= attempts <= 50:
        fail("sso_attempts", "应为 1–50 的整数 (an integer from 1 to 50)")
    owners = data.get("owners") or {}
    if not isinstance(owners, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                               for k, v in owners.items()):
        fail("owners", "应为 指标(或前缀) → 责任单位名称 的映射 (a mapping of indicator or prefix → unit name)")
    return Profile(
        name=data["name"], title=data["title"], kind=data["kind"], page_objects=data["page_objects"],
        urls=dict(data["urls"]), departments=sites["departments"], cities=sites["cities"],
        accounts=accounts, keywords=kw_path, staging_hosts=list(data["staging_hosts"]),
        writes_allowed=data["writes_allowed"], sso_attempts=attempts,
        apply_items=list(data.get("apply_items") or []), guide_items=list(data.get("guide_items") or []),
        review_levels=list(data.get("review_levels") or []),
        timeouts={**{"action_ms": 10000, "navigation_ms": 20000}, **(data.get("timeouts") or {})},
        politeness={**{"max_pages_per_host": 4, "min_interval_ms": 0}, **(data.get("politeness") or {})},
        path=path, owners={k: v.strip() for k, v in owners.items()},
    )
