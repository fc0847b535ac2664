"""The import's main paths issue a fixed number of queries per batch, never one per row.

Each path runs on 50 and on 500 rows (one batch each), and the larger run must not issue more
queries than the smaller one (it may issue fewer: the first run warms a few caches).  Paths:
creating businesses, updating them on a second import, a per-product file, and the
background-job path that stores each batch's results.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simpul.ingest import runs
from simpul.ingest.tests.conftest import run_file
from simpul.ingest.tests.fixtures import ikm_files as files
from simpul.registry.models import Kepemilikan, Pelaku, Produk, Usaha

pytestmark = pytest.mark.django_db

SMALL, LARGE = 50, 500


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def _clear() -> None:
    Kepemilikan.objects.all().delete()
    Produk.objects.all().delete()
    Usaha.objects.all().delete()
    Pelaku.objects.all().delete()


def _files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        files.many_rows_csv(tmp_path, SMALL, name="kecil.csv"),
        files.many_rows_csv(tmp_path, LARGE, name="besar.csv"),
    )


def test_creating_businesses_costs_the_same_queries_for_50_and_500_rows(tmp_path: Path) -> None:
    small, large = _files(tmp_path)
    few = _queries(lambda: run_file(small))
    _clear()
    many = _queries(lambda: run_file(large))

    assert Usaha.objects.count() == LARGE
    assert many <= few


def test_updating_businesses_costs_the_same_queries_for_50_and_500_rows(tmp_path: Path) -> None:
    small, large = _files(tmp_path)
    run_file(small)
    few = _queries(lambda: run_file(small))  # second import: every row matches a stored business
    _clear()
    run_file(large)
    many = _queries(lambda: run_file(large))

    assert Usaha.objects.count() == LARGE
    assert many <= few


def test_a_product_file_costs_the_same_queries_for_50_and_500_rows(tmp_path: Path) -> None:
    small, large = _files(tmp_path)
    few = _queries(lambda: run_file(small, kind="produk"))
    _clear()
    many = _queries(lambda: run_file(large, kind="produk"))

    assert Produk.objects.count() == LARGE
    assert many <= few


def test_the_background_job_path_costs_the_same_queries_for_50_and_500_rows(tmp_path: Path, roles) -> None:
    small, large = _files(tmp_path)
    user = roles.petugas_kec  # limited to Kenduruan, where the rows are: the scope check runs too

    def job(path: Path) -> None:
        with path.open("rb") as handle:
            run = runs.create_run(handle, path.name, "usaha", user)
        summary = runs.execute(run, user=user)
        assert summary.rejected == 0

    few = _queries(lambda: job(small))
    _clear()
    many = _queries(lambda: job(large))

    assert many <= few
