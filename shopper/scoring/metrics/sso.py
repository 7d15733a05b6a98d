"""B4-2 国家平台单点登录 (journey sso) and B4-3 统一身份认证接入 (journey sso_sites)."""
from __future__ import annotations

from .base import _mean, _numbers, _obs, _of, _rate, metric, percentile


@metric("sso_success_rate", "单点登录成功率 (成功次数/尝试次数)", journeys=("sso",), reads=("attempts", "successes"))
def m_sso_success(records):
    attempts = successes = 0
    for r in _of(records, ["sso"]):
        o = _obs(r)
        if isinstance(o.get("attempts"), int) and o["attempts"] > 0:
            attempts += o["attempts"]
            successes += min(int(o.get("successes") or 0), o["attempts"])
        elif r.get("_failed"):
            attempts += 1
    return None if attempts == 0 else successes / attempts


@metric("sso_time_p90_ms", "单点登录耗时 P90 (毫秒)", journeys=("sso",), reads=("times_ms",))
def m_sso_time(records):
    times = []
    for r in _of(records, ["sso"]):
        times += [float(t) for t in _obs(r).get("times_ms") or [] if isinstance(t, (int, float))]
    return percentile(times, 90)


@metric("sso_extra_prompts_mean", "首次登录后再次要求输入密码的次数 (平均)", journeys=("sso",),
        reads=("credential_prompts_after_first",))
def m_sso_prompts(records):
    return _mean(_numbers(_of(records, ["sso"]), "credential_prompts_after_first"))


@metric("sites_signed_in_rate", "部门/市级站点经统一身份认证登录成功的比例", journeys=("sso_sites",),
        reads=("signed_in",))
def m_sites_signed(records):
    return _rate(_of(records, ["sso_sites"]), ("signed_in",), lambda o: bool(o["signed_in"]))


@metric("sites_no_prompt_rate", "站点不再要求密码且不要求另行注册的比例", journeys=("sso_sites",),
        reads=("registration_demanded", "credential_prompts"))
def m_sites_no_prompt(records):
    return _rate(_of(records, ["sso_sites"]), ("registration_demanded",),
                 lambda o: not o["registration_demanded"] and not o.get("credential_prompts"))


@metric("sites_session_kept_rate", "站点下一页仍保持登录的比例", journeys=("sso_sites",),
        reads=("kept_on_next_page",))
def m_sites_kept(records):
    return _rate(_of(records, ["sso_sites"]), ("kept_on_next_page",), lambda o: bool(o["kept_on_next_page"]))
