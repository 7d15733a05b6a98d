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
