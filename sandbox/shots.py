"""python -m sandbox.shots [--flavour a|b|c] [OUT_DIR]: PNG screenshots of the clean sandbox for a visual
check (flavour A: home, a guide, 长辈版 home, mobile 390x844 home, search, 智能问答, the department and city
copies of a guide, 网上预约 and its result, the 个人中心 tabs; flavour B: sandbox/flavour_b/shots.py,
``b-*.png``; flavour C: its walk, sandbox/flavour_c/shots.py, ``c-*.png``). Needs Playwright + Chromium."""
from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from .server import SandboxServer

CHROMIUM = os.environ.get("SANDBOX_CHROMIUM", "/usr/lib/chromium/chromium")


def take(out_dir: str = "/tmp/sandbox-shots", defects=()) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with SandboxServer(defects=defects) as server, sync_playwright() as pw:
        launch = {"args": ["--no-sandbox"]}
        if Path(CHROMIUM).exists():
            launch["executable_path"] = CHROMIUM
        browser = pw.chromium.launch(**launch)
        zwfw = server.url("zwfw")
        item = next(iter(server.app.sandbox.catalogue.item_by_id))

        def shot(name, url, viewport=(1366, 900), elder=False, full=True, click=None, mobile=False):
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                          is_mobile=mobile, has_touch=mobile, locale="zh-CN",
                                          device_scale_factor=2 if mobile else 1)
            if elder:
                context.add_cookies([{"name": "elder", "value": "1", "url": zwfw}])
            page = context.new_page()
            page.goto(url)
            if click:
                page.get_by_role("tab", name=click).click()
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            written.append(path)
            context.close()

        shot("home", zwfw + "/")
        shot("guide", f"{zwfw}/item/{item}", click="申请材料")
        shot("guide-basic", f"{zwfw}/item/{item}")
        shot("elder-home", zwfw + "/", elder=True)
        shot("mobile-home", zwfw + "/", viewport=(390, 844), mobile=True)
        shot("mobile-home-top", zwfw + "/", viewport=(390, 844), mobile=True, full=False)
        shot("mobile-guide-top", f"{zwfw}/item/{item}", viewport=(390, 844), mobile=True, full=False)
        shot("search", zwfw + "/search?q=身份证")
        shot("search-empty", zwfw + "/search?q=火星移民")
        shot("dept-site", server.url("rst") + "/")
        shot("idp-login", server.url("zwfw") + "/login?next=/my", full=False)
        shot("assistant-answer", zwfw + "/znwd?q=" + "我的身份证丢了怎么办")
        shot("assistant-fallback", zwfw + "/znwd?q=" + "今天天气怎么样", full=False)
        shot("dept-guide-list", server.url("rst") + "/bsfw")
        shot("dept-guide-copy", server.url("rst") + "/bsfw/item/rst-007")
        shot("city-guide-copy", server.url("lz") + "/bsfw/item/rst-007")
        written.extend(_signed_in_walk(browser, server, out))
        browser.close()
    return written


def _signed_in_walk(browser, server, out: Path) -> list[Path]:
    """The pages behind the sign-in: 网上预约 and its result, the 个人中心 tabs, the 长辈版's 我的办件."""
    account = server.accounts[0]
    zwfw = server.url("zwfw")
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    written: list[Path] = []

    def shot(name: str, full: bool = True) -> None:
        path = out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        written.append(path)

    page.goto(zwfw + "/yuyue/gat-002")
    page.get_by_label("用户名").fill(account.username)
    page.get_by_label("密码").fill(account.password)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="网上预约：居民身份证补领").wait_for()
    shot("booking")
    page.get_by_role("radio", name=re.compile(r"（剩余 \d）$")).first.check()
    page.get_by_role("button", name="确认预约").click()
    page.get_by_role("heading", name="预约成功").wait_for()
    shot("booking-result")
    for name, path in (("my-bookings", "/my/bookings"), ("my-licences", "/my/licences"),
                       ("my-subscriptions", "/my/subscriptions")):
        page.goto(zwfw + path)
        shot(name)
    page.goto(zwfw + "/mode/elder?next=/my/licences")
    shot("elder-my-licences")
    page.context.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox.shots", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="/tmp/sandbox-shots")
    parser.add_argument("--flavour", choices=("a", "b", "c"), default="a")
    args = parser.parse_args(argv)
    if args.flavour in ("b", "c"):
        from .flavour_b.shots import take as take_b
        from .flavour_c.shots import take as take_c
        out = Path(args.out_dir)
        out.mkdir(parents=True, exist_ok=True)
        launch = {"args": ["--no-sandbox"]}
        if Path(CHROMIUM).exists():
            launch["executable_path"] = CHROMIUM
        written = (take_b if args.flavour == "b" else take_c)(out, launch)
    else:
        written = take(args.out_dir)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
