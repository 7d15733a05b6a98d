"""Portal profiles (fixtures/portals/NAME.yaml): the facts about one portal the journeys need.

Errors name the file and line, and what was expected, so a supervisor can fix a profile without
reading code. Pure Python (PyYAML), no Playwright.
"""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .failures import SuiteError
from .yamlfile import load_yaml
from .paths import ROOT

PORTALS_DIR = ROOT / "fixtures" / "portals"


class ProfileError(SuiteError):
    pass


@dataclass
class Site:
    code: str
    name: str
    url: str
    kind: str  # department | city


NATIONAL_REVIEW_LEVELS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]  # 好差评 五级 (国办发〔2019〕51号)
ADVANCE_METHODS = ("http", "existing", "cannot")
# What each ability reads from `flows:` (pages/abilities/*: their docstrings say what each value does).
# A value is a type name, or a tuple of the words it may be; ("list", words) is a list of those words.
FLOW_SCHEMA: dict[str, dict[str, object]] = {
    "sign_in": {"tick": "strings", "captcha_env": "env", "sms_code_env": "env", "slider": "bool"},
    "search": {"submit": ("click", "enter"), "tab": "string"},
    "guide": {},
    "apply": {},
    "status": {"open": ("url", "link"), "verify": ("list", ("name", "password", "captcha")), "captcha_env": "env",
               "public": ("list", ("masked_name", "name", "status"))},
    "review": {"bad_reason": "string"},
    "sites": {"personal_center": "bool"},
    "entry": {"words": "strings"},
    "assistant": {"submit": ("click", "enter")},
}
OBSTACLE_KEYS = {"box": "string", "dismiss": "string", "dismiss_inside": "bool"}
FLOW_KEYS = set(FLOW_SCHEMA) | {"obstacles"}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FACT_ENVS = ("name_env", "id_number_env", "phone_env", "address_env")


@dataclass
class Account:
    role: str
    user_env: str
    password_env: str
    fact_envs: dict[str, str] = field(default_factory=dict)  # name/id_number/phone/address → env var name

    def facts(self) -> dict[str, str | None]:
        return {key.removesuffix("_env"): os.environ.get(env) for key, env in self.fact_envs.items()}

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
    review_levels: list[str] = field(default_factory=lambda: list(NATIONAL_REVIEW_LEVELS))
    bad_review_levels: list[str] = field(default_factory=lambda: NATIONAL_REVIEW_LEVELS[-2:])
    zero_result_query: str = "量子纠缠签证加急"
    application_number: dict[str, str] = field(default_factory=dict)  # pattern, description
    advance: dict = field(default_factory=lambda: {"method": "cannot", "reason": "门户配置未说明办件如何推进到受理/办结"})
    one_network_site: str | None = None
    status_item: str | None = None
    other_item: str | None = None
    a11y_keyword: str | None = None
    locators: dict = field(default_factory=dict)
    timeouts: dict[str, int] = field(default_factory=lambda: {"action_ms": 10000, "navigation_ms": 20000})
    politeness: dict[str, int] = field(default_factory=lambda: {"max_pages_per_host": 4, "min_interval_ms": 0})
    path: Path | None = None
    port: int | None = None
    personas: dict = field(default_factory=dict)   # role → Persona (sandbox: generated each run)
    defects: list[str] = field(default_factory=list)  # sandbox defects switched on for this run
    flavour: str = "a"   # sandbox flavour the suite starts (kind: sandbox only)
    owners: dict[str, str] = field(default_factory=dict)  # indicator (prefix) → 责任单位 (整改台账)
    flows: dict = field(default_factory=dict)    # how this portal's flows differ (pages/abilities/*)
    platform_hosts: list[str] = field(default_factory=list)  # hosts of the unified platform besides portal/IdP
    # issue 23: 智能客服 (B5-2) questions (问题, 期望事项) and one question it cannot answer; 数据同源
    # (C3-2/C3-3) samples {item, department, city}; the item booked online (C4-2); the 个人中心 sections
    # this portal has (B7-4), named as its menu names them
    assistant_questions: list[tuple[str, str]] = field(default_factory=list)
    assistant_out_of_scope: str | None = None
    same_source: list[dict] = field(default_factory=list)
    booking_item: str | None = None
    user_center: list[str] = field(default_factory=list)

    @property
    def is_sandbox(self) -> bool:
        return self.kind == "sandbox"

    def bind(self, port: int) -> "Profile":
        """Fill {port} in every URL (sandbox profiles: the port is chosen at start-up)."""
        self.port = port
        self.urls = {k: v.replace("{port}", str(port)) for k, v in self.urls.items()}
        self.platform_hosts = [h.replace("{port}", str(port)) for h in self.platform_hosts]
        if self.advance.get("url"):
            self.advance = {**self.advance, "url": self.advance["url"].replace("{port}", str(port))}
        for site in self.departments + self.cities:
            site.url = site.url.replace("{port}", str(port))
        return self

    def url(self, key: str) -> str:
        return self.urls[key]

    def is_staging(self, url: str) -> bool:
        """The profile marks the host of `url` as staging (probes that try to trick a server, like
        the IdP return-URL check, run only there)."""
        host = urlsplit(url).hostname or ""
        return any(fnmatch.fnmatch(host, pat) for pat in self.staging_hosts)

    def may_write(self, url: str) -> bool:
        """Writes (applications, reviews) only where the profile marks the host as staging."""
        return self.writes_allowed and self.is_staging(url)

    def sites(self) -> list[Site]:
        return self.departments + self.cities

    def guide_url(self, item: str) -> str:
        """A sampled guide: a full URL as given, or the profile's `urls.guide` template with {item}."""
        if item.startswith(("http://", "https://")):
            return item
        template = self.urls.get("guide")
        if not template:
            raise ProfileError(f"{self.path}: guide_items 中的「{item}」不是网址, 且没有 urls.guide 模板 "
                               f"(give full guide URLs, or urls.guide with {{item}})")
        return template.format(item=item, portal=self.urls["portal"])

    def copy_url(self, kind: str, site: Site, item: str) -> str:
        """A department's (`kind` department) or city's own copy of a guide: the profile's
        `urls.department_copy` / `urls.city_copy` template with {site} (the site's address) and {item}."""
        key = f"{kind}_copy"
        template = self.urls.get(key)
        if not template:
            raise ProfileError(f"{self.path}: same_source 需要 urls.{key} (the address template of a {kind} site's "
                               f"copy of a guide, with {{site}} and {{item}})")
        return template.replace("{site}", site.url.rstrip("/")).replace("{item}", item)

    def item_id_from_url(self, url: str) -> str | None:
        """The {item} of a guide address made from `urls.guide` (None when the address is not one)."""
        import re
        template = self.urls.get("guide")
        if not template or "{item}" not in template:
            return None
        before, after = (part.replace("{portal}", self.urls["portal"]) for part in template.split("{item}", 1))
        match = re.match(re.escape(before) + r"(?P<item>[^/?#&]+)" + re.escape(after), url)
        return match.group("item") if match else None

    @property
    def first_item(self) -> str:
        if not self.apply_items:
            raise ProfileError(f"{self.path}: 没有配置 apply_items (no items to apply for)")
        return self.apply_items[0]


# Nested blocks and the keys the suite reads in them: any other key is a typo (refused, with these).
NESTED_KEYS = {
    "urls": ("portal", "idp", "guide", "status", "elder", "department_copy", "city_copy"),
    "assistant": ("questions", "out_of_scope"),
    "timeouts": ("action_ms", "navigation_ms"),
    "politeness": ("max_pages_per_host", "min_interval_ms"),
    "advance": ("method", "reason", "applications", "url", "request", "per_step", "token_env", "token_header"),
    "application_number": ("pattern", "description"),
}
SITE_KEYS = ("code", "name", "url")
SAME_SOURCE_KEYS = ("item", "department", "city")
QUESTION_KEYS = ("问题", "期望事项")
# Lists of ids or names, and single ids or texts: every entry is text (a number written as an id is
# still the id; one YAML would change is refused, see _as_text).
TEXT_LISTS = ("apply_items", "guide_items", "staging_hosts", "review_levels", "bad_review_levels", "platform_hosts",
              "user_center")
TEXT_VALUES = ("keywords", "zero_result_query", "one_network_site", "status_item", "other_item", "a11y_keyword",
               "booking_item")
_REQUIRED = {"name": str, "title": str, "kind": str, "urls": dict,
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
        if typ is list and not isinstance(data[key], list):
            fail(key, _NOT_A_LIST.format(key=key, got=type(data[key]).__name__, value=data[key]))
        if not isinstance(data[key], typ):
            fail(key, f"应为 {typ.__name__} (expected {typ.__name__}, got {type(data[key]).__name__})")
    if data["kind"] not in ("sandbox", "live"):
        fail("kind", "应为 sandbox 或 live (must be 'sandbox' or 'live')")
    for key in ("portal", "idp"):
        url = data["urls"].get(key)
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            fail("urls", f"需要 urls.{key}: 一个 http(s) 地址 (urls.{key} must be an http(s) URL)")
    known = set(_REQUIRED) | {"departments", "cities", "keywords", "sso_attempts", "apply_items",
                              "guide_items", "review_levels", "timeouts", "politeness", "notes", "locators",
                              "bad_review_levels", "zero_result_query", "application_number", "advance",
                              "one_network_site", "status_item", "other_item", "a11y_keyword", "flavour",
                              "owners", "flows", "platform_hosts", "assistant", "same_source", "booking_item",
                              "user_center"}
    for key in data:
        if key not in known:
            fail(key, f"是未知配置项 (unknown key; known: {', '.join(sorted(known))})")
    _check_nested_keys(path, root, data)
    _texts(path, root, data)

    sites: dict[str, list[Site]] = {}
    for kind_key, kind in (("departments", "department"), ("cities", "city")):
        rows = data.get(kind_key) or []
        if not isinstance(rows, list):
            fail(kind_key, "应为列表 (expected a list)")
        out = []
        rows_node = _child(root, kind_key)
        for i, row in enumerate(rows):
            node = rows_node.value[i] if isinstance(rows_node, yaml.SequenceNode) else root
            where = f"{path}:{node.start_mark.line + 1}: {kind_key}[{i}]"
            if not isinstance(row, dict) or not set(SITE_KEYS) <= set(row):
                raise ProfileError(f"{where} 需要 {', '.join(SITE_KEYS)} (needs {', '.join(SITE_KEYS)})")
            extra = sorted(str(k) for k in set(row) - set(SITE_KEYS))
            if extra:
                raise ProfileError(f"{where} 有未知项 {', '.join(extra)} (unknown key; known: {', '.join(SITE_KEYS)})")
            code, name, url = (_as_text(path, _child(node, k), row[k], f"{kind_key}[{i}].{k}") for k in SITE_KEYS)
            out.append(Site(code=code, name=name, url=url, kind=kind))
        sites[kind_key] = out

    accounts = {}
    for role, spec in data["accounts"].items():
        if not isinstance(spec, dict) or not {"user_env", "password_env"} <= set(spec):
            fail("accounts", f"账号 {role} 需要 user_env 和 password_env (env var names, never the secrets)")
        if "password" in spec or "user" in spec:
            fail("accounts", "不得写入账号或密码本身, 只写环境变量名 (never put credentials in a profile)")
        extra = set(spec) - {"user_env", "password_env", *FACT_ENVS}
        if extra:
            fail("accounts", f"账号 {role} 有未知项 {sorted(extra)} (known: user_env, password_env, {', '.join(FACT_ENVS)})")
        accounts[role] = Account(role=role, user_env=spec["user_env"], password_env=spec["password_env"],
                                 fact_envs={k: spec[k] for k in FACT_ENVS if k in spec})
    if "citizen" not in accounts:
        fail("accounts", "需要 citizen 账号 (a 'citizen' account is required)")

    keywords = data.get("keywords")
    kw_path = (path.parent / keywords).resolve() if keywords else None
    if kw_path is not None and not kw_path.exists():
        fail("keywords", f"指向的关键词文件不存在: {kw_path} (keyword file not found)")
    if data.get("flavour", "a") not in ("a", "b", "c"):
        fail("flavour", "应为 a、b 或 c (sandbox flavour: 'a', 'b' or 'c')")
    flows = data.get("flows") or {}
    if not isinstance(flows, dict):
        fail("flows", "应为 能力 → 变体 的映射 (a mapping of ability → its variant)")
    unknown_flows = set(flows) - FLOW_KEYS
    if unknown_flows:
        fail("flows", f"有未知的能力 {sorted(unknown_flows)} (known: {', '.join(sorted(FLOW_KEYS))})", _child(root, "flows"))
    _check_flows(path, _child(root, "flows"), flows)
    hosts = data.get("platform_hosts") or []
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        fail("platform_hosts", "应为主机名列表 (a list of host names)")
    _check_values(path, root, data, sites)
    questions, out_of_scope = _assistant(path, root, data)
    same_source = _same_source(path, root, data, sites)
    attempts = data.get("sso_attempts", 3)
    if not isinstance(attempts, int) or not 1 <= attempts <= 50:
        fail("sso_attempts", "应为 1–50 的整数 (an integer from 1 to 50)")
    advance = data.get("advance") or {"method": "cannot", "reason": "门户配置未说明办件如何推进到受理/办结 (no 'advance' in the profile)"}
    if not isinstance(advance, dict) or advance.get("method") not in ADVANCE_METHODS:
        fail("advance", f"需要 method: {' | '.join(ADVANCE_METHODS)} (how a 办件 moves to 已受理/已办结 on this portal)")
    if advance["method"] == "existing" and not isinstance(advance.get("applications"), dict):
        fail("advance", "method: existing 需要 applications: {已受理: 办件编号, 已办结: 办件编号}")
    if advance["method"] == "http" and not (isinstance(advance.get("url"), str) and "{number}" in advance["url"]):
        fail("advance", "method: http 需要 url (含 {number} 的接口地址; token_env 给出令牌的环境变量名)")
    number = data.get("application_number") or {}
    if number:
        import re
        if not isinstance(number, dict) or "pattern" not in number:
            fail("application_number", "需要 pattern (a regular expression) 和 description")
        try:
            re.compile(number["pattern"])
        except re.error as exc:
            fail("application_number", f"pattern 不是合法的正则表达式: {exc}")
    locators = data.get("locators") or {}
    if not isinstance(locators, dict):
        fail("locators", "应为 控件名 → 定位方式 的映射 (a mapping of control name → locator)")
    levels = data.get("review_levels") or list(NATIONAL_REVIEW_LEVELS)
    owners = data.get("owners") or {}
    if not isinstance(owners, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                               for k, v in owners.items()):
        fail("owners", "应为 指标(或前缀) → 责任单位名称 的映射 (a mapping of indicator or prefix → unit name)")
    return Profile(
        name=data["name"], title=data["title"], kind=data["kind"],
        urls={k: (v if k in ("portal", "guide") else v.replace("{portal}", data["urls"]["portal"]))
              for k, v in data["urls"].items()},
        departments=sites["departments"], cities=sites["cities"],
        accounts=accounts, keywords=kw_path, staging_hosts=list(data["staging_hosts"]),
        writes_allowed=data["writes_allowed"], sso_attempts=attempts,
        apply_items=list(data.get("apply_items") or []), guide_items=list(data.get("guide_items") or []),
        review_levels=list(levels), bad_review_levels=list(data.get("bad_review_levels") or levels[-2:]),
        zero_result_query=str(data.get("zero_result_query") or "量子纠缠签证加急"),
        application_number={k: str(v) for k, v in number.items()}, advance=advance,
        one_network_site=data.get("one_network_site"), status_item=data.get("status_item"),
        other_item=data.get("other_item"), a11y_keyword=data.get("a11y_keyword"), locators=locators,
        flavour=str(data.get("flavour", "a")),
        timeouts={**{"action_ms": 10000, "navigation_ms": 20000}, **(data.get("timeouts") or {})},
        politeness={**{"max_pages_per_host": 4, "min_interval_ms": 0}, **(data.get("politeness") or {})},
        path=path, owners={k: v.strip() for k, v in owners.items()}, flows=flows, platform_hosts=list(hosts),
        assistant_questions=questions, assistant_out_of_scope=out_of_scope, same_source=same_source,
        booking_item=data.get("booking_item"), user_center=list(data.get("user_center") or []),
    )


def _assistant(path: Path, root: yaml.Node, data: dict) -> tuple[list[tuple[str, str]], str | None]:
    """智能客服: `questions` rows {问题, 期望事项} (what a citizen asks, the item the answer must name) and
    `out_of_scope`, a question about nothing the portal does (the answer must hand over to a person)."""
    block = data.get("assistant")
    if block is None:
        return [], None
    node = _child(root, "assistant")
    if not isinstance(block, dict):
        raise ProfileError(f"{path}:{_line_of(root, 'assistant')}: 'assistant' 应为映射 {{questions, out_of_scope}} "
                           f"(expected a mapping)")
    rows = block.get("questions") or []
    rows_node = _child(node, "questions")
    if not isinstance(rows, list):
        raise ProfileError(f"{path}:{_line_of(node, 'questions')}: assistant.questions "
                           + _NOT_A_LIST.format(key="questions", got=type(rows).__name__, value=rows))
    questions = []
    for i, row in enumerate(rows):
        row_node = rows_node.value[i] if isinstance(rows_node, yaml.SequenceNode) else node
        where = f"{path}:{row_node.start_mark.line + 1}: assistant.questions[{i}]"
        if not isinstance(row, dict) or set(row) != set(QUESTION_KEYS):
            raise ProfileError(f"{where} 应为 {{问题: …, 期望事项: …}} (a question and the item its answer must name)")
        questions.append(tuple(_as_text(path, _child(row_node, k), row[k], f"assistant.questions[{i}].{k}")
                               for k in QUESTION_KEYS))
    out = block.get("out_of_scope")
    return questions, None if out is None else _as_text(path, _child(node, "out_of_scope"), out, "assistant.out_of_scope")


def _same_source(path: Path, root: yaml.Node, data: dict, sites: dict[str, list[Site]]) -> list[dict]:
    """数据同源 samples: {item: the portal's guide id, department: a site code, city: a site code}; each code
    names a site of the profile, and the copy address templates are there."""
    rows = data.get("same_source") or []
    node = _child(root, "same_source")
    if not isinstance(rows, list):
        raise ProfileError(f"{path}:{_line_of(root, 'same_source')}: 'same_source' "
                           + _NOT_A_LIST.format(key="same_source", got=type(rows).__name__, value=rows))
    codes = {"department": {s.code for s in sites["departments"]}, "city": {s.code for s in sites["cities"]}}
    out = []
    for i, row in enumerate(rows):
        row_node = node.value[i] if isinstance(node, yaml.SequenceNode) else root
        where = f"{path}:{row_node.start_mark.line + 1}: same_source[{i}]"
        if not isinstance(row, dict) or "item" not in row or not ({"department", "city"} & set(row)):
            raise ProfileError(f"{where} 需要 item 和 department 或 city (the guide id and the site codes whose copies "
                               f"are compared)")
        extra = sorted(str(k) for k in set(row) - set(SAME_SOURCE_KEYS))
        if extra:
            raise ProfileError(f"{where} 有未知项 {', '.join(extra)} (unknown key; known: {', '.join(SAME_SOURCE_KEYS)})")
        entry = {k: _as_text(path, _child(row_node, k), row[k], f"same_source[{i}].{k}") for k in row}
        for kind in ("department", "city"):
            if kind in entry and entry[kind] not in codes[kind]:
                raise ProfileError(f"{where}.{kind}: 「{entry[kind]}」不是 {kind}s 中的站点代码 "
                                   f"(no such {kind} site; known: {', '.join(sorted(codes[kind]))})")
            if kind in entry and not data["urls"].get(f"{kind}_copy"):
                raise ProfileError(f"{where}.{kind}: 需要 urls.{kind}_copy (the address of a {kind} site's copy, "
                                   f"with {{site}} and {{item}})")
        out.append(entry)
    return out


_NOT_A_LIST = ("应为列表, 即使只有一项也写成 {key}: [{value}] (expected a list, got {got}: "
               "a single entry is still written [{value}])")


def _check_nested_keys(path: Path, root: yaml.Node, data: dict) -> None:
    """A key the suite does not read in a nested block (urls.portall, timeouts.actoin_ms) is a typo:
    refused with its line and the known keys, not silently left at the default."""
    for key, known in NESTED_KEYS.items():
        block = data.get(key)
        if not isinstance(block, dict):
            continue
        node = _child(root, key)
        for name in block:
            if name not in known:
                raise ProfileError(f"{path}:{_line_of(node, str(name))}: {key}.{name} 是未知配置项 "
                                   f"(unknown key; known: {', '.join(known)})")


def _as_text(path: Path, node: yaml.Node | None, value, what: str) -> str:
    """An id or a name as text. YAML reads an all-digit id (3300000123) as a number: it is taken as
    written. One YAML would change (0123 → 83, 12:30 → 750, 1_000, 0x1F, 1.50, yes → True) is
    refused naming the line and the quoted form to write instead."""
    if isinstance(value, str):
        return value
    line = node.start_mark.line + 1 if node is not None else 1
    written = node.value if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and written == str(value):
        return written
    if value is None:
        raise ProfileError(f"{path}:{line}: {what} 为空 (empty: give a value)")
    if written is None:
        raise ProfileError(f"{path}:{line}: {what} 应为一个值 (文字或编号), 实为 {type(value).__name__} "
                           f"(expected one id or text, got a {type(value).__name__})")
    raise ProfileError(f"{path}:{line}: {what} 写作 {written}, YAML 会读成 {value!r}; 请加引号写成 '{written}' "
                       f"(YAML reads {written} as {value!r}: quote it)")


def _texts(path: Path, root: yaml.Node, data: dict) -> None:
    """Every list of ids or names is a list, and every id or name in the profile is text (in place)."""
    for key in TEXT_LISTS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            raise ProfileError(f"{path}:{_line_of(root, key)}: '{key}' "
                               + _NOT_A_LIST.format(key=key, got=type(value).__name__, value=value))
        node = _child(root, key)
        data[key] = [_as_text(path, node.value[i] if isinstance(node, yaml.SequenceNode) else node, v, f"{key}[{i}]")
                     for i, v in enumerate(value)]
    for key in TEXT_VALUES:
        if data.get(key) is not None:
            data[key] = _as_text(path, _child(root, key), data[key], key)
    applications = (data.get("advance") or {}).get("applications") if isinstance(data.get("advance"), dict) else None
    if isinstance(applications, dict):
        node = _child(_child(root, "advance"), "applications")
        for status, number in applications.items():
            applications[status] = _as_text(path, _child(node, str(status)), number, f"advance.applications.{status}")


def _flow_value_error(kind, value) -> str | None:
    """Why `value` is not what a flow key of `kind` takes (None when it is)."""
    if kind == "bool":
        return None if isinstance(value, bool) else "应为 true 或 false (a boolean)"
    if kind == "string":
        return None if isinstance(value, str) and value.strip() else "应为非空文字 (a non-empty string)"
    if kind == "env":
        return (None if isinstance(value, str) and _ENV_NAME.fullmatch(value)
                else "应为环境变量名, 如 SHOPPER_CAPTCHA (the name of an environment variable, not its value)")
    if kind == "strings":
        return (None if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
                else "应为非空文字列表 (a list of non-empty strings)")
    if isinstance(kind, tuple) and kind[0] == "list":
        words = kind[1]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"应为列表, 取值 {', '.join(words)} (a list of: {', '.join(words)})"
        bad = [v for v in value if v not in words]
        return f"有未知的取值 {bad} (known: {', '.join(words)})" if bad else None
    return None if value in kind else f"应为 {' 或 '.join(kind)} (one of: {', '.join(kind)}), 而不是 {value!r}"


def _check_flows(path: Path, node: yaml.Node | None, flows: dict) -> None:
    """Every `flows.<ability>.<key>` is one the ability reads, with a value of its kind: a misspelt key
    (`flows.status.verfy`) or value (`submit: Enter`) would otherwise be ignored and the journey run
    the default flow against a portal that does not have it."""
    def fail(where: str, message: str, at: yaml.Node | None, key: str) -> None:
        raise ProfileError(f"{path}:{_line_of(at, key) if at is not None else '?'}: 'flows.{where}' {message}")

    def check_keys(where: str, spec: dict, known: dict, at: yaml.Node | None) -> None:
        for key, value in spec.items():
            if key not in known:
                fail(f"{where}.{key}", f"未知 ({where} reads: {', '.join(known) or 'no key yet'})", at, key)
            why = _flow_value_error(known[key], value)
            if why:
                fail(f"{where}.{key}", why, at, key)

    for ability, spec in flows.items():
        at = _child(node, ability) if node is not None else None
        if ability == "obstacles":
            if not isinstance(spec, list):
                fail("obstacles", "应为列表, 每项 {box, dismiss} (a list of {box: locator, dismiss: locator})", node, ability)
            for i, item in enumerate(spec):
                item_node = at.value[i] if isinstance(at, yaml.SequenceNode) and i < len(at.value) else at
                if not isinstance(item, dict) or not {"box", "dismiss"} <= set(item):
                    fail(f"obstacles[{i}]", "需要 box 和 dismiss 两个定位 (needs a 'box' and a 'dismiss' locator)",
                         at, ability)
                check_keys(f"obstacles[{i}]", item, OBSTACLE_KEYS, item_node)
            continue
        if spec is None:
            continue
        known = FLOW_SCHEMA[ability]
        if not isinstance(spec, dict):
            fail(ability, f"应为映射 (a mapping of: {', '.join(known) or 'nothing yet'})", node, ability)
        check_keys(ability, spec, known, at)


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


_NOT_IN_HOSTS = set(" #%/:<>?@[\\]^|{}\"'`")   # the URL standard's forbidden host code points, and quotes


def _check_url(path: Path, line: int, what: str, url: str) -> None:
    """A URL that parses: http(s), a host, a numeric port Chromium does not refuse ({port} allowed)."""
    from .failures import UNSAFE_PORTS

    probe = url.replace("{port}", "8080")
    parts = urlsplit(probe)
    try:
        port = parts.port
    except ValueError:
        raise ProfileError(f"{path}:{line}: {what} 的端口无效: {url} (bad port)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(f"{path}:{line}: {what} 不是 http(s) 地址: {url} (not an http(s) URL with a host)")
    host = parts.hostname
    if not parts.netloc.split("@")[-1].startswith("[") and (
            any(c in _NOT_IN_HOSTS or ord(c) < 0x21 or c == "\x7f" for c in host) or host.startswith(".") or ".." in host):
        raise ProfileError(f"{path}:{line}: {what} 的主机名 {host!r} 不合法 (not a valid host name): {url}")
    if port in UNSAFE_PORTS:
        raise ProfileError(f"{path}:{line}: {what} 使用端口 {port}, 浏览器会拒绝访问 (ERR_UNSAFE_PORT): "
                           f"请改用其他端口 (Chromium refuses port {port})")


def _check_values(path: Path, root: yaml.Node, data: dict, sites: dict) -> None:
    """Every value a journey relies on, checked before a browser starts: URLs parse, timeouts are
    positive numbers, politeness numbers are not negative."""
    urls_node = _child(root, "urls")
    for key, url in data["urls"].items():
        if not isinstance(url, str):
            raise ProfileError(f"{path}:{_line_of(urls_node, key)}: urls.{key} 应为字符串 (expected a URL string)")
        if key == "guide" and "{item}" not in url:   # a template: {item} is filled per sampled guide
            raise ProfileError(f"{path}:{_line_of(urls_node, key)}: urls.guide 需要含 {{item}} (a template with {{item}})")
        if key.endswith("_copy"):   # a site's copy of a guide: {site} is the site's address, {item} the guide
            if "{site}" not in url or "{item}" not in url:
                raise ProfileError(f"{path}:{_line_of(urls_node, key)}: urls.{key} 需要含 {{site}} 和 {{item}} "
                                   f"(a template: the site's address and the guide id)")
            url = url.replace("{site}", "http://site.invalid")
        if key != "portal":   # any other address may start from the portal's: {portal}/#/query
            url = url.replace("{portal}", data["urls"].get("portal", "")).replace("{item}", "x")
        _check_url(path, _line_of(urls_node, key), f"urls.{key}", url)
    for kind_key, rows in sites.items():
        node = _child(root, kind_key)
        for i, site in enumerate(rows):
            line = node.value[i].start_mark.line + 1 if isinstance(node, yaml.SequenceNode) else _line_of(root, kind_key)
            _check_url(path, line, f"{kind_key}[{i}].url", site.url)
    for key, positive in (("timeouts", True), ("politeness", False)):
        block = data.get(key)
        if block is None:
            continue
        node = _child(root, key)
        if not isinstance(block, dict):
            raise ProfileError(f"{path}:{_line_of(root, key)}: '{key}' 应为键值映射 (expected a mapping)")
        for name, value in block.items():
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (value > 0 if positive else value >= 0)
            if not ok:
                rule = "正数" if positive else "非负数"
                raise ProfileError(f"{path}:{_line_of(node, name)}: {key}.{name} 应为{rule}, 实为 {value!r} "
                                   f"(must be a {'positive' if positive else 'non-negative'} number)")
