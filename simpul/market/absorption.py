"""Market absorption: what buyers bought from local IKM through the demand matching.

The dashboards call `market_absorption()`; the figure counts the offers
chosen when a demand was closed (`Penawaran.Status.DIPILIH`), by the year
the demand was closed and, optionally, the kecamatan of the supplying
business.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from simpul.market.models import Penawaran, Permintaan


@dataclass(frozen=True)
class Absorption:
    """Deals made through the catalog's demand matching."""

    #: Demands closed with at least one deal.
    demands: int
    #: Chosen offers (a demand supplied by a group counts each business).
    deals: int
    #: Distinct businesses that sold.
    businesses: int
    #: Sum of the deal values, in Rupiah.
    value: Decimal
    #: The part of `value` already delivered.
    delivered_value: Decimal


def market_absorption(year: int | None = None, kecamatan: str | None = None) -> Absorption:
    """Absorption over all time, or in one year (by closing date), optionally for one kecamatan (code)."""
    deals = Penawaran.objects.filter(
        status=Penawaran.Status.DIPILIH,
        permintaan__status=Permintaan.Status.SELESAI,
        permintaan__archived_at=None,
    )
    if year is not None:
        deals = deals.filter(permintaan__closed_at__year=year)
    if kecamatan:
        deals = deals.filter(
            Q(usaha__kecamatan_id=kecamatan) | Q(usaha__kecamatan__code__startswith=f"{kecamatan}.")
        )
    figures = deals.aggregate(
        demands=Count("permintaan", distinct=True),
        deals=Count("pk"),
        businesses=Count("usaha", distinct=True),
        value=Sum("deal_value"),
        delivered_value=Sum("deal_value", filter=Q(delivered_on__isnull=False)),
    )
    return Absorption(
        demands=figures["demands"] or 0,
        deals=figures["deals"] or 0,
        businesses=figures["businesses"] or 0,
        value=figures["value"] or Decimal(0),
        delivered_value=figures["delivered_value"] or Decimal(0),
    )


def absorption_by_year() -> dict[int, Decimal]:
    """Deal value per closing year, for a chart."""
    rows = (
        Penawaran.objects.filter(
            status=Penawaran.Status.DIPILIH, permintaan__status=Permintaan.Status.SELESAI
        )
        .values_list("permintaan__closed_at__year")
        .annotate(total=Sum("deal_value"))
        .order_by("permintaan__closed_at__year")
    )
    return {year: total or Decimal(0) for year, total in rows if year}
