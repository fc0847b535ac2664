"""Background jobs: one django-tasks task runs every kind of Job.

An app registers a handler for its job kind with `@handler("kind")`; the
handler receives the Job and a `Progress` to report through. `start()`
creates the Job row and enqueues it; the worker (`manage.py db_worker`) runs
it. Progress writes are throttled so a 100,000-row import does not write
100,000 times.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.utils import timezone
from django_tasks import task

from simpul.core.models import Job

logger = logging.getLogger(__name__)
_HANDLERS: dict[str, Callable[[Job, Progress], dict]] = {}


class Progress:
    """Reports progress of a job to its row, at most every `interval` seconds."""

    def __init__(self, job: Job, interval: float = 0.5) -> None:
        self.job = job
        self.interval = interval
        self._last = 0.0

    def total(self, total: int) -> None:
        self.job.progress_total = total
        Job.objects.filter(pk=self.job.pk).update(progress_total=total)

    def update(self, done: int, message: str = "", force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        self.job.progress_done = done
        fields = {"progress_done": done}
        if message:
            fields["message"] = message
        Job.objects.filter(pk=self.job.pk).update(**fields)


def handler(kind: str) -> Callable:
    """Register the function that does the work of jobs of `kind`."""

    def register(func: Callable[[Job, Progress], dict]) -> Callable[[Job, Progress], dict]:
        _HANDLERS[kind] = func
        return func

    return register


def start(kind: str, label: str, user=None, **params) -> Job:
    """Create a Job and put it in the queue; returns the Job to show its progress."""
    if kind not in _HANDLERS:
        raise KeyError(f"No handler registered for job kind {kind!r}")
    job = Job.objects.create(kind=kind, label=label, params=params, created_by=user)
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def execute(job: Job) -> Job:
    """Run a job in this process (the worker, or a command run by hand)."""
    func = _HANDLERS[job.kind]
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        result = func(job, Progress(job)) or {}
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.refresh_from_db()
        job.status = Job.Status.FAILED
        job.message = str(exc) or exc.__class__.__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job
    job.refresh_from_db()
    job.status = Job.Status.DONE
    job.result = result
    job.progress_done = max(job.progress_done, job.progress_total)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "progress_done", "finished_at"])
    return job


@task()
def run_job(job_id: int) -> str:
    """The one task the worker runs: look the job up and execute its handler."""
    job = Job.objects.get(pk=job_id)
    if job.finished:
        return job.status
    return execute(job).status


@handler("diagnostik")
def diagnostic(job: Job, progress: Progress) -> dict:
    """A harmless job that proves the worker runs: it waits and counts the jobs table."""
    seconds = float(job.params.get("seconds", 0))
    progress.total(1)
    if seconds:
        time.sleep(min(seconds, 30))
    progress.update(1, force=True)
    return {"jobs": Job.objects.count()}
