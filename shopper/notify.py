"""Webhook notification of a run's 整改台账: 企业微信 or 钉钉 group robot, markdown with the counts and
the top findings, no personal data.

The address comes from the environment, never from the repository:
  SHOPPER_WEBHOOK_URL      the robot's webhook URL
  SHOPPER_WEBHOOK_KIND     wecom | dingtalk (default: guessed from the URL, else wecom)
  SHOPPER_WEBHOOK_SECRET   optional: 钉钉 加签 secret (timestamp + sign appended to the URL)
A message goes out only when the gate failed or new findings appeared. A webhook that cannot be
reached, answers an error or is not a valid http(s) address is reported in one line, never raised
into the run's verdict. The URL is a secret: no message names more than its host and port (its
path, query and userinfo carry the robot's key).

Every value in the markdown that a portal may have written (units, problem descriptions) goes
through shopper.untrusted.markdown: no link, image or markup from a portal reaches the group.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .findings import FIXED, NEW, OPEN, UNCHECKED, UNCONFIRMED
from .ledger import Ledger, indicator_label
from .masking import find_unmasked, mask_text
from .untrusted import markdown as md
from .untrusted import one_line

KINDS = ("wecom", "dingtalk")
# what must never leave in a message, after masking: credentials written out as key=value
PASSWORD_RE = re.compile(r"(密码|口令|password|passwd|pwd|secret|token)\s*[:：=]\s*\S+", re.I)
MAX_CHARS = 3800          # 企业微信 markdown content ≤ 4096 bytes of text; 钉钉 is larger


@dataclass
class NotifyResult:
    sent: bool
    message: str
    status: int | None = None
    error: str | None = None


def clean(text: str) -> str:
    """Masked text with nothing left that looks like a 身份证号, a phone number or a password;
    a line that would still carry one is dropped rather than sent."""
    out = []
    for line in mask_text(text).splitlines():
        line = PASSWORD_RE.sub(lambda m: f"{m.group(1)}: ******", line)
        if find_unmasked(line):
            continue
        out.append(line)
    text = "\n".join(out)
    assert not find_unmasked(text) and not re.search(r"(密码|password)\s*[:：=]\s*(?!\*{6})\S", text, re.I)
    return text


def should_notify(ledger: Ledger, gate_failed: bool = False) -> bool:
    """The gate failed, new findings appeared, or the run is no verdict (a nightly run that judged
    nothing is news too)."""
    return gate_failed or ledger.count(NEW) > 0 or ledger.no_verdict


def build_markdown(ledger: Ledger, gate_failed: bool = False, top: int = 5) -> tuple[str, str]:
    """(title, markdown text) for the robot message. A run that is no verdict says 无结论 and why,
    and announces no problem of any unit."""
    if ledger.no_verdict:
        title = f"模拟办事 {md(ledger.portal)}: 无结论（本次运行不构成对门户的结论）"
        lines = [f"### {title}", f"运行 {md(ledger.run_id)}；基线仍为 {md(ledger.baseline_run or '无基线')}",
                 f"> {md(ledger.verdict_reason)}",
                 f"> 未确认 **{ledger.count(UNCONFIRMED)}**（不计入任何单位），未复查 {ledger.count(UNCHECKED)}，"
                 f"未计分 {len(ledger.unscored)}", "", "适配后请重跑；适配表见本次运行的 probe/fit.md。"]
        return clean(title), clean("\n".join(lines))[:MAX_CHARS]
    title = f"模拟办事 {md(ledger.portal)}: " + ("质量门未通过" if gate_failed else f"新增问题 {ledger.count(NEW)} 项")
    lines = [f"### {title}", f"运行 {md(ledger.run_id)}；对比 {md(ledger.baseline_run or '无基线')}",
             f"> 新增 **{ledger.count(NEW)}**，仍未整改 **{ledger.count(OPEN)}**，已整改 {ledger.count(FIXED)}，"
             f"未复查 {ledger.count(UNCHECKED)}，未计分 {len(ledger.unscored)}", ""]
    units = [u for u in ledger.units() if u.outstanding or u.review]
    if units:
        lines.append("**各责任单位待整改**（待复核: 需人工复核，不计为待整改）")
        lines += [f"- {md(u.unit)}: {u.outstanding}" + (f"，待复核 {u.review}" if u.review else "") + f"（新增 {u.new}）"
                  for u in units[:8]]
        if len(units) > 8:
            lines.append(f"- …另有 {len(units) - 8} 个单位")
        lines.append("")
    findings = ledger.top(top)
    if findings:
        lines.append("**主要问题**")
        lines += [f"- 【{f.status}】{md(indicator_label(f))} · {md(f.owner)}: {md(f.title[:80])}" for f in findings]
    text = clean("\n".join(lines))
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS - 1] + "…"
    return clean(title), text


def payload(kind: str, title: str, text: str) -> dict:
    """The robot's message body: 企业微信 {msgtype, markdown{content}}; 钉钉 {msgtype, markdown{title, text}}."""
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    raise ValueError(f"未知的 webhook 类型 {kind} (SHOPPER_WEBHOOK_KIND: {' | '.join(KINDS)})")


def guess_kind(url: str) -> str:
    return "dingtalk" if "dingtalk" in urllib.parse.urlsplit(url).netloc else "wecom"


def signed_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """钉钉 加签: timestamp and HMAC-SHA256 sign of "timestamp\\nsecret", base64, URL-encoded."""
    ts = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={ts}&sign={sign}"


def _where(url: str) -> str:
    """The webhook's host and port only: its path, query and userinfo carry the robot's key."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "webhook"
    return one_line(f"{host}:{port}" if host and port else host or "webhook")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a webhook (None when it can), naming no part of it."""
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "含空白或控制字符 (contains whitespace or a control character)"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port                                          # raises on a port that is not a number
    except ValueError:
        return "无法解析 (cannot be parsed)"
    if parts.scheme not in ("http", "https"):
        return "应以 http:// 或 https:// 开头 (needs an http or https scheme)"
    if not parts.hostname:
        return "没有主机名 (no host)"
    return None


def _redacted(text: str, url: str, secret: str = "") -> str:
    """`text` (an error, the robot's answer) without the URL's path, query, userinfo or the secret."""
    parts = urllib.parse.urlsplit(url)
    for part in (url, parts.path, parts.query, parts.netloc.rpartition("@")[0], secret):
        if part and part not in ("/",):
            text = text.replace(part, "***")
    return one_line(text)


def notify(ledger: Ledger, gate_failed: bool = False, url: str | None = None, kind: str | None = None,
           secret: str | None = None, timeout: float = 10.0, force: bool = False) -> NotifyResult:
    url = url or os.environ.get("SHOPPER_WEBHOOK_URL", "")
    if not url:
        return NotifyResult(False, "未配置 SHOPPER_WEBHOOK_URL, 不发送通知 (no webhook configured)")
    problem = url_problem(url)
    if problem:
        return NotifyResult(False, f"通知未发送: SHOPPER_WEBHOOK_URL 不是有效的网址: {problem}", error=problem)
    if not (force or should_notify(ledger, gate_failed)):
        return NotifyResult(False, "质量门通过且没有新增问题, 不发送通知 (nothing new)")
    kind = kind or os.environ.get("SHOPPER_WEBHOOK_KIND") or guess_kind(url)
    secret = secret if secret is not None else os.environ.get("SHOPPER_WEBHOOK_SECRET", "")
    try:
        title, text = build_markdown(ledger, gate_failed)
        body = json.dumps(payload(kind, title, text), ensure_ascii=False).encode("utf-8")
    except (ValueError, AssertionError) as exc:  # an unknown kind, or text that would not come clean
        return NotifyResult(False, f"通知未发送: {exc or '消息含未脱敏内容'}", error=str(exc))
    target = signed_url(url, secret) if kind == "dingtalk" and secret else url
    request = urllib.request.Request(target, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, answer = response.status, response.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return NotifyResult(False, f"通知发送失败: {_where(url)} 返回 HTTP {exc.code}", status=exc.code,
                            error=f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        reason = _redacted(str(getattr(exc, "reason", exc)), url, secret)
        return NotifyResult(False, f"通知发送失败: 无法连接 {_where(url)} ({reason})", error=reason)
    try:
        errcode = json.loads(answer).get("errcode", 0) if answer.strip() else 0
    except (ValueError, AttributeError):
        errcode = 0
    if errcode:
        return NotifyResult(False, f"通知被拒绝: {_where(url)} errcode={one_line(errcode)}", status=status,
                            error=one_line(mask_text(_redacted(answer[:200], url, secret))))
    return NotifyResult(True, f"已通知 {kind} ({_where(url)})", status=status)
