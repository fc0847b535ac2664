"""Places and products a region develops: sentra IKM, kawasan produk unggulan and OVOP.

* A **sentra** is a group of at least five IKM units making similar products
  in one place; its members are registry businesses (`Keanggotaan`).
* A **kawasan produk unggulan** is a zone fixed by regulation: a set of desa,
  a theme, its sentra and featured products, partners and tourism information.
* An **OVOP** assessment designates a product of a business in a desa for a
  year, scored on an office-editable sheet (`OvopAspect`) and rated 1–5 stars.

Screens and the API are for the office (admin, petugas, pimpinan); a petugas
limited to some kecamatan sees the sentra, kawasan and OVOP there. Every
model also holds what the public catalog pages will need (slug, public flag,
description, photos, tourism information).
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.clusters import ovop
from simpul.core.models import ArchivableQuerySet, SimpulModel
from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet
from simpul.regions.models import Region
from simpul.registry.models import Pelaku, Produk, Usaha

_ADMIN = frozenset({Role.ADMIN})
_OFFICE = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
_LAT = [MinValueValidator(-11), MaxValueValidator(6)]
_LNG = [MinValueValidator(95), MaxValueValidator(141)]
_PUBLIC = Q(is_public=True, archived_at=None)


def _coordinate(label: str, validators: list) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=9, decimal_places=6, null=True, blank=True, validators=validators
    )


def unique_slug(model: type[models.Model], name: str, pk: int | None) -> str:
    """A slug from the name, suffixed -2, -3… when another row already has it."""
    base = slugify(name)[:70] or "tanpa-nama"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def validate_area_geojson(value: str) -> None:
    """An outline is a GeoJSON Polygon or MultiPolygon (bare, as a Feature or a FeatureCollection)."""
    if not value.strip():
        return
    try:
        data = json.loads(value)
    except ValueError as exc:
        raise ValidationError(_("Batas wilayah bukan GeoJSON yang sah.")) from exc
    geometries = _geometries(data)
    if not geometries or any(g.get("type") not in ("Polygon", "MultiPolygon") for g in geometries):
        raise ValidationError(_("Batas wilayah harus berupa Polygon atau MultiPolygon GeoJSON."))
    for geometry in geometries:
        if not isinstance(geometry.get("coordinates"), list) or not geometry["coordinates"]:
            raise ValidationError(_("Batas wilayah tidak memuat koordinat."))


def _geometries(data) -> list[dict]:
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "FeatureCollection":
        return [g for f in data.get("features") or [] for g in _geometries(f)]
    if kind == "Feature":
        return _geometries(data.get("geometry"))
    return [data]


class ClusterQuerySet(ArchivableQuerySet):
    def published(self) -> ClusterQuerySet:
        """What the public catalog may show."""
        return self.filter(_PUBLIC)


def _count_of(queryset: models.QuerySet, key: str) -> Coalesce:
    """A correlated COUNT over `queryset` grouped by `key`: no join, so other filters cannot inflate it."""
    counted = queryset.values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class SentraQuerySet(ClusterQuerySet):
    def with_counts(self) -> SentraQuerySet:
        """Annotate `n_members` (all members) and `n_active` (those that count for the rule of five)."""
        members = Keanggotaan.objects.filter(sentra=OuterRef("pk"))
        return self.annotate(
            n_members=_count_of(members, "sentra"),
            n_active=_count_of(members.filter(Keanggotaan.counts_q()), "sentra"),
        )


class KawasanQuerySet(ClusterQuerySet):
    def with_counts(self) -> KawasanQuerySet:
        """Annotate `n_desa` and `n_sentra` without joins (a scoped filter on desa would inflate a JOIN count)."""
        return self.annotate(
            n_desa=_count_of(Kawasan.desa.through.objects.filter(kawasan=OuterRef("pk")), "kawasan"),
            n_sentra=_count_of(Kawasan.sentra.through.objects.filter(kawasan=OuterRef("pk")), "kawasan"),
        )


class Sentra(SimpulModel):
    """A sentra IKM: at least five units making similar products in one place."""

    #: The rule of a sentra: at least this many active member units.
    MIN_MEMBERS = 5

    class Status(models.TextChoices):
        USULAN = "usulan", _("Usulan")
        AKTIF = "aktif", _("Aktif")
        TIDAK_AKTIF = "tidak_aktif", _("Tidak aktif")

    name = models.CharField(_("nama sentra"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
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
    product_focus = models.CharField(
        _("produk utama"), max_length=200, blank=True, help_text=_("Mis. batik warna alam, tahu-tempe.")
    )
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    kecamatan = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan"), editable=False
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    latitude = _coordinate(_("lintang"), _LAT)
    longitude = _coordinate(_("bujur"), _LNG)
    area_geojson = models.TextField(
        _("batas wilayah (GeoJSON)"),
        blank=True,
        validators=[validate_area_geojson],
        help_text=_("Opsional: Polygon atau MultiPolygon GeoJSON, koordinat bujur-lintang."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AKTIF, db_index=True
    )
    established_year = models.PositiveSmallIntegerField(
        _("tahun berdiri"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    coordinator = models.ForeignKey(
        Pelaku,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("koordinator (pelaku anggota)"),
    )
    coordinator_name = models.CharField(_("nama koordinator"), max_length=150, blank=True)
    coordinator_phone = models.CharField(_("HP koordinator"), max_length=20, blank=True)
    members = models.ManyToManyField(
        Usaha, through="Keanggotaan", related_name="sentra", verbose_name=_("anggota")
    )
    photo = models.ImageField(_("foto utama"), upload_to="sentra/%Y/", blank=True)
    is_public = models.BooleanField(_("tampil di katalog publik"), default=False)

    objects = SentraQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"], m2m_fields=[])
    access = Access(region="kecamatan", public=_PUBLIC)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sentra IKM")
        verbose_name_plural = _("sentra IKM")
        indexes = [models.Index(fields=["kecamatan", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:sentra_detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        if self.desa_id:
            self.kecamatan_id = self.desa_id.rsplit(".", 1)[0]
        if self.kbli_id and not self.group_id:
            self.group_id = (
                Kbli.objects.filter(code=self.kbli_id[:2]).values_list("group_id", flat=True).first()
            )
        if not self.slug:
            self.slug = unique_slug(Sentra, self.name, self.pk)
        super().save(*args, **kwargs)

    def active_member_count(self) -> int:
        """Members that count for the rule: active businesses, not archived."""
        return self.keanggotaan.filter(Keanggotaan.counts_q()).count()

    @classmethod
    def meets_rule(cls, active_members: int) -> bool:
        return active_members >= cls.MIN_MEMBERS

    @property
    def coordinator_label(self) -> str:
        return str(self.coordinator) if self.coordinator_id else self.coordinator_name


class Keanggotaan(models.Model):
    """A business as a member of a sentra."""

    sentra = models.ForeignKey(Sentra, on_delete=models.CASCADE, related_name="keanggotaan")
    usaha = models.ForeignKey(
        Usaha, on_delete=models.CASCADE, related_name="sentra_keanggotaan", verbose_name=_("usaha")
    )
    joined_on = models.DateField(_("bergabung sejak"), default=timezone.localdate)
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        ordering = ["usaha__name"]
        verbose_name = _("keanggotaan sentra")
        verbose_name_plural = _("keanggotaan sentra")
        constraints = [models.UniqueConstraint(fields=["sentra", "usaha"], name="keanggotaan_unique")]

    def __str__(self) -> str:
        return f"{self.usaha} – {self.sentra}"

    @staticmethod
    def counts_q(prefix: str = "") -> Q:
        """Members that count toward the rule of five: the business is active and not archived."""
        return Q(**{f"{prefix}usaha__status": Usaha.Status.AKTIF, f"{prefix}usaha__archived_at": None})


class FasilitasSentra(SimpulModel):
    """A shared facility of a sentra: UPT, shared machines, a showroom, a warehouse."""

    class Kind(models.TextChoices):
        UPT = "upt", _("UPT / rumah produksi bersama")
        MESIN = "mesin", _("Mesin/peralatan bersama")
        SHOWROOM = "showroom", _("Showroom / galeri")
        GUDANG = "gudang", _("Gudang bahan baku")
        IPAL = "ipal", _("Pengolahan limbah (IPAL)")
        LAINNYA = "lainnya", _("Lainnya")

    sentra = models.ForeignKey(
        Sentra, on_delete=models.CASCADE, related_name="fasilitas", verbose_name=_("sentra")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nama fasilitas"), max_length=200)
    quantity = models.PositiveSmallIntegerField(_("jumlah"), default=1)
    source = models.CharField(_("sumber/bantuan dari"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("tahun"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    condition = models.CharField(_("kondisi"), max_length=100, blank=True)

    access = Access(region="sentra__kecamatan")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("fasilitas bersama")
        verbose_name_plural = _("fasilitas bersama")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.sentra.get_absolute_url() + "#fasilitas"


class SentraFoto(models.Model):
    """A photo of a sentra for its page and the public catalog."""

    sentra = models.ForeignKey(
        Sentra, on_delete=models.CASCADE, related_name="fotos", verbose_name=_("sentra")
    )
    image = models.ImageField(_("foto"), upload_to="sentra/%Y/")
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = ScopedQuerySet.as_manager()
    access = Access(region="sentra__kecamatan")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("foto sentra")
        verbose_name_plural = _("foto sentra")

    def __str__(self) -> str:
        return self.caption or str(_("Foto sentra"))

    def get_absolute_url(self) -> str:
        return self.sentra.get_absolute_url() + "#foto"


class Kawasan(SimpulModel):
    """A kawasan produk unggulan: desa fixed by regulation around a theme, often a tourist destination.

    Its businesses (for the figures) are the members of its sentra plus every
    business located in its desa; see `rollup.kawasan_businesses`.
    """

    class LegalKind(models.TextChoices):
        PERBUP = "perbup", _("Peraturan Bupati")
        PERWALI = "perwali", _("Peraturan Wali Kota")
        PERDA = "perda", _("Peraturan Daerah")
        KEPUTUSAN = "keputusan", _("Keputusan Bupati/Wali Kota")
        LAINNYA = "lainnya", _("Lainnya")

    name = models.CharField(_("nama kawasan"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    theme = models.CharField(_("tema"), max_length=200, help_text=_("Mis. kerajinan bambu, bunga, pangan."))
    description = models.TextField(_("keterangan"), blank=True)
    desa = models.ManyToManyField(
        Region, related_name="+", verbose_name=_("desa/kelurahan"), limit_choices_to={"level": 4}
    )
    legal_kind = models.CharField(
        _("jenis dasar hukum"), max_length=10, choices=LegalKind.choices, blank=True
    )
    legal_number = models.CharField(_("nomor dasar hukum"), max_length=100, blank=True)
    legal_date = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    legal_document = models.FileField(
        _("dokumen dasar hukum"), upload_to="kawasan/dasar-hukum/%Y/", blank=True
    )
    sentra = models.ManyToManyField(Sentra, blank=True, related_name="kawasan", verbose_name=_("sentra"))
    products = models.ManyToManyField(
        Produk, blank=True, related_name="+", verbose_name=_("produk unggulan yang ditampilkan")
    )
    partners = models.TextField(
        _("lembaga mitra"), blank=True, help_text=_("Satu per baris: dinas, asosiasi wisata, bank, CSR.")
    )
    attractions = models.TextField(_("yang dapat dilihat"), blank=True)
    directions = models.TextField(_("cara menuju lokasi"), blank=True)
    opening_hours = models.CharField(_("jam kunjungan"), max_length=200, blank=True)
    visitor_contact = models.CharField(_("kontak kunjungan"), max_length=200, blank=True)
    latitude = _coordinate(_("lintang titik kunjungan"), _LAT)
    longitude = _coordinate(_("bujur titik kunjungan"), _LNG)
    photo = models.ImageField(_("foto utama"), upload_to="kawasan/%Y/", blank=True)
    is_public = models.BooleanField(_("tampil di katalog publik"), default=False)

    objects = KawasanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"], m2m_fields=[])
    # A kawasan may span kecamatan; a petugas limited to some kecamatan sees
    # (and keeps) the kawasan that touch them.
    access = Access(region="desa__parent", public=_PUBLIC)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kawasan produk unggulan")
        verbose_name_plural = _("kawasan produk unggulan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:kawasan_detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Kawasan, self.name, self.pk)
        super().save(*args, **kwargs)

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def legal_basis(self) -> str:
        """E.g. "Peraturan Bupati No. 12 Tahun 2024"."""
        if not self.legal_number:
            return ""
        label = self.get_legal_kind_display() if self.legal_kind else _("Nomor")
        year = f" ({self.legal_date:%d-%m-%Y})" if self.legal_date else ""
        return f"{label} {self.legal_number}{year}"


class KawasanFoto(models.Model):
    """A photo of a kawasan (places to see, products) for its page and the public catalog."""

    kawasan = models.ForeignKey(
        Kawasan, on_delete=models.CASCADE, related_name="fotos", verbose_name=_("kawasan")
    )
    image = models.ImageField(_("foto"), upload_to="kawasan/%Y/")
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = ScopedQuerySet.as_manager()
    access = Access(region="kawasan__desa__parent")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("foto kawasan")
        verbose_name_plural = _("foto kawasan")

    def __str__(self) -> str:
        return self.caption or str(_("Foto kawasan"))

    def get_absolute_url(self) -> str:
        return self.kawasan.get_absolute_url() + "#foto"


class OvopAspect(SimpulModel):
    """One line of the OVOP assessment sheet; the office edits points and weights as the guideline changes."""

    class Group(models.TextChoices):
        PRODUKSI = ovop.GROUP_PRODUKSI, _("Produksi")
        PRODUK = ovop.GROUP_PRODUK, _("Pengembangan produk")
        MASYARAKAT = ovop.GROUP_MASYARAKAT, _("Pengembangan masyarakat")

    group = models.CharField(_("kelompok"), max_length=30, choices=Group.choices)
    name = models.CharField(_("aspek"), max_length=200)
    description = models.TextField(_("pedoman penilaian"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("nilai maksimum"), validators=[MinValueValidator(1)])
    weight = models.DecimalField(
        _("bobot"), max_digits=5, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(0)]
    )
    active = models.BooleanField(_("dipakai"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    access = Access(add=_ADMIN, change=_ADMIN, archive=_ADMIN)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("aspek penilaian OVOP")
        verbose_name_plural = _("aspek penilaian OVOP")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:ovop_sheet")

    @classmethod
    def ensure_defaults(cls) -> None:
        """Create the default sheet and thresholds when none exist (the migration does it once)."""
        if not cls.objects.exists():
            cls.objects.bulk_create(
                cls(group=group, name=name, max_points=points, order=order)
                for group, name, points, order in ovop.DEFAULT_ASPECTS
            )
        if not OvopStarRule.objects.exists():
            OvopStarRule.objects.bulk_create(
                OvopStarRule(stars=stars, min_percent=minimum)
                for stars, minimum in ovop.DEFAULT_THRESHOLDS.items()
            )


class OvopStarRule(models.Model):
    """The lowest weighted percentage of the maximum that earns a number of stars."""

    stars = models.PositiveSmallIntegerField(
        _("bintang"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    min_percent = models.DecimalField(
        _("nilai minimum (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = ScopedQuerySet.as_manager()
    access = Access(add=_ADMIN, change=_ADMIN, archive=_ADMIN)

    class Meta:
        ordering = ["stars"]
        verbose_name = _("ambang bintang OVOP")
        verbose_name_plural = _("ambang bintang OVOP")

    def __str__(self) -> str:
        return f"★{self.stars} ≥ {self.min_percent}%"

    @classmethod
    def table(cls) -> dict[int, Decimal]:
        """The thresholds in force; the documented defaults when the office has set none."""
        rows = dict(cls.objects.values_list("stars", "min_percent"))
        return rows or dict(ovop.DEFAULT_THRESHOLDS)


class OvopAssessment(SimpulModel):
    """An OVOP designation: a product of a business in a desa, for a year, with its scores and stars.

    Stars are derived from the scores when the assessment is saved, with the
    sheet and thresholds in force then; each score keeps the maximum and
    weight it was given under, so later edits of the sheet do not rewrite
    past ratings (saving the assessment again re-rates it).
    """

    class Level(models.TextChoices):
        KABKOTA = ovop.LEVEL_KABKOTA, _("Kabupaten/kota")
        PROVINSI = ovop.LEVEL_PROVINSI, _("Provinsi")
        KEMENTERIAN = ovop.LEVEL_KEMENTERIAN, _("Kementerian Perindustrian")

    usaha = models.ForeignKey(Usaha, on_delete=models.PROTECT, related_name="ovop", verbose_name=_("usaha"))
    produk = models.ForeignKey(
        Produk, on_delete=models.PROTECT, related_name="ovop", verbose_name=_("produk")
    )
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    kecamatan = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan"), editable=False
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    percent = models.DecimalField(_("nilai (%)"), max_digits=5, decimal_places=2, default=0, editable=False)
    stars = models.PositiveSmallIntegerField(_("bintang"), default=1, editable=False, db_index=True)
    rater_level = models.CharField(_("tingkat penilai"), max_length=12, choices=Level.choices)
    rater_name = models.CharField(_("nama penilai"), max_length=150)
    rater_agency = models.CharField(_("instansi penilai"), max_length=200)
    assessed_on = models.DateField(_("tanggal penilaian"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    is_public = models.BooleanField(_("tampil di katalog publik"), default=False)

    objects = ClusterQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    access = Access(region="kecamatan", public=_PUBLIC)

    class Meta:
        ordering = ["-year", "produk__name"]
        verbose_name = _("penilaian OVOP")
        verbose_name_plural = _("penilaian OVOP")
        constraints = [models.UniqueConstraint(fields=["produk", "year"], name="ovop_produk_year_unique")]

    def __str__(self) -> str:
        return f"{self.produk} · {self.year} · ★{self.stars}"

    def get_absolute_url(self) -> str:
        return reverse("clusters:ovop_detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        if not self.desa_id and self.usaha_id:
            self.desa_id = self.usaha.desa_id
        if self.desa_id:
            self.kecamatan_id = self.desa_id.rsplit(".", 1)[0]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.produk_id and self.usaha_id and self.produk.usaha_id != self.usaha_id:
            raise ValidationError({"produk": _("Produk ini bukan milik usaha yang dinilai.")})

    @property
    def star_display(self) -> str:
        return "★" * self.stars + "☆" * (5 - self.stars)

    def rate(self, thresholds: dict[int, Decimal] | None = None) -> None:
        """Derive percent and stars from the stored scores (one query) and save them."""
        lines = [
            ovop.ScoreLine(points=s.points, max_points=s.max_points, weight=s.weight)
            for s in self.scores.all()
        ]
        self.percent = ovop.weighted_percent(lines)
        self.stars = ovop.stars_for(self.percent, thresholds or OvopStarRule.table())
        self.save(update_fields=["percent", "stars", "updated_at"])


class OvopScore(models.Model):
    """The points one aspect earned, with the aspect's maximum and weight at the time."""

    assessment = models.ForeignKey(OvopAssessment, on_delete=models.CASCADE, related_name="scores")
    aspect = models.ForeignKey(
        OvopAspect, on_delete=models.PROTECT, related_name="scores", verbose_name=_("aspek")
    )
    points = models.DecimalField(
        _("nilai"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_points = models.DecimalField(_("nilai maksimum"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["aspect__order", "aspect_id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "aspect"], name="ovop_score_unique")]

    def __str__(self) -> str:
        return f"{self.aspect}: {self.points}/{self.max_points}"
