"""Figures from sibling apps (clusters, programs) that may or may not be installed.

Analytics sits beside clusters and programs, not above them: it must work
without them. Everything here imports lazily and answers None (or an empty
list) when an app, a model or a field is missing, so the dashboard shows
"belum tersedia" rather than failing.

Programs: the dashboard first asks `simpul.programs.dashboard.figures(usaha_qs, year)`
(the contract documented in README.md); if that module does not exist it
tries the model names of DESIGN.md (Partisipasi, Program, Kendala) and skips
what does not fit.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import DatabaseError
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass
class ExtraSection:
    """A dashboard section contributed by another app: a title, rows of (label, value) and its basis."""

    title: str
    rows: list[tuple[str, Any]] = field(default_factory=list)
    basis: str = ""


def _model(app_label: str, name: str):
    if not apps.is_installed(f"simpul.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def kawasan_choices() -> list[tuple[int, str]]:
    """(id, name) of the active kawasan produk unggulan, or [] without the clusters app."""
    kawasan = _model("clusters", "Kawasan")
    if kawasan is None:
        return []
    return list(kawasan.objects.filter(archived_at=None).order_by("name").values_list("pk", "name"))


def kawasan_by_id(pk: int | None):
    """The Kawasan with this id, or None (no id, no clusters app, or archived)."""
    kawasan = _model("clusters", "Kawasan")
    if kawasan is None or pk is None:
        return None
    return kawasan.objects.filter(pk=pk).first()


def kawasan_names(ids: set[int]) -> dict[int, str]:
    """Names of several kawasan in one query."""
    kawasan = _model("clusters", "Kawasan")
    if kawasan is None or not ids:
        return {}
    return dict(kawasan.objects.filter(pk__in=ids).values_list("pk", "name"))


def program_sections(
    usaha_qs: QuerySet, year: int | None, never_reached: int | None = None
) -> list[ExtraSection] | None:
    """Program reach and open constraints for the businesses in `usaha_qs`; None when unavailable.

    `never_reached`, when known (the dashboard's summary tables count it), saves the one
    query that reads every business.
    """
    if not apps.is_installed("simpul.programs"):
        return None
    try:
        hook = importlib.import_module("simpul.programs.dashboard")
    except ImportError:
        hook = None
    try:
        if hook is not None and hasattr(hook, "figures"):
            return [_as_section(item) for item in hook.figures(usaha_qs, year)]
        sections = (_reach_by_convention(usaha_qs, year, never_reached), _constraints_by_convention(usaha_qs))
        return [s for s in sections if s]
    except (FieldError, LookupError, AttributeError, TypeError, DatabaseError):
        # A sibling app whose shape differs from what we expect must not break the dashboard.
        logger.warning("Program figures unavailable", exc_info=True)
        return None


def _as_section(item: Any) -> ExtraSection:
    if isinstance(item, ExtraSection):
        return item
    return ExtraSection(str(item["title"]), list(item.get("rows", [])), str(item.get("basis", "")))


def _reach_by_convention(
    usaha_qs: QuerySet, year: int | None, never_reached: int | None = None
) -> ExtraSection | None:
    """Reach of the year's programs among the filtered businesses, in aggregate queries.

    A business counts as reached once it attended (`Partisipasi.REACHED`), as in
    the programs app's own reach page. Budgets are not planned by kecamatan or
    group, so when the dashboard is filtered a program's budget is shared out in
    proportion to the businesses it reached inside the filter.
    """
    participation = _model("programs", "Partisipasi")
    program = _model("programs", "Program")
    if participation is None or program is None:
        return None
    reached_status = getattr(participation, "REACHED", ("hadir", "selesai"))
    reached_all = participation.objects.filter(status__in=reached_status, archived_at=None)
    if year is not None:
        reached_all = reached_all.filter(program__year=year)
    reached = reached_all.filter(usaha__in=usaha_qs)
    inside = dict(
        reached.values("program_id").annotate(n=Count("usaha", distinct=True)).values_list("program_id", "n")
    )
    overall = dict(
        reached_all.filter(program_id__in=list(inside))
        .values("program_id")
        .annotate(n=Count("usaha", distinct=True))
        .values_list("program_id", "n")
    )
    budgets = dict(program.objects.filter(pk__in=list(inside)).values_list("pk", "budget"))
    budget = sum(
        (Decimal(budgets.get(pk) or 0) * n / overall[pk] for pk, n in inside.items() if overall.get(pk)),
        Decimal(0),
    )
    n_reached = reached.values("usaha").distinct().count()
    if never_reached is None:
        never = usaha_qs.filter(status="aktif").exclude(
            pk__in=participation.objects.filter(status__in=reached_status, archived_at=None).values("usaha")
        )
        never_reached = never.count()
    rows: list[tuple[str, Any]] = [
        (_("Program yang menjangkau"), len(inside)),
        (_("Usaha terjangkau"), n_reached),
        (_("Anggaran program (Rp)"), budget.quantize(Decimal(1))),
        (
            _("Biaya per usaha terjangkau (Rp)"),
            (budget / n_reached).quantize(Decimal(1)) if n_reached else None,
        ),
        (_("Usaha aktif yang belum pernah terjangkau program"), never_reached),
    ]
    basis = _(
        "Tahun %(y)s; usaha terjangkau = hadir atau selesai mengikuti kegiatan. Bila dasbor disaring, anggaran "
        "tiap program dihitung sebanding dengan usaha yang dijangkaunya di dalam saringan."
    ) % {"y": year}
    return ExtraSection(_("Jangkauan program"), rows, basis)


def _constraints_by_convention(usaha_qs: QuerySet) -> ExtraSection | None:
    kendala = _model("programs", "Kendala")
    if kendala is None:
        return None
    open_statuses = getattr(kendala, "OPEN_STATUSES", ("terbuka", "diproses"))
    open_cases = kendala.objects.filter(usaha__in=usaha_qs, status__in=open_statuses, archived_at=None)
    labels = dict(kendala._meta.get_field("kind").choices or [])
    rows = [
        (str(labels.get(row["kind"], row["kind"])), row["n"])
        for row in open_cases.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]
    return ExtraSection(
        _("Kendala terbuka"), rows, _("Kendala yang belum selesai ditangani, menurut jenisnya (semua tahun).")
    )
