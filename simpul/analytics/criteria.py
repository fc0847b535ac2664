"""Criteria of a *kajian produk unggulan daerah* and their weighting by a two-level AHP.

Permendagri No. 9 Tahun 2014 (Pedoman Pengembangan Produk Unggulan Daerah)
names twelve criteria for choosing a region's featured products. Saaty's
random index — and therefore :func:`simpul.analytics.methods.ahp` — stops at
n = 10, and twelve pairwise judgements in one matrix (66 comparisons) are more
than a panel can keep consistent anyway. So the criteria are weighed in two
levels, as AHP is meant to be used: first four aspects against each other,
then the criteria within each aspect; a criterion's weight is its aspect's
priority times its local priority. The grouping into aspects is ours (the
regulation lists the criteria without grouping); it is shown on the page and
in every report.

Pure Python, no Django: the run service, the API and the tests share it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from simpul.analytics.methods import AhpResult, MethodError, ahp

#: The twelve criteria of Permendagri 9/2014, in the regulation's order: code -> label.
CRITERIA: Final[dict[str, str]] = {
    "tenaga_kerja": "Penyerapan tenaga kerja",
    "kontribusi": "Sumbangan terhadap perekonomian",
    "sektor_basis": "Sektor basis ekonomi daerah",
    "terbarukan": "Dapat diperbaharui",
    "sosial_budaya": "Sosial budaya",
    "pasar": "Ketersediaan pasar",
    "bahan_baku": "Ketersediaan bahan baku",
    "modal": "Dukungan modal",
    "sarana": "Sarana dan prasarana produksi",
    "teknologi": "Teknologi",
    "manajemen": "Manajemen usaha",
    "harga": "Harga",
}


@dataclass(frozen=True)
class Aspect:
    """A group of criteria weighed together in the second AHP level."""

    code: str
    label: str
    criteria: tuple[str, ...]


ASPECTS: Final[tuple[Aspect, ...]] = (
    Aspect("ekonomi", "Aspek ekonomi daerah", ("tenaga_kerja", "kontribusi", "sektor_basis")),
    Aspect(
        "sumber_daya", "Aspek sumber daya dan keberlanjutan", ("terbarukan", "sosial_budaya", "bahan_baku")
    ),
    Aspect("pasar", "Aspek pasar dan harga", ("pasar", "harga")),
    Aspect("usaha", "Aspek kapasitas usaha", ("modal", "sarana", "teknologi", "manajemen")),
)

#: Saaty's scale as offered on the form: how many times A is more important than B.
SAATY_SCALE: Final[tuple[str, ...]] = (
    "9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9",
)  # fmt: skip

SAATY_WORDS: Final[dict[str, str]] = {
    "1": "sama penting",
    "3": "sedikit lebih penting",
    "5": "lebih penting",
    "7": "sangat lebih penting",
    "9": "mutlak lebih penting",
}


def parse_ratio(text: Any) -> Fraction:
    """A matrix entry as an exact fraction: 3, "3", "1/3", "0,5", "0.5"; raises MethodError."""
    if isinstance(text, bool):
        raise MethodError(f"Elemen matriks bukan angka: {text!r}.")
    if isinstance(text, int | Fraction):
        return Fraction(text)
    raw = str(text).strip().replace(",", ".")
    try:
        value = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        raise MethodError(f"Elemen matriks '{text}' bukan angka atau pecahan (mis. 3 atau 1/3).") from None
    if value <= 0:
        raise MethodError(f"Elemen matriks '{text}' harus lebih besar dari nol.")
    return value


def ratio_text(value: Fraction) -> str:
    """ "3", "1/3" or "0.25": how a matrix entry is stored in a run."""
    return str(value) if value.denominator != 1 else str(value.numerator)


def matrix_from_pairs(labels: Sequence[str], pairs: Mapping[tuple[str, str], Any]) -> list[list[str]]:
    """Full reciprocal matrix (as text) from the judgements above the diagonal.

    ``pairs[(a, b)]`` says how much more important ``a`` is than ``b``, for every
    a listed before b; the diagonal is 1 and ``m[b][a] = 1 / m[a][b]``.
    """
    n = len(labels)
    matrix = [["1"] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            key = (labels[i], labels[j])
            if key not in pairs:
                raise MethodError(f"Perbandingan '{labels[i]}' dengan '{labels[j]}' belum diisi.")
            value = parse_ratio(pairs[key])
            matrix[i][j] = ratio_text(value)
            matrix[j][i] = ratio_text(1 / value)
    return matrix


def numeric_matrix(matrix: Sequence[Sequence[Any]]) -> list[list[Fraction]]:
    """A stored text matrix as exact fractions for :func:`ahp`."""
    if isinstance(matrix, str) or not isinstance(matrix, Sequence):
        raise MethodError("Matriks perbandingan harus berupa daftar baris.")
    return [[parse_ratio(cell) for cell in row] for row in matrix]


def aspects_for(selected: Sequence[str]) -> list[Aspect]:
    """The aspects that keep at least one selected criterion, with only those criteria."""
    chosen = set(selected)
    unknown = chosen - set(CRITERIA)
    if unknown:
        raise MethodError(f"Kriteria tidak dikenal: {', '.join(sorted(unknown))}.")
    result = []
    for aspect in ASPECTS:
        kept = tuple(c for c in aspect.criteria if c in chosen)
        if kept:
            result.append(Aspect(aspect.code, aspect.label, kept))
    if not result:
        raise MethodError("Pilih paling sedikit satu kriteria.")
    return result


@dataclass(frozen=True)
class HierarchyResult:
    """Global criterion weights and the AHP results they came from."""

    weights: dict[str, float]
    aspect_weights: dict[str, float]
    aspect_ahp: AhpResult | None
    local_ahp: dict[str, AhpResult]
    consistent: bool
    messages: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "weights": self.weights,
            "aspect_weights": self.aspect_weights,
            "aspect_ahp": self.aspect_ahp.as_dict() if self.aspect_ahp else None,
            "local_ahp": {k: v.as_dict() for k, v in self.local_ahp.items()},
            "consistent": self.consistent,
            "messages": self.messages,
        }


def _level(matrix: Any, labels: list[str], where: str) -> AhpResult | None:
    """AHP of one matrix, or None for a single element (its priority is simply 1)."""
    if len(labels) == 1:
        return None
    if matrix is None:
        raise MethodError(f"Matriks perbandingan {where} belum diisi.")
    values = numeric_matrix(matrix)
    if len(values) != len(labels):
        raise MethodError(f"Matriks {where} harus {len(labels)}×{len(labels)} sesuai jumlah kriterianya.")
    return ahp(values, labels)


def hierarchical_weights(
    selected: Sequence[str],
    aspect_matrix: Any,
    local_matrices: Mapping[str, Any],
) -> HierarchyResult:
    """Weights of the selected criteria from the aspect matrix and one matrix per aspect.

    ``aspect_matrix`` compares the aspects that keep a criterion (in ASPECTS
    order); ``local_matrices[aspect]`` compares that aspect's selected
    criteria. An aspect or criterion that stands alone needs no matrix.
    """
    aspects = aspects_for(selected)
    codes = [a.code for a in aspects]
    top = _level(aspect_matrix, codes, "antar-aspek")
    aspect_weights = top.priorities if top else {codes[0]: 1.0}
    weights: dict[str, float] = {}
    local: dict[str, AhpResult] = {}
    messages: list[str] = [f"Antar-aspek: {top.message}"] if top and top.message else []
    for aspect in aspects:
        result = _level(local_matrices.get(aspect.code), list(aspect.criteria), aspect.label)
        priorities = result.priorities if result else {aspect.criteria[0]: 1.0}
        if result:
            local[aspect.code] = result
            if result.message:
                messages.append(f"{aspect.label}: {result.message}")
        for criterion in aspect.criteria:
            weights[criterion] = aspect_weights[aspect.code] * priorities[criterion]
    consistent = all(r.consistent for r in [*local.values(), *([top] if top else [])])
    ordered = {c: weights[c] for c in CRITERIA if c in weights}
    return HierarchyResult(ordered, dict(aspect_weights), top, local, consistent, messages)
