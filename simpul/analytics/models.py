"""Indicator tables, saved analysis runs and the region's featured products.

An *indicator table* is a grid of numbers by region, sector and year, built
from the registry or imported from a BPS-style spreadsheet. An *analysis run*
keeps what a method was given (a snapshot of the inputs), how it was asked
(parameters) and what it answered (results), so the same figures can be
recomputed, compared and cited later even if the tables change. A *featured
product* is the analyst's decision that a product is one of the region's
produk unggulan, with the run that supports it.

Who may do what (see README.md in this folder): the office roles (admin,
petugas, pimpinan) read everything here; they may build or import tables and
save runs; only admin and pimpinan designate featured products and archive.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.models import SimpulModel
from simpul.core.roles import Role
from simpul.core.scoping import Access

OFFICE = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
#: Policy decisions (featured products) and removing shared work belong to the leadership.
ANALYSTS = frozenset({Role.ADMIN, Role.PIMPINAN})


class IndicatorTable(SimpulModel):
    """A table of values by region, sector and year (e.g. PDRB by lapangan usaha)."""

    class Source(models.TextChoices):
        REGISTRY = "registry", _("Basis data IKM")
        IMPORT = "impor", _("Impor berkas")

    class Measure(models.TextChoices):
        PDRB = "pdrb", _("PDRB")
        WORKERS = "tenaga_kerja", _("Tenaga kerja")
        PRODUCTION = "nilai_produksi", _("Nilai produksi")
        INVESTMENT = "investasi", _("Investasi")
        BUSINESSES = "jumlah_usaha", _("Jumlah usaha")
        EXPORT = "ekspor", _("Nilai ekspor")
        OTHER = "lainnya", _("Lainnya")

    class SectorKind(models.TextChoices):
        KBLI = "kbli", _("Golongan pokok KBLI")
        GROUP = "kelompok", _("Kelompok komoditas")
        LABEL = "label", _("Label bebas (mis. lapangan usaha BPS)")

    class RegionLevel(models.IntegerChoices):
        PROVINSI = 1, _("Provinsi")
        KABKOTA = 2, _("Kabupaten/Kota")
        KECAMATAN = 3, _("Kecamatan")
        DESA = 4, _("Desa/Kelurahan")
        OTHER = 0, _("Lainnya / campuran")

    name = models.CharField(_("nama tabel"), max_length=200)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    measure = models.CharField(_("ukuran"), max_length=20, choices=Measure.choices)
    unit = models.CharField(_("satuan"), max_length=50, help_text=_("Mis. juta Rp, orang, unit."))
    sector_kind = models.CharField(_("jenis sektor"), max_length=10, choices=SectorKind.choices)
    region_level = models.PositiveSmallIntegerField(_("tingkat wilayah"), choices=RegionLevel.choices)
    notes = models.TextField(_("catatan"), blank=True)
    citation = models.CharField(
        _("sumber kutipan"),
        max_length=300,
        blank=True,
        help_text=_("Mis. BPS Provinsi Jawa Timur, PDRB menurut Lapangan Usaha 2019–2023, tabel 3.2."),
    )
    #: How a registry table was built (measure, grouping, filters), so it can be rebuilt.
    spec = models.JSONField(_("spesifikasi"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    access = Access(view=OFFICE, add=OFFICE, change=OFFICE, archive=ANALYSTS, export=OFFICE)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tabel indikator")
        verbose_name_plural = _("tabel indikator")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analytics:indicator_detail", args=[self.pk])


class IndicatorValue(models.Model):
    """One number of an indicator table: region × sector × year."""

    table = models.ForeignKey(IndicatorTable, on_delete=models.CASCADE, related_name="values")
    #: A Kemendagri code ("35.23.01") for registry tables, the text of the file for imports.
    region = models.CharField(_("wilayah"), max_length=100)
    region_label = models.CharField(_("nama wilayah"), max_length=200, blank=True)
    sector = models.CharField(_("sektor"), max_length=100)
    sector_label = models.CharField(_("nama sektor"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("nilai"), max_digits=30, decimal_places=6)

    class Meta:
        ordering = ["table", "region", "sector", "year"]
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "region", "sector", "year"], name="indicator_value_unique"
            )
        ]
        indexes = [models.Index(fields=["table", "year"])]

    def __str__(self) -> str:
        return f"{self.region} · {self.sector} · {self.year}: {self.value}"


class AnalysisRun(SimpulModel):
    """A saved analysis: parameters + input snapshot + results, reproducible and citable."""

    class Method(models.TextChoices):
        SECTOR = "sektor", _("Analisis sektor (LQ, Shift-Share, Klassen)")
        AHP = "ahp", _("AHP (bobot kriteria)")
        KAJIAN = "kajian", _("Kajian produk unggulan (MPE / Bayes)")

    method = models.CharField(_("metode"), max_length=10, choices=Method.choices)
    title = models.CharField(_("judul"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)
    parameters = models.JSONField(_("parameter"), default=dict)
    #: The numbers the methods received, as exact decimal strings: re-running reads only these.
    inputs = models.JSONField(_("data masukan"), default=dict)
    results = models.JSONField(_("hasil"), default=dict)
    tables = models.ManyToManyField(
        IndicatorTable, blank=True, related_name="runs", verbose_name=_("tabel indikator")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    access = Access(view=OFFICE, add=OFFICE, change=ANALYSTS, archive=ANALYSTS, export=OFFICE)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("analisis tersimpan")
        verbose_name_plural = _("analisis tersimpan")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analytics:run_detail", args=[self.pk])

    @property
    def formula_names(self) -> list[str]:
        """The formulas used, e.g. ["LQ", "Shift-Share"], for headings and citations."""
        from simpul.analytics.runs import FORMULA_LABELS

        return [str(FORMULA_LABELS.get(code, code)) for code in self.parameters.get("methods", [])]


class FeaturedProduct(SimpulModel):
    """A product the region designates as produk unggulan, and the analysis behind it."""

    name = models.CharField(_("produk unggulan"), max_length=200)
    kbli = models.ForeignKey(
        Kbli, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("KBLI")
    )
    group = models.ForeignKey(
        CommodityGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelompok komoditas"),
    )
    year = models.PositiveSmallIntegerField(_("tahun penetapan"))
    run = models.ForeignKey(
        AnalysisRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured",
        verbose_name=_("kajian"),
    )
    rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    score = models.FloatField(_("nilai"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    legal_basis = models.CharField(_("dasar penetapan"), max_length=300, blank=True)
    #: Id of a clusters.Kawasan; a plain number so analytics does not depend on the clusters app.
    kawasan_id = models.PositiveIntegerField(_("kawasan"), null=True, blank=True, db_index=True)

    access = Access(view=OFFICE, add=ANALYSTS, change=ANALYSTS, archive=ANALYSTS, export=OFFICE)

    class Meta:
        ordering = ["-year", "rank", "name"]
        verbose_name = _("produk unggulan")
        verbose_name_plural = _("produk unggulan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analytics:featured_list")

    @property
    def kawasan(self):
        """The linked kawasan when the clusters app is installed, else None."""
        from simpul.analytics.optional import kawasan_by_id

        return kawasan_by_id(self.kawasan_id)


# ---------------------------------------------------------------------------
# Dashboard summary tables (rebuilt by simpul.analytics.cube.refresh)
# ---------------------------------------------------------------------------
#
# Pre-aggregated rows at the grain of the dashboard's filters (kecamatan,
# commodity group) and of what it groups by (KBLI division, year, certificate
# kind, map cell). Each business sits in exactly one kecamatan, division and
# group, so counts of distinct businesses per row add up across rows: every
# figure is a SUM over the rows that match the filter. Plain codes, not foreign
# keys: the tables are thrown away and rebuilt whole, and must not block
# deleting a region or group.


class DashboardBusinesses(models.Model):
    """Businesses counted on the dashboard, per (kecamatan, KBLI division, commodity group)."""

    kecamatan = models.CharField(max_length=40, null=True, db_index=True)
    division = models.CharField(max_length=2, null=True)
    group = models.CharField(max_length=100, null=True)
    businesses = models.PositiveIntegerField(default=0)
    completeness_sum = models.BigIntegerField(default=0)
    completeness_n = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    medium = models.PositiveIntegerField(default=0)
    #: Active businesses no program ever reached (0 without the programs app).
    never_reached = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kecamatan} {self.division} {self.group}: {self.businesses}"


class DashboardReports(models.Model):
    """Sums of the yearly reports of counted businesses, per (year, kecamatan, division, group)."""

    year = models.PositiveSmallIntegerField(db_index=True)
    kecamatan = models.CharField(max_length=40, null=True, db_index=True)
    division = models.CharField(max_length=2, null=True)
    group = models.CharField(max_length=100, null=True)
    reporting = models.PositiveIntegerField(default=0)
    workers_male = models.BigIntegerField(default=0)
    workers_female = models.BigIntegerField(default=0)
    investment = models.DecimalField(max_digits=30, decimal_places=6, default=0)
    production = models.DecimalField(max_digits=30, decimal_places=6, default=0)
    sales_local = models.DecimalField(max_digits=30, decimal_places=6, default=0)
    sales_other_kabupaten = models.DecimalField(max_digits=30, decimal_places=6, default=0)
    sales_other_province = models.DecimalField(max_digits=30, decimal_places=6, default=0)
    export = models.DecimalField(max_digits=30, decimal_places=6, default=0)
    exporters = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year} {self.kecamatan} {self.division} {self.group}: {self.reporting}"


class DashboardCertificates(models.Model):
    """Distinct businesses holding a certificate kind (and a valid one), per (kecamatan, group).

    `kind` "" holds the businesses with any product certificate (every kind but the NIB).
    "Valid" is judged on the day of the refresh.
    """

    kecamatan = models.CharField(max_length=40, null=True, db_index=True)
    group = models.CharField(max_length=100, null=True)
    kind = models.CharField(max_length=10)
    businesses = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kecamatan} {self.group} {self.kind}: {self.businesses}"


class DashboardMapCell(models.Model):
    """Located businesses per map cell, at three levels of detail.

    Level 0 rows, per (kecamatan, group, cell), serve a kecamatan filter or a
    petugas's scope; level 1, per (group, cell), a group filter; level 2, per
    cell, the unfiltered map — a read of the cells alone rather than of every
    (kecamatan, cell) pair, of which a province has hundreds of thousands.
    """

    PER_KECAMATAN, PER_GROUP, PER_CELL = 0, 1, 2

    level = models.PositiveSmallIntegerField(default=0)
    kecamatan = models.CharField(max_length=40, null=True)
    group = models.CharField(max_length=100, null=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6)
    lng = models.DecimalField(max_digits=9, decimal_places=6)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["level", "kecamatan"], name="analytics_mapcell_scope")]

    def __str__(self) -> str:
        return f"{self.lat},{self.lng}: {self.n}"


class DashboardCentre(models.Model):
    """Sums of the positions of located businesses per (kecamatan, group): the map's labels."""

    kecamatan = models.CharField(max_length=40, null=True)
    group = models.CharField(max_length=100, null=True)
    n = models.PositiveIntegerField(default=0)
    lat_sum = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    lng_sum = models.DecimalField(max_digits=20, decimal_places=6, default=0)

    def __str__(self) -> str:
        return f"{self.kecamatan} {self.group}: {self.n}"


class DashboardState(models.Model):
    """One row: when the summary tables were last rebuilt and how long it took."""

    refreshed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    #: Businesses in the registry at the refresh: below SIMPUL_DASHBOARD_SUMMARY_FROM the dashboard reads live.
    businesses = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"
