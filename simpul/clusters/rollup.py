"""Figures of a sentra or a kawasan, rolled up from its businesses with aggregate queries.

Whatever the number of members, a roll-up costs a fixed handful of queries:
one count, one sum over each business's latest yearly report, one count of
certificates by kind, and one for program reach when the programs app exists.

Definitions (shown on the pages as well):

* units — member businesses not archived; `active_units` of them are "aktif";
* workers and production value — from each business's latest yearly report
  (whatever its year), so a business that reported last in 2023 still counts;
* certificates — per kind, the businesses holding at least one valid
  certificate of that kind (not archived, not expired);
* program reach — the businesses a program reached (attended or completed an
  activity, as the programs app defines it); None when that app is not installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from simpul.clusters.models import Kawasan, Keanggotaan, Sentra
from simpul.registry.models import LaporanTahunan, Legalitas, Usaha


@dataclass(frozen=True)
class Figures:
    """Roll-up of a group of businesses."""

    units: int = 0
    active_units: int = 0
    reporting_units: int = 0
    workers_male: int = 0
    workers_female: int = 0
    production_value: Decimal = Decimal(0)
    certificates: list[tuple[str, str, int]] = field(default_factory=list)
    program_reach: int | None = None

    @property
    def workers(self) -> int:
        return self.workers_male + self.workers_female


def sentra_businesses(sentra: Sentra) -> QuerySet[Usaha]:
    """The member businesses of a sentra (not archived)."""
    member_ids = Keanggotaan.objects.filter(sentra=sentra).values("usaha_id")
    return Usaha.objects.filter(pk__in=member_ids, archived_at=None)


def kawasan_businesses(kawasan: Kawasan) -> QuerySet[Usaha]:
    """Businesses of a kawasan: those located in its desa, plus the members of its sentra.

    A sentra member outside the kawasan's desa still belongs to the kawasan's
    economy through its sentra; both conditions are subqueries, so a business
    matching both is counted once.
    """
    desa_codes = Kawasan.desa.through.objects.filter(kawasan=kawasan).values("region_id")
    sentra_ids = Kawasan.sentra.through.objects.filter(kawasan=kawasan).values("sentra_id")
    members = Keanggotaan.objects.filter(sentra_id__in=sentra_ids).values("usaha_id")
    return Usaha.objects.filter(Q(desa_id__in=desa_codes) | Q(pk__in=members), archived_at=None)


def figures(businesses: QuerySet[Usaha]) -> Figures:
    """Roll up units, workers by gender, production value, certificates and program reach."""
    ids = businesses.values("pk")
    counts = businesses.aggregate(units=Count("pk"), active=Count("pk", filter=Q(status=Usaha.Status.AKTIF)))
    latest_year = (
        LaporanTahunan.objects.filter(usaha=OuterRef("usaha"), archived_at=None)
        .order_by("-year")
        .values("year")[:1]
    )
    reports = LaporanTahunan.objects.filter(usaha_id__in=ids, archived_at=None, year=Subquery(latest_year))
    sums = reports.aggregate(
        n=Count("pk"),
        male=Sum("workforce_male"),
        female=Sum("workforce_female"),
        value=Sum("production_value"),
    )
    return Figures(
        units=counts["units"],
        active_units=counts["active"],
        reporting_units=sums["n"] or 0,
        workers_male=sums["male"] or 0,
        workers_female=sums["female"] or 0,
        production_value=sums["value"] or Decimal(0),
        certificates=_certificates(ids),
        program_reach=_program_reach(ids),
    )


def _certificates(ids: QuerySet) -> list[tuple[str, str, int]]:
    """(kind, label, businesses holding a valid one), most common first."""
    today = timezone.localdate()
    rows = (
        Legalitas.objects.filter(usaha_id__in=ids, archived_at=None)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values("kind")
        .annotate(n=Count("usaha_id", distinct=True))
        .order_by("-n", "kind")
    )
    labels = dict(Legalitas.Kind.choices)
    return [(row["kind"], str(labels.get(row["kind"], row["kind"])), row["n"]) for row in rows]


def _program_reach(ids: QuerySet) -> int | None:
    """Businesses that took part in a program activity; None when the programs app is absent.

    The programs app is built separately and may not be installed; it is
    looked up by name so this module never imports it.
    """
    if not apps.is_installed("simpul.programs"):
        return None
    try:
        participation = apps.get_model("programs", "Partisipasi")
        rows = participation.objects.filter(usaha_id__in=ids, archived_at=None)
        # The programs app's own meaning of "reached" (attended or completed), when it declares one.
        reached = getattr(participation, "REACHED", None)
        if reached:
            rows = rows.filter(status__in=list(reached))
        return rows.values("usaha_id").distinct().count()
    except (LookupError, FieldError):
        return None


def sentra_figures(sentra: Sentra) -> Figures:
    return figures(sentra_businesses(sentra))


def kawasan_figures(kawasan: Kawasan) -> Figures:
    return figures(kawasan_businesses(kawasan))
