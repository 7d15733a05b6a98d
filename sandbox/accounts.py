"""Test accounts of the national IdP: validation, generation with Faker, writing the 0600 file."""
from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import SandboxConfigError

FIELDS = ("username", "password", "name", "id_number", "phone")


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    name: str
    id_number: str
    phone: str

    def __repr__(self) -> str:  # never show the password in logs or tracebacks
        return f"Account(username={self.username!r}, name={self.name!r})"

    def userinfo(self) -> dict:
        return {"username": self.username, "name": self.name, "id_number": self.id_number, "phone": self.phone}


def parse_accounts(raw) -> list[Account]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise SandboxConfigError(f"SANDBOX_ACCOUNTS is not valid JSON: {exc.msg}") from None
    if not isinstance(raw, list):
        raise SandboxConfigError("accounts must be a list of {username, password, name, id_number, phone}")
    accounts: list[Account] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise SandboxConfigError(f"account #{i} is not an object")
        missing = [f for f in FIELDS if not str(entry.get(f) or "").strip()]
        if missing:
            raise SandboxConfigError(f"account #{i} lacks {', '.join(missing)}")
        account = Account(**{f: str(entry[f]).strip() for f in FIELDS})
        if account.username in seen:
            raise SandboxConfigError(f"duplicate account username {account.username!r}")
        seen.add(account.username)
        accounts.append(account)
    return accounts


def generate_accounts(count: int = 2, seed: int | None = None) -> list[Account]:
    """Fictional people from Faker('zh_CN'); ssn() gives valid 身份证号. Passwords from `secrets`."""
    from faker import Faker

    fake = Faker("zh_CN")
    if seed is not None:
        fake.seed_instance(seed)
    accounts = []
    for i in range(count):
        accounts.append(Account(
            username=f"tester{i + 1:02d}",
            password=secrets.token_urlsafe(12),
            name=fake.name(),
            id_number=fake.ssn(),
            phone=fake.phone_number(),
        ))
    return accounts


def write_accounts_file(accounts: list[Account]) -> Path:
    """Write the accounts (with passwords) to a fresh temp dir as a 0600 JSON file; return its path."""
    directory = Path(tempfile.mkdtemp(prefix="sandbox-accounts-"))
    path = directory / "accounts.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump([a.__dict__ for a in accounts], fh, ensure_ascii=False, indent=2)
    os.chmod(path, 0o600)
    return path


def accounts_from_env(environ=None) -> list[Account] | None:
    environ = os.environ if environ is None else environ
    raw = environ.get("SANDBOX_ACCOUNTS")
    return parse_accounts(raw) if raw else None
