"""The dashboard's summary tables: rebuilt in one transaction, read instead of the registry.

`refresh()` replaces the rows of the five summary tables (models.Dashboard*)
with one INSERT … SELECT … GROUP BY per table, straight from the registry,
inside one transaction: readers see the old figures or the new ones, never a
mix. The same SQL runs on SQLite and PostgreSQL (SUBSTR, ROUND, CASE and
COUNT(DISTINCT …) are common to both).

It runs as the background job "dasbor_ringkasan" after each finished import
(ingest sends `import_finished`, analytics listens: ingest never imports
analytics), nightly from `manage.py refresh_dashboard`, at the end of
`seed_demo`, and when an officer presses "Perbarui" on the dashboard.

The figures are those of the last refresh (`state()` says when): an edit by
hand shows up on the dashboard after the next refresh. Until the first refresh
(a fresh install) the dashboard computes everything live.
"""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from simpul.analytics.models import (
    DashboardBusinesses,
    DashboardCentre,
    DashboardCertificates,
    DashboardMapCell,
    DashboardReports,
    DashboardState,
)
from simpul.core import jobs
from simpul.core.models import Job
from simpul.registry.models import Legalitas, Usaha

JOB_KIND = "dasbor_ringkasan"

# The businesses the dashboard counts, with its keys (as in dashboard._businesses/_CUBE_KEYS).
_COUNTED = """
    FROM registry_usaha u LEFT JOIN classifications_commoditygroup g ON g.id = u.group_id
    WHERE u.archived_at IS NULL AND u.merged_into_id IS NULL
"""
_KEYS = "u.kecamatan_id, SUBSTR(u.kbli_id, 1, 2), g.slug"


def _money(column: str) -> str:
    return f"COALESCE(l.{column}, 0)"


def _never_reached(aktif: str) -> tuple[str, list]:
    """SQL counting active businesses no program ever reached (as optional._reach_by_convention)."""
    try:
        participation = (
            apps.get_model("programs", "Partisipasi") if apps.is_installed("simpul.programs") else None
        )
    except LookupError:
        participation = None
    if participation is None:
        return "0", []
    reached = list(getattr(participation, "REACHED", ("hadir", "selesai")))
    table = connection.ops.quote_name(participation._meta.db_table)
    marks = ", ".join(["%s"] * len(reached))
    sql = f"""SUM(CASE WHEN u.status = %s AND NOT EXISTS (
                  SELECT 1 FROM {table} p WHERE p.usaha_id = u.id AND p.archived_at IS NULL
                  AND p.status IN ({marks})) THEN 1 ELSE 0 END)"""  # noqa: S608
    return sql, [aktif, *reached]


def _statements(today) -> list[tuple[type, list[str], str, list]]:
    """(model, columns, SELECT, params) for every summary table."""
    aktif, menengah = Usaha.Status.AKTIF.value, Usaha.Scale.MENENGAH.value
    valid = "(c.expires_on IS NULL OR c.expires_on >= %s)"
    cell = "ROUND(u.latitude, 2), ROUND(u.longitude, 2)"
    located = "AND u.latitude IS NOT NULL AND u.longitude IS NOT NULL"
    never_sql, never_params = _never_reached(aktif)
    # Every piece interpolated below is a constant of this module; values go in as parameters.
    return [
        (
            DashboardBusinesses,
            [
                "kecamatan",
                "division",
                "group",
                "businesses",
                "completeness_sum",
                "completeness_n",
                "active",
                "medium",
                "never_reached",
            ],
            f"""SELECT {_KEYS}, COUNT(*), COALESCE(SUM(u.completeness), 0), COUNT(u.completeness),
                       SUM(CASE WHEN u.status = %s THEN 1 ELSE 0 END),
                       SUM(CASE WHEN u.scale = %s THEN 1 ELSE 0 END),
                       {never_sql}
                {_COUNTED} GROUP BY {_KEYS}""",  # noqa: S608
            [aktif, menengah, *never_params],
        ),
        (
            DashboardReports,
            [
                "year",
                "kecamatan",
                "division",
                "group",
                "reporting",
                "workers_male",
                "workers_female",
                "investment",
                "production",
                "sales_local",
                "sales_other_kabupaten",
                "sales_other_province",
                "export",
                "exporters",
            ],
            f"""SELECT l.year, {_KEYS}, COUNT(*), SUM(l.workforce_male), SUM(l.workforce_female),
                       SUM({_money("investment_machines")} + {_money("investment_other")}
                           + {_money("investment_land_buildings")}),
                       SUM({_money("production_value")}), SUM({_money("sales_local")}),
                       SUM({_money("sales_other_kabupaten")}), SUM({_money("sales_other_province")}),
                       SUM({_money("sales_export")}),
                       SUM(CASE WHEN l.sales_export > 0 THEN 1 ELSE 0 END)
                FROM registry_laporantahunan l JOIN registry_usaha u ON u.id = l.usaha_id
                LEFT JOIN classifications_commoditygroup g ON g.id = u.group_id
                WHERE l.archived_at IS NULL AND u.archived_at IS NULL AND u.merged_into_id IS NULL
                GROUP BY l.year, {_KEYS}""",  # noqa: S608
            [],
        ),
        (
            DashboardCertificates,
            ["kecamatan", "group", "kind", "businesses", "valid"],
            f"""SELECT u.kecamatan_id, g.slug, c.kind, COUNT(DISTINCT c.usaha_id),
                       COUNT(DISTINCT CASE WHEN {valid} THEN c.usaha_id END)
                FROM registry_legalitas c JOIN registry_usaha u ON u.id = c.usaha_id
                LEFT JOIN classifications_commoditygroup g ON g.id = u.group_id
                WHERE c.archived_at IS NULL AND u.archived_at IS NULL AND u.merged_into_id IS NULL
                GROUP BY u.kecamatan_id, g.slug, c.kind
                UNION ALL
                SELECT u.kecamatan_id, g.slug, '', COUNT(DISTINCT c.usaha_id), 0
                FROM registry_legalitas c JOIN registry_usaha u ON u.id = c.usaha_id
                LEFT JOIN classifications_commoditygroup g ON g.id = u.group_id
                WHERE c.archived_at IS NULL AND u.archived_at IS NULL AND u.merged_into_id IS NULL
                  AND c.kind <> %s
                GROUP BY u.kecamatan_id, g.slug""",  # noqa: S608
            [today, Legalitas.Kind.NIB.value],
        ),
        (
            DashboardMapCell,
            ["level", "kecamatan", "group", "lat", "lng", "n"],
            f"""SELECT %s, u.kecamatan_id, g.slug, {cell}, COUNT(*) {_COUNTED} {located}
                GROUP BY u.kecamatan_id, g.slug, {cell}
                UNION ALL
                SELECT %s, NULL, g.slug, {cell}, COUNT(*) {_COUNTED} {located}
                GROUP BY g.slug, {cell}
                UNION ALL
                SELECT %s, NULL, NULL, {cell}, COUNT(*) {_COUNTED} {located}
                GROUP BY {cell}""",  # noqa: S608
            [DashboardMapCell.PER_KECAMATAN, DashboardMapCell.PER_GROUP, DashboardMapCell.PER_CELL],
        ),
        (
            DashboardCentre,
            ["kecamatan", "group", "n", "lat_sum", "lng_sum"],
            f"""SELECT u.kecamatan_id, g.slug, COUNT(*), SUM(u.latitude), SUM(u.longitude)
                {_COUNTED} {located} GROUP BY u.kecamatan_id, g.slug""",  # noqa: S608  # noqa: S608
            [],
        ),
    ]


def refresh() -> dict[str, float]:
    """Rebuild every summary table in one transaction; returns seconds per table and in all."""
    started = time.monotonic()
    seconds: dict[str, float] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for model, columns, select, params in _statements(timezone.localdate()):
            t0 = time.monotonic()
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  a model's own table name
            cursor.execute(f"INSERT INTO {table} ({names}) {select}", params)  # noqa: S608
            seconds[model._meta.model_name] = round(time.monotonic() - t0, 3)
        total = round(time.monotonic() - started, 3)
        DashboardState.objects.all().delete()
        DashboardState.objects.create(
            refreshed_at=timezone.now(), seconds=total, businesses=Usaha.objects.count()
        )
    seconds["total"] = total
    return seconds


def state() -> DashboardState | None:
    """The last refresh the dashboard should read, or None: it then computes its figures live.

    None before the first refresh, and for a registry smaller than
    SIMPUL_DASHBOARD_SUMMARY_FROM businesses: a kabupaten's figures are
    computed live in well under a second, and then an officer's edit shows at
    once instead of after the next refresh.
    """
    last = DashboardState.objects.order_by("-refreshed_at").first()
    if last is None or last.businesses < settings.SIMPUL_DASHBOARD_SUMMARY_FROM:
        return None
    return last


def in_use() -> bool:
    """Whether the dashboard reads (or, before the first refresh, will read) the summary tables.

    False for a registry below SIMPUL_DASHBOARD_SUMMARY_FROM: its figures are live, so
    offering to refresh the summary would promise a change the page would not show.
    """
    last = DashboardState.objects.order_by("-refreshed_at").first()
    return last is None or last.businesses >= settings.SIMPUL_DASHBOARD_SUMMARY_FROM


def pending() -> bool:
    """Whether a refresh is already queued or running (one is enough)."""
    return Job.objects.filter(kind=JOB_KIND, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).exists()


def start(user=None) -> Job | None:
    """Queue a refresh as a background job (after imports, or from the dashboard's button)."""
    if pending():
        return None
    return jobs.start(JOB_KIND, "Perbarui ringkasan dasbor", user=user)


@jobs.handler(JOB_KIND)
def refresh_job(job, progress) -> dict:
    return refresh()
