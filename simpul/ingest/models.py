"""Import runs, their per-batch results, and saved column mappings.

An :class:`ImportJob` is one run over one uploaded file: the sheet, where its data starts, which
column holds which field, and what happened to each row.  A dry run and the real import are two
runs of the same file and mapping.  Results are stored per batch (:class:`ImportChunk`) in the
same transaction as the batch's data, so an interrupted run knows exactly which batches are in
the database and a rerun finishes the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet
from simpul.ingest.fields import KIND_LABELS, ColumnSpec, mapping_from_json

_IMPORTERS = frozenset({Role.ADMIN, Role.PETUGAS})
IMPORT_ACCESS = Access(
    view=_IMPORTERS, add=_IMPORTERS, change=_IMPORTERS, archive=_IMPORTERS, export=_IMPORTERS
)


class ImportJob(models.Model):
    """One run of the importer over an uploaded file."""

    class Kind(models.TextChoices):
        USAHA = "usaha", KIND_LABELS["usaha"]
        PRODUK = "produk", KIND_LABELS["produk"]
        LAPORAN = "laporan", KIND_LABELS["laporan"]

    class Status(models.TextChoices):
        DRAFT = "draft", _("Belum dijalankan")
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    file = models.FileField(_("berkas"), upload_to="impor/%Y/%m/")
    filename = models.CharField(_("nama berkas"), max_length=255)
    sheet = models.CharField(_("lembar"), max_length=200, blank=True)
    sheets = models.JSONField(_("lembar yang ada"), default=list, blank=True)
    #: 0-based index of the header row; None when the file has no header.
    header_row = models.IntegerField(_("baris judul kolom"), null=True, blank=True)
    #: 0-based index of the first data row.
    data_start = models.PositiveIntegerField(_("baris data pertama"), default=0)
    title = models.CharField(_("judul lembar"), max_length=300, blank=True)
    headers = models.JSONField(_("judul kolom"), default=dict, blank=True)
    #: Column index (as text) → {"field": ..., "multiplier": ...}; the money unit lives here too.
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    #: Column index → {"field", "confidence", "reason"} as first suggested, shown to the officer.
    suggestions = models.JSONField(_("usulan pemetaan"), default=dict, blank=True)
    kind = models.CharField(_("jenis impor"), max_length=10, choices=Kind.choices, default=Kind.USAHA)
    year = models.PositiveSmallIntegerField(_("tahun data"), null=True, blank=True)
    dry_run = models.BooleanField(_("uji coba"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    batch_size = models.PositiveIntegerField(_("ukuran batch"), default=1000)
    rows_total = models.PositiveIntegerField(_("jumlah baris data"), default=0)
    created = models.PositiveIntegerField(_("dibuat"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    doubtful = models.PositiveIntegerField(_("perlu dicek"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    job = models.ForeignKey(
        "core.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pekerjaan"),
    )
    #: The dry run this import was started from.
    source_run = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uji coba asal"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access = IMPORT_ACCESS

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        if self.status == self.Status.DRAFT:
            return reverse("ingest:mapping", args=[self.pk])
        return reverse("ingest:result", args=[self.pk])

    @property
    def column_mapping(self) -> dict[int, ColumnSpec]:
        return mapping_from_json(self.mapping)

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, int(100 * self.processed / self.rows_total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.processed,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "doubtful": self.doubtful,
        }

    def flagged_rows(self) -> Iterator[dict[str, Any]]:
        """Rows with errors or warnings, in file order: {"row", "outcome", "issues": [[col, value, msg, level]]}."""
        for chunk in self.chunks.order_by("index"):
            yield from chunk.issues


class ImportChunk(models.Model):
    """The results of one committed batch: an outcome letter per row and the rows with issues.

    ``outcomes`` holds one letter per data row — c(reated), u(pdated), n (unchanged),
    r(ejected) — upper case when the row is doubtful.  ``issues`` lists only rows with messages,
    so a clean 100,000-row import stores about 100 kB.
    """

    run = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    first_row = models.PositiveIntegerField()
    last_row = models.PositiveIntegerField()
    outcomes = models.TextField(blank=True)
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="ingest_chunk_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.index}"


class MappingTemplate(models.Model):
    """A saved mapping, keyed by normalised header text so it applies to next year's file too.

    Columns without a header are saved by position ("#3"); they apply only to files laid out
    the same way.
    """

    name = models.CharField(_("nama templat"), max_length=100, unique=True)
    kind = models.CharField(
        _("jenis impor"), max_length=10, choices=ImportJob.Kind.choices, default=ImportJob.Kind.USAHA
    )
    #: Normalised header text (or "#<column>") → {"field": ..., "multiplier": ...}.
    mapping = models.JSONField(_("pemetaan"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access = IMPORT_ACCESS

    class Meta:
        ordering = ["name"]
        verbose_name = _("templat pemetaan")
        verbose_name_plural = _("templat pemetaan")

    def __str__(self) -> str:
        return self.name
