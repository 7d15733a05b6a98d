"""Registry of the defects the sandbox can switch on (CONTRACTS.md section 2).

Each defect is a name → (description, indicator it must lower). With no defects the portal is clean.
Switch them on with ``create_app(defects=[...])``, ``SandboxServer(defects=...)``, ``--defects a,b``
or the environment variable ``SANDBOX_DEFECTS=a,b``.
"""
from __future__ import annotations

import os
from typing import Iterable, NamedTuple

from .errors import SandboxConfigError


class Defect(NamedTuple):
    description: str
    indicator: str


DEFECTS: dict[str, Defect] = {
    "slow_search": Defect("search answers after +2500 ms", "A3-1"),
    "search_miss": Defect("only exact full item names match", "A3-1"),
    "search_500": Defect("search answers HTTP 500", "A3-1"),
    "sso_loop": Defect("portal callback loses the session and redirects to the IdP again, forever", "B4-2"),
    "sso_second_login": Defect("site rst demands its own registration after SSO", "B4-3"),
    "session_lost_on_city_site": Defect("city site lz forgets the SSO sign-in on the next page", "B4-3"),
    "entry_buried": Defect("department sites hide 网上办事: 6 clicks through 政务公开 → 专题专栏 → 更多专栏 → "
                           "便民服务 → 网上办事大厅 → 进入", "C1-4"),
    "external_hop": Defect("在线办理 goes to ywxt (another host) which asks for its own login", "C1-1"),
    "upload_rejects_pdf": Defect("PDF uploads refused (文件格式不支持)", "A3-2"),
    "submit_500": Defect("submitting an application answers 500", "A3-2"),
    "status_wrong": Defect("办件查询 shows a wrong status", "B5-1"),
    "status_leaks_other": Defect("办件查询 shows another person's 办件", "B5-1"),
    "review_missing": Defect("no review channel after 办结", "A1"),
    "broken_download": Defect("空表 downloads answer 404", "E4"),
    "guide_missing_elements": Defect("guides lose 咨询电话, 办理时间, 法定办结时限", "E1"),
    "pii_unmasked": Defect("full 身份证号 and phone shown on pages", "SEC"),
    "elderly_popup": Defect("长辈版 home opens a modal pop-up", "AGE"),
    "flaky_search": Defect("every other search answers 503 (an intermittent fault: a retry passes)", "STAB"),
    "assistant_unrelated": Defect("智能客服 answers with links to items unrelated to the question", "B5-2"),
    "assistant_down": Defect("智能客服's answer API answers 500; the assistant shows an error", "B5-2"),
    "stale_copy": Defect("department sites serve an outdated copy of their guides: another 承诺办结时限, "
                         "one material fewer than the portal", "C3-2"),
    "no_reduction": Defect("every guide's 承诺办结时限 equals its 法定办结时限; 即办件 become 承诺件", "A4-1"),
    "slots_full": Defect("网上预约: every slot is 已约满 (disabled); no booking can be made", "C4-2"),
    "user_center_broken": Defect("用户中心 我的证照 answers 500 (flavour C: its API; the view shows an error)", "B7-4"),
    "followup_hidden": Defect("after a 差评 the 回访/整改 state is not shown to the applicant", "A1"),
    "elder_slow_search": Defect("search in the 长辈版 answers after +2500 ms", "AGE"),
    "elder_second_password": Defect("the 长辈版 asks for the password again although the citizen is signed in "
                                    "to the portal", "AGE"),
    "notice_every_view": Defect("the portal's 系统升级公告 modal comes back on every view after 我知道了 (the standard "
                                "portal, not its 长辈版)", "A3-2"),
}


def parse_defects(value: str | Iterable[str] | None) -> frozenset[str]:
    """Turn "a,b" or ["a", "b"] into a validated set; an unknown name raises SandboxConfigError."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        names = [part.strip() for part in value.split(",")]
    else:
        names = [str(part).strip() for part in value]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in DEFECTS]
    if unknown:
        raise SandboxConfigError(
            f"unknown sandbox defect(s): {', '.join(unknown)}; valid defects are: {', '.join(DEFECTS)}"
        )
    return frozenset(names)


def defects_from_env(environ=None) -> frozenset[str]:
    environ = os.environ if environ is None else environ
    return parse_defects(environ.get("SANDBOX_DEFECTS", ""))
