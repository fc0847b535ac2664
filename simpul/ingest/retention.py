"""Imported spreadsheets are kept SIMPUL_IMPORT_FILE_DAYS days after the import ends.

The file holds every NIK and phone number of the sheet; once the rows are
in the registry it is no longer needed. The run itself (who, when, counts)
stays as a record; the row messages, which may quote cell values, go with
the file. Drafts never started are removed with their file.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from simpul.ingest.models import ImportChunk, ImportJob


def expired_imports(now: datetime):
    cutoff = now - timedelta(days=settings.SIMPUL_IMPORT_FILE_DAYS)
    finished = Q(status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED], finished_at__lt=cutoff)
    abandoned = Q(status=ImportJob.Status.DRAFT, created_at__lt=cutoff)
    return ImportJob.objects.filter(finished | abandoned).exclude(file="")


def clear_import_files(now: datetime, dry_run: bool) -> int:
    due = list(expired_imports(now))
    if dry_run:
        return len(due)
    for job in due:
        with transaction.atomic():
            job.file.delete(save=False)
            if job.status == ImportJob.Status.DRAFT:
                job.delete()
                continue
            job.file = ""
            job.save(update_fields=["file"])
            ImportChunk.objects.filter(run=job).update(issues=[])
    return len(due)
