"""长辈版 as a citizen uses it once signed in to the portal: a page of their own, without a second password.

A 长辈版 that is the portal in another mode (a cookie) shows the citizen signed in already: 我的办件 /
个人中心 opens their page. A 长辈版 on its own host shows 登录: it signs in through the identity platform,
silently for a citizen signed in there. Either way, a login form on the way (an account box and a password
box, on any host) is the 长辈版 asking for the password again; it is not filled in: the verdict is the
step's. Other failures on the way (an error answer, a browser error page) are the 长辈版's too.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..session import browser_errors
from .signin import _verdict, _wait_for_outcome, on_login_page

STAGE = "适老化"


@dataclass
class OwnPage:
    """Where the citizen's own page in the 长辈版 led: to it, or to a login form."""
    url: str
    credential_prompt: bool


def open_own_page(home) -> OwnPage:
    s = home.session
    greeting, login = s.spec("signed_in.greeting").union(s.page), s.spec("home.login_link").union(s.page)
    s.expect("signed_in.greeting", "长辈版既无登录状态也无登录入口", STAGE, locator=greeting.or_(login))
    if not greeting.count():   # a 长辈版 of its own: 登录 through the identity platform
        elder_host = s.host
        with s.answers() as seen:
            s.click("home.login_link", "长辈版点击登录")
            outcome = _wait_for_outcome(s, elder_host, seen, None, after="长辈版点击登录")
        if outcome == "login":
            return OwnPage(s.page.url, True)
        _verdict(s, outcome, seen, elder_host, STAGE)
    password = s.spec("idp.password").union(s.page)
    with s.moving() as moved:
        s.click("home.my_link", "长辈版打开本人页面")
        s.wait_until([moved], greeting.or_(password))
    with browser_errors():
        s.page.wait_for_load_state()
    if on_login_page(s):
        return OwnPage(s.page.url, True)
    s.expect("signed_in.greeting", "长辈版打开本人页面后未显示已登录", STAGE)
    return OwnPage(s.page.url, False)
