"""Catalog, dashboard and analysis reads go to a read replica when one is configured; nothing else does."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from simpul.core import replica
from simpul.market.models import CatalogEntry
from simpul.registry.models import Usaha

ROUTER = replica.ReplicaRouter()


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}


def test_without_a_replica_everything_reads_the_primary():
    with replica.reads_from_replica():
        assert ROUTER.db_for_read(Usaha) == "default"


def test_with_a_replica_only_marked_reads_of_registry_data_go_there(with_replica):
    from django.contrib.sessions.models import Session

    from simpul.core.models import AuditEntry

    assert ROUTER.db_for_read(Usaha) == "default"
    with replica.reads_from_replica():
        assert ROUTER.db_for_read(Usaha) == "replica"
        assert ROUTER.db_for_read(CatalogEntry) == "replica"
        assert ROUTER.db_for_read(Session) == "default"  # a fresh login must be seen at once
        assert ROUTER.db_for_read(AuditEntry) == "default"
        assert ROUTER.db_for_write(Usaha) == "default"
    assert ROUTER.db_for_read(Usaha) == "default"
    assert not ROUTER.allow_migrate("replica", "registry")


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("get", "/katalog/", True),
        ("get", "/katalog/produk/keripik-1/", True),
        ("get", "/dasbor/", True),
        ("get", "/api/katalog/produk/", True),
        ("get", "/analisis/run/3/", True),
        ("post", "/katalog/permintaan/baru/", False),
        ("get", "/katalog/permintaan/pribadi/abc/", False),  # the buyer's page right after sending
        ("get", "/usaha/", False),  # officers' registry work reads the primary
        ("get", "/saya/", False),
    ],
)
def test_which_requests_read_the_replica(method, path, expected):
    assert replica.wants_replica(getattr(RequestFactory(), method)(path)) is expected


def test_a_visitor_who_just_wrote_reads_the_primary_for_a_moment(with_replica):
    seen = []

    def view(request):
        seen.append(ROUTER.db_for_read(Usaha))
        return HttpResponse("ok")

    middleware = replica.ReplicaMiddleware(view)
    factory = RequestFactory()
    posted = middleware(factory.post("/katalog/usaha/1/kontak/"))
    assert posted.cookies[replica.STICKY_COOKIE]["max-age"] == replica.STICKY_SECONDS
    middleware(factory.get("/katalog/"))
    after_write = factory.get("/katalog/")
    after_write.COOKIES[replica.STICKY_COOKIE] = "1"
    middleware(after_write)
    assert seen == ["default", "replica", "default"]
