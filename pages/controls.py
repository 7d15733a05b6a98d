"""Controls: every element a page object relies on, by name, with the locator that finds it.

A page-object package declares its controls in `controls.yaml` (name → page, journeys that need it,
locator). A portal profile may override any control's locator under `locators:` when the portal
differs only in a label, a placeholder or a role name; code is needed only where the flow differs.

A locator is one of (first match wins, in this order of preference):
  role + name [+ exact]   get_by_role (name may be `re: <pattern>`)
  label [+ exact]         get_by_label
  placeholder             get_by_placeholder
  text [+ exact]          get_by_text (may be `re: <pattern>`)
  title                   get_by_title
  testid                  get_by_test_id (our own sandbox only)
  css + why               a CSS selector, which must say why no role/label/text would do

Whether a control was seen is the *fit*: the probe (shopper probe) checks each control on the pages
it can open; a journey that matches a control confirms it too; and a portal's earlier runs are
remembered (reports/history/<portal>/fit.json). A failed `expect` on a control that nothing ever
confirmed is our misfit (套件故障 · 未适配), never the portal's defect.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from shopper.failures import Misfit, SuiteError

LOCATOR_KEYS = ("role", "label", "placeholder", "text", "title", "testid", "css")
SPEC_KEYS = set(LOCATOR_KEYS) | {"name", "exact", "why", "level"}
META_KEYS = {"page", "journeys", "unique", "note", "content"}


def _pattern(value):
    """`re: …` is a regular expression; anything else is literal text."""
    if isinstance(value, str) and value.startswith("re:"):
        return re.compile(value[3:].strip())
    return value


@dataclass(frozen=True)
class LocatorSpec:
    kind: str
    value: str
    name: str | None = None
    exact: bool = False
    level: int | None = None

    @classmethod
    def parse(cls, data: dict, where: str) -> "LocatorSpec":
        if not isinstance(data, dict):
            raise SuiteError(f"{where}: 定位方式应为映射, 例如 {{role: button, name: 搜索}} (a locator is a mapping)")
        unknown = set(data) - SPEC_KEYS - META_KEYS
        if unknown:
            raise SuiteError(f"{where}: 未知的定位键 {sorted(unknown)} (known: {', '.join(sorted(SPEC_KEYS))})")
        kinds = [k for k in LOCATOR_KEYS if k in data]
        if len(kinds) != 1:
            raise SuiteError(f"{where}: 需要且只能有一种定位方式 {'/'.join(LOCATOR_KEYS)} (exactly one locator kind)")
        kind = kinds[0]
        if kind == "css" and not str(data.get("why", "")).strip():
            raise SuiteError(f"{where}: css 定位必须用 why 说明为何不能用角色/标签/文字 (a CSS locator needs a why)")
        return cls(kind=kind, value=str(data[kind]), name=None if data.get("name") is None else str(data["name"]),
                   exact=bool(data.get("exact", False)), level=data.get("level"))

    def locate(self, scope):
        """The Playwright locator inside `scope` (a Page or a Locator)."""
        if self.kind == "role":
            kwargs = {}
            if self.name is not None:
                kwargs["name"] = _pattern(self.name)
                if not isinstance(kwargs["name"], re.Pattern):
                    kwargs["exact"] = self.exact
            if self.level is not None:
                kwargs["level"] = self.level
            return scope.get_by_role(self.value, **kwargs)
        if self.kind == "label":
            return scope.get_by_label(_pattern(self.value), exact=self.exact)
        if self.kind == "placeholder":
            return scope.get_by_placeholder(_pattern(self.value), exact=self.exact)
        if self.kind == "text":
            value = _pattern(self.value)
            return scope.get_by_text(value) if isinstance(value, re.Pattern) else scope.get_by_text(value, exact=self.exact)
        if self.kind == "title":
            return scope.get_by_title(_pattern(self.value), exact=self.exact)
        if self.kind == "testid":
            return scope.get_by_test_id(self.value)
        return scope.locator(self.value)  # css: the spec carries its why

    def describe(self) -> str:
        if self.kind == "role":
            parts = [f"role={self.value}"]
            if self.name is not None:
                parts.append(f"name={self.name}")
            if self.level is not None:
                parts.append(f"level={self.level}")
            return " ".join(parts)
        return f"{self.kind}={self.value}"


@dataclass(frozen=True)
class Control:
    name: str
    page: str
    journeys: tuple[str, ...]
    locator: LocatorSpec
    unique: bool = True
    source: str = "package"  # package | profile
    content: bool = False    # shown only for some answers (a results list, a zero-result notice): the
                             # probe not seeing it proves nothing about our locator


def load_controls(package_dir: Path, overrides: dict | None = None, overrides_where: str = "profile") -> dict[str, Control]:
    """The package's controls.yaml, with the profile's `locators:` overriding locators by name."""
    from shopper.yamlfile import load_yaml

    path = Path(package_dir) / "controls.yaml"
    if not path.exists():
        return {}
    _, data = load_yaml(path, SuiteError, "controls")
    controls: dict[str, Control] = {}
    for name, spec in (data or {}).items():
        where = f"{path}: {name}"
        if not isinstance(spec, dict) or "page" not in spec:
            raise SuiteError(f"{where}: 需要 page 和定位方式 (needs page and a locator)")
        controls[name] = Control(name=name, page=str(spec["page"]), journeys=tuple(spec.get("journeys") or ()),
                                 locator=LocatorSpec.parse(spec, where), unique=bool(spec.get("unique", True)),
                                 content=bool(spec.get("content", False)))
    for name, spec in (overrides or {}).items():
        where = f"{overrides_where}: locators.{name}"
        if name not in controls:
            raise SuiteError(f"{where}: 页面对象包没有这个控件 (no such control; known: {', '.join(sorted(controls))})")
        old = controls[name]
        controls[name] = Control(name=name, page=old.page, journeys=old.journeys,
                                 locator=LocatorSpec.parse(spec, where), unique=old.unique, source="profile",
                                 content=old.content)
    return controls


FOUND, MISSING, AMBIGUOUS, UNCHECKED = "found", "missing", "ambiguous", "unchecked"
STATUS_ZH = {FOUND: "找到", MISSING: "缺失", AMBIGUOUS: "不唯一", UNCHECKED: "未检查"}


@dataclass
class Fit:
    """What is known about each control on this portal: the probe's finding, confirmations during the
    run, and what earlier runs confirmed with the same locator (the memory)."""
    controls: dict[str, Control] = field(default_factory=dict)
    probe: dict[str, dict] = field(default_factory=dict)       # name → {status, count, page, error}
    confirmed: set[str] = field(default_factory=set)
    remembered: set[str] = field(default_factory=set)
    unreachable: str | None = None   # why the portal's home could not be opened at the start (pages/probe.py)

    def status(self, name: str) -> str:
        return self.probe.get(name, {}).get("status", UNCHECKED)

    def is_confirmed(self, name: str) -> bool:
        """The control has been seen with this locator: by the probe, in this run, or in an earlier run."""
        return self.status(name) == FOUND or name in self.confirmed or name in self.remembered

    def confirm(self, name: str) -> None:
        self.confirmed.add(name)

    def misfits(self) -> list[str]:
        """Controls the probe looked for and could not fit (missing or ambiguous)."""
        return [n for n, r in self.probe.items() if r.get("status") in (MISSING, AMBIGUOUS)]

    def blocking(self, journey: str) -> list[str]:
        """The misfit controls a journey needs (it cannot give a verdict without them)."""
        return [n for n in self.misfits() if journey in self.controls.get(n, Control(n, "", (), None)).journeys]

    # -- memory across runs (per portal) --
    def key(self, name: str) -> str:
        control = self.controls.get(name)
        return f"{name}|{control.locator.describe() if control else ''}"

    def load_memory(self, path: Path) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        known = set(data.get("confirmed", []))
        self.remembered = {n for n in self.controls if self.key(n) in known}

    def save_memory(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            old = set(json.loads(path.read_text(encoding="utf-8")).get("confirmed", []))
        except (OSError, ValueError):
            old = set()
        seen = {self.key(n) for n in self.controls if self.status(n) == FOUND or n in self.confirmed}
        path.write_text(json.dumps({"confirmed": sorted(old | seen)}, ensure_ascii=False, indent=1), encoding="utf-8")


def misfit(control: Control | None, name: str, message: str) -> Misfit:
    where = f"{control.page} · {control.locator.describe()}" if control and control.locator else "未声明的控件"
    return Misfit(name, f"{message}（控件 {name}: {where}；探测未证实该控件存在，不计为门户缺陷）")
