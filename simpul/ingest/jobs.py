"""The background job that runs an import (registered with core.jobs under the kind "impor_ikm")."""

from __future__ import annotations

from simpul.core.jobs import Progress, handler
from simpul.core.models import Job
from simpul.ingest import runs
from simpul.ingest.models import ImportJob

JOB_KIND = "impor_ikm"


@handler(JOB_KIND)
def run_import_job(job: Job, progress: Progress) -> dict:
    """Execute the ImportJob named in the job's parameters, reporting progress per batch."""
    run = ImportJob.objects.get(pk=job.params["import_id"])
    if run.rows_total:
        progress.total(run.rows_total)

    def report(done: int) -> None:
        if not progress.job.progress_total:
            refreshed = ImportJob.objects.filter(pk=run.pk).values_list("rows_total", flat=True).first()
            if refreshed:
                progress.total(refreshed)
        progress.update(done, f"{done} baris diproses")

    summary = runs.execute(run, progress=report)
    progress.update(summary.rows, f"{summary.rows} baris diproses", force=True)
    return {"import_id": run.pk, **summary.counts()}
