"""The pimpinan's dashboard: every figure from a fixed number of aggregate queries.

`build(user, filters)` runs about a dozen queries whatever the number of
businesses (a test pins the count), each restricted to what the user may see
(`restrict()`), and returns plain data that the page, the XLSX/PDF report
and the API all use. The heavy ones are few: the figures per year (reports ×
businesses), one "cube" — businesses with that year's report, grouped by
(kecamatan, KBLI division, commodity group) — from which the totals and all
three distributions are rolled up in Python, the certificates, and the dot
map with its labels.

Each figure carries its *basis*: how many businesses it rests on, how many
of them filed a yearly report for the year shown, and their average data
completeness — a Kepala Dinas should know how far a number can be trusted.

Pre-aggregation: live, the heavy queries scan the businesses and the reports
of a year, so their time grows with the registry (seconds at a million). Once
`cube.refresh()` has run, `build()` reads the summary tables instead
(models.Dashboard*, keyed by kecamatan, KBLI division, commodity group, year,
certificate kind and map cell) with SUM … GROUP BY over a few thousand rows,
whatever the registry's size; the figures are then those of the last refresh
(`Dashboard.refreshed_at`). Before the first refresh, or for a role whose
view of the registry is not a set of kecamatan, it computes them live. Program
reach still reads the registry (programs are a sibling app).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, DecimalField, F, FilteredRelation, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Round, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.analytics import charts, cube, formatting
from simpul.analytics.models import (
    DashboardBusinesses,
    DashboardCentre,
    DashboardCertificates,
    DashboardMapCell,
    DashboardReports,
    FeaturedProduct,
)
from simpul.analytics.optional import ExtraSection, program_sections
from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.roles import Role, role_of
from simpul.core.scoping import scope_q
from simpul.regions.models import Region
from simpul.registry.models import LaporanTahunan, Legalitas, Usaha

_MONEY = DecimalField(max_digits=30, decimal_places=6)
#: Grid size of the dot map in degrees (0.02° ≈ 2 km): fine enough to show clusters, coarse
#: enough that a dot is not one identifiable home.
MAP_GRID = 2


def _coalesced(name: str):
    return Coalesce(F(name), Value(Decimal(0)), output_field=_MONEY)


@dataclass(frozen=True)
class DashboardFilter:
    """What the user narrowed the dashboard to; None means all."""

    year: int | None = None
    kecamatan: str | None = None
    group: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Basis:
    """What a figure rests on: businesses counted, how many reported that year, completeness."""

    businesses: int
    reporting: int
    completeness: float | None
    year: int | None

    @property
    def reporting_share(self) -> float | None:
        return self.reporting / self.businesses if self.businesses else None

    @property
    def text(self) -> str:
        parts = [_("dari %(n)s usaha") % {"n": formatting.number(self.businesses)}]
        if self.year is not None:
            parts.append(
                _("%(share)s melapor tahun %(year)s")
                % {"share": formatting.percent(self.reporting_share), "year": self.year}
            )
        if self.completeness is not None:
            parts.append(
                _("kelengkapan data rata-rata %(pct)s%%") % {"pct": formatting.number(self.completeness)}
            )
        return " · ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "businesses": self.businesses,
            "reporting": self.reporting,
            "reporting_share": self.reporting_share,
            "completeness": self.completeness,
            "year": self.year,
            "text": self.text,
        }


@dataclass
class Dashboard:
    """All figures of the dashboard for one filter."""

    filters: DashboardFilter
    year: int | None
    years: list[int]
    kecamatan_options: list[tuple[str, str]]
    group_options: list[tuple[str, str]]
    summary: dict[str, Any]
    basis: Basis
    growth: list[dict[str, Any]]
    by_kecamatan: list[dict[str, Any]]
    by_kbli: list[dict[str, Any]]
    by_group: list[dict[str, Any]]
    certification: list[dict[str, Any]]
    certification_any: int
    markets: list[dict[str, Any]]
    map_cells: list[tuple[float, float, int]]
    map_labels: list[tuple[float, float, str, int]]
    featured: list[FeaturedProduct]
    extra: list[ExtraSection] | None
    generated_at: Any = field(default_factory=timezone.now)
    #: When the summary tables these figures come from were rebuilt; None: computed live.
    refreshed_at: Any = None

    @property
    def located(self) -> int:
        return sum(c[2] for c in self.map_cells)

    def filter_text(self) -> str:
        """The filter in words, for report headings."""
        parts = [_("Tahun %(y)s") % {"y": self.year}] if self.year else []
        names = dict(self.kecamatan_options)
        if self.filters.kecamatan:
            parts.append(names.get(self.filters.kecamatan, self.filters.kecamatan))
        else:
            parts.append(_("semua kecamatan"))
        groups = dict(self.group_options)
        if self.filters.group:
            parts.append(groups.get(self.filters.group, self.filters.group))
        else:
            parts.append(_("semua kelompok komoditas"))
        return " · ".join(str(p) for p in parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form for the API."""
        return {
            "filters": self.filters.as_dict(),
            "year": self.year,
            "years": self.years,
            "summary": _plain(self.summary),
            "basis": self.basis.as_dict(),
            "growth": _plain(self.growth),
            "by_kecamatan": _plain(self.by_kecamatan),
            "by_kbli": _plain(self.by_kbli),
            "by_group": _plain(self.by_group),
            "certification": _plain(self.certification),
            "certification_any": self.certification_any,
            "markets": _plain(self.markets),
            "map_cells": [{"lat": a, "lng": b, "businesses": n} for a, b, n in self.map_cells],
            "featured": [{"name": f.name, "year": f.year, "rank": f.rank} for f in self.featured],
            "extra": [asdict(s) for s in self.extra] if self.extra is not None else None,
            "refreshed_at": self.refreshed_at.isoformat() if self.refreshed_at else None,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# Querysets
# ---------------------------------------------------------------------------


def _businesses(user, filters: DashboardFilter) -> QuerySet:
    qs = Usaha.objects.restrict(user, "view").filter(archived_at=None, merged_into=None)
    if filters.kecamatan:
        qs = qs.filter(kecamatan_id=filters.kecamatan)
    if filters.group:
        qs = qs.filter(group__slug=filters.group)
    return qs


def _related(qs: QuerySet, filters: DashboardFilter) -> QuerySet:
    """Rows hanging off a business (reports, certificates) under the same filter.

    Leaving out the rows of archived or merged businesses is written as NOT IN that small
    set rather than as a join to every business: at a million businesses the join read and
    hashed the whole registry once per query (seconds), the small set comes from two indexes.
    The kecamatan and group filters still join, as they must.
    """
    gone = Usaha.objects.filter(Q(archived_at__isnull=False) | Q(merged_into__isnull=False)).values("pk")
    qs = qs.filter(archived_at=None).exclude(usaha__in=gone)
    if filters.kecamatan:
        qs = qs.filter(usaha__kecamatan_id=filters.kecamatan)
    if filters.group:
        qs = qs.filter(usaha__group__slug=filters.group)
    return qs


def _reports(user, filters: DashboardFilter) -> QuerySet:
    return _related(LaporanTahunan.objects.restrict(user, "view"), filters)


_REPORT_SUMS = {
    "reporting": Count("id"),
    "workers_male": Sum("workforce_male"),
    "workers_female": Sum("workforce_female"),
    "investment": Sum(
        _coalesced("investment_machines")
        + _coalesced("investment_other")
        + _coalesced("investment_land_buildings")
    ),
    "production": Sum(_coalesced("production_value")),
    "sales_local": Sum(_coalesced("sales_local")),
    "sales_other_kabupaten": Sum(_coalesced("sales_other_kabupaten")),
    "sales_other_province": Sum(_coalesced("sales_other_province")),
    "export": Sum(_coalesced("sales_export")),
    "exporters": Count("id", filter=Q(sales_export__gt=0)),
}


def _clean_sums(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: (v if v is not None else 0) for k, v in row.items()}
    out["workers"] = (out.get("workers_male") or 0) + (out.get("workers_female") or 0)
    return out


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def _growth(reports: QuerySet) -> list[dict[str, Any]]:
    return _with_growth(reports.values("year").annotate(**_REPORT_SUMS).order_by("year"))


def _with_growth(year_rows: Any) -> list[dict[str, Any]]:
    """Rows per year with each key figure's growth on the year before."""
    rows = [_clean_sums(r) for r in year_rows]
    previous: dict[str, Any] | None = None
    for row in rows:
        for key in ("workers", "production", "investment", "export"):
            row[f"{key}_growth"] = formatting.growth(row[key], previous[key]) if previous else None
        previous = row
    return rows


def _kecamatan_options(user) -> list[tuple[str, str]]:
    kecamatan = Region.objects.at_level_within(settings.SIMPUL_HOME_REGION, Region.Level.KECAMATAN)
    kecamatan = kecamatan.order_by("name")
    codes = user.scope_codes() if hasattr(user, "scope_codes") else []
    if codes:
        kecamatan = kecamatan.filter(code__in=codes)
    return [(r.code, r.name) for r in kecamatan]


#: The keys of the cube: every distribution on the page is a roll-up over one of them.
_CUBE_KEYS = {"kecamatan": F("kecamatan_id"), "division": Substr("kbli_id", 1, 2), "group": F("group__slug")}


def _cube(base: QuerySet, year: int | None) -> list[dict[str, Any]]:
    """One row per (kecamatan, KBLI division, commodity group) with every count and sum shown.

    One scan of the businesses, with that year's report joined on (business, year) —
    a FilteredRelation, so each business meets at most one report (the key is unique).
    The totals and the three distributions are rolled up from these rows in Python:
    there are at most a few thousand of them (kecamatan × divisions), whatever the
    number of businesses, which replaces seven scans of a million-row table by one.
    Reports are visible exactly when their business is (same roles and region lookup
    in registry.models), so joining them to the restricted businesses keeps `restrict()`.
    """
    qs = base.annotate(**{f"_{key}": expression for key, expression in _CUBE_KEYS.items()})
    sums: dict[str, Any] = {
        "businesses": Count("id"),
        "completeness_sum": Sum("completeness"),
        "completeness_n": Count("completeness"),
        "active": Count("id", filter=Q(status=Usaha.Status.AKTIF)),
        "medium": Count("id", filter=Q(scale=Usaha.Scale.MENENGAH)),
    }
    if year is not None:
        qs = qs.annotate(
            _report=FilteredRelation("laporan", condition=Q(laporan__year=year, laporan__archived_at=None))
        )
        sums.update(
            reporting=Count("_report__id"),
            workers=Sum(F("_report__workforce_male") + F("_report__workforce_female")),
            production=Sum(_coalesced("_report__production_value")),
        )
    return list(qs.values(*(f"_{key}" for key in _CUBE_KEYS)).annotate(**sums).order_by())


def _roll_up(cube: list[dict[str, Any]], key: str | None) -> dict[Any, dict[str, Any]]:
    """Sum the cube's rows by one of its keys (None: everything into one row)."""
    out: dict[Any, dict[str, Any]] = {}
    for row in cube:
        code = row[f"_{key}"] if key else None
        into = out.setdefault(
            code,
            {
                "businesses": 0,
                "completeness_sum": 0,
                "completeness_n": 0,
                "active": 0,
                "medium": 0,
                "reporting": 0,
                "workers": 0,
                "production": Decimal(0),
            },
        )
        for name in ("businesses", "completeness_sum", "completeness_n", "active", "medium", "reporting"):
            into[name] += row.get(name) or 0
        into["workers"] += row.get("workers") or 0
        into["production"] += row.get("production") or Decimal(0)
    for into in out.values():
        n = into.pop("completeness_n")
        total = into.pop("completeness_sum")
        into["completeness"] = total / n if n else None
    return out


def _distribution(rolled: dict[Any, dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """Businesses, reporting, workers and production per key (kecamatan, division, group)."""
    rows = []
    for code, figures in rolled.items():
        businesses = figures["businesses"]
        rows.append(
            {
                "code": code or "",
                "name": names.get(code, code) if code else _("(belum diisi)"),
                "businesses": businesses,
                "completeness": figures["completeness"],
                "reporting": figures["reporting"],
                "reporting_share": figures["reporting"] / businesses if businesses else None,
                "workers": figures["workers"],
                "production": figures["production"],
            }
        )
    rows.sort(key=lambda r: (-r["businesses"], r["name"]))
    return rows


def _shade(rows: list[dict[str, Any]], *keys: str) -> None:
    for key in keys:
        for row, shade in zip(rows, charts.shade_classes([r[key] for r in rows]), strict=True):
            row[f"{key}_shade"] = shade


def _certification(user, filters: DashboardFilter, businesses: int) -> tuple[list[dict[str, Any]], int]:
    today = timezone.localdate()
    certs = _related(Legalitas.objects.restrict(user, "view"), filters)
    valid = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    counted = (
        certs.values("kind")
        .annotate(businesses=Count("usaha", distinct=True), valid=Count("usaha", distinct=True, filter=valid))
        .order_by("kind")
    )
    rows = _certification_rows(list(counted), businesses)
    # Product certificates (not the NIB, which is a business licence) are what buyers ask for.
    any_cert = certs.exclude(kind=Legalitas.Kind.NIB).aggregate(n=Count("usaha", distinct=True))["n"]
    return rows, any_cert


def _certification_rows(counted: list[dict[str, Any]], businesses: int) -> list[dict[str, Any]]:
    """Rows of (kind, businesses, valid) labelled, with their share, in the kinds' order."""
    rows = []
    labels = dict(Legalitas.Kind.choices)
    for row in counted:
        rows.append(
            {
                "kind": row["kind"],
                "label": str(labels.get(row["kind"], row["kind"])),
                "businesses": row["businesses"],
                "valid": row["valid"],
                "share": row["businesses"] / businesses if businesses else None,
            }
        )
    order = list(labels)
    rows.sort(key=lambda r: order.index(r["kind"]) if r["kind"] in order else 99)
    return rows


def _map_cells(base: QuerySet) -> list[tuple[float, float, int]]:
    rows = (
        base.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(_lat=Round("latitude", MAP_GRID), _lng=Round("longitude", MAP_GRID))
        .values("_lat", "_lng")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(float(r["_lat"]), float(r["_lng"]), r["n"]) for r in rows]


def _kecamatan_centres(base: QuerySet, names: dict[str, str]) -> list[tuple[float, float, str, int]]:
    """Kecamatan names at the mean position of their located businesses (bearings for the dot map)."""
    rows = (
        base.filter(latitude__isnull=False, longitude__isnull=False)
        .values("kecamatan_id")
        .annotate(_lat=Avg("latitude"), _lng=Avg("longitude"), _n=Count("id"))
        .order_by()
    )
    return [
        (float(r["_lat"]), float(r["_lng"]), names.get(r["kecamatan_id"], r["kecamatan_id"]), r["_n"])
        for r in rows
    ]


def _markets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    parts = [
        (_("Dalam kabupaten/kota"), summary.get("sales_local", 0)),
        (_("Kabupaten/kota lain"), summary.get("sales_other_kabupaten", 0)),
        (_("Provinsi lain"), summary.get("sales_other_province", 0)),
        (_("Ekspor"), summary.get("export", 0)),
    ]
    total = sum(Decimal(v or 0) for _label, v in parts)
    return [
        {
            "label": str(label),
            "value": Decimal(v or 0),
            "share": float(Decimal(v or 0) / total) if total else None,
        }
        for label, v in parts
    ]


# ---------------------------------------------------------------------------
# The same figures from the summary tables (see cube.py)
# ---------------------------------------------------------------------------

_NOT_SUMMARISED = object()


def _summary_scope(user) -> list[str] | None | object:
    """The kecamatan codes the user sees (None: all), or _NOT_SUMMARISED when the summary
    tables cannot answer for this user (a role whose view is not a set of kecamatan)."""
    condition = scope_q(user, "view", Usaha)
    if condition is None:
        return _NOT_SUMMARISED
    if not condition.children:
        return None
    if role_of(user) == Role.PETUGAS and hasattr(user, "scope_codes"):
        return list(user.scope_codes())
    return _NOT_SUMMARISED


def _summary_q(filters: DashboardFilter, codes: list[str] | None) -> Q:
    q = Q()
    if codes is not None:
        q &= Q(kecamatan__in=codes)
    if filters.kecamatan:
        q &= Q(kecamatan=filters.kecamatan)
    if filters.group:
        q &= Q(group=filters.group)
    return q


def _summary_growth(where: Q) -> list[dict[str, Any]]:
    sums = {name: Sum(name) for name in _REPORT_SUMS}
    return _with_growth(
        DashboardReports.objects.filter(where).values("year").annotate(**sums).order_by("year")
    )


_BUSINESS_SUMS = ("businesses", "completeness_sum", "completeness_n", "active", "medium", "never_reached")


def _grouped(qs: QuerySet, key: str | None, sums: dict[str, Any]) -> list[dict[str, Any]]:
    """SUMs per value of `key`, or one row of SUMs over everything (key None)."""
    if key is None:
        return [qs.aggregate(**sums)]
    return list(qs.values(key).annotate(**sums).order_by())


def _summary_rolled(where: Q, year: int | None) -> dict[str | None, dict[Any, dict[str, Any]]]:
    """Figures rolled up by nothing, kecamatan, division and group: GROUP BYs over the summary rows."""
    out: dict[str | None, dict[Any, dict[str, Any]]] = {}
    businesses = DashboardBusinesses.objects.filter(where)
    reports = DashboardReports.objects.filter(where, year=year)
    for key in (None, "kecamatan", "division", "group"):
        rolled: dict[Any, dict[str, Any]] = {}
        rows = _grouped(businesses, key, {n: Sum(n) for n in _BUSINESS_SUMS})
        for row in rows:
            if not row["businesses"]:
                continue  # no rows under the filter: the aggregate's empty answer
            n, total = row["completeness_n"], row["completeness_sum"]
            rolled[row.get(key)] = {
                "businesses": row["businesses"],
                "active": row["active"],
                "medium": row["medium"],
                "never_reached": row["never_reached"],
                "completeness": total / n if n else None,
                "reporting": 0,
                "workers": 0,
                "production": Decimal(0),
            }
        if year is not None:
            sums = {
                "reporting": Sum("reporting"),
                "male": Sum("workers_male"),
                "female": Sum("workers_female"),
                "production": Sum("production"),
            }
            for row in _grouped(reports, key, sums):
                if row.get(key) in rolled and row["reporting"]:
                    into = rolled[row.get(key)]
                    into["reporting"] = row["reporting"]
                    into["workers"] = (row["male"] or 0) + (row["female"] or 0)
                    into["production"] = row["production"] or Decimal(0)
        out[key] = rolled
    return out


def _summary_certification(where: Q, businesses: int) -> tuple[list[dict[str, Any]], int]:
    rows = (
        DashboardCertificates.objects.filter(where)
        .values("kind")
        .annotate(businesses=Sum("businesses"), valid=Sum("valid"))
        .order_by("kind")
    )
    by_kind = {row["kind"]: row for row in rows}
    any_cert = by_kind.pop("", {}).get("businesses") or 0
    return _certification_rows(list(by_kind.values()), businesses), any_cert


def _summary_map(
    where: Q, filters: DashboardFilter, codes: list[str] | None
) -> list[tuple[float, float, int]]:
    # The coarsest rows that still answer the filter: per cell, per (group, cell), per kecamatan.
    if filters.kecamatan or codes is not None:
        level = DashboardMapCell.PER_KECAMATAN
    elif filters.group:
        level = DashboardMapCell.PER_GROUP
    else:
        level = DashboardMapCell.PER_CELL
    rows = (
        DashboardMapCell.objects.filter(where, level=level)
        .values("lat", "lng")
        .annotate(n=Sum("n"))
        .order_by()
    )
    return [(float(r["lat"]), float(r["lng"]), r["n"]) for r in rows]


def _summary_centres(where: Q, names: dict[str, str]) -> list[tuple[float, float, str, int]]:
    rows = (
        DashboardCentre.objects.filter(where)
        .values("kecamatan")
        .annotate(_n=Sum("n"), _lat=Sum("lat_sum"), _lng=Sum("lng_sum"))
        .order_by()
    )
    return [
        (
            float(r["_lat"]) / r["_n"],
            float(r["_lng"]) / r["_n"],
            names.get(r["kecamatan"], r["kecamatan"]),
            r["_n"],
        )
        for r in rows
        if r["_n"]
    ]


# ---------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------


def build(user, filters: DashboardFilter, live: bool = False) -> Dashboard:
    """Every figure of the dashboard for this user and filter (a bounded number of queries).

    From the summary tables once they have been refreshed, live otherwise (or when `live`).
    """
    base = _businesses(user, filters)
    codes = _summary_scope(user)
    refreshed = None if live or codes is _NOT_SUMMARISED else cube.state()
    where = _summary_q(filters, codes) if refreshed else Q()  # type: ignore[arg-type]
    growth = _summary_growth(where) if refreshed else _growth(_reports(user, filters))
    years = [row["year"] for row in growth]
    year = filters.year if filters.year in years else (years[-1] if years else None)
    year_row = next((row for row in growth if row["year"] == year), _clean_sums({}))
    if refreshed:
        rolled = _summary_rolled(where, year)
    else:
        live_cube = _cube(base, year)
        rolled = {key: _roll_up(live_cube, key) for key in (None, "kecamatan", "division", "group")}
    overall = rolled[None].get(None, {})
    totals = {
        "businesses": overall.get("businesses", 0),
        "active": overall.get("active", 0),
        "completeness": overall.get("completeness"),
        "medium": overall.get("medium", 0),
    }
    basis = Basis(totals["businesses"], year_row.get("reporting", 0), totals["completeness"], year)
    summary = {**year_row, **totals}

    kecamatan_options = _kecamatan_options(user)
    groups = list(
        CommodityGroup.objects.filter(archived_at=None).order_by("order", "name").values_list("slug", "name")
    )
    divisions = dict(Kbli.objects.filter(level=Kbli.Level.GOLONGAN_POKOK).values_list("code", "title"))

    by_kecamatan = _distribution(rolled["kecamatan"], dict(kecamatan_options))
    if len(kecamatan_options) < len(by_kecamatan):
        # Businesses outside the listed kecamatan (another region in the database): name them too.
        missing = {r["code"] for r in by_kecamatan} - {c for c, _n in kecamatan_options}
        for row in by_kecamatan:
            if row["code"] in missing:
                row["name"] = row["code"]
    _shade(by_kecamatan, "businesses", "workers", "production")
    by_kbli = _distribution(
        rolled["division"], {code: f"{code} {title}" for code, title in divisions.items()}
    )
    by_group = _distribution(rolled["group"], dict(groups))
    if refreshed:
        certification, certification_any = _summary_certification(where, totals["businesses"])
        map_cells = _summary_map(where, filters, codes)  # type: ignore[arg-type]
        map_labels = _summary_centres(where, dict(kecamatan_options))
    else:
        certification, certification_any = _certification(user, filters, totals["businesses"])
        # Two light queries: merging them into one grouped by (kecamatan, cell) with coordinate
        # sums was three times slower (numeric sums over many more groups).
        map_cells = _map_cells(base)
        map_labels = _kecamatan_centres(base, dict(kecamatan_options))

    return Dashboard(
        filters=filters,
        year=year,
        years=years,
        kecamatan_options=kecamatan_options,
        group_options=groups,
        summary=summary,
        basis=basis,
        growth=growth,
        by_kecamatan=by_kecamatan,
        by_kbli=by_kbli,
        by_group=by_group,
        certification=certification,
        certification_any=certification_any,
        markets=_markets(year_row),
        map_cells=map_cells,
        map_labels=map_labels,
        featured=list(
            FeaturedProduct.objects.filter(archived_at=None).order_by("-year", "rank", "name")[:12]
        ),
        # The costly count of never-reached businesses comes from the summary when there is one.
        extra=program_sections(
            base, year, never_reached=overall.get("never_reached", 0) if refreshed else None
        ),
        refreshed_at=refreshed.refreshed_at if refreshed else None,
    )


def parse_filters(params: Any) -> DashboardFilter:
    """Filters from query parameters (tahun, kecamatan, kelompok); junk is ignored, not an error."""
    year_text = (params.get("tahun") or "").strip()
    year = int(year_text) if year_text.isdigit() and 1900 < int(year_text) < 2200 else None
    kecamatan = (params.get("kecamatan") or "").strip() or None
    if kecamatan and not kecamatan.startswith(settings.SIMPUL_HOME_REGION.split(".")[0]):
        kecamatan = None
    group = (params.get("kelompok") or "").strip() or None
    return DashboardFilter(year=year, kecamatan=kecamatan, group=group)


def charts_for(dashboard: Dashboard) -> dict[str, Any]:
    """The SVG chart geometry of a dashboard (shared by the page and the PDF)."""
    s = dashboard.summary
    return {
        "workers_by_year": charts.column_chart([(str(r["year"]), r["workers"]) for r in dashboard.growth]),
        "production_by_year": charts.column_chart(
            [(str(r["year"]), r["production"]) for r in dashboard.growth],
            fmt=formatting.rupiah_short,
            colour=charts.PALETTE[1],
        ),
        "gender": charts.stacked_bar(
            [(_("Laki-laki"), s.get("workers_male", 0)), (_("Perempuan"), s.get("workers_female", 0))]
        ),
        "markets": charts.stacked_bar(
            [(m["label"], m["value"]) for m in dashboard.markets], fmt=formatting.rupiah_short
        ),
        "kecamatan": charts.bar_chart([(r["name"], r["businesses"]) for r in dashboard.by_kecamatan[:15]]),
        "kbli": charts.bar_chart([(r["name"], r["businesses"]) for r in dashboard.by_kbli[:12]]),
        "group": charts.bar_chart([(r["name"], r["businesses"]) for r in dashboard.by_group]),
        "certification": charts.bar_chart([(r["label"], r["businesses"]) for r in dashboard.certification]),
        "map": charts.dot_map(dashboard.map_cells, dashboard.map_labels),
    }
