"""Reading a YAML file so that later errors can name a line: the composed node tree and the data."""
from __future__ import annotations

from pathlib import Path

import yaml

from .textfile import read_utf8


def load_yaml(path: Path, error: type[Exception], what: str) -> tuple[yaml.Node | None, object]:
    """(root node, data) of `path`; a syntax error or a file that is not UTF-8 (GBK: with the iconv
    command) raises `error` naming file and line."""
    text = read_utf8(path, error)
    try:
        return yaml.compose(text), yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise error(f"{where}: YAML 语法错误 (syntax error in {what}): {getattr(exc, 'problem', exc)}") from None
