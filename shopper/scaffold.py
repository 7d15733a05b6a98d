"""`shopper new-portal NAME`: a profile and a page-object package to start a new portal from.

The package subclasses an existing one (`--like sandbox` or `--like flavour_b`: the flows closest to
the new portal) and copies its controls.yaml with every locator marked TODO; the profile is the
live template with the name, the package and the URLs filled in. The probe's fit table is then the
to-do list: every control it reports 缺失 needs a locator (in controls.yaml, or in the profile's
`locators:` when only a label differs); only flows that differ need code.
"""
from __future__ import annotations

import re
from pathlib import Path

from .failures import SuiteError

ROOT = Path(__file__).resolve().parent.parent
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")

INIT = '''"""Page objects of {title} (scaffold by `shopper new-portal`; see docs/NEW_PORTAL.md).

Starts from pages/{like}/ (its flows); override here only what this portal does differently,
e.g. a sign-in through OAuth instead of a ticket, a wizard instead of one form. Locators live in
controls.yaml next to this file (or, for a label-only difference, in the profile's `locators:`).
"""
from __future__ import annotations

from ..{like} import Portal as _Like


class Portal(_Like):
    """TODO: override the flows that differ from pages/{like}/ (run `shopper probe` first)."""
'''


def new_portal(name: str, like: str = "sandbox", portal_url: str | None = None, idp_url: str | None = None,
               root: Path = ROOT, force: bool = False) -> list[Path]:
    """Write fixtures/portals/NAME.yaml and pages/NAME/ (__init__.py, controls.yaml); returns the paths."""
    if not NAME_RE.match(name):
        raise SuiteError(f"门户名「{name}」应为小写字母开头的字母、数字、下划线 (a Python package name, e.g. gansu)")
    like_dir = root / "pages" / like
    if not (like_dir / "controls.yaml").exists():
        known = sorted(p.parent.name for p in (root / "pages").glob("*/controls.yaml"))
        raise SuiteError(f"--like {like}: 没有这个页面对象包 (known: {', '.join(known)})")
    package_name = name.replace("-", "_")
    profile = root / "fixtures" / "portals" / f"{name}.yaml"
    package = root / "pages" / package_name
    for path in (profile, package):
        if path.exists() and not force:
            raise SuiteError(f"{path} 已存在, 不覆盖 (exists; pass --force to overwrite)")
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(INIT.format(title=name, like=like), encoding="utf-8")
    (package / "controls.yaml").write_text(_todo_controls((like_dir / "controls.yaml").read_text(encoding="utf-8"), like),
                                           encoding="utf-8")
    template = (root / "fixtures" / "portals" / "example-live.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name: \S+", f"name: {name}", template)
    text = re.sub(r"(?m)^page_objects: \S+", f"page_objects: {package_name}", text)
    if portal_url:
        text = re.sub(r"(?m)^(  portal: )\S+", rf"\g<1>{portal_url}", text)
    if idp_url:
        text = re.sub(r"(?m)^(  idp: )\S+", rf"\g<1>{idp_url}", text)
    text = re.sub(r"(?m)^locators:\n(  .*\n)+", "locators: {}\n", text)
    profile.write_text(text, encoding="utf-8")
    return [profile, package / "__init__.py", package / "controls.yaml"]


def _todo_controls(text: str, like: str) -> str:
    head = (f"# Controls of this portal's page objects, copied from pages/{like}/controls.yaml.\n"
            "# TODO on every line: check the locator against this portal (`shopper probe --portal NAME`\n"
            "# prints found / missing / ambiguous per control) and change it where it does not fit.\n")
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lines.append(f"{line}  # TODO 确认定位 (check against this portal)")
    return head + "\n".join(lines) + "\n"
