"""Keyword sets for 查询精准度 (A3-1): CSV rows `关键词,期望事项[,类别]`.

A malformed file is an error naming file and line; comment lines start with #.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .failures import SuiteError
from .textfile import read_utf8


class KeywordFileError(SuiteError):
    pass


@dataclass(frozen=True)
class KeywordCase:
    keyword: str
    expected: str
    category: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.keyword}→{self.expected}"


def load_keywords(path: Path) -> list[KeywordCase]:
    path = Path(path)
    try:
        text = read_utf8(path, KeywordFileError)
    except FileNotFoundError:
        raise KeywordFileError(f"{path}: 关键词文件不存在 (keyword file not found)") from None
    cases, seen, errors = [], set(), []
    rows = list(csv.reader(text.splitlines()))
    header_done = False
    for lineno, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if not header_done:
            header_done = True
            if [c.strip() for c in row[:2]] != ["关键词", "期望事项"]:
                errors.append(f"{path}:{lineno}: 首行应为表头 关键词,期望事项[,类别] (header row expected)")
                break
            continue
        cells = [c.strip() for c in row]
        if len(cells) < 2 or len(cells) > 3:
            errors.append(f"{path}:{lineno}: 应有 2–3 列, 实有 {len(cells)} 列 (expected 2-3 columns)")
            continue
        keyword, expected = cells[0], cells[1]
        category = cells[2] if len(cells) == 3 and cells[2] else "常用"
        if not keyword or not expected:
            errors.append(f"{path}:{lineno}: 关键词和期望事项不能为空 (keyword and expected item are required)")
            continue
        if len(keyword) > 38:
            errors.append(f"{path}:{lineno}: 关键词过长 ({len(keyword)} 字) (keyword too long)")
            continue
        if (keyword, expected) in seen:
            errors.append(f"{path}:{lineno}: 重复的行 {keyword},{expected} (duplicate row)")
            continue
        seen.add((keyword, expected))
        cases.append(KeywordCase(keyword, expected, category, lineno))
    if errors:
        raise KeywordFileError("关键词文件有误 (bad keyword file):\n  " + "\n  ".join(errors))
    if not cases:
        raise KeywordFileError(f"{path}: 没有关键词 (no keyword rows)")
    return cases
