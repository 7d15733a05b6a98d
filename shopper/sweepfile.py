"""SWEEP.yaml: the portals a sweep runs (`shopper sweep SWEEP.yaml`), checked before any browser starts.

    name: 某省季度抽查                    # the league's and the 台账's title (default: the file's name)
    journeys: search,guide,entry          # defaults for every portal (default: all)
    device: desktop,mobile                # (default: desktop,mobile)
    reruns: 1                             # (default: 0)
    rubric: fixtures/rubric/default.yaml  # (default: the suite's; relative to the checkout)
    portals:                              # one row per portal: a province's portal, city channels, department sites
      - profile: my-province              # fixtures/portals/<name>.yaml or a path (required)
      - profile: my-city
        journeys: search,entry            # any default, overridden for this portal
      - profile: sandbox
        defects: slow_search              # sandbox only

Every error names the file and the line (exit 4): an unknown key, a value of the wrong kind, a
profile that does not load, two rows that are the same portal (the profile's `name:`), a rubric that
does not load. Journeys, devices and defects are checked by `shopper run` itself before its browser
starts. Pure Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .failures import SuiteError
from .yamlfile import load_yaml
from .paths import ROOT

TOP = {"name": str, "journeys": str, "device": str, "reruns": int, "rubric": str, "portals": list}
ROW = {"profile": str, "journeys": str, "device": str, "defects": str, "reruns": int}
DEFAULTS = {"journeys": "all", "device": "desktop,mobile", "reruns": 0, "defects": ""}


class SweepError(SuiteError):
    """SWEEP.yaml cannot be run: names file and line (exit 4)."""


@dataclass(frozen=True)
class Entry:
    profile: str          # as written: a profile name or a path
    portal: str           # the profile's name: the portal in the league
    title: str            # the profile's title
    journeys: str
    device: str
    defects: str
    reruns: int
    line: int


@dataclass(frozen=True)
class Sweep:
    path: Path
    title: str
    rubric: Path
    entries: tuple[Entry, ...]


def _line(node, key: str | None = None, of_key: bool = False) -> int:
    """The line of `key`'s value in a mapping node (of the key itself with `of_key`), else the node's."""
    if key is not None and isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return (k if of_key else v).start_mark.line + 1
    return node.start_mark.line + 1


def _check(path: Path, node, data: dict, spec: dict, what: str) -> None:
    for key, value in data.items():
        if key not in spec:
            raise SweepError(f"{path}:{_line(node, str(key), of_key=True)}: {what}'{key}' 是未知配置项 "
                             f"(unknown key; known: {', '.join(spec)})")
        want = spec[key]
        if not isinstance(value, want) or isinstance(value, bool) or (want is int and value < 0):
            kind = {str: "文字 (text)", int: "非负整数 (a whole number ≥ 0)", list: "列表 (a list)"}[want]
            raise SweepError(f"{path}:{_line(node, str(key))}: {what}'{key}' 应为{kind}, 实为 {value!r}")


def load_sweep(path: str | Path) -> Sweep:
    from .profile import load_profile
    from .scoring import load_rubric

    path = Path(path)
    if not path.is_file():
        raise SweepError(f"{path}: 找不到扫描清单 (no such sweep file)")
    root, data = load_yaml(path, SweepError, "sweep file")
    if not isinstance(data, dict) or root is None:
        raise SweepError(f"{path}:1: 扫描清单应为键值映射, 含 portals 列表 (a mapping with a 'portals' list)")
    _check(path, root, data, TOP, "")
    rows = data.get("portals")
    if not rows:
        raise SweepError(f"{path}:{_line(root, 'portals') if 'portals' in data else 1}: 'portals' 应列出至少一个门户 "
                         f"(list at least one portal)")
    rubric = Path(data.get("rubric") or ROOT / "fixtures" / "rubric" / "default.yaml")
    rubric = rubric if rubric.is_absolute() else ROOT / rubric
    try:
        load_rubric(rubric)
    except SuiteError as exc:
        raise SweepError(f"{path}:{_line(root, 'rubric') if 'rubric' in data else 1}: 评分细则 (rubric): {exc}") from None
    rows_node = next(v for k, v in root.value if k.value == "portals")
    entries: list[Entry] = []
    for i, row in enumerate(rows):
        node = rows_node.value[i]
        where = f"{path}:{node.start_mark.line + 1}: portals[{i}]"
        if not isinstance(row, dict) or "profile" not in row:
            raise SweepError(f"{where} 应为含 profile 的映射 (a mapping with 'profile: <name>')")
        _check(path, node, row, ROW, f"portals[{i}].")
        try:
            profile = load_profile(row["profile"])
        except SuiteError as exc:
            raise SweepError(f"{where}: 门户配置 {row['profile']} 无法读取: {exc}") from None
        same = next((e for e in entries if e.portal == profile.name), None)
        if same is not None:
            raise SweepError(f"{where}: {row['profile']} 与第 {same.line} 行的 {same.profile} 是同一门户 "
                             f"(name: {profile.name}): 一次扫描中每个门户只出现一次 (each portal once per sweep)")
        value = lambda key: row.get(key, data.get(key, DEFAULTS[key]))   # noqa: E731
        entries.append(Entry(row["profile"], profile.name, profile.title, value("journeys"), value("device"),
                             row.get("defects", ""), value("reruns"), node.start_mark.line + 1))
    return Sweep(path, str(data.get("name") or path.stem), rubric, tuple(entries))
