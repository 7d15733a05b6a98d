"""A3-1 查询精准度: the search journey (hit@k, MRR, latency, HTTP status, zero-result help)."""
from __future__ import annotations

from .base import Metric, _obs, _of, _numbers, metric, percentile


def _keyword_cases(records):
    return [r for r in _of(records, ["search"]) if _obs(r).get("expected")]


def _rank(r) -> int | None:
    rank = _obs(r).get("rank")
    return rank if isinstance(rank, int) and not isinstance(rank, bool) and rank >= 1 else None


def _hit_at(k: int) -> Metric:
    def fn(records):
        cases = _keyword_cases(records)
        if not cases:
            return None
        return sum(1 for r in cases if (_rank(r) or 10 ** 9) <= k) / len(cases)
    return fn


for _k in (1, 3, 10):
    metric(f"search_hit_at_{_k}", f"抽样关键词期望事项排在前{_k}位的比例 (hit@{_k})",
           journeys=("search",), reads=("expected", "rank"))(_hit_at(_k))


@metric("search_mrr", "平均倒数排名 MRR (未出现计0)", journeys=("search",), reads=("expected", "rank"))
def m_search_mrr(records):
    cases = _keyword_cases(records)
    return None if not cases else sum(1 / _rank(r) if _rank(r) else 0.0 for r in cases) / len(cases)


@metric("search_latency_p90_ms", "搜索响应时间 P90 (毫秒, 从提交到首个结果或零结果提示可见)", journeys=("search",),
        reads=("latency_ms",))
def m_search_latency(records):
    """latency_ms: from the submit to the first result (or the zero-result notice) visible, measured
    the same way on every portal family (pages/abilities/search.py)."""
    return percentile(_numbers(_of(records, ["search"]), "latency_ms"), 90)


@metric("search_http_ok_rate", "搜索请求正常返回 (HTTP <400) 的比例", journeys=("search",),
        reads=("http_status",), fields=("failed_requests",))
def m_search_http_ok(records):
    hits = total = 0
    for r in _of(records, ["search"]):
        status = _obs(r).get("http_status")
        if isinstance(status, int) and not isinstance(status, bool):
            total += 1
            hits += status < 400
        elif any((f.get("status") or 0) >= 500 for f in r.get("failed_requests") or []):
            total += 1          # no status observed, but the browser saw a server error
        elif not r.get("_failed"):
            total += 1
            hits += 1
    return None if total == 0 else hits / total


@metric("search_zero_result_help_rate", "零结果时给出搜索建议的比例", journeys=("search",),
        reads=("result_count", "zero_result_help"))
def m_zero_help(records):
    cases = [r for r in _of(records, ["search"])
             if _obs(r).get("result_count") == 0 and _obs(r).get("zero_result_help") is not None]
    return None if not cases else sum(bool(_obs(r)["zero_result_help"]) for r in cases) / len(cases)
