"""Scale of an industry under Permenperin No. 64/M-IND/PER/7/2016.

- Industri kecil: at most 19 workers and investment below Rp1 miliar.
- Industri menengah: at most 19 workers and investment of at least Rp1 miliar,
  or at least 20 workers and investment of at most Rp15 miliar.
- Industri besar: at least 20 workers and investment above Rp15 miliar.
Investment excludes land and buildings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ONE_BILLION = Decimal(1_000_000_000)
FIFTEEN_BILLION = Decimal(15_000_000_000)

KECIL, MENENGAH, BESAR = "kecil", "menengah", "besar"


@dataclass(frozen=True)
class ScaleResult:
    scale: str
    reason: str


def _rupiah(value: Decimal) -> str:
    return "Rp" + f"{int(value):,}".replace(",", ".")


def derive_scale(workers: int | None, investment: Decimal | None) -> ScaleResult | None:
    """The scale and the sentence that explains it; None when the figures are missing."""
    if workers is None or investment is None:
        return None
    investment = Decimal(investment)
    basis = f"{workers} tenaga kerja, investasi {_rupiah(investment)} (di luar tanah dan bangunan)"
    if workers <= 19:
        if investment < ONE_BILLION:
            return ScaleResult(
                KECIL, f"Industri kecil: {basis}; paling banyak 19 tenaga kerja dan investasi < Rp1 miliar."
            )
        return ScaleResult(
            MENENGAH,
            f"Industri menengah: {basis}; paling banyak 19 tenaga kerja dengan investasi ≥ Rp1 miliar.",
        )
    if investment <= FIFTEEN_BILLION:
        return ScaleResult(
            MENENGAH,
            f"Industri menengah: {basis}; 20 tenaga kerja atau lebih dengan investasi ≤ Rp15 miliar.",
        )
    return ScaleResult(
        BESAR, f"Industri besar: {basis}; 20 tenaga kerja atau lebih dengan investasi > Rp15 miliar."
    )
