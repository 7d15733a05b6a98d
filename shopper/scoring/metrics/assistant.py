"""B5-2 智能客服: the assistant journey (hit@k of the expected item, answer time, a reply to a question
it cannot answer). Whether that reply hands over to a person is a word list: shown, not scored."""
from __future__ import annotations

from .base import Metric, _numbers, _obs, _of, metric, percentile

ASSISTANT = ("assistant",)


def _questions(records):
    return [r for r in _of(records, ASSISTANT) if _obs(r).get("expected")]


def _rank(r) -> int | None:
    rank = _obs(r).get("rank")
    return rank if isinstance(rank, int) and not isinstance(rank, bool) and rank >= 1 else None


def _hit_at(k: int) -> Metric:
    def fn(records):
        cases = _questions(records)
        return None if not cases else sum(1 for r in cases if (_rank(r) or 10 ** 9) <= k) / len(cases)
    return fn


for _k in (1, 3):
    metric(f"assistant_hit_at_{_k}", f"智能客服答复中期望事项排在前{_k}位的比例 (hit@{_k})",
           journeys=ASSISTANT, reads=("expected", "rank"))(_hit_at(_k))


@metric("assistant_answer_p90_ms", "智能客服答复时间 P90 (毫秒, 从发送到答复可见)", journeys=ASSISTANT,
        reads=("answer_ms",))
def m_answer_time(records):
    return percentile(_numbers(_of(records, ASSISTANT), "answer_ms"), 90)


@metric("assistant_out_of_scope_reply_rate", "超范围问题得到答复的比例 (无答复或出错计为未答复)",
        journeys=ASSISTANT, reads=("question", "expected", "replied"))
def m_out_of_scope(records):
    cases = [r for r in _of(records, ASSISTANT) if _obs(r).get("question") and _obs(r).get("expected") is None]
    cases = [r for r in cases if _obs(r).get("replied") is not None or r.get("_failed")]
    return None if not cases else sum(bool(_obs(r).get("replied")) for r in cases) / len(cases)
