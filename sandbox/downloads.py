"""Real files for 空表/样表 downloads, generated in code: minimal valid .docx and .xlsx (OOXML zip
packages with [Content_Types].xml) and a minimal valid PDF (correct xref offsets, CJK text through
the standard STSong-Light font, so nothing is embedded)."""
from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from xml.sax.saxutils import escape

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def make_docx(title: str, lines: list[str]) -> bytes:
    bold = '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>'
    paragraphs = "".join(
        f'<w:p><w:r>{bold if i == 0 else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for i, text in enumerate([title, *lines]))
    return _zip({
        "[Content_Types].xml": _XML_HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": _XML_HEAD + f'<Relationships xmlns="{_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": _XML_HEAD +
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:body>{paragraphs}<w:sectPr/></w:body></w:document>',
    })


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def make_xlsx(title: str, rows: list[list[str]]) -> bytes:
    all_rows = [[title], *rows]
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(
            f'<c r="{_col(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'
            for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(all_rows, start=1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return _zip({
        "[Content_Types].xml": _XML_HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": _XML_HEAD + f'<Relationships xmlns="{_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": _XML_HEAD + f'<workbook xmlns="{main}" xmlns:r="{_DOC_REL}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _XML_HEAD + f'<Relationships xmlns="{_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": _XML_HEAD + f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>',
    })


def _pdf_text(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def make_pdf(title: str, lines: list[str]) -> bytes:
    ops = ["BT", "/F1 18 Tf", "60 780 Td", f"{_pdf_text(title)} Tj", "/F1 11 Tf"]
    for line in lines:
        ops += ["0 -22 Td", f"{_pdf_text(line)} Tj"]
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def kind_of(filename: str) -> str | None:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return ext if ext in CONTENT_TYPES else None


@lru_cache(maxsize=512)
def render(kind: str, title: str, item_name: str, impl_code: str, variant: str) -> bytes:
    """The file for one material: a form to fill in (blank) or a filled-in example (sample)."""
    sample = variant == "sample"
    fields = [("申请人姓名", "张三" if sample else ""), ("证件号码", "330102********1234" if sample else ""),
              ("联系电话", "138****5678" if sample else ""), ("联系地址", "临州市钱江路88号" if sample else ""),
              ("申请事项", item_name), ("申请日期", "2025年1月1日" if sample else "    年  月  日")]
    heading = f"{title}（{'样表' if sample else '空表'}）"
    notes = [f"事项名称：{item_name}", f"实施编码：{impl_code}"]
    if kind == "xlsx":
        return make_xlsx(heading, [[k, v] for k, v in fields] + [[n] for n in notes])
    lines = [f"{k}：{v or '________________'}" for k, v in fields] + notes
    if kind == "docx":
        return make_docx(heading, lines)
    return make_pdf(heading, lines)


def material_file(item: dict, n: int, variant: str, blank_broken: bool = False) -> tuple[bytes, str, str] | None:
    """(bytes, content type, file name) of the 空表 (variant "blank") or 样表 ("sample") of the item's
    n-th material (1-based), or None when there is no such file: no such row, not a form, or a blank
    form under defect broken_download (`blank_broken`)."""
    materials = item.get("guide", {}).get("materials", []) if item else []
    if variant not in ("blank", "sample") or not 1 <= n <= len(materials):
        return None
    material = materials[n - 1]
    filename = material.get(variant) if material.get("is_form") else None
    kind = kind_of(filename or "")
    if not filename or kind is None or (variant == "blank" and blank_broken):
        return None
    return render(kind, material["名称"], item["name"], item["impl_code"], variant), CONTENT_TYPES[kind], filename
