"""Analysis methods for choosing featured products ("produk unggulan").

Pure Python, standard library only, no Django: every function takes plain
mappings or sequences of numbers and returns plain data (dicts, floats, or
frozen dataclasses with an ``as_dict()``), so views, tasks and exports can
all call them and the tests need no database.

Methods:

* :func:`location_quotient` - which sectors are a base sector of the region.
* :func:`shift_share` - why a sector grew: national, industry-mix and local effects.
* :func:`klassen` - Klassen typology: sector growth and share against the reference.
* :func:`mpe` - Metode Perbandingan Eksponensial (exponential comparison).
* :func:`ahp` - Analytic Hierarchy Process priorities and consistency ratio.
* :func:`bayes` - Bayes method (weighted sum of scores).

Bad input always raises :class:`MethodError` with a message in Indonesian that
can be shown to the user as is. No function ever returns NaN or infinity: zero
totals, negative or non-finite values, mismatched keys and results too large
for a float are all reported as errors.

LQ, shift-share, Klassen and Bayes compute exactly and round to float once at
the end, so shift-share components add up exactly and Klassen ties are
detected exactly. Bayes uses fractions; LQ, shift-share and Klassen bring every
value to an integer over one common denominator, which gives the same results
several times faster (bench/analysis.py). The formulas and worked examples are in
``docs/methods.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

Number = int | float | Decimal | Fraction
"""A number accepted as input. ``bool`` is rejected even though it is an ``int``."""

RANDOM_INDEX: Final[Mapping[int, float]] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
"""Saaty's random consistency index RI by matrix size n."""

CONSISTENCY_LIMIT: Final = 0.10
"""Largest consistency ratio (CR) that is still accepted as consistent."""

RECIPROCAL_TOLERANCE: Final = 1e-6
"""Allowed deviation of ``a_ii`` from 1 and of ``a_ij * a_ji`` from 1."""

POWER_TOLERANCE: Final = 1e-12
"""Power iteration stops when no priority moves by more than this."""

POWER_MAX_ROUNDS: Final = 64
"""Upper bound on squaring rounds of the power iteration (A, A^2, A^4, ... A^(2^64))."""

_TOO_EXTREME: Final = "Elemen matriks terlalu ekstrem untuk dihitung; periksa kembali matriks perbandingan."

WEIGHT_SUM_TOLERANCE: Final = 1e-9
"""Allowed deviation of the sum of Bayes weights from 1."""

KLASSEN_QUADRANTS: Final[Mapping[str, str]] = {
    "I": "maju dan tumbuh cepat",
    "II": "maju tapi tertekan",
    "III": "potensial / berkembang",
    "IV": "relatif tertinggal",
}
"""Klassen quadrant code -> Indonesian label."""


class MethodError(ValueError):
    """Input that an analysis method cannot compute; the message is Indonesian."""


# ---------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftShareResult:
    """Shift-share components of one sector (all in the unit of the input)."""

    national_share: float
    proportional: float
    differential: float
    total: float
    change: float

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class KlassenResult:
    """Klassen typology of one sector."""

    sector_growth: float
    reference_growth: float
    sector_share: float
    reference_share: float
    quadrant: str
    label: str

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class RankEntry:
    """One alternative in a ranking; equal totals share a rank (1, 2, 2, 4)."""

    rank: int
    alternative: str
    total: float

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class RankingResult:
    """Total value per alternative and the ranking, best first."""

    totals: dict[str, float]
    ranking: list[RankEntry]

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a plain dict (ranking entries become dicts)."""
        return asdict(self)


@dataclass(frozen=True)
class MpeResult(RankingResult):
    """Result of :func:`mpe`: ``TN_i = sum_j score_ij ** weight_j``."""


@dataclass(frozen=True)
class BayesResult(RankingResult):
    """Result of :func:`bayes`: ``TN_i = sum_j score_ij * weight_j``."""


@dataclass(frozen=True)
class AhpResult:
    """Result of :func:`ahp`.

    ``cr`` is ``None`` for n <= 2: Saaty's RI is 0 there, so CR = CI / RI is
    undefined; such matrices are always perfectly consistent (CI = 0) and
    ``consistent`` is ``True``. ``message`` is an Indonesian warning when
    CR > 0.10, otherwise ``None``.
    """

    priorities: dict[str, float]
    lambda_max: float
    ci: float
    ri: float
    cr: float | None
    consistent: bool
    message: str | None

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a plain dict."""
        return asdict(self)


# ---------------------------------------------------------------------------
# Number validation
# ---------------------------------------------------------------------------


def _exact(value: object, where: str) -> Fraction:
    """Convert ``value`` to an exact fraction; reject non-numbers and NaN/infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise MethodError(f"{where} bukan angka: {value!r}.")
    try:
        return Fraction(value)
    except (ValueError, OverflowError):
        raise MethodError(f"{where} bukan angka berhingga: {value!r}.") from None


def _exact_nonnegative(value: object, where: str) -> Fraction:
    """Exact fraction of ``value``, which must be finite and >= 0."""
    number = _exact(value, where)
    if number < 0:
        raise MethodError(f"{where} negatif ({value}): nilai tidak boleh negatif.")
    return number


def _exact_positive(value: object, where: str) -> Fraction:
    """Exact fraction of ``value``, which must be finite and > 0."""
    number = _exact(value, where)
    if number <= 0:
        raise MethodError(f"{where} harus lebih besar dari nol (didapat {value}).")
    return number


def _to_float(value: Fraction, what: str) -> float:
    """Round an exact result to float, refusing results too large for a float."""
    try:
        return float(value)
    except OverflowError:
        raise MethodError(f"Hasil {what} terlalu besar untuk dinyatakan sebagai angka.") from None


def _positive_float(value: object, where: str) -> float:
    """``value`` as a float, which must be finite and > 0 also after rounding to float."""
    exact = _exact_positive(value, where)
    try:
        number = float(exact)
    except OverflowError:
        raise MethodError(f"{where} terlalu besar untuk dihitung (didapat {value}).") from None
    if number == 0:
        raise MethodError(f"{where} terlalu kecil untuk dihitung (didapat {value}).")
    return number


def _format_id(number: float | Fraction) -> str:
    """Format a number with three decimals and a decimal comma (Indonesian style)."""
    try:
        value = float(number)
    except OverflowError:
        return "sangat besar"
    text = f"{value:.3f}" if abs(value) < 1e6 else f"{value:.3e}"
    return text.replace(".", ",")


# ---------------------------------------------------------------------------
# Sector data (LQ, shift-share, Klassen)
# ---------------------------------------------------------------------------


def _require_mapping(data: object, name: str) -> Mapping[str, Any]:
    """Return ``data`` if it is a mapping, else raise."""
    if not isinstance(data, Mapping):
        raise MethodError(f"Data {name} harus berupa pasangan sektor -> nilai.")
    return data


def _matching_sectors(named: Sequence[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Sectors of the first mapping, after checking every mapping has exactly these keys.

    The first sector missing from (or extra in) another mapping is named in the error.
    """
    for name, data in named:
        _require_mapping(data, name)
    if all(len(data) == 0 for _, data in named):
        raise MethodError("Data kosong: tidak ada sektor untuk dihitung.")
    first_name, first = named[0]
    sectors = list(first)
    for name, data in named[1:]:
        if data.keys() == first.keys():
            continue  # the common case, compared as sets in C; the loops below name the difference
        for sector in sectors:
            if sector not in data:
                raise MethodError(
                    f"Sektor '{sector}' ada di data {first_name} tetapi tidak ada di data {name}."
                )
        for sector in data:
            if sector not in first:
                raise MethodError(
                    f"Sektor '{sector}' ada di data {name} tetapi tidak ada di data {first_name}."
                )
    return sectors


def _ratio(value: object, where: str) -> tuple[int, int]:
    """``value`` as an exact ``(numerator, denominator)`` pair with a positive denominator.

    The same checks and messages as :func:`_exact_nonnegative` (a number, finite,
    >= 0), without building a Fraction: ``as_integer_ratio`` is exact for int,
    float, Decimal and Fraction alike.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise MethodError(f"{where} bukan angka: {value!r}.")
    try:
        numerator, denominator = value.as_integer_ratio()
    except (ValueError, OverflowError):
        raise MethodError(f"{where} bukan angka berhingga: {value!r}.") from None
    if numerator < 0:
        raise MethodError(f"{where} negatif ({value}): nilai tidak boleh negatif.")
    return numerator, denominator


_PLAIN_NUMBERS: Final = frozenset({int, float, Decimal, Fraction})
"""Types whose ``as_integer_ratio`` can be trusted without further checks (not bool)."""


def _scaled_values(
    named: Sequence[tuple[str, Mapping[str, Any]]], sectors: Sequence[str]
) -> tuple[int, list[dict[str, int]]]:
    """Every mapping's values as integers over one common denominator, which is returned too.

    Sector methods only take ratios of sums and products of these values, in which
    the common denominator cancels or is applied once at the end. Integer arithmetic
    then gives exactly the results of fraction arithmetic, without a gcd on every
    step; that, and checking plain numbers inline, is what brings the national
    computation (514 kab/kota x 24 divisions x 10 years, bench/analysis.py) under
    a second.
    """
    rows = []
    denominators = set()
    for name, data in named:
        row = []
        for sector in sectors:
            value = data[sector]
            numerator = -1
            if type(value) in _PLAIN_NUMBERS:
                try:
                    numerator, denominator = value.as_integer_ratio()
                except (ValueError, OverflowError):
                    numerator = -1
            if numerator < 0:
                # Anything unusual goes through the full check, which names the problem.
                numerator, denominator = _ratio(value, f"Nilai sektor '{sector}' pada data {name}")
            row.append((numerator, denominator))
            denominators.add(denominator)
        rows.append(row)
    common = math.lcm(*denominators)
    factors = {denominator: common // denominator for denominator in denominators}
    scaled = [
        {
            sector: numerator * factors[denominator]
            for sector, (numerator, denominator) in zip(sectors, row, strict=True)
        }
        for row in rows
    ]
    return common, scaled


def _quotient(numerator: int, denominator: int, what: str) -> float:
    """``numerator / denominator`` (denominator > 0) rounded once, refusing results too large.

    Python's int / int is correctly rounded, exactly as ``float(Fraction(n, d))``.
    """
    try:
        return numerator / denominator
    except OverflowError:
        raise MethodError(f"Hasil {what} terlalu besar untuk dinyatakan sebagai angka.") from None


def _total(values: Mapping[str, Fraction]) -> Fraction:
    """Exact sum of the values."""
    return sum(values.values(), Fraction(0))


@dataclass(frozen=True)
class _Periods:
    """Validated two-period data of the region (e) and the reference (E).

    Values are integers; the real value is ``value / common``.
    """

    sectors: list[str]
    common: int
    e0: dict[str, int]
    et: dict[str, int]
    ref0: dict[str, int]
    reft: dict[str, int]


def _load_periods(
    regional_start: Mapping[str, Number],
    regional_end: Mapping[str, Number],
    reference_start: Mapping[str, Number],
    reference_end: Mapping[str, Number],
    method: str,
) -> _Periods:
    """Validate the four mappings and check every sector has a positive start value."""
    named = [
        ("wilayah awal", regional_start),
        ("wilayah akhir", regional_end),
        ("referensi awal", reference_start),
        ("referensi akhir", reference_end),
    ]
    sectors = _matching_sectors(named)
    common, values = _scaled_values(named, sectors)
    periods = _Periods(sectors, common, *values)
    for sector in sectors:
        if periods.e0[sector] == 0:
            raise MethodError(
                f"Nilai awal sektor '{sector}' di wilayah nol: "
                f"{method} tidak dapat dihitung untuk sektor ini."
            )
        if periods.ref0[sector] == 0:
            raise MethodError(
                f"Nilai awal sektor '{sector}' di referensi nol: "
                f"{method} tidak dapat dihitung untuk sektor ini."
            )
    return periods


# ---------------------------------------------------------------------------
# Location quotient
# ---------------------------------------------------------------------------


def location_quotient(regional: Mapping[str, Number], reference: Mapping[str, Number]) -> dict[str, float]:
    """Location quotient per sector: ``LQ_i = (v_i / v_t) / (V_i / V_t)``.

    ``regional`` holds the value v_i of each sector in the region studied
    (e.g. a regency), ``reference`` the value V_i of the same sector in the
    reference area (e.g. the province); v_t and V_t are the totals over all
    sectors. LQ > 1 marks a base sector: its share in the region is larger
    than in the reference.

    Raises :class:`MethodError` for empty data, mismatched sectors, negative
    or non-finite values, a zero total, or a sector whose reference value is 0.
    """
    named = [("wilayah", regional), ("referensi", reference)]
    sectors = _matching_sectors(named)
    # The common denominator cancels in the LQ ratio.
    _common, (local, ref) = _scaled_values(named, sectors)
    local_total, ref_total = sum(local.values()), sum(ref.values())
    if ref_total == 0:
        raise MethodError("Total wilayah referensi nol: LQ tidak dapat dihitung.")
    if local_total == 0:
        raise MethodError("Total wilayah analisis nol: LQ tidak dapat dihitung.")
    result: dict[str, float] = {}
    for sector in sectors:
        if ref[sector] == 0:
            raise MethodError(
                f"Nilai sektor '{sector}' di wilayah referensi nol: LQ tidak dapat dihitung untuk sektor ini."
            )
        result[sector] = _quotient(
            local[sector] * ref_total, local_total * ref[sector], f"LQ sektor '{sector}'"
        )
    return result


# ---------------------------------------------------------------------------
# Shift-share
# ---------------------------------------------------------------------------


def _shift_share_sector(periods: _Periods, sector: str, ref_start: int, ref_end: int) -> ShiftShareResult:
    """Shift-share components of one sector; ``ref_start``, ``ref_end`` are E_0 and E_t.

    Each component is brought to one integer fraction (see the formulas in
    :func:`shift_share`) and divided once, correctly rounded, by int / int.
    """
    c = periods.common
    e0, et = periods.e0[sector], periods.et[sector]
    ei0, eit = periods.ref0[sector], periods.reft[sector]
    try:
        # NS = e0 (E_t - E_0) / E_0;  P = e0 (E_it E_0 - E_t E_i0) / (E_i0 E_0);  D = (e_t E_i0 - e0 E_it) / E_i0
        national = (e0 * (ref_end - ref_start)) / (c * ref_start)
        proportional = (e0 * (eit * ref_start - ref_end * ei0)) / (c * ei0 * ref_start)
        differential = (et * ei0 - e0 * eit) / (c * ei0)
        # NS + P + D = e_t - e_0 exactly (the terms telescope).
        change = (et - e0) / c
    except OverflowError:
        raise MethodError(
            f"Hasil shift-share sektor '{sector}' terlalu besar untuk dinyatakan sebagai angka."
        ) from None
    return ShiftShareResult(
        national_share=national,
        proportional=proportional,
        differential=differential,
        total=change,
        change=change,
    )


def shift_share(
    regional_start: Mapping[str, Number],
    regional_end: Mapping[str, Number],
    reference_start: Mapping[str, Number],
    reference_end: Mapping[str, Number],
) -> dict[str, ShiftShareResult]:
    """Classic shift-share decomposition of each sector's regional change.

    With e the regional values, E the reference values, 0 the start and t the
    end period, and E_0, E_t the reference totals over all sectors:

    * national share ``NS = e_i0 * (E_t / E_0 - 1)``
    * proportional (industry mix) ``P = e_i0 * (E_it / E_i0 - E_t / E_0)``
    * differential (competitive) ``D = e_i0 * (e_it / e_i0 - E_it / E_i0)``
    * ``total = NS + P + D``, which equals ``change = e_it - e_i0`` exactly.

    Raises :class:`MethodError` for empty or mismatched data, negative or
    non-finite values, and a sector with e_i0 = 0 or E_i0 = 0.
    """
    periods = _load_periods(regional_start, regional_end, reference_start, reference_end, "shift-share")
    ref_start, ref_end = sum(periods.ref0.values()), sum(periods.reft.values())
    return {sector: _shift_share_sector(periods, sector, ref_start, ref_end) for sector in periods.sectors}


# ---------------------------------------------------------------------------
# Klassen typology
# ---------------------------------------------------------------------------


def klassen_quadrant(grows_at_least_as_fast: bool, share_at_least_as_large: bool) -> str:
    """Quadrant code ("I".."IV") from the two comparisons; ties count as "at least"."""
    if share_at_least_as_large:
        return "I" if grows_at_least_as_fast else "II"
    return "III" if grows_at_least_as_fast else "IV"


def klassen(
    regional_start: Mapping[str, Number],
    regional_end: Mapping[str, Number],
    reference_start: Mapping[str, Number],
    reference_end: Mapping[str, Number],
) -> dict[str, KlassenResult]:
    """Klassen typology of each sector.

    Growth ``y_i = (e_it - e_i0) / e_i0`` is compared with the reference growth
    of the same sector ``y = (E_it - E_i0) / E_i0``; the end-period share
    ``r_i = e_it / e_t`` with the reference share ``r = E_it / E_t``.

    * y_i >= y and r_i >= r: "I", maju dan tumbuh cepat
    * y_i <  y and r_i >= r: "II", maju tapi tertekan
    * y_i >= y and r_i <  r: "III", potensial / berkembang
    * y_i <  y and r_i <  r: "IV", relatif tertinggal

    Tie rule: equality counts as "at least as high", so a sector exactly on a
    boundary goes to the better quadrant. Comparisons are exact (integer
    cross-multiplication over positive denominators).

    Raises :class:`MethodError` for empty or mismatched data, negative or
    non-finite values, a zero start value, or a zero end-period total.
    """
    periods = _load_periods(regional_start, regional_end, reference_start, reference_end, "tipologi Klassen")
    local_total, ref_total = sum(periods.et.values()), sum(periods.reft.values())
    if local_total == 0:
        raise MethodError("Total wilayah akhir nol: kontribusi sektor (Klassen) tidak dapat dihitung.")
    if ref_total == 0:
        raise MethodError("Total referensi akhir nol: kontribusi sektor (Klassen) tidak dapat dihitung.")
    result: dict[str, KlassenResult] = {}
    for sector in periods.sectors:
        e0, et = periods.e0[sector], periods.et[sector]
        ei0, eit = periods.ref0[sector], periods.reft[sector]
        # The common denominator cancels in growth and share; compare by cross-multiplying.
        faster = (et - e0) * ei0 >= (eit - ei0) * e0
        larger = et * ref_total >= eit * local_total
        quadrant = klassen_quadrant(faster, larger)
        try:
            figures = ((et - e0) / e0, (eit - ei0) / ei0, et / local_total, eit / ref_total)
        except OverflowError:
            raise MethodError(
                f"Hasil Klassen sektor '{sector}' terlalu besar untuk dinyatakan sebagai angka."
            ) from None
        result[sector] = KlassenResult(*figures, quadrant=quadrant, label=KLASSEN_QUADRANTS[quadrant])
    return result


# ---------------------------------------------------------------------------
# Scored alternatives (MPE, Bayes)
# ---------------------------------------------------------------------------


def _criteria(weights: Mapping[str, Any]) -> list[str]:
    """Criteria named by the weights; there must be at least one."""
    _require_mapping(weights, "bobot")
    if not weights:
        raise MethodError("Bobot kosong: tidak ada kriteria untuk dihitung.")
    return list(weights)


def _score_table(
    scores: Mapping[str, Mapping[str, Any]], criteria: Sequence[str], *, positive: bool
) -> dict[str, dict[str, Fraction]]:
    """Validate that every alternative scores exactly the given criteria.

    Scores must be finite and > 0 if ``positive``, otherwise >= 0.
    """
    if not isinstance(scores, Mapping):
        raise MethodError("Data nilai harus berupa pasangan alternatif -> (kriteria -> nilai).")
    if not scores:
        raise MethodError("Data kosong: tidak ada alternatif untuk dihitung.")
    check = _exact_positive if positive else _exact_nonnegative
    table: dict[str, dict[str, Fraction]] = {}
    for alternative, row in scores.items():
        if not isinstance(row, Mapping):
            raise MethodError(f"Nilai alternatif '{alternative}' harus berupa pasangan kriteria -> nilai.")
        for criterion in row:
            if criterion not in criteria:
                raise MethodError(
                    f"Alternatif '{alternative}' memiliki kriteria '{criterion}' "
                    "yang tidak ada di daftar bobot."
                )
        table[alternative] = {}
        for criterion in criteria:
            if criterion not in row:
                raise MethodError(
                    f"Alternatif '{alternative}' tidak memiliki nilai untuk kriteria '{criterion}'."
                )
            where = f"Nilai alternatif '{alternative}' untuk kriteria '{criterion}'"
            table[alternative][criterion] = check(row[criterion], where)
    return table


def rank_totals(totals: Mapping[str, float]) -> list[RankEntry]:
    """Rank alternatives by total, highest first.

    Equal totals share a rank and the next rank skips ("1, 2, 2, 4");
    alternatives with equal totals are listed by name so the order is stable.
    """
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    entries: list[RankEntry] = []
    for position, (alternative, total) in enumerate(ordered, start=1):
        tied = bool(entries) and entries[-1].total == total
        rank = entries[-1].rank if tied else position
        entries.append(RankEntry(rank=rank, alternative=alternative, total=total))
    return entries


def _mpe_total(alternative: str, row: Mapping[str, Fraction], weights: Mapping[str, float]) -> float:
    """``sum_j score_j ** weight_j`` for one alternative, refusing overflow."""
    try:
        terms = [float(row[criterion]) ** weight for criterion, weight in weights.items()]
        total = math.fsum(terms)
    except OverflowError:
        total = math.inf
    if not math.isfinite(total):
        raise MethodError(
            f"Hasil MPE alternatif '{alternative}' terlalu besar untuk dinyatakan sebagai angka."
        )
    return total


def mpe(scores: Mapping[str, Mapping[str, Number]], weights: Mapping[str, Number]) -> MpeResult:
    """Metode Perbandingan Eksponensial: ``TN_i = sum_j score_ij ** weight_j``.

    ``scores`` maps each alternative to its score per criterion, ``weights``
    maps each criterion to its (positive) importance weight. Every alternative
    must score exactly the criteria in ``weights``; scores must be positive and
    finite. The sum uses :func:`math.fsum`, so the total does not depend on the
    order of the criteria. Ranking: see :func:`rank_totals`.
    """
    criteria = _criteria(weights)
    float_weights = {
        criterion: _positive_float(weights[criterion], f"Bobot kriteria '{criterion}'")
        for criterion in criteria
    }
    table = _score_table(scores, criteria, positive=True)
    totals = {alternative: _mpe_total(alternative, row, float_weights) for alternative, row in table.items()}
    return MpeResult(totals=totals, ranking=rank_totals(totals))


def _bayes_total(alternative: str, row: Mapping[str, Fraction], weights: Mapping[str, Fraction]) -> float:
    """``sum_j score_j * weight_j`` for one alternative, exact and rounded once."""
    exact = sum((row[criterion] * weight for criterion, weight in weights.items()), Fraction(0))
    return _to_float(exact, f"Bayes alternatif '{alternative}'")


def bayes(scores: Mapping[str, Mapping[str, Number]], weights: Mapping[str, Number]) -> BayesResult:
    """Bayes method: ``TN_i = sum_j score_ij * weight_j``.

    Weights are the criteria's probabilities: each >= 0, summing to 1 (within
    1e-9). Scores must be finite and >= 0. Every alternative must score exactly
    the criteria in ``weights``. The sum is exact and rounded once, so equal
    sums are equal totals. Ranking: see :func:`rank_totals`.
    """
    criteria = _criteria(weights)
    exact_weights = {
        criterion: _exact_nonnegative(weights[criterion], f"Bobot kriteria '{criterion}'")
        for criterion in criteria
    }
    weight_sum = _total(exact_weights)
    if abs(weight_sum - 1) > WEIGHT_SUM_TOLERANCE:
        raise MethodError(f"Jumlah bobot harus 1 (didapat {_format_id(weight_sum)}).")
    table = _score_table(scores, criteria, positive=False)
    totals = {
        alternative: _bayes_total(alternative, row, exact_weights) for alternative, row in table.items()
    }
    return BayesResult(totals=totals, ranking=rank_totals(totals))


# ---------------------------------------------------------------------------
# AHP
# ---------------------------------------------------------------------------


def _matrix_rows(matrix: object) -> list[Sequence[Any]]:
    """Rows of ``matrix`` after checking it is a non-empty square list of lists, n <= 10."""
    if isinstance(matrix, str | bytes) or not isinstance(matrix, Sequence):
        raise MethodError("Matriks perbandingan harus berupa daftar baris.")
    if len(matrix) == 0:
        raise MethodError("Matriks perbandingan kosong.")
    n = len(matrix)
    for row in matrix:
        if isinstance(row, str | bytes) or not isinstance(row, Sequence) or len(row) != n:
            raise MethodError("Matriks perbandingan harus persegi.")
    if n not in RANDOM_INDEX:
        raise MethodError(
            f"Matriks {n}×{n} terlalu besar: indeks acak (RI) Saaty hanya tersedia sampai n = 10."
        )
    return list(matrix)


def _pairwise_matrix(matrix: Sequence[Sequence[Number]]) -> list[list[float]]:
    """Validated pairwise comparison matrix as floats.

    Entries must be positive and finite, the diagonal 1 and the matrix
    reciprocal (``a_ij * a_ji == 1``), both within 1e-6. Once checked, the
    diagonal is set to exactly 1 and each entry below it to the exact
    reciprocal of the one above, so a rounded input such as 0.3333333 for 1/3
    cannot push lambda_max below n.
    """
    rows = _matrix_rows(matrix)
    values = [
        [_positive_float(entry, f"Elemen matriks baris {i + 1} kolom {j + 1}") for j, entry in enumerate(row)]
        for i, row in enumerate(rows)
    ]
    for i, row in enumerate(values):
        if abs(row[i] - 1) > RECIPROCAL_TOLERANCE:
            raise MethodError(f"Diagonal matriks harus 1 (baris {i + 1} kolom {i + 1} bernilai {row[i]}).")
        for j in range(i + 1, len(values)):
            product = row[j] * values[j][i]
            if abs(product - 1) > RECIPROCAL_TOLERANCE:
                raise MethodError(
                    f"Matriks tidak resiprokal: a[{i + 1},{j + 1}] × a[{j + 1},{i + 1}] = "
                    f"{_format_id(product)}, seharusnya 1."
                )
    return _exact_reciprocals(values)


def _exact_reciprocals(values: Sequence[Sequence[float]]) -> list[list[float]]:
    """The matrix with diagonal 1 and ``a_ji = 1 / a_ij`` for every i < j."""
    n = len(values)
    return [
        [1.0 if i == j else values[i][j] if i < j else 1 / values[j][i] for j in range(n)] for i in range(n)
    ]


def _ahp_labels(labels: Sequence[str] | None, n: int) -> list[str]:
    """The given labels (checked: n of them, unique) or "K1".."Kn"."""
    if labels is None:
        return [f"K{i + 1}" for i in range(n)]
    if isinstance(labels, str):
        raise MethodError("Label harus berupa daftar nama kriteria, bukan satu teks.")
    names = list(labels)
    if len(names) != n:
        raise MethodError(f"Jumlah label ({len(names)}) tidak sama dengan ukuran matriks ({n}).")
    if len(set(names)) != n:
        raise MethodError("Label kriteria tidak boleh ganda.")
    return names


def _multiply(matrix: Sequence[Sequence[float]], vector: Sequence[float]) -> list[float]:
    """Matrix-vector product."""
    return [math.fsum(a * w for a, w in zip(row, vector, strict=True)) for row in matrix]


def _normalise(vector: Sequence[float]) -> list[float]:
    """Scale a non-negative vector with a positive sum to sum 1."""
    total = math.fsum(vector)
    return [x / total for x in vector]


def _scale_to_sum_one(matrix: Sequence[Sequence[float]]) -> list[list[float]]:
    """Divide a non-negative matrix by the sum of its entries (which must be positive and finite)."""
    total = math.fsum(a for row in matrix for a in row)
    if not (total > 0 and math.isfinite(total)):
        raise MethodError(_TOO_EXTREME)
    return [[a / total for a in row] for row in matrix]


def _square(matrix: Sequence[Sequence[float]]) -> list[list[float]]:
    """Matrix product ``M @ M``."""
    columns = list(zip(*matrix, strict=True))
    return [
        [math.fsum(a * b for a, b in zip(row, column, strict=True)) for column in columns] for row in matrix
    ]


def principal_eigenvector(matrix: Sequence[Sequence[float]]) -> list[float]:
    """Principal (Perron) eigenvector of a positive matrix, normalised to sum 1.

    Power iteration ``w_k = A^k 1 / |A^k 1|`` in which the matrix is squared every
    round (A, A^2, A^4, ...; normalised to sum 1 so nothing overflows), as in
    Saaty's procedure of raising the matrix to powers and normalising the row
    sums. Round k therefore equals 2^k plain iterations, so even very
    inconsistent matrices, whose second eigenvalue is close to the first in
    modulus, converge. Stops when no component moves by more than 1e-12,
    after at most :data:`POWER_MAX_ROUNDS` rounds.
    """
    largest = max(max(row) for row in matrix)
    power = _scale_to_sum_one([[a / largest for a in row] for row in matrix])
    vector = _normalise([math.fsum(row) for row in power])
    for _ in range(POWER_MAX_ROUNDS):
        power = _scale_to_sum_one(_square(power))
        following = _normalise([math.fsum(row) for row in power])
        if max(abs(a - b) for a, b in zip(following, vector, strict=True)) <= POWER_TOLERANCE:
            return following
        vector = following
    raise MethodError("Perhitungan vektor eigen AHP tidak konvergen; periksa kembali matriks perbandingan.")


def _eigen(matrix: Sequence[Sequence[float]]) -> tuple[list[float], float]:
    """Principal eigenvector (sum 1) and ``lambda_max = sum_i (A w)_i``; overflow is an error."""
    too_large = "Hasil AHP terlalu besar untuk dinyatakan sebagai angka; periksa elemen matriks."
    try:
        weights = principal_eigenvector(matrix)
        lambda_max = math.fsum(_multiply(matrix, weights))
    except OverflowError:
        raise MethodError(too_large) from None
    if not math.isfinite(lambda_max) or not all(math.isfinite(w) for w in weights):
        raise MethodError(too_large)
    # Perron theory: every priority is > 0 and lambda_max >= n. Anything else means the
    # entries were so extreme that floats under- or overflowed.
    if min(weights) <= 0 or lambda_max < len(matrix) * (1 - 1e-9):
        raise MethodError(_TOO_EXTREME)
    return weights, lambda_max


def _consistency(n: int, lambda_max: float) -> tuple[float, float | None]:
    """Consistency index CI and ratio CR (``None`` when RI = 0, i.e. n <= 2).

    ``lambda_max >= n`` holds in theory for reciprocal matrices; a negative CI
    can only be rounding noise and is clamped to 0.
    """
    if n <= 2:
        return 0.0, None
    ci = max(0.0, (lambda_max - n) / (n - 1))
    return ci, ci / RANDOM_INDEX[n]


def ahp(matrix: Sequence[Sequence[Number]], labels: Sequence[str] | None = None) -> AhpResult:
    """Analytic Hierarchy Process: priorities from a pairwise comparison matrix.

    ``matrix[i][j]`` says how much more important criterion i is than j
    (Saaty's 1-9 scale); ``labels`` name the criteria (default "K1".."Kn").
    Priorities are the principal eigenvector (sum 1); ``lambda_max = sum_i (A w)_i``,
    ``CI = (lambda_max - n) / (n - 1)``, ``CR = CI / RI`` with Saaty's RI.
    The matrix is consistent when CR <= 0.10; for n <= 2, CR is ``None``
    and the matrix counts as consistent (CI is 0).

    Raises :class:`MethodError` for an empty or non-square matrix, n > 10,
    non-positive or non-finite entries, a diagonal other than 1, a
    non-reciprocal matrix, or labels that do not fit.
    """
    values = _pairwise_matrix(matrix)
    n = len(values)
    names = _ahp_labels(labels, n)
    weights, lambda_max = _eigen(values)
    ci, cr = _consistency(n, lambda_max)
    consistent = cr is None or cr <= CONSISTENCY_LIMIT
    message = None
    if not consistent:
        message = (
            f"Rasio konsistensi CR = {_format_id(cr or 0.0)} melebihi 0,10: perbandingan berpasangan "
            "tidak konsisten, mohon tinjau kembali penilaian."
        )
    return AhpResult(
        priorities=dict(zip(names, weights, strict=True)),
        lambda_max=lambda_max,
        ci=ci,
        ri=RANDOM_INDEX[n],
        cr=cr,
        consistent=consistent,
        message=message,
    )
