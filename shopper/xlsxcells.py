"""Writing spreadsheet cells and tables (openpyxl) for the supervisor's workbooks: the 整改台账 and the
league table. Every text is portal text until shown otherwise (shopper/untrusted.py): control
characters become visible escapes, and a text that starts like a formula is kept as text with Excel's
quote prefix. Column widths follow the text (a CJK character counts 2), rows grow for wrapped lines.
"""
from __future__ import annotations

import unicodedata

from .untrusted import cell as cell_text

DEFAULT_CAP = 40


def display_width(text: str) -> int:
    """Width in Excel character units: a CJK (wide or full-width) character counts as 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def put(ws, row: int, column: int, value):
    """One cell. Text is portal text until shown otherwise: control characters become visible
    escapes, and text that starts like a formula is stored as text with Excel's quote prefix (it
    stays text when a supervisor edits the cell)."""
    if not isinstance(value, str):
        return ws.cell(row=row, column=column, value=value)
    text, prefix = cell_text(value)
    target = ws.cell(row=row, column=column)
    target.value = text
    if target.data_type == "f" or prefix:
        target.data_type = "s"
        target.quotePrefix = True
    return target


def table(ws, header: list[str], rows: list[list], start_row: int = 1, widths: dict | None = None,
          caps: dict[str, int] | None = None) -> int:
    """A bold, filled header row and wrapped body rows from `start_row`; with `widths`, each column's
    wanted width (capped per title by `caps`, else DEFAULT_CAP) is noted there. Returns the last row."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for c, title in enumerate(header, 1):
        head = put(ws, start_row, c, title)
        head.font, head.fill, head.alignment = bold, fill, Alignment(vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start_row + 1):
        for c, value in enumerate(row, 1):
            put(ws, r, c, value).alignment = wrap
    if widths is not None:
        for c, title in enumerate(header, 1):
            # a CJK character is 2 units; Excel's default font draws it a little wider still
            want = int(max([display_width(title)] + [display_width(row[c - 1]) for row in rows]) * 1.1) + 3
            widths[c] = max(widths.get(c, 0), min(want, (caps or {}).get(title, DEFAULT_CAP)))
    return start_row + len(rows)


def fit(ws, widths: dict[int, int], first_row: int = 1) -> None:
    """Column widths from the text (CJK = 2), and row heights for the wrapped lines."""
    from openpyxl.utils import get_column_letter

    for c, w in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = w
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.value is None:
                continue
            width = widths.get(cell.column, 10)
            text_lines = str(cell.value).split("\n")
            lines = max(lines, sum(-(-display_width(t) // max(width - 1, 1)) or 1 for t in text_lines))
        ws.row_dimensions[row[0].row].height = 16 * lines + 4


