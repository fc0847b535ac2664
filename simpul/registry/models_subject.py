"""Requests of data subjects (UU PDP 27/2022): access, correction and deletion of their data.

An owner files a request from /saya/data/; an officer of the owner's area
answers it. Downloading one's data is recorded as an access request that is
answered at once, so the office can show every request and its answer.
The rules are in subject.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet

_OFFICERS = frozenset({Role.ADMIN, Role.PETUGAS})
_NOBODY: frozenset[str] = frozenset()


class SubjectRequest(models.Model):
    """One request of a person about their own personal data, and the office's answer."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Akses (unduh data)")
        CORRECTION = "correction", _("Perbaikan data")
        DELETION = "deletion", _("Penghapusan data")

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu ditangani")
        DONE = "done", _("Selesai")
        REJECTED = "rejected", _("Ditolak")

    #: Hours within which the office means to answer (UU PDP asks for 3 × 24 hours
    #: for corrections); older open requests are flagged on the officer's list.
    ANSWER_HOURS = 72

    pelaku = models.ForeignKey(
        "registry.Pelaku", on_delete=models.CASCADE, related_name="subject_requests", verbose_name=_("pelaku")
    )
    kind = models.CharField(_("jenis permintaan"), max_length=12, choices=Kind.choices)
    text = models.TextField(
        _("isi permintaan"), blank=True, help_text=_("Data mana yang keliru dan bagaimana yang benar.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    decision = models.TextField(_("jawaban petugas"), blank=True)
    decided_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # The owner sees their own requests; officers answer those of their area;
    # pimpinan, mitra and asosiasi have no business with them.
    access = Access(
        view=_OFFICERS | {Role.PELAKU},
        add=frozenset({Role.PELAKU}),
        change=_OFFICERS,
        archive=_NOBODY,
        export=_NOBODY,
        region="pelaku__usaha__kecamatan",
        owner="pelaku__account",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("registry:subject_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def overdue(self) -> bool:
        """Open longer than the office means to take."""
        return self.is_open and (timezone.now() - self.created_at).total_seconds() > self.ANSWER_HOURS * 3600
