import pytest

from shopper.depth import claimed_at_most_offered, infer_depth, visits_of


@pytest.mark.parametrize("text, expected", [("0", 0), ("1次", 1), ("2次（需现场核验）", 2), ("最多跑一次", 1),
                                            ("", None), (None, None)])
def test_visits_of(text, expected):
    assert visits_of(text) == expected


@pytest.mark.parametrize("online, visits, forms, expected", [
    (True, 0, True, "IV"), (True, 1, True, "III"), (True, None, False, "III"),
    (False, 0, True, "II"), (False, 0, False, "I"),
])
def test_infer_depth(online, visits, forms, expected):
    assert infer_depth(online_form=online, visits=visits, forms_downloadable=forms) == expected


@pytest.mark.parametrize("claimed, inferred, ok", [("IV", "IV", True), ("III级", "IV", True), ("IV", "III", False),
                                                   ("II", "I", False), ("?", "IV", False)])
def test_claim_must_not_exceed_offer(claimed, inferred, ok):
    assert claimed_at_most_offered(claimed, inferred) is ok


@pytest.mark.parametrize("claimed, inferred, ok", [
    ("Ⅳ", "IV", True), ("Ⅳ级", "IV", True),           # U+2163 ROMAN NUMERAL FOUR, as portals write it: NFKC → IV
    ("ＩＶ级", "IV", True), ("Ⅲ", "IV", True), ("Ⅳ", "III", False), ("Ⅱ级", "I", False),
])
def test_roman_and_full_width_numerals_are_read_after_nfkc(claimed, inferred, ok):
    """issue 22 §3: 网办深度 written 「Ⅳ级」 was not read as IV: a false B1 门户缺陷."""
    assert claimed_at_most_offered(claimed, inferred) is ok


@pytest.mark.parametrize("text, expected", [("０", 0), ("１次", 1), ("２次（需现场核验）", 2)])
def test_full_width_visits(text, expected):
    assert visits_of(text) == expected


def test_depth_claim_metric_reads_roman_numerals():
    from shopper.scoring.metrics.apply import m_depth_claim

    records = [{"journey": "apply", "observations": {"depth_inferred": "IV", "depth_claimed": "Ⅳ"}}]
    assert m_depth_claim(records) == 1.0
