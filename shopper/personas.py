"""Test personas (Faker zh_CN): valid 身份证号, mobile numbers, and random passwords.

For the sandbox the suite makes its own accounts each run and hands them to the sandbox IdP; the
passwords exist only in this process and in the environment variables the profile names.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from faker import Faker

from .masking import register_secret


@dataclass
class Persona:
    role: str
    username: str
    password: str
    name: str
    id_number: str
    phone: str
    address: str

    def as_account(self) -> dict:
        return {"username": self.username, "password": self.password, "name": self.name,
                "id_number": self.id_number, "phone": self.phone}

    def __repr__(self) -> str:  # never print a password or a full 身份证号
        return f"Persona(role={self.role!r}, username={self.username!r}, name={self.name!r})"


def make_persona(role: str, seed: int | None = None) -> Persona:
    fake = Faker("zh_CN")
    if seed is not None:
        fake.seed_instance(seed)
    persona = Persona(
        role=role,
        username=f"{role}_{fake.user_name()}"[:24],
        password=secrets.token_urlsafe(14),
        name=fake.name(),
        id_number=fake.ssn(min_age=20, max_age=70),
        phone=fake.phone_number(),
        address=f"{fake.city()}{fake.street_name()}{fake.building_number()}号",
    )
    register_secret(persona.password)
    return persona


def live_personas(profile) -> dict[str, Persona]:
    """The profile's test accounts, read from the environment variables it names. A missing
    username or password stops the run before a browser starts (ProfileError names the variables);
    name, 身份证号 and phone are optional facts some journeys compare with what the portal shows."""
    out = {}
    for role, account in sorted(profile.accounts.items()):
        user, password = account.credentials()
        register_secret(password)
        facts = account.facts()
        persona = Persona(role=role, username=user, password=password, name=facts.get("name") or "",
                          id_number=facts.get("id_number") or "", phone=facts.get("phone") or "",
                          # a contact address the forms require; a neutral one when the profile names none
                          address=facts.get("address") or "模拟办事测试联系地址1号")
        for value in (persona.id_number, persona.phone):
            if value:
                register_secret(value)
        out[role] = persona
    return out


def sandbox_personas(profile, seed: int = 20261123) -> dict[str, Persona]:
    """One persona per profile account; exports the env vars the profile names (unless set)."""
    out = {}
    for i, (role, account) in enumerate(sorted(profile.accounts.items())):
        persona = make_persona(role, seed + i)
        os.environ.setdefault(account.user_env, persona.username)
        os.environ.setdefault(account.password_env, persona.password)
        persona.username = os.environ[account.user_env]
        persona.password = os.environ[account.password_env]
        for secret in (persona.password, persona.id_number, persona.phone):   # as live_personas does
            register_secret(secret)
        out[role] = persona
    return out
