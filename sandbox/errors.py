"""Errors the sandbox raises for configuration mistakes (bad defect names, busy ports, bad accounts)."""


class SandboxConfigError(ValueError):
    """The sandbox was asked for something it cannot do; the message says what and how to fix it."""
