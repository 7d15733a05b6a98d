"""Every band edge of the default rubric, pinned: the literal table below must equal the rubric
(a change to a threshold is a reviewed change to this file), and each edge is evaluated exactly at,
just inside and just outside its threshold. A few edges are also driven end to end from records."""
from __future__ import annotations

import dataclasses

import pytest

from shopper.scoring import evaluate_bands, load_rubric, score

from tests.unit.test_scoring import fail, rec

RUBRIC = load_rubric()
EPS = 1e-6

PINNED = {
    ('A1', 'review_reachable_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('A1', 'review_five_levels_rate'): [('>=', 1.0, 100), ('>=', 0.5, 60), ('any', None, 20)],
    ('A1', 'review_followup_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('A1', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('A3-1', 'search_hit_at_1'): [('>=', 0.8, 100), ('>=', 0.7, 90), ('>=', 0.6, 80), ('>=', 0.5, 70), ('>=', 0.4, 60), ('any', None, 30)],
    ('A3-1', 'search_hit_at_3'): [('>=', 0.95, 100), ('>=', 0.9, 90), ('>=', 0.8, 80), ('>=', 0.7, 70), ('>=', 0.6, 60), ('any', None, 20)],
    ('A3-1', 'search_mrr'): [('>=', 0.85, 100), ('>=', 0.75, 90), ('>=', 0.65, 80), ('>=', 0.55, 70), ('>=', 0.45, 60), ('any', None, 30)],
    ('A3-1', 'search_latency_p90_ms'): [('<=', 1000.0, 100), ('<=', 1500.0, 90), ('<=', 2000.0, 80), ('<=', 3000.0, 65), ('<=', 5000.0, 50), ('any', None, 20)],
    ('A3-1', 'search_http_ok_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('A3-1', 'search_zero_result_help_rate'): [('>=', 1.0, 100), ('any', None, 40)],
    ('A3-1', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('A3-2', 'apply_submit_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('A3-2', 'apply_clicks_to_submit_median'): [('<=', 8.0, 100), ('<=', 12.0, 90), ('<=', 16.0, 80), ('<=', 20.0, 70), ('<=', 30.0, 60), ('any', None, 40)],
    ('A3-2', 'apply_pages_to_submit_median'): [('<=', 6.0, 100), ('<=', 7.0, 90), ('<=', 9.0, 80), ('<=', 12.0, 70), ('<=', 15.0, 60), ('any', None, 40)],
    ('A3-2', 'apply_time_to_submit_median_s'): [('<=', 60.0, 100), ('<=', 120.0, 90), ('<=', 180.0, 80), ('<=', 300.0, 70), ('<=', 600.0, 60), ('any', None, 40)],
    ('A3-2', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('B1', 'apply_depth_mean'): [('>=', 3.75, 100), ('>=', 3.5, 90), ('>=', 3.0, 80), ('>=', 2.5, 70), ('>=', 2.0, 60), ('any', None, 40)],
    ('B1', 'apply_depth_claim_consistent_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B1', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('B4-2', 'sso_success_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 10)],
    ('B4-2', 'sso_time_p90_ms'): [('<=', 3000.0, 100), ('<=', 5000.0, 90), ('<=', 8000.0, 75), ('<=', 12000.0, 60), ('any', None, 30)],
    ('B4-2', 'sso_extra_prompts_mean'): [('<=', 0.0, 100), ('<=', 0.5, 50), ('any', None, 0)],
    ('B4-2', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('B4-3', 'sites_signed_in_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B4-3', 'sites_no_prompt_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B4-3', 'sites_session_kept_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B4-3', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('B5-1', 'status_found_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B5-1', 'status_correct_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B5-1', 'status_leak_count'): [('<=', 0.0, 100), ('any', None, 0)],
    ('B5-1', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('SEC', 'safety_pii_unmasked_max'): [('<=', 0.0, 100), ('any', None, 0)],
    ('SEC', 'safety_other_data_count'): [('<=', 0.0, 100), ('any', None, 0)],
    ('SEC', 'safety_dead_links_max'): [('<=', 0.0, 100), ('<=', 2.0, 80), ('<=', 5.0, 60), ('any', None, 30)],
    ('SEC', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('C1-1', 'one_network_on_platform_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('C1-1', 'one_network_extra_logins_mean'): [('<=', 0.0, 100), ('<=', 0.25, 80), ('<=', 0.5, 60), ('any', None, 20)],
    ('C1-1', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('C1-4', 'entry_reached_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('C1-4', 'entry_clicks_mean'): [('<=', 1.0, 100), ('<=', 2.0, 90), ('<=', 3.0, 80), ('<=', 4.0, 70), ('<=', 5.0, 60), ('any', None, 40)],
    ('C1-4', 'entry_clicks_max'): [('<=', 1.0, 100), ('<=', 3.0, 80), ('<=', 5.0, 60), ('any', None, 30)],
    ('C1-4', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('C2-3', 'mobile_pass_parity'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 20)],
    ('C2-3', 'mobile_click_ratio_max'): [('<=', 1.2, 100), ('<=', 1.5, 90), ('<=', 2.0, 75), ('<=', 3.0, 60), ('any', None, 30)],
    ('AGE', 'a11y_violations_max'): [('<=', 0.0, 100), ('<=', 2.0, 85), ('<=', 5.0, 70), ('<=', 10.0, 60), ('any', None, 40)],
    ('AGE', 'elder_font_px_min'): [('>=', 18.0, 100), ('>=', 16.0, 70), ('any', None, 40)],
    ('AGE', 'elder_contrast_ok_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('AGE', 'elder_popups_max'): [('<=', 0.0, 100), ('any', None, 0)],
    ('AGE', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('STAB', 'flaky_rate'): [('<=', 0.0, 100), ('<=', 0.02, 90), ('<=', 0.05, 80), ('<=', 0.1, 70), ('<=', 0.2, 60), ('any', None, 40)],
    ('D2', 'guide_d2_ok_rate'): [('>=', 0.98, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.7, 60), ('any', None, 40)],
    ('E1', 'guide_e1_ok_rate'): [('>=', 0.98, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.7, 60), ('any', None, 40)],
    ('E1', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('E2', 'guide_e2_ok_rate'): [('>=', 0.98, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.7, 60), ('any', None, 40)],
    ('E3', 'guide_e3_ok_rate'): [('>=', 0.98, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.7, 60), ('any', None, 40)],
    ('A3-2', 'booking_clicks_median'): [('<=', 8.0, 100), ('<=', 12.0, 90), ('<=', 16.0, 80), ('<=', 20.0, 70), ('<=', 30.0, 60), ('any', None, 40)],
    ('A4-1', 'reduction_mean'): [('>=', 0.7, 100), ('>=', 0.6, 90), ('>=', 0.5, 80), ('>=', 0.4, 70), ('>=', 0.3, 60), ('any', None, 30)],
    ('A4-1', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('A4-4', 'visits_mean'): [('<=', 0.3, 100), ('<=', 0.5, 90), ('<=', 1.0, 80), ('<=', 1.5, 70), ('<=', 2.0, 60), ('any', None, 30)],
    ('A4-8', 'instant_share'): [('>=', 0.4, 100), ('>=', 0.3, 90), ('>=', 0.2, 80), ('>=', 0.1, 70), ('>', 0.0, 60), ('any', None, 40)],
    ('B5-2', 'assistant_hit_at_1'): [('>=', 0.8, 100), ('>=', 0.7, 90), ('>=', 0.6, 80), ('>=', 0.5, 70), ('>=', 0.4, 60), ('any', None, 30)],
    ('B5-2', 'assistant_hit_at_3'): [('>=', 0.95, 100), ('>=', 0.9, 90), ('>=', 0.8, 80), ('>=', 0.7, 70), ('>=', 0.6, 60), ('any', None, 20)],
    ('B5-2', 'assistant_answer_p90_ms'): [('<=', 1000.0, 100), ('<=', 2000.0, 90), ('<=', 3000.0, 80), ('<=', 5000.0, 60), ('any', None, 30)],
    ('B5-2', 'assistant_out_of_scope_reply_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B5-2', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('B7-4', 'user_center_sections_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('B7-4', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('C3-2', 'same_source_department_rate'): [('>=', 1.0, 100), ('>=', 0.9, 80), ('>=', 0.75, 60), ('any', None, 30)],
    ('C3-2', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('C3-3', 'same_source_city_rate'): [('>=', 1.0, 100), ('>=', 0.9, 80), ('>=', 0.75, 60), ('any', None, 30)],
    ('C3-3', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('C4-2', 'booking_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('C4-2', 'pass_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('any', None, 30)],
    ('AGE', 'elder_search_slowdown_ms_max'): [('<=', 500.0, 100), ('<=', 1000.0, 90), ('<=', 2000.0, 60), ('any', None, 30)],
    ('AGE', 'elder_no_second_password_rate'): [('>=', 1.0, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.6, 60), ('>=', 0.4, 40), ('any', None, 0)],
    ('E4', 'guide_e4_ok_rate'): [('>=', 0.98, 100), ('>=', 0.95, 90), ('>=', 0.9, 80), ('>=', 0.8, 70), ('>=', 0.7, 60), ('any', None, 40)],
}


def _criteria():
    for iid, spec in RUBRIC.indicators.items():
        for c in spec.criteria:
            yield iid, c


def test_pinned_table_equals_the_rubric():
    actual = {(iid, c.metric): [(b.op, b.value, b.points) for b in c.bands] for iid, c in _criteria()}
    assert actual == PINNED


def test_every_criterion_is_pinned_and_every_band_has_a_reason():
    for iid, c in _criteria():
        assert (iid, c.metric) in PINNED
        for b in c.bands:
            assert b.why.strip(), (iid, c.metric, b)


def test_bands_are_ordered_best_first():
    for iid, c in _criteria():
        points = [b.points for b in c.bands]
        assert points == sorted(points, reverse=True), (iid, c.metric)
        values = [b.value for b in c.bands if b.op != "any"]
        if c.bands[0].op in (">=", ">"):
            assert values == sorted(values, reverse=True), (iid, c.metric)
        elif c.bands[0].op in ("<=", "<"):
            assert values == sorted(values), (iid, c.metric)


EDGES = [(iid, c.metric, i) for iid, c in _criteria() for i, b in enumerate(c.bands) if b.op != "any"]


@pytest.mark.parametrize("iid, metric, i", EDGES, ids=[f"{a}-{m}-{i}" for a, m, i in EDGES])
def test_band_edge(iid, metric, i):
    crit = next(c for x, c in _criteria() if x == iid and c.metric == metric)
    band, bands = crit.bands[i], crit.bands
    below_next = evaluate_bands(bands[i + 1:], band.value).points if band.op in (">", "<") else None
    # exactly at the edge
    at = evaluate_bands(bands, band.value)
    if band.op in (">=", "<=", "=="):
        assert at is band or at.points >= band.points     # an earlier (better) band may also hold
        assert evaluate_bands(bands[i:], band.value).points == band.points
    else:
        assert evaluate_bands(bands[i:], band.value).points == below_next
    # just on the passing side: this band (or better)
    inside = {">=": band.value + EPS, ">": band.value + EPS, "<=": band.value - EPS, "<": band.value - EPS,
              "==": band.value}[band.op]
    assert evaluate_bands(bands[i:], inside).points == band.points
    # just on the failing side: the next band down, never this one
    outside = {">=": band.value - EPS, ">": band.value, "<=": band.value + EPS, "<": band.value,
               "==": band.value + EPS}[band.op]
    got = evaluate_bands(bands[i:], outside)
    assert got is not band and got.points <= band.points
    assert got.points == evaluate_bands(bands[i + 1:], outside).points


# ----------------------------------------------------------------------------- end to end
def _points(records, iid, metric):
    card = score(records, RUBRIC)
    crit = next(c for c in card.indicator(iid).criteria if c.metric == metric)
    return crit.value, crit.points


def _search(ranks, latency=300.0):
    return [rec("search", ["A3-1"], f"kw{i}", {"keyword": "k", "expected": "e", "rank": r, "result_count": 3,
                                               "latency_ms": latency, "http_status": 200})
            for i, r in enumerate(ranks)]


@pytest.mark.parametrize("ranks, points", [
    ([1] * 19 + [None], 100),       # hit@3 = 0.95 → 100
    ([1] * 18 + [None] * 2, 90),    # 0.90 → 90
    ([1] * 17 + [None] * 3, 80),    # 0.85 → 80
    ([1] * 16 + [4] * 4, 80),       # 0.80 → 80 (rank 4 is outside top 3)
    ([1] * 15 + [None] * 5, 70),    # 0.75 → 70
    ([1] * 12 + [None] * 8, 60),    # 0.60 → 60
    ([1] * 11 + [None] * 9, 20),    # 0.55 → 20
])
def test_search_hit_at_3_edges_from_records(ranks, points):
    assert _points(_search(ranks), "A3-1", "search_hit_at_3")[1] == points


@pytest.mark.parametrize("latency, points", [(1000, 100), (1000.1, 90), (1500, 90), (2000, 80), (2000.5, 65),
                                             (3000, 65), (5000, 50), (5001, 20)])
def test_search_latency_edges_from_records(latency, points):
    assert _points(_search([1] * 10, latency), "A3-1", "search_latency_p90_ms") == (latency, points)


def test_search_mrr_from_records():
    value, points = _points(_search([1, 2, None, 1]), "A3-1", "search_mrr")
    assert value == pytest.approx((1 + 0.5 + 0 + 1) / 4) and points == 70


def _apply(clicks, pages=5):
    return [rec("apply", ["A3-2", "B1"], f"a{i}", {"submitted": True, "clicks_to_submit": c, "pages_to_submit": pages,
                                                   "depth_inferred": "IV", "depth_claimed": "IV"})
            for i, c in enumerate(clicks)]


@pytest.mark.parametrize("clicks, points", [([8], 100), ([9], 90), ([12], 90), ([13], 80), ([16], 80), ([17], 70),
                                            ([20], 70), ([21], 60), ([30], 60), ([31], 40), ([8, 9], 90)])
def test_apply_clicks_edges_from_records(clicks, points):
    assert _points(_apply(clicks), "A3-2", "apply_clicks_to_submit_median")[1] == points


@pytest.mark.parametrize("pages, points", [(5, 100), (6, 100), (7, 90), (8, 80), (9, 80), (10, 70), (12, 70),
                                           (13, 60), (15, 60), (16, 40)])
def test_apply_pages_edges_from_records(pages, points):
    assert _points(_apply([6], pages), "A3-2", "apply_pages_to_submit_median")[1] == points


@pytest.mark.parametrize("successes, attempts, points", [(20, 20, 100), (19, 20, 90), (18, 20, 80), (17, 20, 70),
                                                         (16, 20, 70), (12, 20, 60), (11, 20, 10)])
def test_sso_success_edges_from_records(successes, attempts, points):
    r = rec("sso", ["B4-2"], "s", {"attempts": attempts, "successes": successes, "times_ms": [1000.0],
                                   "credential_prompts_after_first": 0})
    assert _points([r], "B4-2", "sso_success_rate")[1] == points


@pytest.mark.parametrize("times, points", [([3000], 100), ([3001], 90), ([5000], 90), ([8000], 75), ([12000], 60),
                                           ([12001], 30), ([500] * 8 + [9000] * 2, 60),
                                           ([500] * 9 + [9000], 100)])  # nearest-rank P90 of 10 = 9th
def test_sso_time_p90_edges_from_records(times, points):
    r = rec("sso", ["B4-2"], "s", {"attempts": len(times), "successes": len(times), "times_ms": times,
                                   "credential_prompts_after_first": 0})
    assert _points([r], "B4-2", "sso_time_p90_ms")[1] == points


@pytest.mark.parametrize("clicks, mean_points, max_points", [
    ([1, 1, 1, 1, 1], 100, 100), ([1, 1, 1, 1, 2], 90, 80), ([2] * 5, 90, 80), ([3] * 5, 80, 80),
    ([3, 3, 3, 3, 4], 70, 60), ([4] * 5, 70, 60), ([5] * 5, 60, 60), ([5, 5, 5, 5, 6], 40, 30), ([1, 1, 1, 1, 6], 90, 30)])
def test_entry_clicks_edges_from_records(clicks, mean_points, max_points):
    records = [rec("entry", ["C1-4"], f"e{i}", {"reached": True, "clicks_to_entry": c}) for i, c in enumerate(clicks)]
    assert _points(records, "C1-4", "entry_clicks_mean")[1] == mean_points
    assert _points(records, "C1-4", "entry_clicks_max")[1] == max_points


@pytest.mark.parametrize("flaky, total, points", [(0, 50, 100), (1, 50, 90), (1, 49, 80), (5, 100, 80), (6, 100, 70),
                                                  (10, 100, 70), (11, 100, 60), (20, 100, 60), (21, 100, 40)])
def test_stab_flaky_edges_from_records(flaky, total, points):
    records = [rec("safety", ["SEC"], f"n{i}", {"dead_links": 0, "pii_unmasked": 0, "other_data_visible": False},
                   attempt=2 if i < flaky else 1, flaky=i < flaky) for i in range(total)]
    assert _points(records, "STAB", "flaky_rate")[1] == points


def test_zero_tolerance_edges_from_records():
    ok = rec("safety", ["SEC"], "s", {"dead_links": 0, "pii_unmasked": 0, "other_data_visible": False})
    bad = rec("safety", ["SEC"], "s", {"dead_links": 0, "pii_unmasked": 1, "other_data_visible": False})
    assert _points([ok], "SEC", "safety_pii_unmasked_max")[1] == 100
    assert _points([bad], "SEC", "safety_pii_unmasked_max")[1] == 0


def test_a_criterion_without_data_is_left_out_and_the_rest_renormalised():
    records = _search([1] * 10)          # no zero-result case: that criterion is not measured
    card = score(records, RUBRIC)
    crit = {c.metric: c for c in card.indicator("A3-1").criteria}
    assert not crit["search_zero_result_help_rate"].measured
    assert card.indicator("A3-1").score == 100
    records[0] = fail(records[0], "A3-1", "慢", latency_ms=2500.0)     # nearest-rank P90 of 10 = 9th: 300
    # measured weights 95 (zero-result help left out); only pass_rate (0.9 → 80, weight 10) moves
    uncapped = dataclasses.replace(RUBRIC, failure_cap=None)
    assert score(records, uncapped).indicator("A3-1").score == pytest.approx(round((100 * 85 + 80 * 10) / 95, 1))
    # with the rubric's failure_cap, one journey in ten failed (pass rate 0.9) caps A3-1 at 80
    capped = score(records, RUBRIC).indicator("A3-1")
    assert capped.score == 80 and capped.cap == 80 and "封顶" in capped.cap_why
