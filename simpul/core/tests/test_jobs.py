import os
import subprocess
import sys

import pytest
from django.db import connection

from simpul.core import jobs
from simpul.core.models import Job


@jobs.handler("test_count")
def _count(job: Job, progress: jobs.Progress) -> dict:
    total = job.params["n"]
    progress.total(total)
    for i in range(total):
        progress.update(i + 1)
    if job.params.get("fail"):
        raise ValueError("Berkas rusak")
    return {"counted": total}


@pytest.mark.django_db
def test_a_job_runs_and_records_its_result_and_progress():
    job = jobs.start("test_count", "Hitung", n=5)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result == {"counted": 5}
    assert job.percent == 100
    assert job.task_id


@pytest.mark.django_db
def test_a_failing_job_is_marked_failed_with_its_message():
    job = jobs.start("test_count", "Hitung", n=2, fail=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Berkas rusak"


@pytest.mark.django_db
def test_an_unknown_job_kind_is_refused():
    with pytest.raises(KeyError):
        jobs.start("tidak_ada", "x")


@pytest.mark.django_db
def test_job_page_shows_progress_to_its_owner_only(client, roles):
    job = Job.objects.create(
        kind="test_count",
        label="Impor",
        created_by=roles.petugas,
        progress_total=10,
        progress_done=4,
        status=Job.Status.RUNNING,
    )
    client.force_login(roles.petugas)
    response = client.get(f"/pekerjaan/{job.pk}/")
    assert response.status_code == 200
    assert b"40%" in response.content
    client.force_login(roles.pelaku)
    assert client.get(f"/pekerjaan/{job.pk}/").status_code == 404


def database_url(config: dict) -> str:
    """The URL of the database this test runs on, for a worker in another process."""
    if "sqlite" in config["ENGINE"]:
        return f"sqlite:///{config['NAME']}"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or "localhost"
    return f"postgres://{config['USER']}{password}@{host}:{config.get('PORT') or 5432}/{config['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_job(settings, tmp_path):
    """The real path: enqueue into the database backend, run `db_worker --batch` in a process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = jobs.start("diagnostik", "Uji pekerja", seconds=0)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict)}
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE
