"""办件查询: find a 办件 by its number and what the portal asks besides (the profile says which).

`flows.status` in the profile:
  open: url | link        the query page: `urls.status`, or the home's 办件查询 link (default: url when
                          the profile gives urls.status)
  verify: [name]          what the query asks besides the number: name, password (the receipt's
                          查询密码), captcha (a staging value from `captcha_env`); [] for none
  captcha_env: NAME       the environment variable holding the staging captcha value
  public: [masked_name, status]   what this portal may show to whoever knows the number and its
                          verification (the default: many portals show a masked name and the status)

A query also tried with one verification value wrong must be refused: a portal that shows a case
whatever 查询密码, captcha or name is typed leaks it (B5-1), which a query with the right values
never shows.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from shopper.failures import SuiteError

from ..reading import merged_pairs, read_blocks
from ..view import View

STAGE = "办件查询"
STATUS_LABEL = re.compile(r"^(办理状态|办件状态|当前状态|审批状态|状态)$")
VERIFY_CONTROLS = {"name": "status.name", "password": "status.password", "captcha": "status.captcha"}


@dataclass
class StatusResult:
    found: bool
    fields: dict = field(default_factory=dict)
    page_text: str = ""

    @property
    def status(self) -> str | None:
        return next((v for k, v in self.fields.items() if STATUS_LABEL.match(re.sub(r"[\s:：]", "", k))), None)

    def __repr__(self) -> str:  # reports show step arguments: never what an unmasking page showed
        from shopper.masking import mask_text
        return mask_text(f"StatusResult(found={self.found}, fields={self.fields})")


def leaked(page_text: str, persona, public: list[str] | tuple[str, ...] = ("masked_name", "status")) -> list[str]:
    """Which of another person's facts a page shows beyond what this portal may show to whoever knows
    the number (`flows.status.public`; default a masked name and the status): their full 身份证号 or
    phone (never public), their full name (unless `name` is public). A fact we do not have (left out of
    a live profile) is never "shown": an empty string is in every page."""
    from shopper.masking import mask_id

    checks = [("身份证号", persona.id_number), ("身份证号", mask_id(persona.id_number) if persona.id_number else ""),
              ("手机号", persona.phone)]
    if "name" not in public:
        checks.append(("姓名", persona.name))
    return sorted({what for what, value in checks if value and value.strip() and value in page_text})


def public_of(profile) -> list[str]:
    return list((profile.flows.get("status") or {}).get("public", ["masked_name", "status"]))


def verification_of(profile) -> list[str]:
    flow = profile.flows.get("status") or {}
    return list(flow.get("verify", ["name"]))


def captcha_value(profile) -> str | None:
    name = (profile.flows.get("status") or {}).get("captcha_env")
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise SuiteError(f"套件故障: 办件查询的图形验证码需要环境变量 {name} (flows.status.captcha_env)")
    return value


def wrong_value(kind: str, right: str) -> str:
    """A value of the same kind that is certainly not the right one."""
    wrong = {"name": "错误姓名", "password": "000000", "captcha": "0000"}[kind]
    return wrong if wrong != right else wrong[::-1] + "9"


class StatusQuery(View):
    def query(self, number: str, values: dict[str, str]) -> StatusResult:
        """Query `number` with the verification `values` (name / password / captcha)."""
        s = self.session
        s.fill("status.number", number, "输入办件编号")
        for kind in verification_of(self.profile):
            if kind not in VERIFY_CONTROLS:
                raise SuiteError(f"{self.profile.path}: flows.status.verify 中的「{kind}」未知 (name, password, captcha)")
            value = values.get(kind)
            if value is None:
                raise SuiteError(f"套件故障: 办件查询需要{kind}，但旅程没有这个值 (the journey has no {kind} for this 办件)")
            s.fill(VERIFY_CONTROLS[kind], value, f"输入{kind}")
        with s.answers() as seen:
            s.click("status.submit", "点击查询")
            result, missing = s.spec("status.result").union(s.page), s.spec("status.missing").union(s.page)
            number_shown = s.page.get_by_text(number).filter(visible=True)
            which = s.wait_until([lambda: number_shown.count() > 0 and result.count() > 0, lambda: missing.count() > 0,
                                  lambda: bool(seen.errors(500))], result.or_(missing))
        if seen.errors(500):
            from shopper.failures import PortalDefect
            raise PortalDefect(f"办件查询时{seen.evidence(500)}", stage=STAGE)
        if which is None:
            s.raise_missing("status.result", "办件查询后既无结果也无未查到提示", STAGE)
        text = s.visible_text()
        if which == 1:
            s.confirm("status.missing")
            return StatusResult(False, {}, text)
        s.confirm("status.result")
        fields = merged_pairs(read_blocks(self.page.frames))
        return StatusResult(True, fields, text)
