"""Base models shared by every app, and the background job record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet


class ArchivableQuerySet(ScopedQuerySet):
    def active(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=True)


class SimpulModel(models.Model):
    """Timestamps and archiving; records are archived, never deleted from screens."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    archived_at = models.DateTimeField(_("diarsipkan"), null=True, blank=True, db_index=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at", "updated_at"])

    def restore(self) -> None:
        self.archived_at = None
        self.save(update_fields=["archived_at", "updated_at"])


class Job(models.Model):
    """A long piece of work (import, report, recomputation) and its progress.

    The task itself runs in the worker through django-tasks; this row is what
    pages poll, so its state survives restarts of either process.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=50)
    label = models.CharField(_("keterangan"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.TextField(_("pesan"), blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    output = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class AuditEntry(models.Model):
    """One line of the audit log: a view of personal data, an export, a data-subject request.

    Changes to records are kept by django-simple-history (before and after);
    this log holds what history cannot: who *looked at* or *took out* personal
    data, from where and why. Rows are only ever added, never edited from the app.
    """

    class Action(models.TextChoices):
        VIEW_PERSONAL = "lihat_pribadi", _("Melihat data pribadi")
        EXPORT = "ekspor", _("Ekspor data")
        EXPORT_PERSONAL = "ekspor_pribadi", _("Ekspor data pribadi")
        API_PERSONAL = "api_pribadi", _("Data pribadi lewat API")
        SUBJECT_REQUEST = "permintaan_subjek", _("Permintaan subjek data")
        CONSENT = "persetujuan", _("Persetujuan")
        LOGIN_FAILED = "gagal_masuk", _("Gagal masuk")
        RECOVERY_CODE = "kode_cadangan", _("Masuk dengan kode cadangan 2FA")

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    role = models.CharField(_("peran"), max_length=20, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices, db_index=True)
    model = models.CharField(_("jenis data"), max_length=100, blank=True)
    object_id = models.CharField(_("id data"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("data"), max_length=200, blank=True)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=frozenset({Role.ADMIN}),
        add=frozenset(),
        change=frozenset(),
        archive=frozenset(),
        export=frozenset({Role.ADMIN}),
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries cannot be deleted.")
