"""Staging codes: the values a staging portal is configured with where a real one would send an SMS
or draw a random captcha (flavour C: the IdP's 短信验证码 and the 办件查询 图形验证码).

``create_app(staging_codes={"sms": "246810", "captcha": "K7PM"})`` fixes them; a key left out gets a
random value per start that is never printed (the in-process suite reads ``SandboxServer.staging_codes``).
``python -m sandbox`` takes them from the environment (``SANDBOX_SMS_CODE``, ``SANDBOX_CAPTCHA``)."""
from __future__ import annotations

import os
import re
import secrets
from typing import Mapping

from .errors import SandboxConfigError

ENV = {"sms": "SANDBOX_SMS_CODE", "captcha": "SANDBOX_CAPTCHA"}
SHAPES = {"sms": (re.compile(r"\d{4,8}"), "4 到 8 位数字 (4-8 digits)"),
          "captcha": (re.compile(r"[A-Za-z0-9]{4,6}"), "4 到 6 位字母或数字 (4-6 letters or digits)")}
# captcha characters a person reads without doubt (no 0/O, 1/I/L, 2/Z)
CAPTCHA_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXY3456789"


def _random(key: str) -> str:
    if key == "sms":
        return f"{secrets.randbelow(10 ** 6):06d}"
    return "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(4))


def make_staging_codes(given: Mapping[str, str] | None = None) -> dict[str, str]:
    """Validated codes: those given, random ones for the rest. Bad keys or shapes raise SandboxConfigError."""
    given = dict(given or {})
    unknown = sorted(set(given) - set(SHAPES))
    if unknown:
        raise SandboxConfigError(f"unknown staging code(s): {', '.join(unknown)}; valid keys are: {', '.join(SHAPES)}")
    codes = {}
    for key, (shape, wording) in SHAPES.items():
        value = given.get(key)
        if value is None:
            codes[key] = _random(key)
            continue
        value = str(value).strip()
        if not shape.fullmatch(value):
            raise SandboxConfigError(f"staging code {key!r} ({ENV[key]}) 应为{wording}")
        codes[key] = value
    return codes


def staging_codes_from_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The codes set in SANDBOX_SMS_CODE / SANDBOX_CAPTCHA (only those set)."""
    environ = os.environ if environ is None else environ
    return {key: environ[name] for key, name in ENV.items() if environ.get(name)}
