"""Reading label → value content the way portals lay it out, in one DOM read per frame.

Guides, 办件查询 results and receipts show label/value pairs and tables in many layouts; one reader
covers them all:
- tables without a header row: `th`/`td` pairs (two or four columns), or `td` pairs whose first cell
  is a label (a known label, or text ending in ：/:);
- tables with a header row (`thead`, or a first row of `th`, or a first row of known column labels):
  rows of {column: text} with `rowspan`/`colspan` expanded (merged cells repeat their text), each
  cell's links kept (text, href, title, aria-label);
- `dl`: each `dt` with its `dd`;
- label/value elements: an element whose text is a known label (with or without a colon) followed
  by a sibling holding the value, or one element reading 「label：value」 with a known label.
Known labels are the label normaliser's (shopper/guide/labels.py): the reader never invents a field
from text that merely looks like one. Frames (iframes) are read too. With `hidden=False` only what
is rendered counts (a citizen's view: read after opening each tab or accordion section).
"""
from __future__ import annotations

import hashlib
import json

READ_JS = r"""
([labels, hidden]) => {
  const known = new Set(labels);
  const squash = (s) => (s || '').replace(/[\s:：]+/g, '');
  const text = (el) => ((hidden ? (el.innerText || el.textContent) : el.innerText) || '').replace(/\s+/g, ' ').trim();
  const shown = (el) => hidden || (el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
  const isLabel = (t) => { const k = squash(t); return k.length > 0 && k.length <= 16 && (known.has(k) || /[:：]\s*$/.test(t)); };
  const links = (el) => Array.from(el.querySelectorAll('a, button[title], [role=link]')).map(a => ({
      text: text(a), href: a.href || a.getAttribute('data-href') || '', title: a.getAttribute('title') || '',
      label: a.getAttribute('aria-label') || '', download: a.getAttribute('download') || ''}));
  const out = [];
  const grid = (table) => {   // rows × columns with rowspan/colspan expanded
    const rows = []; const spans = [];
    Array.from(table.rows).forEach((tr, r) => {
      rows[r] = rows[r] || [];
      let c = 0;
      Array.from(tr.cells).forEach((cell) => {
        while (rows[r][c]) c++;
        const rs = Math.max(1, cell.rowSpan || 1), cs = Math.max(1, cell.colSpan || 1);
        const entry = {text: text(cell), th: cell.tagName === 'TH', links: links(cell)};
        for (let i = 0; i < rs; i++) for (let j = 0; j < cs; j++) {
          rows[r + i] = rows[r + i] || [];
          rows[r + i][c + j] = entry;
        }
        c += cs;
      });
    });
    return rows.map(row => Array.from(row, x => x || {text: '', th: false, links: []}));
  };
  document.querySelectorAll('table').forEach((table) => {
    if (!shown(table) || table.querySelector('table')) return;
    const rows = grid(table);
    if (!rows.length) return;
    const first = rows[0];
    // a header row: a thead, a first row of th only, or a first row whose every filled cell is a known
    // column label (a label/value row — 事项名称 | X | 事项类型 | Y — has values in it)
    const filled = first.filter(c => c.text);
    const headed = table.tHead || (first.length > 1 && first.every(c => c.th)) ||
                   (filled.length > 2 && filled.every(c => known.has(squash(c.text))));
    if (headed) {
      const cols = first.map(c => c.text);
      const body = rows.slice(1).filter(r => r.some(c => c.text || c.links.length));
      out.push({kind: 'rows', columns: cols, rows: body.map(r => ({
        row: Object.fromEntries(cols.map((k, i) => [k, (r[i] || {}).text || ''])),
        links: Object.fromEntries(cols.map((k, i) => [k, (r[i] || {}).links || []]))}))});
      return;
    }
    const kv = {};
    rows.forEach((r) => {
      for (let i = 0; i + 1 < r.length; i++) {
        const a = r[i], b = r[i + 1];
        if (a === b) continue;
        if ((a.th && !b.th) || (!a.th && !b.th && isLabel(a.text))) { kv[a.text] = b.text; i++; }
      }
    });
    if (Object.keys(kv).length) out.push({kind: 'kv', data: kv});
  });
  document.querySelectorAll('dl').forEach((dl) => {
    if (!shown(dl)) return;
    const kv = {};
    dl.querySelectorAll('dt').forEach(dt => { const dd = dt.nextElementSibling;
      if (dd && dd.tagName === 'DD') kv[text(dt)] = text(dd); });
    if (Object.keys(kv).length) out.push({kind: 'kv', data: kv});
  });
  const kv = {};
  document.querySelectorAll('body *').forEach((el) => {
    if (['TABLE', 'TR', 'TD', 'TH', 'DL', 'DT', 'DD', 'SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) return;
    if ((el.textContent || '').length > 400 || el.closest('table, dl') || !shown(el)) return;
    const own = text(el);
    if (!own || own.length > 400) return;
    if (el.children.length === 0 || el.children.length <= 3) {
      const m = own.match(/^\s*([^:：]{1,16})\s*[:：]\s*(.+)$/);
      if (m && known.has(squash(m[1])) && !(squash(m[1]) in kv)) { kv[m[1].trim()] = m[2].trim(); return; }
    }
    if (known.has(squash(own)) && el.nextElementSibling && !el.contains(el.nextElementSibling)) {
      const value = text(el.nextElementSibling);
      if (value && !known.has(squash(value)) && !(squash(own) in kv)) kv[own.replace(/[:：]\s*$/, '')] = value;
    }
  });
  if (Object.keys(kv).length) out.push({kind: 'kv', data: kv});
  return out;
}
"""


def known_labels() -> list[str]:
    """Every label the normaliser knows (top-level fields and table columns), squashed."""
    from shopper.guide import labels

    names = set()
    for table in ("_TOP_LABELS", "_WINDOW_LABELS", "_MATERIAL_LABELS", "_FLOW_LABELS"):
        names |= set(getattr(labels, table))
    names |= {"办理状态", "办件状态", "当前状态", "状态", "办件编号", "事项名称", "申请人", "申请人姓名",
              "申报号", "受理编号", "流水号", "申请时间", "提交时间", "受理时间", "办结时间", "查询密码",
              "序号", "材料类型", "情形"}
    return sorted(n for n in names if isinstance(n, str) and n and n.isprintable())


def read_blocks(frames, hidden: bool = False) -> list[dict]:
    """Label/value and table blocks of every frame (deduplicated across repeated reads)."""
    from playwright.sync_api import Error as PlaywrightError

    labels = known_labels()
    out, seen = [], set()
    for frame in frames:
        try:
            blocks = frame.evaluate(READ_JS, [labels, hidden])
        except PlaywrightError:   # a frame that went away while we read: nothing of it to read
            continue
        for block in blocks:
            key = hashlib.sha1(json.dumps(block, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
            if key not in seen:
                seen.add(key)
                out.append(block)
    return out


def merged_pairs(blocks: list[dict]) -> dict[str, str]:
    """All label/value pairs of the blocks; the first non-empty value of a label wins."""
    pairs: dict[str, str] = {}
    for block in blocks:
        if block["kind"] != "kv":
            continue
        for k, v in block["data"].items():
            if k and (k not in pairs or not pairs[k]):
                pairs[k] = v
    return pairs
