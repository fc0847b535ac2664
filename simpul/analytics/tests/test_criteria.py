"""The Permendagri 9/2014 criteria and their two-level AHP weighting (pure Python)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simpul.analytics import criteria
from simpul.analytics.methods import MethodError


def consistent_matrix(weights: list[int]) -> list[list[str]]:
    """a_ij = w_i / w_j: perfectly consistent, priorities proportional to w."""
    return [[criteria.ratio_text(Fraction(a, b)) for b in weights] for a in weights]


def test_the_twelve_criteria_are_grouped_once_each():
    grouped = [c for aspect in criteria.ASPECTS for c in aspect.criteria]
    assert sorted(grouped) == sorted(criteria.CRITERIA)
    assert len(criteria.CRITERIA) == 12


def test_equal_judgements_give_equal_aspects_and_equal_shares_inside_them():
    everything = list(criteria.CRITERIA)
    ones = {a.code: consistent_matrix([1] * len(a.criteria)) for a in criteria.ASPECTS}
    result = criteria.hierarchical_weights(everything, consistent_matrix([1, 1, 1, 1]), ones)
    assert result.weights["tenaga_kerja"] == pytest.approx(1 / 12)  # 1/4 aspect × 1/3 inside
    assert result.weights["harga"] == pytest.approx(1 / 8)  # 1/4 × 1/2
    assert result.weights["manajemen"] == pytest.approx(1 / 16)  # 1/4 × 1/4
    assert sum(result.weights.values()) == pytest.approx(1)
    assert result.consistent and result.messages == []


def test_a_lone_criterion_needs_no_matrix():
    result = criteria.hierarchical_weights(["pasar"], None, {})
    assert result.weights == {"pasar": 1.0}


def test_inconsistent_judgements_are_reported_per_aspect():
    bad = [["1", "9", "1/9"], ["1/9", "1", "9"], ["9", "1/9", "1"]]
    result = criteria.hierarchical_weights(
        ["tenaga_kerja", "kontribusi", "sektor_basis"], None, {"ekonomi": bad}
    )
    assert not result.consistent
    assert result.messages[0].startswith("Aspek ekonomi daerah: Rasio konsistensi")


def test_pairs_make_a_reciprocal_matrix():
    matrix = criteria.matrix_from_pairs(["a", "b", "c"], {("a", "b"): "3", ("a", "c"): "1/5", ("b", "c"): 2})
    assert matrix == [["1", "3", "1/5"], ["1/3", "1", "2"], ["5", "1/2", "1"]]
    with pytest.raises(MethodError, match="belum diisi"):
        criteria.matrix_from_pairs(["a", "b"], {})


@pytest.mark.parametrize("text", ["0", "-2", "abc", "1/0"])
def test_bad_ratios_are_refused(text):
    with pytest.raises(MethodError):
        criteria.parse_ratio(text)


def test_unknown_criteria_are_refused():
    with pytest.raises(MethodError, match="tidak dikenal"):
        criteria.aspects_for(["terbang"])
    with pytest.raises(MethodError, match="paling sedikit satu"):
        criteria.aspects_for([])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 9), min_size=4, max_size=4),
    st.lists(st.integers(1, 9), min_size=3, max_size=3),
    st.lists(st.integers(1, 9), min_size=4, max_size=4),
)
def test_global_weights_sum_to_one_and_consistent_input_is_consistent(aspects, ekonomi, usaha):
    local = {
        "ekonomi": consistent_matrix(ekonomi),
        "sumber_daya": consistent_matrix([1, 1, 1]),
        "pasar": consistent_matrix([2, 1]),
        "usaha": consistent_matrix(usaha),
    }
    result = criteria.hierarchical_weights(list(criteria.CRITERIA), consistent_matrix(aspects), local)
    assert sum(result.weights.values()) == pytest.approx(1, abs=1e-9)
    assert result.consistent
    # A consistent matrix gives priorities proportional to the weights it was made from.
    assert result.aspect_weights["ekonomi"] == pytest.approx(aspects[0] / sum(aspects), rel=1e-9)
