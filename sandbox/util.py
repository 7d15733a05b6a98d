"""Small helpers shared by the sites: masking, host-relative URLs, safe redirects."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def mask_id(number: str) -> str:
    number = str(number or "")
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number: str) -> str:
    number = str(number or "")
    if len(number) == 11:
        return number[:3] + "****" + number[-4:]
    return "*" * len(number)


def mask_name(name: str) -> str:
    name = str(name or "")
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


def host_label(host: str) -> str:
    """First label of a Host header: 'zwfw.localhost:5000' → 'zwfw'."""
    return (host or "").split(":", 1)[0].split(".", 1)[0].lower()


def site_url(label: str, path: str = "/") -> str:
    """Absolute URL of `path` on sibling site `label`, same scheme, domain and port as this request."""
    host = request.host
    name, _, port = host.partition(":")
    rest = name.split(".", 1)[1] if "." in name else "localhost"
    netloc = f"{label}.{rest}" + (f":{port}" if port else "")
    return f"{request.scheme}://{netloc}{path}"


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site relative paths are allowed as `next` (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
