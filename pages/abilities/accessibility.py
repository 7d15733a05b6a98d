"""适老化/无障碍 measurements taken from the rendered page: font sizes, contrast, target sizes,
pop-ups (our own audit), and an axe-core scan (npm axe-core, injected into the page)."""
from __future__ import annotations

from dataclasses import dataclass, field

from shopper.paths import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Walks visible text and controls of the page: smallest body text, the WCAG contrast of each text
# run against its effective background (runs under 7:1 are returned), and the size of each control
# under 64 CSS px (inline links in running text are exempt, as in WCAG 2.5.5). The thresholds a
# feature states are applied in Python (VisualAudit), not here.
AUDIT_JS = r"""
() => {
  const lum = (c) => { const v = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                       return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const rgba = (s) => { const m = s.match(/[\d.]+/g) || [0, 0, 0, 0]; return m.map(Number).concat([1]).slice(0, 4); };
  // the effective background: the nearest opaque colour, or every colour stop of a gradient
  const bgsOf = (el) => { for (let e = el; e; e = e.parentElement) { const s = getComputedStyle(e);
                            if (s.backgroundImage.includes('gradient')) {
                              const stops = s.backgroundImage.match(/rgba?\([^)]*\)/g) || [];
                              if (stops.length) return stops.map(c => rgba(c).slice(0, 3)); }
                            const c = rgba(s.backgroundColor); if (c[3] > 0.5) return [c.slice(0, 3)]; }
                          return [[255, 255, 255]]; };
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                            return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  let minFont = 1000, lowContrast = [], small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode; const el = t.parentElement;
    if (!el || !t.textContent.trim() || !visible(el) || el.closest('[aria-hidden=true], script, style, .visually-hidden')) continue;
    const s = getComputedStyle(el); const size = parseFloat(s.fontSize);
    minFont = Math.min(minFont, size);
    const fg = rgba(s.color).slice(0, 3);
    const ratio = Math.min(...bgsOf(el).map(bg => { const L1 = lum(fg), L2 = lum(bg);
                                                      return (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05); }));
    const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight) >= 700);
    if (ratio < 7 && lowContrast.length < 300) lowContrast.push({text: t.textContent.trim().slice(0, 20), ratio: Math.round(ratio * 100) / 100, large});
  }
  document.querySelectorAll('a, button, input, select, textarea, [role=button], [role=tab]').forEach(el => {
    if (!visible(el) || el.type === 'hidden') return;
    if (el.tagName === 'A' && el.closest('p, li p, td')) return;
    const r = el.getBoundingClientRect();
    if ((r.height < 64 || r.width < 64) && small.length < 300) small.push({name: (el.innerText || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 20),
                                                   w: Math.round(r.width), h: Math.round(r.height)});
  });
  return {min_font_px: minFont === 1000 ? null : minFont, texts: lowContrast, targets: small};
}
"""


@dataclass
class VisualAudit:
    """What the page measured; the thresholds come from the feature's words (4.5, 44 …)."""
    min_font_px: float | None
    texts: list = field(default_factory=list)    # text runs under 7:1: {text, ratio, large}
    targets: list = field(default_factory=list)  # controls under 64 px: {name, w, h}
    popups: int = 0

    def low_contrast(self, ratio: float) -> list:
        """Text runs under `ratio` (large text: under 3, WCAG 1.4.3, or `ratio` if lower)."""
        return [t for t in self.texts if t["ratio"] < (min(3.0, ratio) if t.get("large") else ratio)]

    def small_targets(self, px: float) -> list:
        return [t for t in self.targets if t["w"] < px or t["h"] < px]


@dataclass
class AxeResult:
    violations: list
    needs_review: list

    @property
    def serious(self) -> list:
        return [v for v in self.violations if v.get("impact") in ("critical", "serious")]


# Modal layers a citizen sees over the page, with or without ARIA: a dimming mask (fixed or absolute,
# covering most of the viewport, with a see-through background) is a pop-up even when it and its box
# are plain divs; a full-screen layout container (no background, or an opaque one) is not.
MASKS_JS = r"""
() => {
  const vw = innerWidth, vh = innerHeight;
  const alpha = (s) => { const m = s.match(/rgba?\(([^)]*)\)/); if (!m) return 0;
                         const p = m[1].split(',').map(Number); return p.length > 3 ? p[3] : 1; };
  let masks = 0;
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if ((s.position !== 'fixed' && s.position !== 'absolute') || s.display === 'none' || s.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    const w = Math.min(r.right, vw) - Math.max(r.left, 0), h = Math.min(r.bottom, vh) - Math.max(r.top, 0);
    if (w <= 0 || h <= 0 || (w * h) / (vw * vh) < 0.6) continue;
    const a = alpha(s.backgroundColor) * parseFloat(s.opacity || '1');
    if (a > 0.05 && a < 0.95) masks++;
  }
  return masks;
}
"""


def visual_audit(page) -> VisualAudit:
    data = page.evaluate(AUDIT_JS)
    dialogs = page.get_by_role("dialog").or_(page.get_by_role("alertdialog"))
    with_role = sum(1 for d in dialogs.all() if d.is_visible())
    return VisualAudit(popups=max(with_role, page.evaluate(MASKS_JS)), **data)


def axe_scan(page) -> AxeResult:
    if not AXE.exists():
        raise FileNotFoundError(f"axe-core 未安装: {AXE} (run make setup)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations', 'incomplete']});
      const slim = (list) => list.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length}));
      return {violations: slim(r.violations), incomplete: slim(r.incomplete)};
    }""")
    return AxeResult(result["violations"], result["incomplete"])
