"""The embedded staging portal: 江澜省政务服务网, the national IdP, department and city sites,
all on one port and dispatched by Host header; defects switched on by name (sandbox.defects)."""
from .app import create_app
from .defects import DEFECTS, parse_defects
from .errors import SandboxConfigError

__all__ = ["create_app", "DEFECTS", "parse_defects", "SandboxConfigError"]
