"""The grep for secrets in outputs, in every encoding a secret may travel in.

Written independently of shopper.masking (a grep built from the masker's own list could not catch
what the masker forgot): plain, HTML-escaped, URL-encoded (quote / quote_plus, both hex cases),
JSON-escaped (\\uXXXX, both cases), and anything inside base64 runs (decoded, then searched for
the same forms), whatever their alignment.
"""
from __future__ import annotations

import base64
import binascii
import html
import json
import re
from urllib.parse import quote, quote_plus

B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")


def encoded_forms(value: str) -> set[str]:
    forms = {value, html.escape(value), quote(value, safe=""), quote(value), quote_plus(value),
             json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    forms |= {re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), f) for f in forms}
    forms |= {re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), f) for f in forms}
    return {f for f in forms if f}


def _decoded_runs(text: str) -> list[str]:
    out = []
    for run in B64_RUN.findall(text):
        for candidate in (run, run.replace("-", "+").replace("_", "/")):
            body = candidate.rstrip("=")
            for start in range(4):                      # the run may start mid-group
                chunk = body[start:]
                chunk = chunk[: len(chunk) // 4 * 4]
                try:
                    out.append(base64.b64decode(chunk, validate=True).decode("utf-8", "ignore"))
                except (binascii.Error, ValueError):
                    continue
    return out


def find_encoded(text: str, values: list[str]) -> list[int]:
    """Indexes of `values` found in `text` in any encoding (also inside base64)."""
    texts = [text] + _decoded_runs(text)
    return [i for i, value in enumerate(values)
            if any(form in t for form in encoded_forms(value) for t in texts)]
