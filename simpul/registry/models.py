"""The IKM registry: businesses, their owners, products, yearly figures and legality.

Every record keeps its change history (django-simple-history). Access is
declared once per model (see core/scoping.py): officers see their area,
owners their own businesses, the public only what is published.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.models import SimpulModel
from simpul.core.personal import mask_nik
from simpul.core.roles import Role
from simpul.core.scoping import Access
from simpul.regions.models import Region
from simpul.registry import validators
from simpul.registry.scale import derive_scale

OFFICE = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
EDITORS = frozenset({Role.ADMIN, Role.PETUGAS})
OWNER_VIEW = OFFICE | {Role.PELAKU}

_MONEY = {"max_digits": 18, "decimal_places": 0, "null": True, "blank": True}
_NONNEG = [MinValueValidator(0)]


class Gender(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Pelaku(SimpulModel):
    """A person who owns or runs one or more businesses."""

    class Education(models.TextChoices):
        SD = "sd", _("SD atau tidak sekolah")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        DIPLOMA = "diploma", _("Diploma")
        S1 = "s1", _("S1")
        PASCA = "pasca", _("S2/S3")

    name = models.CharField(_("nama"), max_length=150)
    nik = models.CharField(
        _("NIK"), max_length=16, blank=True, validators=[validators.validate_nik], db_index=True
    )
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("tahun lahir"), null=True, blank=True, validators=[MinValueValidator(1920), MaxValueValidator(2015)]
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True, validators=[validators.validate_phone])
    email = models.EmailField(_("surel"), blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    consent_catalog = models.BooleanField(
        _("setuju tampil di katalog"),
        default=False,
        editable=False,
        help_text=_("Diubah lewat catatan persetujuan, bukan langsung."),
    )
    consent_partner_contact = models.BooleanField(_("setuju dihubungi mitra"), default=False, editable=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pelaku",
        verbose_name=_("akun"),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    access = Access(
        view=OWNER_VIEW - {Role.PIMPINAN},
        export=EDITORS,
        region="usaha__kecamatan",
        owner="account",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("pelaku")
        verbose_name_plural = _("pelaku")
        constraints = [
            models.UniqueConstraint(fields=["nik"], condition=~Q(nik=""), name="pelaku_nik_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:pelaku_detail", args=[self.pk])

    def clean(self) -> None:
        self.nik = validators.digits(self.nik)
        self.phone = validators.clean_phone(self.phone) if self.phone else ""

    @property
    def nik_masked(self) -> str:
        return mask_nik(self.nik)


class Usaha(SimpulModel):
    """A business unit (usaha IKM): the central record of the registry."""

    class LegalForm(models.TextChoices):
        PERORANGAN = "perorangan", _("Perorangan")
        UD = "ud", _("UD")
        CV = "cv", _("CV")
        PT = "pt", _("PT")
        KOPERASI = "koperasi", _("Koperasi")
        LAINNYA = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        TIDAK_AKTIF = "tidak_aktif", _("Tidak aktif")
        TUTUP = "tutup", _("Tutup")

    class Scale(models.TextChoices):
        KECIL = "kecil", _("Kecil")
        MENENGAH = "menengah", _("Menengah")
        BESAR = "besar", _("Besar")

    class Source(models.TextChoices):
        PENDATAAN = "pendataan", _("Pendataan petugas")
        IMPOR = "impor", _("Impor berkas")
        MANDIRI = "mandiri", _("Diisi pelaku (mandiri)")
        ASOSIASI = "asosiasi", _("Asosiasi")
        LAINNYA = "lainnya", _("Lainnya")

    name = models.CharField(_("nama usaha"), max_length=200, db_index=True)
    legal_form = models.CharField(
        _("bentuk usaha"), max_length=12, choices=LegalForm.choices, default=LegalForm.PERORANGAN
    )
    nib = models.CharField(
        _("NIB"), max_length=13, blank=True, validators=[validators.validate_nib], db_index=True
    )
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, validators=[validators.validate_npwp])
    kbli = models.ForeignKey(
        Kbli, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("KBLI utama")
    )
    kbli_other = models.ManyToManyField(Kbli, blank=True, related_name="+", verbose_name=_("KBLI lain"))
    group = models.ForeignKey(
        CommodityGroup, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("kelompok komoditas")
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    kecamatan = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan"), editable=False
    )
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(95), MaxValueValidator(141)],
    )
    whatsapp = models.CharField(
        _("WhatsApp"), max_length=20, blank=True, validators=[validators.validate_phone]
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True, validators=[validators.validate_phone])
    email = models.EmailField(_("surel"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    marketplace = models.TextField(_("tautan marketplace"), blank=True, help_text=_("Satu tautan per baris."))
    year_founded = models.PositiveSmallIntegerField(
        _("tahun berdiri"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AKTIF, db_index=True
    )
    scale = models.CharField(
        _("skala"), max_length=10, choices=Scale.choices, blank=True, db_index=True, editable=False
    )
    scale_reason = models.CharField(_("dasar skala"), max_length=300, blank=True, editable=False)
    source = models.CharField(
        _("sumber data"), max_length=10, choices=Source.choices, default=Source.PENDATAAN
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
        editable=False,
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True, editable=False)
    owners = models.ManyToManyField(
        Pelaku, through="Kepemilikan", related_name="usaha", verbose_name=_("pemilik")
    )
    completeness = models.PositiveSmallIntegerField(
        _("kelengkapan"), default=0, editable=False, db_index=True
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        editable=False,
        verbose_name=_("digabung ke"),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "completeness"], m2m_fields=[])
    access = Access(
        view=OWNER_VIEW,
        region="kecamatan",
        owner="owners__account",
        # Public only with an owner's consent to the catalog (UU PDP); withdrawing hides it at once.
        public=Q(status="aktif", archived_at=None, owners__consent_catalog=True),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("usaha IKM")
        verbose_name_plural = _("usaha IKM")
        indexes = [
            models.Index(fields=["kecamatan", "status"]),
            models.Index(fields=["group", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:usaha_detail", args=[self.pk])

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def clean(self) -> None:
        self.nib = (self.nib or "").strip()
        self.npwp = validators.digits(self.npwp)
        for field in ("whatsapp", "phone"):
            value = getattr(self, field)
            setattr(self, field, validators.clean_phone(value) if value else "")

    def save(self, *args, **kwargs) -> None:
        if self.desa_id:
            self.kecamatan_id = self.desa_id.rsplit(".", 1)[0]
        if self.kbli_id and not self.group_id:
            self.group_id = (
                Kbli.objects.filter(code=self.kbli_id[:2]).values_list("group_id", flat=True).first()
            )
        super().save(*args, **kwargs)

    def apply_scale(self, report: LaporanTahunan | None) -> None:
        """Set the scale from a yearly report (the latest is the one that counts)."""
        result = derive_scale(report.workforce_total, report.investment_excluding_land) if report else None
        self.scale = result.scale if result else ""
        self.scale_reason = result.reason if result else ""

    def latest_report(self) -> LaporanTahunan | None:
        return self.laporan.order_by("-year").first()


class Kepemilikan(models.Model):
    """Who owns or runs a business."""

    class Role(models.TextChoices):
        PEMILIK = "pemilik", _("Pemilik")
        PENGELOLA = "pengelola", _("Pengelola")

    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="kepemilikan")
    pelaku = models.ForeignKey(Pelaku, on_delete=models.CASCADE, related_name="kepemilikan")
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.PEMILIK)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usaha", "pelaku"], name="kepemilikan_unique")]
        verbose_name = _("kepemilikan")
        verbose_name_plural = _("kepemilikan")

    def __str__(self) -> str:
        return f"{self.pelaku} – {self.usaha}"


class Unit(models.TextChoices):
    """Canonical units; the importer maps the many spellings found in files to these."""

    BUAH = "buah", _("buah")
    KG = "kg", _("kg")
    TON = "ton", _("ton")
    LITER = "liter", _("liter")
    LEMBAR = "lembar", _("lembar")
    PASANG = "pasang", _("pasang")
    SET = "set", _("set")
    METER = "meter", _("meter")
    M2 = "m2", _("m²")
    M3 = "m3", _("m³")
    BOTOL = "botol", _("botol")
    BUNGKUS = "bungkus", _("bungkus")
    KODI = "kodi", _("kodi")
    LUSIN = "lusin", _("lusin")
    UNIT = "unit", _("unit")


_PRODUCT_PUBLIC = Q(
    in_catalog=True,
    archived_at=None,
    usaha__status="aktif",
    usaha__archived_at=None,
    usaha__owners__consent_catalog=True,
)


class Produk(SimpulModel):
    """A product of a business."""

    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="produk", verbose_name=_("usaha"))
    name = models.CharField(_("nama produk"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    kbli = models.ForeignKey(
        Kbli, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("KBLI")
    )
    group = models.ForeignKey(
        CommodityGroup, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("kelompok komoditas")
    )
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices, default=Unit.BUAH)
    price_min = models.DecimalField(_("harga terendah (Rp)"), validators=_NONNEG, **_MONEY)
    price_max = models.DecimalField(_("harga tertinggi (Rp)"), validators=_NONNEG, **_MONEY)
    capacity_per_year = models.DecimalField(
        _("kapasitas per tahun"), max_digits=14, decimal_places=2, null=True, blank=True, validators=_NONNEG
    )
    in_catalog = models.BooleanField(_("tampil di katalog publik"), default=False)
    photo = models.ImageField(_("foto utama"), upload_to="produk/%Y/", blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    access = Access(
        view=OWNER_VIEW, region="usaha__kecamatan", owner="usaha__owners__account", public=_PRODUCT_PUBLIC
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:produk_detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            raise ValidationError(
                {"price_max": _("Harga tertinggi tidak boleh lebih kecil dari harga terendah.")}
            )


class ProdukFoto(models.Model):
    produk = models.ForeignKey(Produk, on_delete=models.CASCADE, related_name="fotos")
    image = models.ImageField(_("foto"), upload_to="produk/%Y/")
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or f"Foto {self.produk}"


class LaporanTahunan(SimpulModel):
    """Yearly figures of a business: the SIINas items for small industry and the marketing map."""

    usaha = models.ForeignKey(
        Usaha, on_delete=models.CASCADE, related_name="laporan", verbose_name=_("usaha")
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    workforce_male = models.PositiveIntegerField(_("tenaga kerja laki-laki"), default=0)
    workforce_female = models.PositiveIntegerField(_("tenaga kerja perempuan"), default=0)
    investment_machines = models.DecimalField(
        _("investasi mesin dan peralatan (Rp)"), validators=_NONNEG, **_MONEY
    )
    investment_other = models.DecimalField(_("investasi lainnya (Rp)"), validators=_NONNEG, **_MONEY)
    investment_land_buildings = models.DecimalField(
        _("investasi tanah dan bangunan (Rp)"), validators=_NONNEG, **_MONEY
    )
    installed_capacity = models.CharField(_("kapasitas terpasang"), max_length=100, blank=True)
    production_value = models.DecimalField(_("nilai produksi (Rp)"), validators=_NONNEG, **_MONEY)
    raw_material_value = models.DecimalField(_("nilai bahan baku (Rp)"), validators=_NONNEG, **_MONEY)
    water_m3 = models.DecimalField(
        _("air (m³)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=_NONNEG
    )
    fuel = models.CharField(_("bahan bakar"), max_length=100, blank=True)
    electricity_kwh = models.DecimalField(
        _("listrik (kWh)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=_NONNEG
    )
    sales_local = models.DecimalField(_("penjualan dalam kabupaten/kota (Rp)"), validators=_NONNEG, **_MONEY)
    sales_other_kabupaten = models.DecimalField(
        _("penjualan ke kabupaten/kota lain (Rp)"), validators=_NONNEG, **_MONEY
    )
    sales_other_province = models.DecimalField(
        _("penjualan ke provinsi lain (Rp)"), validators=_NONNEG, **_MONEY
    )
    sales_export = models.DecimalField(_("penjualan ekspor (Rp)"), validators=_NONNEG, **_MONEY)
    destinations = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        verbose_name=_("daerah tujuan pemasaran"),
        limit_choices_to={"level__in": [1, 2]},
    )
    export_countries = models.CharField(
        _("negara tujuan ekspor"), max_length=300, blank=True, help_text=_("Pisahkan dengan koma.")
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    access = Access(view=OWNER_VIEW, region="usaha__kecamatan", owner="usaha__owners__account")

    class Meta:
        ordering = ["usaha", "-year"]
        verbose_name = _("laporan tahunan")
        verbose_name_plural = _("laporan tahunan")
        constraints = [models.UniqueConstraint(fields=["usaha", "year"], name="laporan_usaha_year_unique")]

    def __str__(self) -> str:
        return f"{self.usaha} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("registry:usaha_detail", args=[self.usaha_id]) + "#laporan"

    @property
    def workforce_total(self) -> int:
        return (self.workforce_male or 0) + (self.workforce_female or 0)

    @property
    def investment_excluding_land(self) -> Decimal | None:
        parts = [self.investment_machines, self.investment_other]
        if all(p is None for p in parts):
            return None
        return sum((p or Decimal(0) for p in parts), Decimal(0))

    @property
    def sales_total(self) -> Decimal:
        parts = [self.sales_local, self.sales_other_kabupaten, self.sales_other_province, self.sales_export]
        return sum((p or Decimal(0) for p in parts), Decimal(0))


class ProduksiProduk(models.Model):
    """Production of one product in a yearly report."""

    laporan = models.ForeignKey(LaporanTahunan, on_delete=models.CASCADE, related_name="produksi")
    produk = models.ForeignKey(
        Produk, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("produk")
    )
    volume = models.DecimalField(_("volume"), max_digits=14, decimal_places=2, validators=_NONNEG)
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices, default=Unit.BUAH)
    value = models.DecimalField(_("nilai (Rp)"), validators=_NONNEG, **_MONEY)

    def __str__(self) -> str:
        return f"{self.produk or ''} {self.volume} {self.unit}".strip()


class BahanBaku(models.Model):
    """A raw material used in a year, with its origin."""

    class Origin(models.TextChoices):
        LOKAL = "lokal", _("Dalam kabupaten/kota")
        DOMESTIK = "domestik", _("Luar daerah (dalam negeri)")
        IMPOR = "impor", _("Impor")

    laporan = models.ForeignKey(LaporanTahunan, on_delete=models.CASCADE, related_name="bahan_baku")
    kind = models.CharField(_("jenis bahan baku"), max_length=150)
    value = models.DecimalField(_("nilai (Rp)"), validators=_NONNEG, **_MONEY)
    origin = models.CharField(_("asal"), max_length=10, choices=Origin.choices, default=Origin.LOKAL)

    def __str__(self) -> str:
        return self.kind


class Legalitas(SimpulModel):
    """A licence or certificate of a business (NIB, PIRT, halal, SNI, BPOM, HKI/merek, TKDN…)."""

    class Kind(models.TextChoices):
        NIB = "nib", _("NIB")
        PIRT = "pirt", _("SPP-IRT (PIRT)")
        HALAL = "halal", _("Sertifikat halal")
        SNI = "sni", _("SNI")
        BPOM = "bpom", _("Izin edar BPOM")
        HKI = "hki", _("HKI / merek")
        TKDN = "tkdn", _("TKDN")
        LAINNYA = "lainnya", _("Lainnya")

    #: Certificates expiring within this many days are flagged.
    EXPIRY_WARNING_DAYS = 90

    usaha = models.ForeignKey(
        Usaha, on_delete=models.CASCADE, related_name="legalitas", verbose_name=_("usaha")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, db_index=True)
    number = models.CharField(_("nomor"), max_length=100)
    issuer = models.CharField(_("penerbit"), max_length=150, blank=True)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    document = models.FileField(_("dokumen"), upload_to="legalitas/%Y/", blank=True)
    products = models.ManyToManyField(
        Produk, blank=True, related_name="certificates", verbose_name=_("produk yang dicakup")
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    access = Access(view=OWNER_VIEW, region="usaha__kecamatan", owner="usaha__owners__account")

    class Meta:
        ordering = ["usaha", "kind"]
        verbose_name = _("legalitas")
        verbose_name_plural = _("legalitas")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("registry:usaha_detail", args=[self.usaha_id]) + "#legalitas"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("Tanggal berlaku tidak boleh sebelum tanggal terbit.")})

    @property
    def expired(self) -> bool:
        return bool(self.expires_on and self.expires_on < timezone.localdate())

    @property
    def expiring(self) -> bool:
        if not self.expires_on or self.expired:
            return False
        return self.expires_on <= timezone.localdate() + timedelta(days=self.EXPIRY_WARNING_DAYS)


def today() -> date:
    return timezone.localdate()


from simpul.registry.models_consent import ConsentRecord  # noqa: E402,F401
from simpul.registry.models_duplicates import DuplicateDecision  # noqa: E402,F401
from simpul.registry.models_selfservice import ChangeRequest, OwnerInvite  # noqa: E402,F401
from simpul.registry.models_subject import SubjectRequest  # noqa: E402,F401
