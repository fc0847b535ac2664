"""Indicator tables: built from the registry with GROUP BY queries, read back as sector series.

A registry table is one aggregate query over the yearly reports
(`LaporanTahunan`) grouped by region, sector and year — never a query per
business — plus one query each for the region and sector names. What was
asked is kept in `IndicatorTable.spec`, so the table can be rebuilt later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, DecimalField, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.analytics.models import IndicatorTable, IndicatorValue
from simpul.classifications.models import CommodityGroup, Kbli
from simpul.regions.models import Region
from simpul.registry.models import LaporanTahunan

#: Pseudo-region meaning "the sum over every region of the table" (e.g. the kabupaten
#: as reference for its kecamatan).
ALL_REGIONS = "*"

_MONEY = DecimalField(max_digits=30, decimal_places=6)


def _money(*names: str):
    """Sum of nullable money columns of a report, missing parts counted as 0."""
    total = None
    for name in names:
        part = Coalesce(F(name), Value(Decimal(0)), output_field=_MONEY)
        total = part if total is None else total + part
    return total


@dataclass(frozen=True)
class RegistryMeasure:
    """A figure the registry can total by region, sector and year."""

    label: Any
    unit: Any
    table_measure: str
    aggregate: Any


REGISTRY_MEASURES: dict[str, RegistryMeasure] = {
    "jumlah_usaha": RegistryMeasure(
        gettext_lazy("Jumlah usaha yang melapor"),
        gettext_lazy("unit usaha"),
        IndicatorTable.Measure.BUSINESSES,
        Count("usaha", distinct=True),
    ),
    "tenaga_kerja": RegistryMeasure(
        gettext_lazy("Tenaga kerja"),
        gettext_lazy("orang"),
        IndicatorTable.Measure.WORKERS,
        Sum(F("workforce_male") + F("workforce_female")),
    ),
    "tenaga_kerja_l": RegistryMeasure(
        gettext_lazy("Tenaga kerja laki-laki"),
        gettext_lazy("orang"),
        IndicatorTable.Measure.WORKERS,
        Sum("workforce_male"),
    ),
    "tenaga_kerja_p": RegistryMeasure(
        gettext_lazy("Tenaga kerja perempuan"),
        gettext_lazy("orang"),
        IndicatorTable.Measure.WORKERS,
        Sum("workforce_female"),
    ),
    "nilai_produksi": RegistryMeasure(
        gettext_lazy("Nilai produksi"),
        "Rp",
        IndicatorTable.Measure.PRODUCTION,
        Sum(_money("production_value")),
    ),
    "investasi": RegistryMeasure(
        gettext_lazy("Investasi (mesin, lainnya, tanah dan bangunan)"),
        "Rp",
        IndicatorTable.Measure.INVESTMENT,
        Sum(_money("investment_machines", "investment_other", "investment_land_buildings")),
    ),
    "ekspor": RegistryMeasure(
        gettext_lazy("Penjualan ekspor"), "Rp", IndicatorTable.Measure.EXPORT, Sum(_money("sales_export"))
    ),
}

#: Region level -> (label, the code expression of a report's business at that level, IndicatorTable level).
REGION_LEVELS: dict[str, tuple[Any, Any, int]] = {
    "provinsi": (gettext_lazy("Provinsi"), Substr("usaha__kecamatan_id", 1, 2), 1),
    "kabupaten": (gettext_lazy("Kabupaten/Kota"), Substr("usaha__kecamatan_id", 1, 5), 2),
    "kecamatan": (gettext_lazy("Kecamatan"), F("usaha__kecamatan_id"), 3),
    "desa": (gettext_lazy("Desa/Kelurahan"), F("usaha__desa_id"), 4),
}

#: Sector kind -> (label, the sector expression, IndicatorTable sector kind).
SECTOR_KINDS: dict[str, tuple[Any, Any, str]] = {
    "kbli": (gettext_lazy("Golongan pokok KBLI"), Substr("usaha__kbli_id", 1, 2), "kbli"),
    "kelompok": (gettext_lazy("Kelompok komoditas"), F("usaha__group__slug"), "kelompok"),
}


@dataclass(frozen=True)
class RegistrySpec:
    """What to total: a measure, by which sector and region level, for which years (empty: all)."""

    measure: str
    sector_by: str = "kbli"
    region_by: str = "kecamatan"
    years: tuple[int, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.measure not in REGISTRY_MEASURES:
            raise ValueError(f"Unknown measure {self.measure!r}")
        if self.sector_by not in SECTOR_KINDS:
            raise ValueError(f"Unknown sector kind {self.sector_by!r}")
        if self.region_by not in REGION_LEVELS:
            raise ValueError(f"Unknown region level {self.region_by!r}")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["years"] = list(self.years)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RegistrySpec:
        return cls(
            measure=data["measure"],
            sector_by=data.get("sector_by", "kbli"),
            region_by=data.get("region_by", "kecamatan"),
            years=tuple(int(y) for y in data.get("years", ())),
        )


@dataclass(frozen=True)
class Cell:
    """One aggregated value with its names."""

    region: str
    region_label: str
    sector: str
    sector_label: str
    year: int
    value: Decimal


def reports_for(user) -> QuerySet:
    """The yearly reports a user may see, of businesses that still count (not archived, not merged)."""
    return LaporanTahunan.objects.restrict(user, "view").filter(
        archived_at=None, usaha__archived_at=None, usaha__merged_into=None
    )


def registry_cells(spec: RegistrySpec, reports: QuerySet) -> tuple[list[Cell], int]:
    """Aggregate `reports` as asked; returns the cells and how many reports had no sector.

    Three queries however many businesses: the GROUP BY, region names, sector names.
    """
    _label, sector_expr, _kind = SECTOR_KINDS[spec.sector_by]
    _rlabel, region_expr, _level = REGION_LEVELS[spec.region_by]
    if spec.years:
        reports = reports.filter(year__in=spec.years)
    measure = REGISTRY_MEASURES[spec.measure]
    sector_lookup = "usaha__kbli" if spec.sector_by == "kbli" else "usaha__group"
    grouped = (
        reports.filter(**{f"{sector_lookup}__isnull": False})
        .annotate(_region=region_expr, _sector=sector_expr)
        .values("_region", "_sector", "year")
        .annotate(_value=measure.aggregate)
        .order_by("_region", "_sector", "year")
    )
    rows = list(grouped)
    unclassified = reports.filter(**{f"{sector_lookup}__isnull": True}).count()
    regions = _region_names({row["_region"] for row in rows})
    sectors = _sector_names(spec.sector_by, {row["_sector"] for row in rows})
    cells = [
        Cell(
            region=row["_region"],
            region_label=regions.get(row["_region"], row["_region"]),
            sector=row["_sector"],
            sector_label=sectors.get(row["_sector"], row["_sector"]),
            year=row["year"],
            value=Decimal(row["_value"] or 0),
        )
        for row in rows
    ]
    return cells, unclassified


def _region_names(codes: Iterable[str]) -> dict[str, str]:
    return {r.code: str(r) for r in Region.objects.filter(code__in=list(codes))}


def _sector_names(kind: str, codes: Iterable[str]) -> dict[str, str]:
    codes = list(codes)
    if kind == "kbli":
        return {
            code: f"{code} {title}"
            for code, title in Kbli.objects.filter(code__in=codes).values_list("code", "title")
        }
    return dict(CommodityGroup.objects.filter(slug__in=codes).values_list("slug", "name"))


def _lower_first(text: str) -> str:
    """ "Golongan pokok KBLI" -> "golongan pokok KBLI" (acronyms keep their capitals)."""
    return text[:1].lower() + text[1:]


def default_name(spec: RegistrySpec) -> str:
    measure = REGISTRY_MEASURES[spec.measure].label
    sector = SECTOR_KINDS[spec.sector_by][0]
    region = REGION_LEVELS[spec.region_by][0]
    return _("%(measure)s per %(sector)s dan %(region)s (basis data IKM)") % {
        "measure": measure,
        "sector": _lower_first(str(sector)),
        "region": _lower_first(str(region)),
    }


@transaction.atomic
def build_registry_table(spec: RegistrySpec, user, name: str = "", notes: str = "") -> IndicatorTable:
    """Create an indicator table from the registry as the user sees it."""
    cells, unclassified = registry_cells(spec, reports_for(user))
    measure = REGISTRY_MEASURES[spec.measure]
    remark = notes
    if unclassified:
        remark = (remark + "\n" if remark else "") + _(
            "%(n)d laporan tahunan tanpa %(kind)s tidak dihitung."
        ) % {
            "n": unclassified,
            "kind": _lower_first(str(SECTOR_KINDS[spec.sector_by][0])),
        }
    table = IndicatorTable.objects.create(
        name=name or default_name(spec),
        source=IndicatorTable.Source.REGISTRY,
        measure=measure.table_measure,
        unit=str(measure.unit),
        sector_kind=SECTOR_KINDS[spec.sector_by][2],
        region_level=REGION_LEVELS[spec.region_by][2],
        notes=remark,
        citation=_("Basis data IKM Simpul (laporan tahunan usaha)"),
        spec={"registry": spec.as_dict()},
        created_by=user,
    )
    save_values(table, cells)
    return table


def save_values(table: IndicatorTable, cells: Iterable[Cell]) -> int:
    """Insert the cells of a table in batches."""
    objs = [
        IndicatorValue(
            table=table,
            region=c.region,
            region_label=c.region_label,
            sector=c.sector,
            sector_label=c.sector_label,
            year=c.year,
            value=c.value,
        )
        for c in cells
    ]
    IndicatorValue.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


# ---------------------------------------------------------------------------
# Reading tables back
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableOutline:
    """What a table holds: its regions (code -> label), sectors (code -> label) and years."""

    regions: dict[str, str]
    sectors: dict[str, str]
    years: list[int]


def outline(table: IndicatorTable) -> TableOutline:
    """Regions, sectors and years of a table (three small DISTINCT queries)."""
    values = table.values.all()
    regions = dict(values.order_by("region").values_list("region", "region_label").distinct())
    sectors = dict(values.order_by("sector").values_list("sector", "sector_label").distinct())
    years = sorted(set(values.values_list("year", flat=True).distinct()))
    return TableOutline(
        regions={k: v or k for k, v in regions.items()},
        sectors={k: v or k for k, v in sectors.items()},
        years=years,
    )


def series(table: IndicatorTable | int, region: str, year: int) -> dict[str, Decimal]:
    """Sector -> value of one region (or ALL_REGIONS, their sum) in one year; one query."""
    table_id = table if isinstance(table, int) else table.pk
    values = IndicatorValue.objects.filter(table_id=table_id, year=year)
    if region != ALL_REGIONS:
        values = values.filter(region=region)
    rows = values.values("sector").annotate(total=Sum("value")).order_by("sector")
    return {row["sector"]: Decimal(row["total"]) for row in rows}


def sector_labels(table_ids: Iterable[int]) -> dict[str, str]:
    """Sector code -> label over several tables (first label wins)."""
    labels: dict[str, str] = {}
    rows = (
        IndicatorValue.objects.filter(table_id__in=list(table_ids))
        .values_list("sector", "sector_label")
        .distinct()
    )
    for sector, label in rows:
        labels.setdefault(sector, label or sector)
    return labels


def pivot(table: IndicatorTable, limit: int = 2000) -> tuple[list[int], list[dict[str, Any]]]:
    """Rows region × sector with a value per year, for the table page and its export."""
    years: set[int] = set()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for v in table.values.order_by("region", "sector", "year").values(
        "region", "region_label", "sector", "sector_label", "year", "value"
    )[: limit * 50]:
        years.add(v["year"])
        key = (v["region"], v["sector"])
        row = rows.setdefault(
            key,
            {
                "region": v["region_label"] or v["region"],
                "sector": v["sector_label"] or v["sector"],
                "values": {},
            },
        )
        row["values"][v["year"]] = v["value"]
    ordered = sorted(years)
    result = []
    for row in list(rows.values())[:limit]:
        row["cells"] = [row["values"].get(y) for y in ordered]
        result.append(row)
    return ordered, result
