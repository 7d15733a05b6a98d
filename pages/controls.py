"""Controls: every element an ability relies on, by name, with the conventions that find it.

`pages/conventions.yaml` names each control once for every portal: the page it is on, the journeys
that need it, and an ordered list of candidate locators (what Chinese portals share: a search box is
a searchbox, or a text input whose name or placeholder says 搜索/事项/关键词 …). A profile overrides a
control under `locators:` only where the conventions do not find it on that portal.

A locator is one of (role and label first):
  role + name [+ exact] [+ level]   get_by_role (name may be `re: <pattern>`)
  label [+ exact]                   get_by_label
  placeholder                       get_by_placeholder
  text [+ exact]                    get_by_text (may be `re: <pattern>`)
  title                             get_by_title
  alt                               get_by_alt_text (an image link named only by its alt)
  testid                            get_by_test_id (our own sandbox only)
  css + why                         a CSS selector, which must say why no role/label/text would do
A control lists one locator or `any: [locator, …]`: the candidates in order of preference.

**Resolution** (on a page, `Fit.resolve`): the first candidate with a visible match is the one this
portal uses; if that candidate matches more than one visible element and the control is unique, the
control is 不唯一 (ambiguous) — never a guess between them. The resolution is remembered per control
and host, and the probe's table says for each control whether its locator was declared by the
profile or inferred by a convention, and by which one.

**Fit**: whether a control was seen. The probe checks each control on the pages it opens (signed in
too); a journey that matches a control confirms it; a portal's earlier runs are remembered
(reports/history/<portal>/fit.json). A failed `expect` on a control nothing ever confirmed is our
misfit (套件故障 · 未适配), never the portal's defect.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from shopper.failures import Misfit, SuiteError

LOCATOR_KEYS = ("role", "label", "placeholder", "text", "title", "alt", "testid", "css")
SPEC_KEYS = set(LOCATOR_KEYS) | {"name", "exact", "why", "level"}
META_KEYS = {"page", "journeys", "unique", "note", "content", "any"}
CONVENTIONS = Path(__file__).resolve().parent / "conventions.yaml"


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
        for key in ("name", kind):
            value = data.get(key)
            if isinstance(value, str) and value.startswith("re:"):
                try:
                    re.compile(value[3:].strip())
                except re.error as exc:
                    raise SuiteError(f"{where}: {key} 的正则表达式无效: {exc} (bad regular expression)") from None
        return cls(kind=kind, value=str(data[kind]), name=None if data.get("name") is None else str(data["name"]),
                   exact=bool(data.get("exact", False)), level=data.get("level"))

    def locate(self, scope):
        """The Playwright locator inside `scope` (a Page, a Frame or a Locator)."""
        if self.kind == "role":
            kwargs = {}
            if self.name is not None:
                kwargs["name"] = _pattern(self.name)
                if not isinstance(kwargs["name"], re.Pattern):
                    kwargs["exact"] = self.exact
            if self.level is not None:
                kwargs["level"] = self.level
            return scope.get_by_role(self.value, **kwargs)
        value = _pattern(self.value)
        exact = {} if isinstance(value, re.Pattern) else {"exact": self.exact}
        if self.kind == "label":
            return scope.get_by_label(value, **exact)
        if self.kind == "placeholder":
            return scope.get_by_placeholder(value, **exact)
        if self.kind == "text":
            return scope.get_by_text(value, **exact)
        if self.kind == "title":
            return scope.get_by_title(value, **exact)
        if self.kind == "alt":
            return scope.get_by_alt_text(value, **exact)
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
    candidates: tuple[LocatorSpec, ...]
    unique: bool = True
    source: str = "convention"  # convention | profile
    content: bool = False    # shown only for some answers (a results list, a zero-result notice): the
                             # probe not seeing it proves nothing about our locator

    @property
    def locator(self) -> LocatorSpec:
        """The preferred candidate (the only one for a declared locator)."""
        return self.candidates[0]

    def describe(self) -> str:
        return " | ".join(c.describe() for c in self.candidates)

    def union(self, scope):
        """Any candidate, visible (to wait for the control before resolving which candidate it is)."""
        loc = self.candidates[0].locate(scope)
        for spec in self.candidates[1:]:
            loc = loc.or_(spec.locate(scope))
        return loc.filter(visible=True)


def _candidates(spec: dict, where: str) -> tuple[LocatorSpec, ...]:
    if "any" in spec:
        rows = spec["any"]
        if not isinstance(rows, list) or not rows:
            raise SuiteError(f"{where}: any 应为定位方式的列表 (a list of locators, most preferred first)")
        return tuple(LocatorSpec.parse(row, f"{where}.any[{i}]") for i, row in enumerate(rows))
    return (LocatorSpec.parse({k: v for k, v in spec.items() if k not in META_KEYS}, where),)


def _conventions(path: str) -> dict:
    """The conventions file as data, read once per process (the C loader when PyYAML has it: the
    pure-Python one took half a second of every run's start)."""
    import yaml

    from shopper.yamlfile import load_yaml

    cached = _CONVENTIONS_CACHE.get(path)
    if cached is None:
        loader = getattr(yaml, "CSafeLoader", None)
        if loader is None:
            _, cached = load_yaml(Path(path), SuiteError, "controls")
        else:
            try:
                cached = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
            except yaml.YAMLError:   # say where, with the loader that names lines
                _, cached = load_yaml(Path(path), SuiteError, "controls")
        _CONVENTIONS_CACHE[path] = cached
    return cached


_CONVENTIONS_CACHE: dict[str, dict] = {}


def load_controls(overrides: dict | None = None, overrides_where: str = "profile",
                  path: Path = CONVENTIONS) -> dict[str, Control]:
    """The shared conventions, with the profile's `locators:` replacing a control's candidates."""
    data = _conventions(str(path))
    controls: dict[str, Control] = {}
    for name, spec in (data or {}).items():
        where = f"{path}: {name}"
        if not isinstance(spec, dict) or "page" not in spec:
            raise SuiteError(f"{where}: 需要 page 和定位方式 (needs page and a locator)")
        controls[name] = Control(name=name, page=str(spec["page"]), journeys=tuple(spec.get("journeys") or ()),
                                 candidates=_candidates(spec, where), unique=bool(spec.get("unique", True)),
                                 content=bool(spec.get("content", False)))
    for name, spec in (overrides or {}).items():
        where = f"{overrides_where}: locators.{name}"
        if name not in controls:
            raise SuiteError(f"{where}: 没有这个控件 (no such control; known: {', '.join(sorted(controls))})")
        if not isinstance(spec, dict):
            raise SuiteError(f"{where}: 定位方式应为映射 (a locator is a mapping)")
        old = controls[name]
        controls[name] = Control(name=name, page=old.page, journeys=old.journeys, candidates=_candidates(spec, where),
                                 unique=bool(spec.get("unique", old.unique)), source="profile", content=old.content)
    return controls


FOUND, MISSING, AMBIGUOUS, UNCHECKED = "found", "missing", "ambiguous", "unchecked"
STATUS_ZH = {FOUND: "找到", MISSING: "缺失", AMBIGUOUS: "不唯一", UNCHECKED: "未检查"}


@dataclass
class Resolution:
    """Which candidate of a control this portal uses on one host (or why none)."""
    status: str                   # found | missing | ambiguous
    index: int | None = None      # the candidate that matched
    count: int = 0                # visible matches of that candidate

    def how(self, control: Control) -> str:
        if self.index is None:
            return ""
        if control.source == "profile":
            return "门户配置声明 (declared)"
        return f"约定 {self.index + 1}/{len(control.candidates)}: {control.candidates[self.index].describe()} (inferred)"


@dataclass
class Fit:
    """What is known about each control on this portal: the probe's finding, confirmations during the
    run, what earlier runs confirmed with the same locator (the memory), and which candidate of each
    control this portal uses, per host."""
    controls: dict[str, Control] = field(default_factory=dict)
    probe: dict[str, dict] = field(default_factory=dict)       # name → {status, count, page, error, how, host}
    confirmed: set[tuple[str, str]] = field(default_factory=set)    # (control, host) seen in this run
    remembered: set[tuple[str, str]] = field(default_factory=set)   # (control, host) earlier runs saw
    resolved: dict[tuple[str, str], Resolution] = field(default_factory=dict)  # (control, host) → which candidate
    unreachable: str | None = None   # why the portal's home could not be opened at the start (pages/probe.py)
    facts: dict = field(default_factory=dict)   # what the probe saw of the flows (boxes to tick, an SMS step …)

    def status(self, name: str) -> str:
        return self.probe.get(name, {}).get("status", UNCHECKED)

    def is_confirmed(self, name: str, host: str) -> bool:
        """The control has been seen with this locator on this host (a 长辈版 on its own host, a city
        site built by another vendor are other pages): by the probe, in this run, or in an earlier run."""
        row = self.probe.get(name, {})
        return ((row.get("status") == FOUND and row.get("host") in (host, None))
                or (name, host) in self.confirmed or (name, host) in self.remembered)

    def confirm(self, name: str, host: str) -> None:
        self.confirmed.add((name, host))

    def seen(self, name: str) -> bool:
        """Seen anywhere on this portal (for the fit table)."""
        return any(n == name for n, _ in self.confirmed | self.remembered)

    def misfits(self) -> list[str]:
        """Controls the probe looked for and could not fit (missing or ambiguous)."""
        return [n for n, r in self.probe.items() if r.get("status") in (MISSING, AMBIGUOUS)]

    def blocking(self, journey: str) -> list[str]:
        """The misfit controls a journey needs (it cannot give a verdict without them). A control the
        probe missed that earlier runs of this portal confirmed does not block: our locator did not
        change, so the journey runs and judges what the portal shows now (a sign-in that loops before
        the booking form, a page gone). That stays safe: in the journey a missing control is the portal's
        only where it was confirmed on that very host (`is_confirmed`), our misfit everywhere else."""
        out = []
        remembered = {n for n, _ in self.remembered}
        for name in self.misfits():
            if name not in self.controls or journey not in self.controls[name].journeys:
                continue
            if self.probe[name].get("status") == MISSING and name in remembered:
                continue
            out.append(name)
        return out

    # -- which candidate, per host --
    def resolve(self, control: Control, scope, host: str, wait_ms: int = 0, key: str | None = None) -> Resolution:
        """The candidate of `control` this portal uses on `host`: the first with a visible match
        (waiting up to `wait_ms` for any of them). Remembered under `key` (default: the control's
        name) once found; a miss is not remembered (the page may not have shown it yet)."""
        key = key or control.name
        known = self.resolved.get((key, host))
        if known is not None and known.status != MISSING:
            return known
        if wait_ms:
            try:
                control.union(scope).first.wait_for(state="visible", timeout=wait_ms)
            except Exception:  # nothing visible in time: MISSING below (the caller decides whose fault)
                pass
        result = Resolution(MISSING)
        for i, spec in enumerate(control.candidates):
            count = spec.locate(scope).filter(visible=True).count()
            if count:
                result = Resolution(AMBIGUOUS if control.unique and count > 1 else FOUND, i, count)
                break
        if result.status != MISSING:
            self.resolved[(key, host)] = result
        return result

    # -- memory across runs (per portal) --
    def key(self, name: str, host: str) -> str:
        control = self.controls.get(name)
        return f"{name}|{host}|{control.describe() if control else ''}"

    def load_memory(self, path: Path) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        for entry in data.get("confirmed", []):
            name, _, rest = str(entry).partition("|")
            host, _, _ = rest.partition("|")
            if name in self.controls and entry == self.key(name, host):
                self.remembered.add((name, host))

    def save_memory(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            old = set(json.loads(path.read_text(encoding="utf-8")).get("confirmed", []))
        except (OSError, ValueError):
            old = set()
        seen = {self.key(n, h) for n, h in self.confirmed if n in self.controls}
        seen |= {self.key(n, r["host"]) for n, r in self.probe.items() if r.get("status") == FOUND and r.get("host")}
        path.write_text(json.dumps({"confirmed": sorted(old | seen)}, ensure_ascii=False, indent=1), encoding="utf-8")


def misfit(control: Control | None, name: str, message: str) -> Misfit:
    where = f"{control.page} · {control.describe()}" if control else "未声明的控件"
    return Misfit(name, f"{message}（控件 {name}: {where}；未证实该控件存在于本门户，不计为门户缺陷）")
