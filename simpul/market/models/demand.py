"""Buyer demand (permintaan): what a buyer needs, the businesses it was sent to, their offers.

A buyer posts a demand on the public site; it waits for an officer's
verification before anyone else sees it. The officer ranks candidate
suppliers (`simpul.market.matching`), forwards the demand to some of them
(`Penerusan`), their owners answer with an offer (`Penawaran`) from their
self-service pages, the buyer reads the offers through the private link
given at posting, and the officer records the outcome: which offers became
a deal, for how much, and whether the goods were delivered. The accepted
offers are the market absorption the dashboards count
(`simpul.market.absorption`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.models import SimpulModel
from simpul.core.roles import ANONYMOUS, Role
from simpul.core.scoping import Access, ScopedQuerySet
from simpul.regions.models import Region
from simpul.registry.models import Produk, Unit, Usaha

OFFICE = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
EDITORS = frozenset({Role.ADMIN, Role.PETUGAS})
NOBODY: frozenset[str] = frozenset()
_MONEY = {"max_digits": 18, "decimal_places": 0, "null": True, "blank": True}


class Permintaan(SimpulModel):
    """A buyer's demand for a product, verified by an officer before it is shown."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu verifikasi")
        TERBUKA = "terbuka", _("Terbuka")
        DITOLAK = "ditolak", _("Ditolak")
        SELESAI = "selesai", _("Selesai")

    class BuyerKind(models.TextChoices):
        PEMERINTAH = "pemerintah", _("Instansi pemerintah (pengadaan)")
        HOTEL = "hotel", _("Hotel, restoran atau katering")
        INDUSTRI = "industri", _("Industri besar")
        EKSPORTIR = "eksportir", _("Eksportir")
        RITEL = "ritel", _("Toko, ritel atau distributor")
        LAINNYA = "lainnya", _("Lainnya")

    class Outcome(models.TextChoices):
        TRANSAKSI = "transaksi", _("Terjadi transaksi")
        TIDAK = "tidak", _("Tidak terjadi transaksi")

    product = models.CharField(_("produk yang dicari"), max_length=200)
    specification = models.TextField(_("spesifikasi"), blank=True)
    quantity = models.DecimalField(
        _("jumlah"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices, default=Unit.BUAH)
    delivery_place = models.CharField(_("tempat pengiriman"), max_length=300)
    delivery_kecamatan = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kecamatan pengiriman"),
        limit_choices_to={"level": 3},
    )
    delivery_latitude = models.DecimalField(
        _("lintang tempat pengiriman"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    delivery_longitude = models.DecimalField(
        _("bujur tempat pengiriman"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    deadline = models.DateField(_("batas waktu pengiriman"), null=True, blank=True)
    #: Certificate kinds the goods must carry (Legalitas.Kind values).
    required_certificates = models.JSONField(_("sertifikat yang disyaratkan"), default=list, blank=True)
    budget = models.DecimalField(_("anggaran (Rp)"), validators=[MinValueValidator(0)], **_MONEY)
    buyer_kind = models.CharField(_("jenis pembeli"), max_length=12, choices=BuyerKind.choices)
    buyer_organisation = models.CharField(_("instansi/perusahaan"), max_length=200)
    #: The buyer's own contact: personal data, shown only to officers and to the businesses it was sent to.
    buyer_name = models.CharField(_("nama kontak"), max_length=150)
    buyer_email = models.EmailField(_("surel kontak"), blank=True)
    buyer_phone = models.CharField(_("telepon kontak"), max_length=20, blank=True)
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
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU, db_index=True
    )
    #: Keyed hash of the buyer's private link; the token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("catatan hasil"), blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    # Anonymous visitors see verified demands; owners see those forwarded to
    # their businesses; officers of any kecamatan see all (a buyer's demand is
    # not tied to one kecamatan).
    access = Access(
        view=OFFICE | {Role.PELAKU, ANONYMOUS},
        add=EDITORS,
        change=EDITORS,
        archive=EDITORS,
        export=OFFICE,
        owner="penerusan__usaha__owners__account",
        public=Q(status__in=["terbuka", "selesai"], verified_at__isnull=False, archived_at=None),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("permintaan pembeli")
        verbose_name_plural = _("permintaan pembeli")

    def __str__(self) -> str:
        return f"{self.product} · {self.quantity.normalize():f} {self.get_unit_display()}"

    def get_absolute_url(self) -> str:
        return reverse("market:demand_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("market:demand_public", kwargs={"slug": self.slug, "pk": self.pk})

    @property
    def slug(self) -> str:
        return slugify(self.product)[:60] or "permintaan"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.TERBUKA

    @property
    def required_certificate_labels(self) -> list[str]:
        from simpul.registry.models import Legalitas

        labels = dict(Legalitas.Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.required_certificates]


class Penerusan(models.Model):
    """A demand sent by an officer to one business, with the fit score it had then."""

    permintaan = models.ForeignKey(
        Permintaan, on_delete=models.CASCADE, related_name="penerusan", verbose_name=_("permintaan")
    )
    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha"))
    score = models.PositiveSmallIntegerField(_("skor kecocokan"), default=0)
    #: The score's reasons as shown to the officer: [{"label", "points", "max", "text"}].
    explanation = models.JSONField(_("penjelasan skor"), default=list, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("diteruskan pada"), auto_now_add=True)
    seen_at = models.DateTimeField(_("dilihat pemilik"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=OFFICE | {Role.PELAKU},
        add=EDITORS,
        change=EDITORS,
        archive=NOBODY,
        export=OFFICE,
        owner="usaha__owners__account",
    )

    class Meta:
        ordering = ["-score", "usaha__name"]
        verbose_name = _("penerusan permintaan")
        verbose_name_plural = _("penerusan permintaan")
        constraints = [models.UniqueConstraint(fields=["permintaan", "usaha"], name="market_forward_unique")]

    def __str__(self) -> str:
        return f"{self.permintaan} → {self.usaha}"


class Penawaran(SimpulModel):
    """A business's answer to a demand: its price, quantity and when it can deliver."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        DIPILIH = "dipilih", _("Dipilih pembeli (transaksi)")
        TIDAK_DIPILIH = "tidak", _("Tidak dipilih")
        DITARIK = "ditarik", _("Ditarik pemilik")

    permintaan = models.ForeignKey(
        Permintaan, on_delete=models.CASCADE, related_name="penawaran", verbose_name=_("permintaan")
    )
    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha"))
    produk = models.ForeignKey(
        Produk, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("produk")
    )
    price_per_unit = models.DecimalField(
        _("harga per satuan (Rp)"), max_digits=18, decimal_places=0, validators=[MinValueValidator(0)]
    )
    quantity = models.DecimalField(
        _("jumlah yang sanggup dipasok"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    ready_by = models.DateField(_("sanggup kirim paling lambat"), null=True, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DIAJUKAN, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal_value = models.DecimalField(_("nilai transaksi (Rp)"), validators=[MinValueValidator(0)], **_MONEY)
    delivered_on = models.DateField(_("barang diterima pada"), null=True, blank=True)

    access = Access(
        view=OFFICE | {Role.PELAKU},
        add=frozenset({Role.PELAKU}),
        change=EDITORS | {Role.PELAKU},
        archive=EDITORS,
        export=OFFICE,
        owner="usaha__owners__account",
    )

    class Meta:
        ordering = ["price_per_unit", "pk"]
        verbose_name = _("penawaran")
        verbose_name_plural = _("penawaran")
        constraints = [models.UniqueConstraint(fields=["permintaan", "usaha"], name="market_offer_unique")]

    def __str__(self) -> str:
        return f"{self.usaha} · {self.permintaan.product}"

    @property
    def total(self):
        return self.price_per_unit * self.quantity

    @property
    def is_deal(self) -> bool:
        return self.status == self.Status.DIPILIH
