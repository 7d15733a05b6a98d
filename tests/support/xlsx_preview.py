"""Look at a 整改台账.xlsx without an office suite: each sheet as an HTML table with the workbook's own
column widths (Excel units × 7 px + 5), bold cells, wrapping and frozen header row marked, then a
PNG of it through the suite's Chromium (Playwright).

    .venv/bin/python -m tests.support.xlsx_preview reports/runs/<id>/整改台账.xlsx out.png
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def to_html(xlsx: Path) -> str:
    wb = load_workbook(xlsx)
    parts = ['<html lang="zh-CN"><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC",sans-serif;'
             'font-size:13px;margin:12px} table{border-collapse:collapse;table-layout:fixed;margin-bottom:18px}'
             'td{border:1px solid #bbb;padding:2px 4px;vertical-align:top;overflow:hidden;word-break:break-all}'
             'h3{margin:14px 0 4px;font-size:14px;background:#eee;padding:2px 6px}</style></head><body>']
    for ws in wb.worksheets:
        parts.append(f"<h3>工作表「{html.escape(ws.title)}」 冻结 {ws.freeze_panes or '无'}，筛选 {ws.auto_filter.ref or '无'}</h3>")
        cols = ws.max_column
        widths = [int((ws.column_dimensions[get_column_letter(c)].width or 8.43) * 7 + 5) for c in range(1, cols + 1)]
        parts.append(f'<table style="width:{sum(widths)}px"><colgroup>'
                     + "".join(f'<col style="width:{w}px">' for w in widths) + "</colgroup>")
        for row in ws.iter_rows():
            cells = []
            for cell in row:
                text = "" if cell.value is None else html.escape(str(cell.value))
                style = "font-weight:bold;background:#ddebf7;" if cell.font and cell.font.b else ""
                style += "white-space:pre-wrap;" if cell.alignment and cell.alignment.wrap_text else "white-space:nowrap;"
                cells.append(f'<td style="{style}">{text}</td>')
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    return "".join(parts) + "</body></html>"


def screenshot(html_path: Path, png: Path, width: int = 1600) -> Path:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/lib/chromium/chromium")
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(html_path.resolve().as_uri())
        page.screenshot(path=str(png), full_page=True)
        browser.close()
    return png


if __name__ == "__main__":
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    page = out.with_suffix(".xlsx.html")
    page.write_text(to_html(src), encoding="utf-8")
    print(screenshot(page, out))
    if len(sys.argv) > 3:  # the ledger's own HTML too
        print(screenshot(Path(sys.argv[3]), out.with_name(out.stem + "-html.png")))
