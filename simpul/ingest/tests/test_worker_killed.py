"""The worker process is killed in the middle of an import: the database stays consistent,
and resuming the import completes it without duplicates.

This is the real path: the import is queued in the database task backend, a
`db_worker` process picks it up, and the test sends it SIGKILL once the first
batches are committed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from simpul.core.tests.test_jobs import database_url
from simpul.ingest import runs
from simpul.ingest.models import ImportJob
from simpul.ingest.tests.fixtures import ikm_files as files
from simpul.registry.models import Kepemilikan, Pelaku, Usaha

ROWS = 3000


def _wait_for_committed_batches(run: ImportJob, worker: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run.chunks.count() >= 2:
            return
        if worker.poll() is not None:
            pytest.fail(f"worker ended before it could be killed: {worker.stderr.read().decode()[-2000:]}")
        time.sleep(0.05)
    pytest.fail("the worker committed no batch in time")


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_import_leaves_the_database_consistent_and_the_rerun_completes(
    settings, tmp_path: Path, reference_data, roles
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    path = files.many_rows_csv(tmp_path, ROWS)
    with path.open("rb") as handle:
        run = runs.create_run(handle, path.name, "usaha", roles.admin)
    run.batch_size = 100
    run.save()
    run = runs.start(run, dry_run=False, user=roles.admin)

    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_committed_batches(run, worker)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    # Consistent: every business written has its owner and ownership; nothing half-written.
    stored = Usaha.objects.count()
    assert 0 < stored < ROWS
    assert Kepemilikan.objects.count() == stored
    assert Pelaku.objects.count() == stored
    run.refresh_from_db()
    # What the committed batches say they created is exactly what is in the database.
    assert stored == sum(chunk.outcomes.lower().count("c") for chunk in run.chunks.all())

    runs.execute(run)

    run.refresh_from_db()
    assert run.status == ImportJob.Status.DONE
    assert Usaha.objects.count() == ROWS
    assert Usaha.objects.values("name").distinct().count() == ROWS
    assert Kepemilikan.objects.count() == ROWS and Pelaku.objects.count() == ROWS
