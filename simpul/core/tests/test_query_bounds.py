"""Every main page costs the same number of queries for a few rows as for many.

The whole demo (registry, programs, clusters, market, accounts) is generated
twice inside one transaction — once with a handful of businesses, once with
ten times as many — and each page is requested by the role that uses it, with
its queries counted. A page that queries once per row (an N+1) costs tens of
queries more the second time; a page with a fixed number of queries costs the
same, give or take a conditional block (a pager, an empty-state message) that
appears only with more rows. Detail pages are asked for the record with the
most related rows, so their lists grow too.

Several pages already have their own bound next to their app's tests (the
business list, the dashboard, the program pages, the cluster lists, the
catalog, the usaha API); this file covers every main page in one place.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 15, 90
#: One kecamatan, so that even the small demo has sentra of five members.
REGION = "35.23.01"
#: Queries a page may add when it has more rows: a pager, a "more" link, a filled-in block.
SLACK = 3


def _paths() -> dict[str, tuple[str, str]]:
    """Page label -> (username of the demo account that uses it, path), for the current data."""
    from simpul.clusters.models import Kawasan, Sentra
    from simpul.ingest.models import ImportJob
    from simpul.market.models import CatalogEntry
    from simpul.programs.models import Program
    from simpul.registry.models import Pelaku, Produk, Usaha

    usaha = Usaha.objects.annotate(n=Count("produk") + Count("laporan")).order_by("-n", "pk").first()
    pelaku = Pelaku.objects.annotate(n=Count("kepemilikan")).order_by("-n", "pk").first()
    produk = Produk.objects.order_by("pk").first()
    program = Program.objects.annotate(n=Count("kegiatan__partisipasi")).order_by("-n", "pk").first()
    sentra = Sentra.objects.annotate(n=Count("keanggotaan")).order_by("-n", "pk").first()
    kawasan = Kawasan.objects.order_by("pk").first()
    run = ImportJob.objects.order_by("-pk").first()
    entry = CatalogEntry.objects.order_by("pk").first()
    paths = {
        "registry list": ("petugas", "/usaha/"),
        "registry search": ("petugas", "/usaha/?q=a"),
        "owners list": ("admin", "/pelaku/"),
        "products list": ("petugas", "/produk/"),
        "import page": ("petugas", "/impor/"),
        "programs list": ("petugas", "/program/"),
        "clusters list": ("petugas", "/sentra/"),
        "kawasan list": ("petugas", "/kawasan/"),
        "cluster map": ("petugas", "/peta/"),
        "cluster map data": ("petugas", "/peta/usaha.json"),
        "dashboard": ("pimpinan", "/dasbor/"),
        "catalog list": ("", "/katalog/"),
        "audit log": ("admin", "/audit/"),
        "owner's page": ("pelaku", "/saya/"),
        "API businesses": ("petugas", "/api/usaha/"),
        "API owners": ("admin", "/api/pelaku/"),
        "API products": ("petugas", "/api/produk/"),
        "API reports": ("petugas", "/api/laporan-tahunan/"),
        "API certificates": ("petugas", "/api/legalitas/"),
        "API programs": ("petugas", "/api/program/"),
        "API participation": ("petugas", "/api/partisipasi/"),
        "API clusters": ("petugas", "/api/sentra/"),
        "API catalog": ("", "/api/katalog/produk/"),
        "API catalog makers": ("", "/api/katalog/usaha/"),
    }
    details = {
        "registry detail": ("petugas", "/usaha/{}/", usaha),
        "owner detail": ("admin", "/pelaku/{}/", pelaku),
        "product detail": ("petugas", "/produk/{}/", produk),
        "import result": ("petugas", "/impor/{}/", run),
        "program detail": ("petugas", "/program/{}/", program),
        "cluster detail": ("petugas", "/sentra/{}/", sentra),
        "kawasan detail": ("petugas", "/kawasan/{}/", kawasan),
    }
    for label, (username, pattern, obj) in details.items():
        if obj is not None:
            paths[label] = (username, pattern.format(obj.pk))
    if entry is not None:
        paths["catalog product"] = ("", entry.get_absolute_url())
        paths["catalog maker"] = ("", entry.get_usaha_url())
    return {label: value for label, value in paths.items() if value[1]}


def _import_runs(n: int) -> None:
    """Finished import runs for the import pages (the demo makes none)."""
    from simpul.accounts.models import User
    from simpul.ingest.models import ImportJob

    officer = User.objects.get(username="petugas")
    ImportJob.objects.bulk_create(
        ImportJob(
            filename=f"pendataan-{i}.xlsx",
            file=f"impor/pendataan-{i}.xlsx",
            status=ImportJob.Status.DONE,
            rows_total=10,
            created=10,
            created_by=officer,
        )
        for i in range(n)
    )


def _groupings() -> None:
    """A sentra, a kawasan and a program holding every business, so their pages grow with the data.

    The demo's own sentra and programs need more businesses than the small size has.
    """
    from simpul.clusters.models import Kawasan, Keanggotaan, Sentra
    from simpul.programs.models import Kegiatan, Partisipasi, Program
    from simpul.registry.models import Usaha

    businesses = list(Usaha.objects.filter(archived_at=None).order_by("pk"))
    desa = businesses[0].desa_id
    sentra = Sentra.objects.create(name="Sentra Uji Batas Kueri", desa_id=desa, kbli_id="10")
    Keanggotaan.objects.bulk_create(Keanggotaan(sentra=sentra, usaha=u) for u in businesses)
    kawasan = Kawasan.objects.create(name="Kawasan Uji Batas Kueri", theme="uji")
    kawasan.desa.set({u.desa_id for u in businesses})
    kawasan.sentra.set([sentra])
    program = Program.objects.create(
        kind=Program.Kind.SERTIFIKASI, year=2025, name="Program Uji Batas Kueri", certificate_kind="halal"
    )
    day = Kegiatan.objects.create(program=program, name="Kegiatan Uji Batas Kueri")
    Partisipasi.objects.bulk_create(
        Partisipasi(program=program, kegiatan=day, usaha=u, status=Partisipasi.Status.HADIR)
        for u in businesses
    )


def _count(paths: dict[str, tuple[str, str]]) -> dict[str, int]:
    from simpul.accounts.models import User

    counts = {}
    for label, (username, path) in paths.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        client.get(path)  # warm caches (sessions, content types, translations) out of the count
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (label, path, response.status_code)
        counts[label] = len(queries)
    return counts


_MEASURED: dict[str, tuple[int, int]] = {}


@pytest.fixture
def query_counts(db) -> dict[str, tuple[int, int]]:
    """Queries per page with SMALL and with LARGE businesses, measured once for the module.

    The first test measures inside its own transaction (each size in a savepoint that is
    rolled back); the others reuse the numbers, which are all that is kept.
    """
    from simpul.core.demo import DemoContext, run_seeders

    if not _MEASURED:
        measured: dict[int, dict[str, int]] = {}
        for size in (SMALL, LARGE):
            savepoint = transaction.savepoint()
            run_seeders(DemoContext(region=REGION, ikm=size, seed=3, log=lambda *_: None))
            _import_runs(size)
            _groupings()
            measured[size] = _count(_paths())
            transaction.savepoint_rollback(savepoint)
        for label, small in measured[SMALL].items():
            _MEASURED[label] = (small, measured[LARGE].get(label, -1))
    return _MEASURED


LABELS = [
    "registry list",
    "registry search",
    "registry detail",
    "owners list",
    "owner detail",
    "products list",
    "product detail",
    "import page",
    "import result",
    "programs list",
    "program detail",
    "clusters list",
    "cluster detail",
    "kawasan list",
    "kawasan detail",
    "cluster map",
    "cluster map data",
    "dashboard",
    "catalog list",
    "catalog product",
    "catalog maker",
    "audit log",
    "owner's page",
    "API businesses",
    "API owners",
    "API products",
    "API reports",
    "API certificates",
    "API programs",
    "API participation",
    "API clusters",
    "API catalog",
    "API catalog makers",
]


@pytest.mark.parametrize("label", LABELS)
def test_queries_do_not_grow_with_rows(query_counts, label):
    assert label in query_counts, f"{label}: page not measured (no such record in the small demo)"
    small, large = query_counts[label]
    assert large != -1, f"{label}: page missing with {LARGE} businesses"
    assert large <= small + SLACK, (
        f"{label}: {small} queries with {SMALL} businesses, {large} with {LARGE} — a query per row?"
    )
