"""The portal's home: search, sign-in, 智能客服, 长辈版 (a link that toggles it, or its own address)."""
from __future__ import annotations

from ..session import browser_errors
from ..view import View
from .search import Results, search
from .signin import SignInResult, sign_in


class Home(View):
    def wait_until_shown(self) -> "Home":
        self.session.expect("home.search_input", "门户首页没有可用的搜索框", "搜索")
        return self

    def search_for(self, keyword: str) -> Results:
        """Type a keyword in the one search box and submit; the results as the citizen sees them."""
        return search(self, keyword)

    def open_assistant(self):
        """智能客服: its entry on the home (a page, a panel it opens, a new tab on another host)."""
        from .assistant import STAGE, Assistant

        s = self.session
        entry = s.expect("assistant.entry", "门户首页没有智能客服入口", STAGE)
        s.click(entry, "打开智能客服", "assistant.entry")
        return Assistant(s).wait_until_shown()

    def open_user_center(self):
        """用户中心: 我的办件 / 个人中心 from the home (the citizen is signed in)."""
        from .user_center import UserCenter

        self.session.click("home.my_link", "打开个人中心")
        return UserCenter(self.session)

    def sign_in(self, persona) -> SignInResult:
        """单点登录: 登录 → identity platform → back on the portal, signed in."""
        return sign_in(self, "home.login_link", persona, self.portal.portal_host)

    def switch_to_elder_mode(self) -> "Home":
        """长辈版: the link a citizen finds on the home (a toggle), or the profile's `urls.elder`."""
        s = self.session
        if s.find("home.elder_link") is None and self.profile.urls.get("elder"):
            s.goto(self.profile.url("elder"), "长辈版", "适老化", profile_key="urls.elder")
        else:
            link = s.expect("home.elder_link", "门户首页没有长辈版入口", "适老化")
            with s.moving() as moved:
                s.click(link, "切换长辈版", "home.elder_link")
                # a toggle reloads or re-routes the page, a 长辈版 host opens: judge the page it leads to
                s.wait_until([moved], s.spec("home.search_input").union(s.page))
            with browser_errors():   # judged as the citizen sees it: with its styles loaded
                s.page.wait_for_load_state()
        return self.wait_until_shown()   # pop-ups stay for the journey to judge (适老化: 无弹窗)

    def open_own_page(self):
        """The citizen's own page in this mode (a 长辈版: 登录 where it shows one, then 我的办件); whether a
        password was asked on the way (pages/abilities/elder.py)."""
        from .elder import open_own_page

        return open_own_page(self)

    def probe_idp_return_url(self):
        """安全运行: does the identity platform accept a return URL on another host? (only for IdPs
        the profile marks as staging: the step decides). See pages/abilities/idp_probe.py."""
        from .idp_probe import probe_foreign_return_url

        return probe_foreign_return_url(self.page, lambda: self.session.click("home.login_link", "点击登录"),
                                        self.portal.idp_host)

    def is_signed_in(self) -> bool:
        s = self.session
        greeting, login = s.spec("signed_in.greeting").union(s.page), s.spec("home.login_link").union(s.page)
        s.expect("signed_in.greeting", "门户首页既无登录状态也无登录入口", "登录", locator=greeting.or_(login))
        return greeting.count() > 0
