"""Programs and partners: what the office spends its budget on, and whom it brokers problems to.

* A **Program** (training, equipment aid, certification, exhibitions, …) has a
  kind, a year, a budget, eligibility rules and a quota. It runs as one or
  more **Kegiatan** (activities). A **Partisipasi** is one business in one
  activity, moving proposed → selected → attended → completed, with its
  outcome (a certificate becomes a registry Legalitas).
* A **Mitra** is a partner agency (bank, PDAM, PLN, Bea Cukai, …); its users
  are linked through **MitraUser** and see only the **Kendala** (constraints
  of businesses) routed to it, with their **TanggapanKendala** thread.
* An **Asosiasi** (or WUB group) has member businesses (**AnggotaAsosiasi**)
  and pengurus accounts (**PengurusAsosiasi**); pengurus see only their
  members and may ask to add one (**PermohonanAnggota**).

Access is declared on every model (core/scoping.py): mitra rows are tied to
users through `mitra`, association rows through `asosiasi`.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.models import SimpulModel
from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet
from simpul.regions.models import Region
from simpul.registry.models import Legalitas, Usaha

OFFICE = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
EDITORS = frozenset({Role.ADMIN, Role.PETUGAS})
ADMIN_ONLY = frozenset({Role.ADMIN})
NOBODY: frozenset[str] = frozenset()

_MONEY = {"max_digits": 18, "decimal_places": 0, "null": True, "blank": True}
_NONNEG = [MinValueValidator(0)]
_YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]

#: Certificates a certification program can facilitate (the registry's legality kinds).
CERTIFICATE_KINDS = [
    (kind.value, kind.label)
    for kind in (
        Legalitas.Kind.HALAL,
        Legalitas.Kind.PIRT,
        Legalitas.Kind.SNI,
        Legalitas.Kind.BPOM,
        Legalitas.Kind.HKI,
    )
]


# ---------------------------------------------------------------------------
# Partners and their users
# ---------------------------------------------------------------------------


class Mitra(SimpulModel):
    """A partner agency that solves what the office cannot: capital, water, power, export, land."""

    class Kind(models.TextChoices):
        BANK = "bank", _("Bank / lembaga keuangan")
        PDAM = "pdam", _("PDAM")
        PLN = "pln", _("PLN")
        BEA_CUKAI = "bea_cukai", _("Bea Cukai")
        BPN = "bpn", _("BPN / pertanahan")
        CSR = "csr", _("CSR industri besar")
        UNIVERSITAS = "universitas", _("Perguruan tinggi")
        TRAVEL = "travel", _("Asosiasi perjalanan wisata")
        LAINNYA = "lainnya", _("Lainnya")

    name = models.CharField(_("nama mitra"), max_length=200)
    kind = models.CharField(_("jenis mitra"), max_length=12, choices=Kind.choices)
    services = models.TextField(
        _("layanan"), blank=True, help_text=_("Masalah apa yang dapat dibantu mitra ini.")
    )
    contact_person = models.CharField(_("narahubung"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    # A mitra user sees only its own partner record.
    access = Access(
        view=OFFICE | {Role.MITRA},
        add=EDITORS,
        change=EDITORS,
        archive=EDITORS,
        export=OFFICE,
        mitra="memberships__user",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:mitra_detail", args=[self.pk])


class MitraUser(models.Model):
    """Links an account with role "mitra" to the partner it answers for (one partner per account)."""

    mitra = models.ForeignKey(Mitra, on_delete=models.CASCADE, related_name="memberships")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mitra_link",
        verbose_name=_("akun"),
        limit_choices_to={"role": Role.MITRA},
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=OFFICE | {Role.MITRA},
        add=ADMIN_ONLY,
        change=ADMIN_ONLY,
        archive=ADMIN_ONLY,
        export=NOBODY,
        mitra="user",
    )

    class Meta:
        verbose_name = _("pengguna mitra")
        verbose_name_plural = _("pengguna mitra")

    def __str__(self) -> str:
        return f"{self.user} · {self.mitra}"


# ---------------------------------------------------------------------------
# Associations
# ---------------------------------------------------------------------------


class Asosiasi(SimpulModel):
    """An association of IKM or a WUB (new entrepreneur) group, keeping its members' data."""

    class Kind(models.TextChoices):
        ASOSIASI = "asosiasi", _("Asosiasi IKM")
        WUB = "wub", _("Kelompok WUB")
        KOPERASI = "koperasi", _("Koperasi")
        LAINNYA = "lainnya", _("Lainnya")

    name = models.CharField(_("nama asosiasi"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.ASOSIASI)
    description = models.TextField(_("keterangan"), blank=True)
    chairperson = models.CharField(_("ketua"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    address = models.CharField(_("alamat sekretariat"), max_length=300, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("tahun berdiri"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    members = models.ManyToManyField(
        Usaha, through="AnggotaAsosiasi", related_name="asosiasi", verbose_name=_("anggota")
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"], m2m_fields=[])
    access = Access(view=OFFICE | {Role.ASOSIASI}, export=OFFICE, asosiasi="pengurus__user")

    class Meta:
        ordering = ["name"]
        verbose_name = _("asosiasi")
        verbose_name_plural = _("asosiasi")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:asosiasi_detail", args=[self.pk])


class PengurusAsosiasi(models.Model):
    """Links an account with role "asosiasi" to the association it manages (one per account)."""

    asosiasi = models.ForeignKey(Asosiasi, on_delete=models.CASCADE, related_name="pengurus")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pengurus_asosiasi",
        verbose_name=_("akun"),
        limit_choices_to={"role": Role.ASOSIASI},
    )
    position = models.CharField(_("jabatan"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=OFFICE | {Role.ASOSIASI},
        add=ADMIN_ONLY,
        change=ADMIN_ONLY,
        archive=ADMIN_ONLY,
        export=NOBODY,
        asosiasi="user",
    )

    class Meta:
        verbose_name = _("pengurus asosiasi")
        verbose_name_plural = _("pengurus asosiasi")

    def __str__(self) -> str:
        return f"{self.user} · {self.asosiasi}"


class AnggotaAsosiasi(models.Model):
    """A business that is currently a member of an association.

    A row exists only while the membership lasts (leaving deletes it; the
    history keeps the record), so every lookup through it means "member now".
    """

    asosiasi = models.ForeignKey(Asosiasi, on_delete=models.CASCADE, related_name="anggota")
    usaha = models.ForeignKey(
        Usaha, on_delete=models.CASCADE, related_name="anggota_asosiasi", verbose_name=_("usaha")
    )
    joined_on = models.DateField(_("bergabung sejak"), default=timezone.localdate)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=OFFICE | {Role.ASOSIASI},
        export=OFFICE,
        region="usaha__kecamatan",
        asosiasi="asosiasi__pengurus__user",
    )

    class Meta:
        ordering = ["usaha__name"]
        verbose_name = _("anggota asosiasi")
        verbose_name_plural = _("anggota asosiasi")
        constraints = [models.UniqueConstraint(fields=["asosiasi", "usaha"], name="anggota_asosiasi_unique")]

    def __str__(self) -> str:
        return f"{self.usaha} – {self.asosiasi}"


class PermohonanAnggota(models.Model):
    """A pengurus asks to add a business as a member; an officer decides."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu persetujuan")
        DITERIMA = "diterima", _("Diterima")
        DITOLAK = "ditolak", _("Ditolak")

    asosiasi = models.ForeignKey(Asosiasi, on_delete=models.CASCADE, related_name="permohonan")
    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha"))
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=EDITORS | {Role.ASOSIASI},
        add=frozenset({Role.ASOSIASI}),
        change=EDITORS,
        archive=NOBODY,
        export=NOBODY,
        region="usaha__kecamatan",
        asosiasi="asosiasi__pengurus__user",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permohonan anggota")
        verbose_name_plural = _("permohonan anggota")

    def __str__(self) -> str:
        return f"{self.usaha} → {self.asosiasi}"


# ---------------------------------------------------------------------------
# Programs, activities, participation
# ---------------------------------------------------------------------------


class Program(SimpulModel):
    """A program of the office (or of a ministry or partner) for IKM, with its eligibility rules."""

    class Kind(models.TextChoices):
        BIMTEK = "bimtek", _("Bimtek / pelatihan (termasuk WUB)")
        BANTUAN_ALAT = "bantuan_alat", _("Bantuan alat")
        SERTIFIKASI = "sertifikasi", _("Fasilitasi sertifikasi")
        KEMASAN = "kemasan", _("Kemasan dan desain")
        PAMERAN = "pameran", _("Pameran")
        KURASI = "kurasi", _("Kurasi produk")
        PERMODALAN = "permodalan", _("Permodalan / KUR")
        TEMU_BISNIS = "temu_bisnis", _("Temu bisnis")
        PENDAMPINGAN = "pendampingan", _("Pendampingan")

    class Funding(models.TextChoices):
        APBD = "apbd", _("APBD")
        APBN = "apbn", _("APBN")
        DAK = "dak", _("DAK")
        CSR = "csr", _("CSR")
        LAINNYA = "lainnya", _("Lainnya")

    class Organiser(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        KEMENTERIAN = "kementerian", _("Kementerian / lembaga pusat")
        PROVINSI = "provinsi", _("Pemerintah provinsi")
        MITRA = "mitra", _("Mitra")
        LAINNYA = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        RENCANA = "rencana", _("Perencanaan (menerima usulan)")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")

    #: Programs whose activities still take proposals; associations see these.
    OPEN_STATUSES = (Status.RENCANA, Status.BERJALAN)

    name = models.CharField(_("nama program"), max_length=200)
    kind = models.CharField(_("jenis program"), max_length=14, choices=Kind.choices, db_index=True)
    certificate_kind = models.CharField(
        _("jenis sertifikat"),
        max_length=10,
        choices=CERTIFICATE_KINDS,
        blank=True,
        help_text=_("Wajib untuk fasilitasi sertifikasi."),
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"), validators=_YEAR, db_index=True)
    funding = models.CharField(_("sumber dana"), max_length=10, choices=Funding.choices, default=Funding.APBD)
    budget = models.DecimalField(_("anggaran (Rp)"), validators=_NONNEG, **_MONEY)
    organiser = models.CharField(
        _("penyelenggara"), max_length=12, choices=Organiser.choices, default=Organiser.DINAS
    )
    organiser_name = models.CharField(
        _("nama penyelenggara"), max_length=200, blank=True, help_text=_("Mis. Kementerian Perindustrian.")
    )
    mitra = models.ForeignKey(
        Mitra,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
        verbose_name=_("mitra pelaksana"),
        help_text=_("Mis. bank penyalur KUR atau perusahaan pemberi CSR."),
    )
    description = models.TextField(_("keterangan"), blank=True)
    quota = models.PositiveIntegerField(_("kuota peserta"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RENCANA, db_index=True
    )
    # Eligibility: an empty rule means "any".
    eligible_kbli = models.ManyToManyField(
        Kbli,
        blank=True,
        related_name="+",
        verbose_name=_("syarat KBLI (golongan pokok)"),
        limit_choices_to={"level": 2},
    )
    eligible_groups = models.ManyToManyField(
        CommodityGroup, blank=True, related_name="+", verbose_name=_("syarat kelompok komoditas")
    )
    eligible_scales = models.JSONField(_("syarat skala usaha"), default=list, blank=True)
    eligible_kecamatan = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        verbose_name=_("syarat kecamatan"),
        limit_choices_to={"level": 3},
    )
    #: Ids of clusters.Sentra. Kept as a list so this app does not depend on the
    #: clusters app's migrations; eligibility applies it when that app is installed.
    eligible_sentra = models.JSONField(_("syarat sentra"), default=list, blank=True)
    no_repeat_years = models.PositiveSmallIntegerField(
        _("tidak menerima bantuan sejenis dalam (tahun)"),
        null=True,
        blank=True,
        default=3,
        validators=[MaxValueValidator(20)],
        help_text=_("Kosongkan bila penerima bantuan sejenis boleh ikut lagi."),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"], m2m_fields=[])
    # Programs are office-wide. Pengurus asosiasi see the programs that still
    # take proposals (the `public` condition applies to a role without a tie).
    access = Access(
        view=OFFICE | {Role.ASOSIASI},
        public=Q(status__in=OPEN_STATUSES, archived_at=None),
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("program")
        indexes = [models.Index(fields=["kind", "year"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == self.Kind.SERTIFIKASI and not self.certificate_kind:
            raise ValidationError({"certificate_kind": _("Pilih jenis sertifikat yang difasilitasi.")})
        if self.kind != self.Kind.SERTIFIKASI:
            self.certificate_kind = ""

    @property
    def aid_label(self) -> str:
        """The kind of aid, precise enough for the double-aid check ("Fasilitasi sertifikasi: halal")."""
        if self.certificate_kind:
            return f"{self.get_kind_display()}: {self.get_certificate_kind_display()}"
        return str(self.get_kind_display())

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES and not self.is_archived


class Kegiatan(SimpulModel):
    """One activity or event of a program: a training batch, a hand-over, an exhibition."""

    class Scope(models.TextChoices):
        NASIONAL = "nasional", _("Nasional")
        INTERNASIONAL = "internasional", _("Internasional")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="kegiatan", verbose_name=_("program")
    )
    name = models.CharField(_("nama kegiatan"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"), null=True, blank=True)
    end_date = models.DateField(_("tanggal selesai"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    city = models.CharField(_("kota"), max_length=100, blank=True)
    country = models.CharField(_("negara"), max_length=100, blank=True, default="Indonesia")
    scope = models.CharField(
        _("lingkup pameran"), max_length=14, choices=Scope.choices, blank=True, help_text=_("Untuk pameran.")
    )
    notes = models.TextField(_("catatan"), blank=True)

    access = Access(
        view=OFFICE | {Role.ASOSIASI},
        public=Q(program__status__in=Program.OPEN_STATUSES, program__archived_at=None, archived_at=None),
    )

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.program_id]) + "#kegiatan"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
        if self.scope == self.Scope.INTERNASIONAL and (
            not self.country or self.country.strip().casefold() == "indonesia"
        ):
            raise ValidationError({"country": _("Pameran internasional: isi negara penyelenggara.")})

    @property
    def where(self) -> str:
        """Place, city and (abroad) country in one line."""
        parts = [self.place, self.city]
        if self.country and self.country.casefold() != "indonesia":
            parts.append(self.country)
        return ", ".join(p for p in parts if p)


class Partisipasi(SimpulModel):
    """One business in one activity, from proposal to outcome."""

    class Status(models.TextChoices):
        DIUSULKAN = "diusulkan", _("Diusulkan")
        TERPILIH = "terpilih", _("Terpilih")
        HADIR = "hadir", _("Hadir")
        SELESAI = "selesai", _("Selesai")
        DITOLAK = "ditolak", _("Ditolak")

    #: The moves an officer may make; "selesai" is final.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.DIUSULKAN: (Status.TERPILIH, Status.DITOLAK),
        Status.TERPILIH: (Status.HADIR, Status.DITOLAK, Status.DIUSULKAN),
        Status.HADIR: (Status.SELESAI, Status.TERPILIH),
        Status.SELESAI: (),
        Status.DITOLAK: (Status.DIUSULKAN,),
    }
    #: Statuses that mean the business was given the aid (the double-aid check).
    RECEIVED = (Status.TERPILIH, Status.HADIR, Status.SELESAI)
    #: Statuses that mean the program actually reached the business (the reach figures).
    REACHED = (Status.HADIR, Status.SELESAI)

    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="partisipasi",
        editable=False,
        verbose_name=_("program"),
    )
    kegiatan = models.ForeignKey(
        Kegiatan, on_delete=models.CASCADE, related_name="partisipasi", verbose_name=_("kegiatan")
    )
    usaha = models.ForeignKey(
        Usaha, on_delete=models.CASCADE, related_name="partisipasi", verbose_name=_("usaha")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DIUSULKAN, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diusulkan oleh"),
    )
    via_asosiasi = models.ForeignKey(
        Asosiasi,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usulan",
        verbose_name=_("diusulkan lewat asosiasi"),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("status diubah"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # Outcome: certificate
    certificate_kind = models.CharField(
        _("sertifikat yang diperoleh"), max_length=10, choices=Legalitas.Kind.choices, blank=True
    )
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    certificate_issuer = models.CharField(_("penerbit sertifikat"), max_length=150, blank=True)
    certificate_issued_on = models.DateField(_("tanggal terbit sertifikat"), null=True, blank=True)
    certificate_expires_on = models.DateField(_("sertifikat berlaku sampai"), null=True, blank=True)
    legalitas = models.ForeignKey(
        Legalitas,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partisipasi",
        editable=False,
        verbose_name=_("legalitas yang tercatat"),
    )
    # Outcome: equipment, exhibition, capital
    equipment = models.CharField(_("alat yang diterima"), max_length=300, blank=True)
    equipment_value = models.DecimalField(_("nilai alat (Rp)"), validators=_NONNEG, **_MONEY)
    sales_value = models.DecimalField(_("nilai transaksi (Rp)"), validators=_NONNEG, **_MONEY)
    leads = models.PositiveIntegerField(_("calon pembeli / kontak dagang"), null=True, blank=True)
    loan_amount = models.DecimalField(_("pinjaman diperoleh (Rp)"), validators=_NONNEG, **_MONEY)
    loan_bank = models.CharField(_("bank / lembaga pemberi pinjaman"), max_length=150, blank=True)
    # Follow-up
    followup_on = models.DateField(_("tanggal kunjungan lanjutan"), null=True, blank=True)
    followup_notes = models.TextField(_("catatan kunjungan lanjutan"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    # Owners see their own participations; pengurus those of their members.
    access = Access(
        view=OFFICE | {Role.ASOSIASI, Role.PELAKU},
        add=EDITORS | {Role.ASOSIASI},
        region="usaha__kecamatan",
        owner="usaha__owners__account",
        asosiasi="usaha__anggota_asosiasi__asosiasi__pengurus__user",
    )

    class Meta:
        ordering = ["usaha__name", "pk"]
        verbose_name = _("partisipasi")
        verbose_name_plural = _("partisipasi")
        constraints = [
            models.UniqueConstraint(fields=["kegiatan", "usaha"], name="partisipasi_kegiatan_usaha_unique")
        ]
        indexes = [models.Index(fields=["program", "status"]), models.Index(fields=["usaha", "status"])]

    def __str__(self) -> str:
        return f"{self.usaha} · {self.kegiatan}"

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.program_id]) + "#peserta"

    def save(self, *args, **kwargs) -> None:
        # The program is kept on the row so reach and double-aid queries need no join.
        if self.kegiatan_id and not self.program_id:
            self.program_id = self.kegiatan.program_id
        super().save(*args, **kwargs)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate_kind and self.certificate_number)

    @property
    def outcome_summary(self) -> str:
        """The outcome in one line for lists ("Sertifikat halal 123 · alat Rp5.000.000")."""
        parts: list[str] = []
        if self.has_certificate:
            parts.append(f"{self.get_certificate_kind_display()} {self.certificate_number}")
        if self.equipment or self.equipment_value:
            parts.append(f"{_('alat')}: {self.equipment} {_rupiah(self.equipment_value)}".strip())
        if self.sales_value or self.leads:
            parts.append(f"{_('transaksi')} {_rupiah(self.sales_value)} · {self.leads or 0} {_('kontak')}")
        if self.loan_amount:
            parts.append(f"{_('pinjaman')} {_rupiah(self.loan_amount)} {self.loan_bank}".strip())
        if self.followup_on:
            parts.append(f"{_('kunjungan')} {self.followup_on:%d-%m-%Y}")
        return " · ".join(parts)


def _rupiah(value: Decimal | None) -> str:
    if not value:
        return ""
    return "Rp" + f"{int(value):,}".replace(",", ".")


# ---------------------------------------------------------------------------
# Constraints routed to partners
# ---------------------------------------------------------------------------


class Kendala(SimpulModel):
    """A constraint of a business the office cannot solve alone; routed to a partner."""

    class Kind(models.TextChoices):
        PERMODALAN = "permodalan", _("Permodalan")
        PEMASARAN = "pemasaran", _("Pemasaran")
        BAHAN_BAKU = "bahan_baku", _("Bahan baku")
        SDM = "sdm", _("SDM")
        TEKNOLOGI = "teknologi", _("Teknologi / alat")
        PERIZINAN = "perizinan", _("Perizinan / sertifikasi")
        AIR = "air", _("Air")
        LISTRIK = "listrik", _("Listrik")
        LAHAN = "lahan", _("Lahan")
        EKSPOR = "ekspor", _("Ekspor")
        LAINNYA = "lainnya", _("Lainnya")

    class Severity(models.TextChoices):
        RENDAH = "rendah", _("Rendah")
        SEDANG = "sedang", _("Sedang")
        TINGGI = "tinggi", _("Tinggi")

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        DIPROSES = "diproses", _("Sedang ditangani")
        SELESAI = "selesai", _("Terselesaikan")
        DITOLAK = "ditolak", _("Ditolak")

    OPEN_STATUSES = (Status.TERBUKA, Status.DIPROSES)
    CLOSED_STATUSES = (Status.SELESAI, Status.DITOLAK)

    usaha = models.ForeignKey(
        Usaha, on_delete=models.CASCADE, related_name="kendala", verbose_name=_("usaha")
    )
    kind = models.CharField(_("jenis kendala"), max_length=12, choices=Kind.choices, db_index=True)
    description = models.TextField(_("uraian"))
    severity = models.CharField(
        _("tingkat keparahan"), max_length=8, choices=Severity.choices, default=Severity.SEDANG
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TERBUKA, db_index=True
    )
    mitra = models.ForeignKey(
        Mitra,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kendala",
        verbose_name=_("diteruskan ke mitra"),
    )
    routed_at = models.DateTimeField(_("diteruskan pada"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diteruskan oleh"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    # Owners record and follow their own; a partner sees only what is routed to it.
    access = Access(
        view=OFFICE | {Role.MITRA, Role.PELAKU},
        add=EDITORS | {Role.PELAKU},
        change=EDITORS | {Role.MITRA},
        region="usaha__kecamatan",
        owner="usaha__owners__account",
        mitra="mitra__memberships__user",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kendala")
        verbose_name_plural = _("kendala")
        indexes = [models.Index(fields=["status", "kind"]), models.Index(fields=["mitra", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} · {self.usaha.name}"

    def get_absolute_url(self) -> str:
        return reverse("programs:kendala_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def age_days(self) -> int:
        """Days since it was recorded, until it was closed."""
        end = self.closed_at or timezone.now()
        return max(0, (end - self.created_at).days) if self.created_at else 0

    @classmethod
    def older_than(cls, days: int) -> Q:
        return Q(created_at__lt=timezone.now() - timedelta(days=days))


class TanggapanKendala(models.Model):
    """One message in a constraint's thread: a partner's answer, an officer's note, a status change."""

    kendala = models.ForeignKey(Kendala, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    body = models.TextField(_("tanggapan"), blank=True)
    status_from = models.CharField(max_length=10, choices=Kendala.Status.choices, blank=True)
    status_to = models.CharField(_("status baru"), max_length=10, choices=Kendala.Status.choices, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=OFFICE | {Role.MITRA, Role.PELAKU},
        add=EDITORS | {Role.MITRA},
        change=NOBODY,
        archive=NOBODY,
        export=NOBODY,
        region="kendala__usaha__kecamatan",
        owner="kendala__usaha__owners__account",
        mitra="kendala__mitra__memberships__user",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("tanggapan kendala")
        verbose_name_plural = _("tanggapan kendala")

    def __str__(self) -> str:
        return f"{self.kendala_id} · {self.created_at:%d-%m-%Y}"
