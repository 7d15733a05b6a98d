"""How well the guide checker's 不合格 verdicts hold on guides nobody here wrote the checker for.

The corpus (tests/data/guides/corpus-*.json, written by make_corpus.py without the sandbox catalogue)
labels each defect with the evaluation's verdict and why; unlabelled elements are expected 合格 and
a 需人工复核 label marks a reading. Every raw guide goes through the public entry point
``check_guide(normalise_labels(raw))``. Counted at (guide, element) granularity on 不合格 only:
TP = both 不合格, FP = checker 不合格 but label not, FN = label 不合格 but checker not.
Precision and recall must both be ≥ 0.95; the table and the 复核 share are printed in every run.
"""
from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from shopper.guide import ELEMENT_IDS, FAIL, REVIEW, VERDICTS, check_guide, normalise_labels

CORPUS = Path(__file__).resolve().parents[1] / "data" / "guides"
MIN_GUIDES = 150
THRESHOLD = 0.95


def _load() -> list[dict]:
    files = sorted(CORPUS.glob("corpus-*.json"))
    if not files:
        pytest.fail(f"no corpus in {CORPUS} (python tests/data/guides/make_corpus.py)", pytrace=False)
    guides = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            pytest.fail(f"{f}:{exc.lineno}: not valid JSON: {exc.msg}", pytrace=False)
        for g in data["guides"]:
            for e, lab in g["expect"].items():
                assert e in ELEMENT_IDS, f"{f.name} {g['id']}: unknown element {e}"
                assert lab["verdict"] in VERDICTS and lab["why"], f"{f.name} {g['id']} {e}: label needs verdict and why"
            guides.append(g)
    return guides


def measure(guides: list[dict]):
    per = {e: {"tp": 0, "fp": 0, "fn": 0, "review": 0, "review_agree": 0, "review_label": 0} for e in ELEMENT_IDS}
    misses = []
    for g in guides:
        res = check_guide(normalise_labels(g["raw"]))
        for e in ELEMENT_IDS:
            label = g["expect"].get(e, {}).get("verdict", "合格")
            got = res[e].verdict
            p = per[e]
            if got == FAIL and label == FAIL:
                p["tp"] += 1
            elif got == FAIL:
                p["fp"] += 1
                misses.append((g["id"], e, f"checker 不合格, label {label}", res[e].why))
            elif label == FAIL:
                p["fn"] += 1
                misses.append((g["id"], e, f"label 不合格, checker {got}", g["expect"][e]["why"]))
            p["review"] += got == REVIEW
            p["review_label"] += label == REVIEW
            p["review_agree"] += got == REVIEW and label == REVIEW
    return per, misses


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def table(per: dict, n_guides: int) -> tuple[str, float, float]:
    f = lambda x: "   —" if x is None else f"{x:.3f}"  # noqa: E731
    lines = [f"guide checker vs labelled corpus ({n_guides} guides × {len(ELEMENT_IDS)} elements; on 不合格)",
             f"{'element':<8}{'TP':>5}{'FP':>5}{'FN':>5}{'prec':>8}{'recall':>8}{'复核':>6}{'复核✓':>7}"]
    tot = {k: 0 for k in ("tp", "fp", "fn", "review", "review_label", "review_agree")}
    for e, p in per.items():
        for k in tot:
            tot[k] += p[k]
        lines.append(f"{e:<8}{p['tp']:>5}{p['fp']:>5}{p['fn']:>5}{f(_ratio(p['tp'], p['tp'] + p['fp'])):>8}"
                     f"{f(_ratio(p['tp'], p['tp'] + p['fn'])):>8}{p['review']:>6}"
                     f"{p['review_agree']:>4}/{p['review_label']:<2}")
    precision = _ratio(tot["tp"], tot["tp"] + tot["fp"]) or 0.0
    recall = _ratio(tot["tp"], tot["tp"] + tot["fn"]) or 0.0
    cells = n_guides * len(ELEMENT_IDS)
    lines.append(f"{'total':<8}{tot['tp']:>5}{tot['fp']:>5}{tot['fn']:>5}{f(precision):>8}{f(recall):>8}"
                 f"{tot['review']:>6}{tot['review_agree']:>4}/{tot['review_label']:<2}")
    lines.append(f"不合格 precision {precision:.3f}  recall {recall:.3f}  ·  需人工复核 share "
                 f"{tot['review'] / cells:.1%} of element verdicts ({tot['review']}/{cells}); "
                 f"{tot['review_agree']} of {tot['review_label']} labelled readings sent to 复核")
    return "\n".join(lines), precision, recall


_nothing = contextlib.nullcontext


def _show(request, text: str) -> None:
    """Print in a normal pytest run (no -s needed): through the terminal reporter."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:                    # e.g. -p no:terminal
        print(text)
        return
    with capture.global_and_fixture_disabled() if capture else _nothing():
        reporter.write_line("")
        for line in text.splitlines():
            reporter.write_line(line)


def test_corpus_verdicts_hold(request):
    guides = _load()
    assert len(guides) >= MIN_GUIDES, f"corpus has {len(guides)} guides, fewer than {MIN_GUIDES}"
    per, misses = measure(guides)
    text, precision, recall = table(per, len(guides))
    report = text + "".join(f"\n  {g} {e}: {kind} — {why}" for g, e, kind, why in misses)
    _show(request, report)
    assert sum(p["tp"] + p["fn"] for p in per.values()) >= 100, "too few labelled defects to measure recall"
    assert precision >= THRESHOLD and recall >= THRESHOLD, report


def test_corpus_is_independent_of_the_sandbox_catalogue():
    """The corpus generator must not read the sandbox catalogue or its generator."""
    src = (CORPUS / "make_corpus.py").read_text(encoding="utf-8")
    assert "sandbox" not in src.replace("sandbox catalogue", "").replace("from sandbox/", ""), \
        "make_corpus.py mentions sandbox beyond its docstring"
    text = "".join(f.read_text(encoding="utf-8") for f in sorted(CORPUS.glob("corpus-*.json")))
    assert "江澜" not in text, "the corpus names the sandbox's fictional province"
    catalogue = Path(__file__).resolve().parents[2] / "sandbox" / "data" / "catalogue.json"
    if catalogue.is_file():       # item names may coincide (real items); addresses and phones must not
        items = json.loads(catalogue.read_text(encoding="utf-8"))["items"]
        copied = {w[k] for it in items for w in it["guide"]["windows"] for k in ("地址", "咨询电话")
                  if w.get(k) and len(w[k]) > 8 and w[k] in text}
        assert not copied, f"corpus copies catalogue windows: {sorted(copied)[:5]}"
