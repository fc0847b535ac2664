"""Owner self-service: invitations that give an owner an account, and the changes an owner proposes.

An owner never edits the registry directly. Each edit becomes a
`ChangeRequest` holding the proposed field values; the record stays as it is
until an officer of the business's kecamatan approves the request (see
docs/self-service.md for why).
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet
from simpul.registry.models import LaporanTahunan, Pelaku, Produk, Usaha

_OFFICERS = frozenset({Role.ADMIN, Role.PETUGAS})
_NOBODY: frozenset[str] = frozenset()


def holding_path(instance: ChangeRequest, filename: str) -> str:
    """Where a proposed photo waits for review.

    A random name: the folder sits under MEDIA_ROOT, and an unguessable name
    keeps a pending photo private even where the web server serves /media/.
    """
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"perubahan/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class OwnerInvite(models.Model):
    """A one-time invitation for an owner (Pelaku) to create an account.

    Neither the link token nor the code is stored: only their keyed hashes,
    so a copy of the database cannot be used to claim an invitation.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Surel")
        WHATSAPP = "whatsapp", _("WhatsApp / telepon")

    #: Days an invitation stays usable.
    VALID_DAYS = 7

    pelaku = models.ForeignKey(
        Pelaku, on_delete=models.CASCADE, related_name="invites", verbose_name=_("pelaku")
    )
    #: The business the officer invited from; it decides which officers see the invitation.
    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha"))
    channel = models.CharField(_("dikirim lewat"), max_length=10, choices=Channel.choices)
    sent_to = models.CharField(_("dikirim ke"), max_length=254)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diundang oleh"),
    )
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("akun yang dibuat"),
    )

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=_OFFICERS,
        add=_OFFICERS,
        change=_OFFICERS,
        archive=_NOBODY,
        export=_NOBODY,
        region="usaha__kecamatan",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan pelaku")
        verbose_name_plural = _("undangan pelaku")

    def __str__(self) -> str:
        return f"{self.pelaku} · {self.created_at:%d-%m-%Y}"

    @property
    def is_usable(self) -> bool:
        """Not used, not revoked, not expired, and the person has no account yet."""
        return (
            self.used_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.pelaku.account_id is None
        )

    @property
    def state_label(self) -> str:
        if self.used_at:
            return str(_("sudah dipakai"))
        if self.revoked_at:
            return str(_("diganti undangan baru"))
        if self.expires_at <= timezone.now():
            return str(_("kedaluwarsa"))
        return str(_("menunggu"))


class ChangeRequest(models.Model):
    """A change an owner proposes to a business profile, a product or a yearly report.

    `changes` maps field names to the proposed values in the form a Django
    form accepts as data (strings, numbers, booleans, lists of keys), so the
    officer's approval puts them through the same form as any edit.
    """

    class Target(models.TextChoices):
        USAHA = "usaha", _("Profil usaha")
        PRODUK = "produk", _("Produk")
        LAPORAN = "laporan", _("Laporan tahunan")

    class Action(models.TextChoices):
        CREATE = "create", _("Tambah baru")
        UPDATE = "update", _("Ubah")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        WITHDRAWN = "withdrawn", _("Dibatalkan")

    usaha = models.ForeignKey(
        Usaha, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("usaha")
    )
    target = models.CharField(_("yang diubah"), max_length=10, choices=Target.choices)
    action = models.CharField(_("jenis"), max_length=10, choices=Action.choices, default=Action.UPDATE)
    #: The product or report changed; for a new one, filled in when it is approved.
    produk = models.ForeignKey(
        Produk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
        verbose_name=_("produk"),
    )
    laporan = models.ForeignKey(
        LaporanTahunan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
        verbose_name=_("laporan tahunan"),
    )
    changes = models.JSONField(_("nilai yang diusulkan"), default=dict, blank=True)
    #: The stored values of the same fields when the request was decided, so
    #: its before → after still reads correctly once the record has moved on.
    previous = models.JSONField(_("nilai sebelumnya"), default=dict, blank=True, editable=False)
    photo = models.ImageField(_("foto yang diusulkan"), upload_to=holding_path, blank=True)
    note = models.TextField(_("catatan pelaku"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diusulkan oleh"),
    )
    created_at = models.DateTimeField(_("diusulkan pada"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    reason = models.TextField(_("alasan penolakan"), blank=True)

    objects = ScopedQuerySet.as_manager()
    # Owners see the requests of their own businesses; officers review those of
    # their kecamatan; nobody else (pimpinan included) sees them at all.
    access = Access(
        view=_OFFICERS | {Role.PELAKU},
        add=frozenset({Role.PELAKU}),
        change=_OFFICERS,
        archive=_NOBODY,
        export=_NOBODY,
        region="usaha__kecamatan",
        owner="usaha__owners__account",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("permintaan perubahan")
        verbose_name_plural = _("permintaan perubahan")
        indexes = [models.Index(fields=["status", "usaha"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_target_display()} · {self.usaha}"

    def get_absolute_url(self) -> str:
        return reverse("registry:changerequest_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def subject(self) -> str:
        """What the request is about, in the owner's words: "Produk: Keripik", "Laporan 2025"."""
        if self.target == self.Target.USAHA:
            return str(_("Profil usaha"))
        if self.target == self.Target.PRODUK:
            name = self.produk.name if self.produk else self.changes.get("name", "")
            prefix = _("Produk baru") if self.action == self.Action.CREATE else _("Produk")
            return f"{prefix}: {name}"
        year = self.laporan.year if self.laporan else self.changes.get("year", "")
        prefix = _("Laporan baru") if self.action == self.Action.CREATE else _("Laporan")
        return f"{prefix} {year}"
