"""Read replicas: heavy public and analytical reads go to a PostgreSQL replica when one is configured.

With DATABASE_REPLICA_URL set (docs/scaling.md), GET requests to the public
catalog, the dashboards and the analyses read the registry's tables from the
`replica` database; every write, and every other page, uses `default`.
Without it nothing changes: the router answers `default` for everything.

Read-your-writes: a visitor who has just written something (any POST, PUT,
PATCH or DELETE) gets a short-lived cookie, and while it lasts their reads
stay on the primary — so the page a form redirects to shows what was just
saved, even if the replica is a moment behind. Sessions, accounts, jobs and
the audit log always use the primary (they are not in REPLICA_APPS).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
#: Apps whose tables may be read from the replica.
REPLICA_APPS = frozenset(
    {"registry", "market", "analytics", "clusters", "programs", "regions", "classifications"}
)
#: Paths whose GET requests read from the replica: the catalog, dashboards and analyses.
REPLICA_PATHS = ("/katalog/", "/dasbor/", "/analisis/", "/api/katalog/", "/api/analisis/", "/sitemap")
#: Paths under those that follow a visitor's own write and must see it.
PRIMARY_PATHS = ("/katalog/permintaan/baru/", "/katalog/permintaan/pribadi/", "/katalog/permintaan/terkirim/")
#: Cookie that keeps a visitor on the primary for a few seconds after a write.
STICKY_COOKIE = "simpul_primary"
STICKY_SECONDS = 10

_reading_replica: ContextVar[bool] = ContextVar("simpul_reading_replica", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reads_from_replica():
    """Inside the block, reads of REPLICA_APPS models go to the replica (when one is configured)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Django database router: replica for reads inside `reads_from_replica()`, primary otherwise."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _reading_replica.get() and configured() and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


def wants_replica(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.COOKIES.get(STICKY_COOKIE):
        return False
    path = request.path
    return path.startswith(REPLICA_PATHS) and not path.startswith(PRIMARY_PATHS)


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        if wants_replica(request):
            with reads_from_replica():
                return self.get_response(request)
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                STICKY_COOKIE, "1", max_age=STICKY_SECONDS, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
        return response
