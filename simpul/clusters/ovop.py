"""OVOP scoring: the default assessment sheet, star thresholds and who may rate which stars.

The national guideline changes from time to time, so the sheet (aspects with
their points and weights) and the thresholds live in the database and the
office edits them. What is here are the defaults a new deployment starts
with, and the pure arithmetic that turns scores into stars.

Defaults (editable on the "Lembar penilaian OVOP" page):

* 8 aspects in three groups that total 100 points, so the percentage of the
  maximum equals the points when no weight is changed:
  produksi 55 (bahan baku lokal 15, keamanan pasokan 10, nilai tambah 10,
  pengendalian lingkungan 10, keterulangan produksi 10), pengembangan produk
  30 (desain 15, kemasan 15), pengembangan masyarakat 15 (tenaga kerja lokal
  10, keterlibatan masyarakat 5).
* Stars from the weighted percentage of the maximum: ★1 from 0, ★2 from 40,
  ★3 from 55, ★4 from 70, ★5 from 85.
* Who may set them: the kabupaten/kota 1–2 stars, the province 3, the
  ministry 4–5.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

GROUP_PRODUKSI = "produksi"
GROUP_PRODUK = "pengembangan_produk"
GROUP_MASYARAKAT = "pengembangan_masyarakat"

#: (group, name, max points, order) of the sheet a deployment starts with.
DEFAULT_ASPECTS: tuple[tuple[str, str, int, int], ...] = (
    (GROUP_PRODUKSI, "Porsi bahan baku lokal", 15, 10),
    (GROUP_PRODUKSI, "Keamanan pasokan bahan baku", 10, 20),
    (GROUP_PRODUKSI, "Nilai tambah produk", 10, 30),
    (GROUP_PRODUKSI, "Pengendalian dampak lingkungan", 10, 40),
    (GROUP_PRODUKSI, "Keterulangan produksi (mutu konsisten)", 10, 50),
    (GROUP_PRODUK, "Desain produk", 15, 60),
    (GROUP_PRODUK, "Kemasan", 15, 70),
    (GROUP_MASYARAKAT, "Penyerapan tenaga kerja lokal", 10, 80),
    (GROUP_MASYARAKAT, "Keterlibatan masyarakat desa", 5, 90),
)

#: Lowest weighted percentage of the maximum for each number of stars.
DEFAULT_THRESHOLDS: dict[int, Decimal] = {
    1: Decimal(0),
    2: Decimal(40),
    3: Decimal(55),
    4: Decimal(70),
    5: Decimal(85),
}

LEVEL_KABKOTA = "kabkota"
LEVEL_PROVINSI = "provinsi"
LEVEL_KEMENTERIAN = "kementerian"

#: The stars each level of government may set (OVOP guideline of Kemenperin).
STARS_BY_LEVEL: dict[str, tuple[int, ...]] = {
    LEVEL_KABKOTA: (1, 2),
    LEVEL_PROVINSI: (3,),
    LEVEL_KEMENTERIAN: (4, 5),
}


@dataclass(frozen=True)
class ScoreLine:
    """One aspect's score with the maximum and weight of the sheet it was given under."""

    points: Decimal
    max_points: Decimal
    weight: Decimal


def weighted_percent(lines: Iterable[ScoreLine]) -> Decimal:
    """Σ points·weight over Σ max·weight, as a percentage with two decimals; 0 for an empty sheet."""
    got = Decimal(0)
    best = Decimal(0)
    for line in lines:
        got += Decimal(line.points) * Decimal(line.weight)
        best += Decimal(line.max_points) * Decimal(line.weight)
    if best <= 0:
        return Decimal(0)
    return (100 * got / best).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def stars_for(percent: Decimal, thresholds: Mapping[int, Decimal] | None = None) -> int:
    """The most stars whose threshold the percentage reaches (at least one)."""
    table = thresholds or DEFAULT_THRESHOLDS
    earned = 1
    for stars, minimum in sorted(table.items()):
        if percent >= minimum:
            earned = max(earned, stars)
    return earned


def level_for(stars: int) -> str:
    """The level of government that sets this many stars."""
    for level, allowed in STARS_BY_LEVEL.items():
        if stars in allowed:
            return level
    raise ValueError(f"stars out of range: {stars}")


def level_fits(level: str, stars: int) -> bool:
    return stars in STARS_BY_LEVEL.get(level, ())
