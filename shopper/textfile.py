"""Reading the suite's input files (profiles, rubrics, keyword files) as UTF-8, with or without a
BOM. A file that is not UTF-8 is an error naming the file, the line and the byte; when it reads as
GBK (Excel and Notepad on a Chinese Windows save that) the message says so and gives the iconv
command that converts it. Pure Python."""
from __future__ import annotations

import codecs
from pathlib import Path


def read_utf8(path: str | Path, error: type[Exception]) -> str:
    """The text of `path` (a UTF-8 BOM dropped); `error` naming file, line and byte if not UTF-8."""
    path = Path(path)
    raw = path.read_bytes()
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(not_utf8_message(path, raw, skip + exc.start, exc.reason)) from None


def not_utf8_message(path: Path, raw: bytes, at: int, reason: str) -> str:
    line = raw[:at].count(b"\n") + 1
    message = f"{path}:{line}: 不是 UTF-8 编码 (not UTF-8: {reason} at byte {at})"
    body = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        return message
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        message += (f"; 看起来是 GBK 编码 (looks like GBK), 请转换为 UTF-8: "
                    f"iconv -f GBK -t UTF-8 {path} > {path.stem}.utf8{path.suffix}")
    return message
