"""Tests of the pure analysis methods (no database, no Django).

The worked examples use small invented numbers chosen so every step can be
checked by hand; the arithmetic is written out in the comments and in
docs/methods.md.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simpul.analytics.methods import (
    AhpResult,
    BayesResult,
    KlassenResult,
    MethodError,
    MpeResult,
    RankEntry,
    ShiftShareResult,
    ahp,
    bayes,
    klassen,
    location_quotient,
    mpe,
    shift_share,
)

# No example database: hypothesis would otherwise write .hypothesis/ in the working directory.
PROPERTY = settings(database=None, deadline=None, max_examples=150)

SAATY_SCALE = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]

positive_floats = st.floats(min_value=0, exclude_min=True, allow_nan=False, allow_infinity=False)


def named(values: list[float], prefix: str = "s") -> dict[str, float]:
    """Give generated values the names s0, s1, ... (sectors) or another prefix."""
    return {f"{prefix}{i}": value for i, value in enumerate(values)}


# ---------------------------------------------------------------------------
# Location quotient
# ---------------------------------------------------------------------------


def test_lq_three_sector_worked_example() -> None:
    # Region:    pangan 40, tekstil 10, logam 50  -> total 100, shares 0.40, 0.10, 0.50
    # Reference: pangan 200, tekstil 300, logam 500 -> total 1000, shares 0.20, 0.30, 0.50
    # LQ pangan  = 0.40 / 0.20 = 2.0   (base sector)
    # LQ tekstil = 0.10 / 0.30 = 1/3   (not a base sector)
    # LQ logam   = 0.50 / 0.50 = 1.0   (same share as the reference)
    result = location_quotient(
        {"pangan": 40, "tekstil": 10, "logam": 50},
        {"pangan": 200, "tekstil": 300, "logam": 500},
    )
    assert result == {"pangan": 2.0, "tekstil": pytest.approx(1 / 3, rel=1e-15), "logam": 1.0}
    assert list(result) == ["pangan", "tekstil", "logam"]


def test_lq_accepts_decimals_as_returned_by_the_database() -> None:
    result = location_quotient(
        {"pangan": Decimal("40.00"), "tekstil": Decimal("60.00")},
        {"pangan": Decimal("100.00"), "tekstil": Decimal("300.00")},
    )
    # pangan: 0.4 / 0.25 = 1.6; tekstil: 0.6 / 0.75 = 0.8
    assert result == {"pangan": pytest.approx(1.6), "tekstil": pytest.approx(0.8)}


def test_lq_sector_absent_in_region_is_zero() -> None:
    result = location_quotient({"pangan": 0, "logam": 10}, {"pangan": 5, "logam": 5})
    assert result == {"pangan": 0.0, "logam": 2.0}


@PROPERTY
@given(st.lists(positive_floats, min_size=1, max_size=8))
def test_lq_of_reference_against_itself_is_one(values: list[float]) -> None:
    reference = named(values)
    assert location_quotient(reference, reference) == dict.fromkeys(reference, 1.0)


def test_lq_empty_data_raises() -> None:
    with pytest.raises(MethodError, match="Data kosong"):
        location_quotient({}, {})


def test_lq_zero_reference_total_raises() -> None:
    with pytest.raises(MethodError, match="Total wilayah referensi nol"):
        location_quotient({"pangan": 1, "logam": 2}, {"pangan": 0, "logam": 0})


def test_lq_zero_regional_total_raises() -> None:
    with pytest.raises(MethodError, match="Total wilayah analisis nol"):
        location_quotient({"pangan": 0, "logam": 0}, {"pangan": 1, "logam": 2})


def test_lq_zero_reference_sector_raises_naming_the_sector() -> None:
    with pytest.raises(MethodError, match="'logam'"):
        location_quotient({"pangan": 1, "logam": 2}, {"pangan": 3, "logam": 0})


def test_lq_sector_missing_from_reference_raises_naming_the_sector() -> None:
    with pytest.raises(MethodError, match="'logam'.*referensi"):
        location_quotient({"pangan": 1, "logam": 2}, {"pangan": 3})


def test_lq_sector_missing_from_region_raises_naming_the_sector() -> None:
    with pytest.raises(MethodError, match="'kayu'"):
        location_quotient({"pangan": 1}, {"pangan": 3, "kayu": 4})


def test_lq_negative_value_raises() -> None:
    with pytest.raises(MethodError, match="negatif"):
        location_quotient({"pangan": -1, "logam": 2}, {"pangan": 3, "logam": 4})


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("Infinity")])
def test_lq_non_finite_value_raises(bad: float) -> None:
    with pytest.raises(MethodError, match="berhingga"):
        location_quotient({"pangan": bad, "logam": 2}, {"pangan": 3, "logam": 4})


@pytest.mark.parametrize("bad", ["12", None, True])
def test_lq_non_number_raises(bad: object) -> None:
    with pytest.raises(MethodError, match="bukan angka"):
        location_quotient({"pangan": 1, "logam": 2}, {"pangan": bad, "logam": 4})


def test_lq_too_large_for_a_float_raises_instead_of_returning_infinity() -> None:
    # LQ a = (1 / 2) / (1e-300 / ~1e300) ~ 5e599, beyond the largest float.
    with pytest.raises(MethodError, match="terlalu besar"):
        location_quotient({"a": 1, "b": 1}, {"a": 1e-300, "b": 1e300})


# ---------------------------------------------------------------------------
# Shift-share
# ---------------------------------------------------------------------------

# Reference: A 100 -> 150, B 100 -> 110; totals E_0 = 200, E_t = 260, so E_t / E_0 = 1.3.
# Region:    A  10 ->  14, B  20 ->  30.
SS_REGIONAL_START = {"A": 10, "B": 20}
SS_REGIONAL_END = {"A": 14, "B": 30}
SS_REFERENCE_START = {"A": 100, "B": 100}
SS_REFERENCE_END = {"A": 150, "B": 110}


def test_shift_share_worked_example() -> None:
    result = shift_share(SS_REGIONAL_START, SS_REGIONAL_END, SS_REFERENCE_START, SS_REFERENCE_END)
    # Sector A (e_i0 = 10, E_iA grows 150 / 100 = 1.5):
    #   NS = 10 * (1.3 - 1)        =  3
    #   P  = 10 * (1.5 - 1.3)      =  2
    #   D  = 10 * (14 / 10 - 1.5)  = -1
    #   NS + P + D = 4 = 14 - 10
    assert result["A"] == ShiftShareResult(
        national_share=3, proportional=2, differential=-1, total=4, change=4
    )
    # Sector B (e_i0 = 20, E_iB grows 110 / 100 = 1.1):
    #   NS = 20 * (1.3 - 1)        =  6
    #   P  = 20 * (1.1 - 1.3)      = -4
    #   D  = 20 * (30 / 20 - 1.1)  =  8
    #   NS + P + D = 10 = 30 - 20
    assert result["B"] == ShiftShareResult(
        national_share=6, proportional=-4, differential=8, total=10, change=10
    )


def test_shift_share_result_as_dict() -> None:
    result = shift_share(SS_REGIONAL_START, SS_REGIONAL_END, SS_REFERENCE_START, SS_REFERENCE_END)
    assert result["A"].as_dict() == {
        "national_share": 3.0,
        "proportional": 2.0,
        "differential": -1.0,
        "total": 4.0,
        "change": 4.0,
    }


@st.composite
def four_periods(draw: st.DrawFn) -> tuple[dict[str, float], ...]:
    """Regional start/end and reference start/end for the same 1-8 sectors."""
    n = draw(st.integers(min_value=1, max_value=8))
    start = st.floats(min_value=0.01, max_value=1e9)
    end = st.floats(min_value=0, max_value=1e9)

    def table(values: st.SearchStrategy[float]) -> dict[str, float]:
        return named(draw(st.lists(values, min_size=n, max_size=n)))

    return table(start), table(end), table(start), table(end)


@PROPERTY
@given(four_periods())
def test_shift_share_components_sum_to_the_regional_change(periods: tuple[dict[str, float], ...]) -> None:
    regional_start, regional_end, _, _ = periods
    for sector, parts in shift_share(*periods).items():
        change = regional_end[sector] - regional_start[sector]
        components = parts.national_share + parts.proportional + parts.differential
        scale = max(abs(parts.national_share), abs(parts.proportional), abs(parts.differential), 1.0)
        assert math.isclose(components, change, rel_tol=1e-9, abs_tol=1e-9 * scale)
        # The total is added up exactly before rounding, so it is the change itself.
        assert parts.total == parts.change
        assert math.isclose(parts.change, change, rel_tol=1e-12)


def test_shift_share_zero_regional_start_raises_naming_the_sector() -> None:
    with pytest.raises(MethodError, match="'B'.*wilayah nol"):
        shift_share({"A": 10, "B": 0}, SS_REGIONAL_END, SS_REFERENCE_START, SS_REFERENCE_END)


def test_shift_share_zero_reference_start_raises_naming_the_sector() -> None:
    with pytest.raises(MethodError, match="'A'.*referensi nol"):
        shift_share(SS_REGIONAL_START, SS_REGIONAL_END, {"A": 0, "B": 100}, SS_REFERENCE_END)


def test_shift_share_sector_missing_in_one_period_raises_naming_it() -> None:
    with pytest.raises(MethodError, match="'B'.*referensi akhir"):
        shift_share(SS_REGIONAL_START, SS_REGIONAL_END, SS_REFERENCE_START, {"A": 150})


def test_shift_share_negative_value_raises() -> None:
    with pytest.raises(MethodError, match="negatif"):
        shift_share(SS_REGIONAL_START, {"A": -1, "B": 30}, SS_REFERENCE_START, SS_REFERENCE_END)


def test_shift_share_empty_data_raises() -> None:
    with pytest.raises(MethodError, match="Data kosong"):
        shift_share({}, {}, {}, {})


# ---------------------------------------------------------------------------
# Klassen typology
# ---------------------------------------------------------------------------


def test_klassen_worked_example_hits_all_four_quadrants() -> None:
    # Reference: start A 100, B 200, C 100, D 100; end A 150, B 200, C 100, D 50 (E_t = 500).
    #   growth y: A 0.5, B 0, C 0, D -0.5;  share r: A 0.3, B 0.4, C 0.2, D 0.1
    # Region:    start A 20, B 50, C 8, D 20;   end A 40, B 45, C 10, D 5 (e_t = 100).
    #   growth y_i: A 1.0, B -0.1, C 0.25, D -0.75;  share r_i: A 0.40, B 0.45, C 0.10, D 0.05
    # A: 1.0 >= 0.5 and 0.40 >= 0.3   -> I   maju dan tumbuh cepat
    # B: -0.1 < 0   and 0.45 >= 0.4   -> II  maju tapi tertekan
    # C: 0.25 >= 0  and 0.10 < 0.2    -> III potensial / berkembang
    # D: -0.75 < -0.5 and 0.05 < 0.1  -> IV  relatif tertinggal
    result = klassen(
        {"A": 20, "B": 50, "C": 8, "D": 20},
        {"A": 40, "B": 45, "C": 10, "D": 5},
        {"A": 100, "B": 200, "C": 100, "D": 100},
        {"A": 150, "B": 200, "C": 100, "D": 50},
    )
    assert {sector: item.quadrant for sector, item in result.items()} == {
        "A": "I",
        "B": "II",
        "C": "III",
        "D": "IV",
    }
    assert result["A"] == KlassenResult(
        sector_growth=1.0,
        reference_growth=0.5,
        sector_share=0.4,
        reference_share=0.3,
        quadrant="I",
        label="maju dan tumbuh cepat",
    )
    assert result["B"].label == "maju tapi tertekan"
    assert result["C"].label == "potensial / berkembang"
    assert result["D"].label == "relatif tertinggal"
    assert result["D"].sector_growth == -0.75
    assert result["D"].as_dict()["quadrant"] == "IV"


def test_klassen_ties_count_as_at_least_as_high() -> None:
    # The region is exactly a tenth of the reference in both periods, so y_i == y and
    # r_i == r for every sector: the tie rule puts them all in quadrant I.
    # 0.1 etc. are not exact in binary; the comparison is exact on the given values, so
    # use integers that scale exactly.
    result = klassen({"A": 3, "B": 7}, {"A": 5, "B": 6}, {"A": 30, "B": 70}, {"A": 50, "B": 60})
    assert {sector: item.quadrant for sector, item in result.items()} == {"A": "I", "B": "I"}


def test_klassen_growth_tie_with_smaller_share_is_potential() -> None:
    # A grows 100% like the reference (y_i == y) but its share 0.2 < 0.5 -> III.
    result = klassen({"A": 1, "B": 4}, {"A": 2, "B": 8}, {"A": 10, "B": 10}, {"A": 20, "B": 20})
    assert result["A"].quadrant == "III"
    assert result["A"].sector_growth == result["A"].reference_growth == 1.0


def test_klassen_zero_regional_end_total_raises() -> None:
    with pytest.raises(MethodError, match="Total wilayah akhir nol"):
        klassen({"A": 1, "B": 2}, {"A": 0, "B": 0}, {"A": 1, "B": 1}, {"A": 2, "B": 2})


def test_klassen_zero_reference_end_total_raises() -> None:
    with pytest.raises(MethodError, match="Total referensi akhir nol"):
        klassen({"A": 1, "B": 2}, {"A": 1, "B": 1}, {"A": 1, "B": 1}, {"A": 0, "B": 0})


def test_klassen_zero_start_value_raises_naming_the_sector() -> None:
    with pytest.raises(MethodError, match="'B'"):
        klassen({"A": 1, "B": 0}, {"A": 1, "B": 1}, {"A": 1, "B": 1}, {"A": 1, "B": 1})


def test_klassen_mismatched_sectors_raise() -> None:
    with pytest.raises(MethodError, match="'C'"):
        klassen({"A": 1}, {"A": 1, "C": 1}, {"A": 1}, {"A": 1})


# ---------------------------------------------------------------------------
# MPE
# ---------------------------------------------------------------------------

# Scores 1-5 on three criteria; weights bahan_baku 3, pasar 2, tenaga_kerja 1.
SCORES = {
    "keripik": {"bahan_baku": 4, "pasar": 5, "tenaga_kerja": 3},
    "batik": {"bahan_baku": 5, "pasar": 3, "tenaga_kerja": 4},
    "anyaman": {"bahan_baku": 3, "pasar": 4, "tenaga_kerja": 5},
}
MPE_WEIGHTS = {"bahan_baku": 3, "pasar": 2, "tenaga_kerja": 1}


def test_mpe_worked_example() -> None:
    # keripik: 4^3 + 5^2 + 3^1 =  64 + 25 + 3 =  92
    # batik:   5^3 + 3^2 + 4^1 = 125 +  9 + 4 = 138
    # anyaman: 3^3 + 4^2 + 5^1 =  27 + 16 + 5 =  48
    result = mpe(SCORES, MPE_WEIGHTS)
    assert isinstance(result, MpeResult)
    assert result.totals == {"keripik": 92.0, "batik": 138.0, "anyaman": 48.0}
    assert result.ranking == [
        RankEntry(rank=1, alternative="batik", total=138.0),
        RankEntry(rank=2, alternative="keripik", total=92.0),
        RankEntry(rank=3, alternative="anyaman", total=48.0),
    ]


def test_mpe_equal_totals_share_a_rank_and_are_ordered_by_name() -> None:
    # tenun scores like keripik (92), so both are rank 2 and anyaman is rank 4.
    scores = {**SCORES, "tenun": dict(SCORES["keripik"])}
    ranking = mpe(scores, MPE_WEIGHTS).ranking
    assert [(entry.rank, entry.alternative) for entry in ranking] == [
        (1, "batik"),
        (2, "keripik"),
        (2, "tenun"),
        (4, "anyaman"),
    ]


def test_mpe_result_as_dict() -> None:
    as_dict = mpe(SCORES, MPE_WEIGHTS).as_dict()
    assert as_dict["totals"]["batik"] == 138.0
    assert as_dict["ranking"][0] == {"rank": 1, "alternative": "batik", "total": 138.0}


def test_mpe_accepts_fractional_weights() -> None:
    # 4^0.5 + 9^1.5 = 2 + 27 = 29
    result = mpe({"x": {"a": 4, "b": 9}}, {"a": 0.5, "b": 1.5})
    assert result.totals == {"x": pytest.approx(29.0)}


@st.composite
def score_tables(
    draw: st.DrawFn, scores: st.SearchStrategy[float], weights: st.SearchStrategy[float]
) -> tuple:
    """(scores, weights) for 1-6 alternatives and 1-6 criteria."""
    n_criteria = draw(st.integers(min_value=1, max_value=6))
    n_alternatives = draw(st.integers(min_value=1, max_value=6))
    weight_map = named(draw(st.lists(weights, min_size=n_criteria, max_size=n_criteria)), "k")
    table = {
        f"a{i}": named(draw(st.lists(scores, min_size=n_criteria, max_size=n_criteria)), "k")
        for i in range(n_alternatives)
    }
    return table, weight_map


@PROPERTY
@given(score_tables(st.floats(min_value=1e-3, max_value=1e3), st.floats(min_value=0.1, max_value=10)))
def test_mpe_totals_are_finite_for_realistic_input(data: tuple) -> None:
    scores, weights = data
    result = mpe(scores, weights)
    assert all(math.isfinite(total) and total > 0 for total in result.totals.values())
    assert sorted(entry.alternative for entry in result.ranking) == sorted(scores)


@PROPERTY
@given(score_tables(st.floats(), st.floats()))
def test_mpe_never_returns_nan_or_infinity_for_any_floats(data: tuple) -> None:
    scores, weights = data
    try:
        result = mpe(scores, weights)
    except MethodError:
        return
    assert all(math.isfinite(total) for total in result.totals.values())


def test_mpe_overflow_raises_instead_of_returning_infinity() -> None:
    with pytest.raises(MethodError, match="terlalu besar"):
        mpe({"x": {"a": 1e300}}, {"a": 5})


def test_mpe_empty_scores_raise() -> None:
    with pytest.raises(MethodError, match="Data kosong"):
        mpe({}, MPE_WEIGHTS)


def test_mpe_empty_weights_raise() -> None:
    with pytest.raises(MethodError, match="Bobot kosong"):
        mpe(SCORES, {})


def test_mpe_missing_criterion_raises_naming_it() -> None:
    scores = {"keripik": {"bahan_baku": 4, "pasar": 5}}
    with pytest.raises(MethodError, match="'keripik'.*'tenaga_kerja'"):
        mpe(scores, MPE_WEIGHTS)


def test_mpe_extra_criterion_raises_naming_it() -> None:
    scores = {"keripik": {**SCORES["keripik"], "modal": 2}}
    with pytest.raises(MethodError, match="'modal'"):
        mpe(scores, MPE_WEIGHTS)


@pytest.mark.parametrize("score", [0, -1])
def test_mpe_non_positive_score_raises(score: int) -> None:
    with pytest.raises(MethodError, match="lebih besar dari nol"):
        mpe({"x": {"a": score}}, {"a": 1})


@pytest.mark.parametrize("weight", [0, -2])
def test_mpe_non_positive_weight_raises(weight: int) -> None:
    with pytest.raises(MethodError, match="Bobot kriteria 'a'"):
        mpe({"x": {"a": 2}}, {"a": weight})


# ---------------------------------------------------------------------------
# AHP
# ---------------------------------------------------------------------------

# A is moderately more important than B (3), strongly more than C (5); B moderately more than C (3).
SAATY_3X3 = [
    [1, 3, 5],
    [1 / 3, 1, 3],
    [1 / 5, 1 / 3, 1],
]


def test_ahp_classic_saaty_3x3_example() -> None:
    # For a 3x3 reciprocal matrix the principal eigenvector is exactly the vector of
    # row geometric means:  (15^(1/3), 1, 15^(-1/3)) = (2.46621, 1, 0.40548), sum 3.87169,
    # so w = (0.63699, 0.25828, 0.10473).
    # lambda_max = 1 + c^(1/3) + c^(-1/3) with c = a13 / (a12 * a23) = 5 / 9:
    #   1 + 0.82207 + 1.21644 = 3.03851;  CI = (3.03851 - 3) / 2 = 0.01926;
    #   CR = 0.01926 / 0.58 = 0.03320 <= 0.10 -> consistent.
    result = ahp(SAATY_3X3, labels=["bahan_baku", "pasar", "tenaga_kerja"])
    assert isinstance(result, AhpResult)
    assert result.priorities == {
        "bahan_baku": pytest.approx(0.637, abs=1e-3),
        "pasar": pytest.approx(0.258, abs=1e-3),
        "tenaga_kerja": pytest.approx(0.105, abs=1e-3),
    }
    geometric = [15 ** (1 / 3), 1.0, 15 ** (-1 / 3)]
    expected = [g / sum(geometric) for g in geometric]
    assert list(result.priorities.values()) == pytest.approx(expected, abs=1e-12)
    assert result.lambda_max == pytest.approx(1 + (5 / 9) ** (1 / 3) + (9 / 5) ** (1 / 3), abs=1e-12)
    assert result.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert result.ci == pytest.approx(0.0193, abs=1e-4)
    assert result.ri == 0.58
    assert result.cr == pytest.approx(0.0332, abs=1e-4)
    assert result.consistent is True
    assert result.message is None


def test_ahp_inconsistent_matrix_has_cr_above_limit_and_a_message() -> None:
    # Circular judgements: A > B (3), B > C (3) but C > A (3).
    # c = a13 / (a12 * a23) = (1/3) / 9 = 1/27, c^(1/3) = 1/3, so
    # lambda_max = 1 + 1/3 + 3 = 13/3;  CI = (13/3 - 3) / 2 = 2/3;  CR = (2/3) / 0.58 = 1.149.
    # By symmetry every criterion gets priority 1/3.
    result = ahp([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]])
    assert result.priorities == {
        "K1": pytest.approx(1 / 3),
        "K2": pytest.approx(1 / 3),
        "K3": pytest.approx(1 / 3),
    }
    assert result.lambda_max == pytest.approx(13 / 3)
    assert result.ci == pytest.approx(2 / 3)
    assert result.cr == pytest.approx((2 / 3) / 0.58)
    assert result.cr > 0.10
    assert result.consistent is False
    assert result.message is not None
    assert "1,149" in result.message
    assert "tidak konsisten" in result.message


def test_ahp_small_matrices_have_no_cr_and_are_consistent() -> None:
    one = ahp([[1]])
    assert one.priorities == {"K1": 1.0}
    assert (one.ci, one.cr, one.consistent) == (0.0, None, True)
    # 2x2: w = (4/5, 1/5) since w1 / w2 = 4.
    two = ahp([[1, 4], [0.25, 1]], labels=["a", "b"])
    assert two.priorities == {"a": pytest.approx(0.8), "b": pytest.approx(0.2)}
    assert two.lambda_max == pytest.approx(2.0)
    assert (two.cr, two.consistent, two.message) == (None, True, None)


def test_ahp_accepts_rounded_reciprocals_within_tolerance() -> None:
    # 3 * 0.3333333 = 0.9999999, within 1e-6 of 1; the entry below the diagonal is then
    # replaced by the exact 1/3, so w = (3/4, 1/4) and lambda_max = 2.
    result = ahp([[1, 3], [0.3333333, 1]])
    assert result.priorities == {"K1": pytest.approx(0.75, abs=1e-12), "K2": pytest.approx(0.25, abs=1e-12)}
    assert result.lambda_max == pytest.approx(2.0, abs=1e-12)


def test_ahp_very_inconsistent_matrix_still_converges() -> None:
    # a12 = 1000, a23 = 500, a13 = 1/2000: c = a13 / (a12 * a23) = 1e-9, c^(-1/3) = 1000, so
    # lambda_max = 1 + 1000 + 1/1000 = 1001.001. The second eigenvalue is 0.9985 * lambda_max
    # in modulus, so plain power iteration needs about 17,000 steps; squaring needs ~15 rounds.
    # Row geometric means: (1000/2000)^(1/3), (500/1000)^(1/3), (2000/500)^(1/3) = 0.794, 0.794, 1.587,
    # normalised (0.25, 0.25, 0.5).
    result = ahp([[1, 1000, 1 / 2000], [1 / 1000, 1, 500], [2000, 1 / 500, 1]])
    assert list(result.priorities.values()) == pytest.approx([0.25, 0.25, 0.5], abs=1e-12)
    assert result.lambda_max == pytest.approx(1001.001, rel=1e-12)
    assert result.consistent is False


def test_ahp_entries_too_extreme_for_floats_raise() -> None:
    # The true priority of the last criterion (~1e-550) is below the smallest float.
    with pytest.raises(MethodError, match="terlalu ekstrem"):
        ahp([[1, 1e200, 1e300], [1e-200, 1, 1e250], [1e-300, 1e-250, 1]])


def test_ahp_result_as_dict() -> None:
    as_dict = ahp(SAATY_3X3).as_dict()
    assert set(as_dict) == {"priorities", "lambda_max", "ci", "ri", "cr", "consistent", "message"}
    assert as_dict["consistent"] is True


@PROPERTY
@given(st.lists(st.floats(min_value=0.1, max_value=10), min_size=1, max_size=10))
def test_ahp_consistent_matrix_recovers_weights_with_zero_cr(weights: list[float]) -> None:
    matrix = [[wi / wj for wj in weights] for wi in weights]
    result = ahp(matrix)
    total = math.fsum(weights)
    assert list(result.priorities.values()) == pytest.approx([w / total for w in weights], abs=1e-9)
    assert math.isclose(math.fsum(result.priorities.values()), 1.0, abs_tol=1e-12)
    assert result.ci == pytest.approx(0.0, abs=1e-9)
    if len(weights) >= 3:
        assert result.cr == pytest.approx(0.0, abs=1e-9)
    else:
        assert result.cr is None
    assert result.consistent is True


@st.composite
def reciprocal_matrices(draw: st.DrawFn, entries: st.SearchStrategy[float]) -> list[list[float]]:
    """Random reciprocal matrices (usually inconsistent) with upper entries drawn from ``entries``."""
    n = draw(st.integers(min_value=1, max_value=10))
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            value = draw(entries)
            matrix[i][j], matrix[j][i] = value, 1 / value
    return matrix


@PROPERTY
@given(
    st.one_of(
        reciprocal_matrices(st.sampled_from(SAATY_SCALE)),
        reciprocal_matrices(st.floats(min_value=1e-4, max_value=1e4)),
    )
)
def test_ahp_priorities_are_positive_and_sum_to_one(matrix: list[list[float]]) -> None:
    result = ahp(matrix)
    n = len(matrix)
    assert math.isclose(math.fsum(result.priorities.values()), 1.0, abs_tol=1e-12)
    assert all(p > 0 for p in result.priorities.values())
    assert result.lambda_max >= n - 1e-9
    assert math.isfinite(result.ci)
    assert result.consistent == (result.cr is None or result.cr <= 0.10)
    assert (result.message is None) == result.consistent


def test_ahp_empty_matrix_raises() -> None:
    with pytest.raises(MethodError, match="kosong"):
        ahp([])


@pytest.mark.parametrize("matrix", [[[1, 2]], [[1, 2], [0.5]], [[1, 2, 3], [0.5, 1, 2]], "abc", [1, 2]])
def test_ahp_non_square_matrix_raises(matrix: object) -> None:
    with pytest.raises(MethodError, match="persegi|daftar baris"):
        ahp(matrix)  # type: ignore[arg-type]


def test_ahp_non_reciprocal_matrix_raises() -> None:
    with pytest.raises(MethodError, match="tidak resiprokal"):
        ahp([[1, 3], [0.333, 1]])


def test_ahp_diagonal_not_one_raises() -> None:
    with pytest.raises(MethodError, match="Diagonal"):
        ahp([[1, 2], [0.5, 2]])


@pytest.mark.parametrize("bad", [0, -3, math.nan, math.inf])
def test_ahp_non_positive_or_non_finite_entry_raises(bad: float) -> None:
    with pytest.raises(MethodError, match="baris 1 kolom 2"):
        ahp([[1, bad], [0.5, 1]])


def test_ahp_larger_than_ten_raises() -> None:
    with pytest.raises(MethodError, match="RI"):
        ahp([[1.0] * 11 for _ in range(11)])


def test_ahp_label_count_must_match() -> None:
    with pytest.raises(MethodError, match="label"):
        ahp(SAATY_3X3, labels=["a", "b"])


def test_ahp_labels_as_one_string_raise() -> None:
    with pytest.raises(MethodError, match="daftar nama"):
        ahp(SAATY_3X3, labels="abc")


def test_ahp_duplicate_labels_raise() -> None:
    with pytest.raises(MethodError, match="ganda"):
        ahp(SAATY_3X3, labels=["a", "b", "a"])


# ---------------------------------------------------------------------------
# Bayes
# ---------------------------------------------------------------------------

BAYES_WEIGHTS = {"bahan_baku": 0.5, "pasar": 0.3, "tenaga_kerja": 0.2}


def test_bayes_worked_example() -> None:
    # keripik: 4*0.5 + 5*0.3 + 3*0.2 = 2.0 + 1.5 + 0.6 = 4.1
    # batik:   5*0.5 + 3*0.3 + 4*0.2 = 2.5 + 0.9 + 0.8 = 4.2
    # anyaman: 3*0.5 + 4*0.3 + 5*0.2 = 1.5 + 1.2 + 1.0 = 3.7
    result = bayes(SCORES, BAYES_WEIGHTS)
    assert isinstance(result, BayesResult)
    assert result.totals == {
        "keripik": pytest.approx(4.1, abs=1e-12),
        "batik": pytest.approx(4.2, abs=1e-12),
        "anyaman": pytest.approx(3.7, abs=1e-12),
    }
    assert [(entry.rank, entry.alternative) for entry in result.ranking] == [
        (1, "batik"),
        (2, "keripik"),
        (3, "anyaman"),
    ]


def test_bayes_equal_sums_share_a_rank() -> None:
    # x: 2*0.25 + 4*0.75 = 3.5;  y: 5*0.25 + 3*0.75 = 3.5
    result = bayes({"y": {"a": 5, "b": 3}, "x": {"a": 2, "b": 4}}, {"a": 0.25, "b": 0.75})
    assert [(entry.rank, entry.alternative, entry.total) for entry in result.ranking] == [
        (1, "x", 3.5),
        (1, "y", 3.5),
    ]


def test_bayes_allows_zero_scores_and_zero_weights() -> None:
    result = bayes({"x": {"a": 0, "b": 2}}, {"a": 1, "b": 0})
    assert result.totals == {"x": 0.0}


@pytest.mark.parametrize("weights", [{"a": 0.5, "b": 0.4}, {"a": 0.7, "b": 0.4}, {"a": 0.5, "b": 0.5 + 1e-8}])
def test_bayes_weights_not_summing_to_one_raise(weights: dict[str, float]) -> None:
    with pytest.raises(MethodError, match="Jumlah bobot harus 1"):
        bayes({"x": {"a": 1, "b": 2}}, weights)


def test_bayes_negative_weight_raises() -> None:
    with pytest.raises(MethodError, match="negatif"):
        bayes({"x": {"a": 1, "b": 2}}, {"a": 1.5, "b": -0.5})


def test_bayes_negative_score_raises() -> None:
    with pytest.raises(MethodError, match="negatif"):
        bayes({"x": {"a": -1, "b": 2}}, {"a": 0.5, "b": 0.5})


def test_bayes_mismatched_criteria_raise() -> None:
    with pytest.raises(MethodError, match="'b'"):
        bayes({"x": {"a": 1}}, {"a": 0.5, "b": 0.5})


def test_bayes_empty_scores_raise() -> None:
    with pytest.raises(MethodError, match="Data kosong"):
        bayes({}, {"a": 1})


@st.composite
def bayes_tables(draw: st.DrawFn, scores: st.SearchStrategy[float]) -> tuple:
    """Score tables with weights normalised to sum to 1."""
    table, raw = draw(score_tables(scores, st.floats(min_value=0.01, max_value=100)))
    total = math.fsum(raw.values())
    return table, {criterion: value / total for criterion, value in raw.items()}


@PROPERTY
@given(bayes_tables(st.floats(min_value=0, max_value=1e6)))
def test_bayes_totals_are_finite_and_within_score_range(data: tuple) -> None:
    scores, weights = data
    result = bayes(scores, weights)
    for alternative, total in result.totals.items():
        assert math.isfinite(total)
        values = scores[alternative].values()
        # A weighted mean (weights sum to 1 within 1e-9) lies between the smallest and largest score.
        assert min(values) * (1 - 1e-8) <= total <= max(values) * (1 + 1e-8)


@PROPERTY
@given(bayes_tables(st.floats()))
def test_bayes_never_returns_nan_or_infinity_for_any_floats(data: tuple) -> None:
    scores, weights = data
    try:
        result = bayes(scores, weights)
    except MethodError:
        return
    assert all(math.isfinite(total) for total in result.totals.values())
