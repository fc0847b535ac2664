"""The API, fuzzed from its own OpenAPI schema: no input may cause a server error.

Schemathesis reads the schema /api/schema/ serves and, for every
operation, sends a handful of generated requests (valid and invalid
parameters and bodies) straight into the app, once as the admin (token)
and once as an anonymous caller. The only check is `not_a_server_error`:
an input the API does not accept must be answered with a 4xx and a
message, never with a 500.

The run is bounded so it belongs in `make test`: a few examples per
operation, no shrinking, no coverage or stateful phases, and a fixed seed
(`deterministic`) so a run fails or passes the same way every time.
Each test runs in one database transaction, rolled back at the end, so the
businesses the fuzzer creates or archives leave no trace.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

#: Examples generated per operation and caller; enough to reach each validator, small enough for the suite.
#: A longer hunt: SIMPUL_FUZZ_EXAMPLES=50 SIMPUL_FUZZ_RANDOM=1 pytest simpul/core/tests/test_api_fuzz.py
EXAMPLES_PER_OPERATION = int(os.environ.get("SIMPUL_FUZZ_EXAMPLES", "6"))
#: Fixed inputs by default, so the suite passes or fails the same way on every run.
DETERMINISTIC = os.environ.get("SIMPUL_FUZZ_RANDOM", "") != "1"

FUZZ_CONFIG: dict[str, Any] = {
    "generation": {
        "max-examples": EXAMPLES_PER_OPERATION,
        "no-shrink": True,
        "deterministic": DETERMINISTIC,
        "database": "none",
    },
    "phases": {
        "examples": {"enabled": False},
        "coverage": {"enabled": False},
        "stateful": {"enabled": False},
    },
}


@pytest.fixture
def wsgi_app(settings) -> Iterator[Any]:
    """The project's WSGI application, called in-process inside the test's transaction.

    Django closes "old" database connections when a request starts and ends;
    inside a test transaction that would close the connection the test
    holds, so the hook is detached while the fuzzer calls the app directly.
    """
    from simpul.wsgi import application

    # The WSGI test client of schemathesis sends Host: localhost.
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(roles) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=roles.admin).key


@pytest.fixture
def some_data(roles) -> None:
    """A few real records, so generated ids sometimes hit a row and the serializers run on data."""
    from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, Usaha

    owner = Pelaku.objects.create(
        name="Siti Aminah", nik="3523014508900001", gender="P", account=roles.pelaku
    )
    for n, desa in enumerate(("35.23.01.2001", "35.23.16.1003"), start=1):
        usaha = Usaha.objects.create(name=f"Usaha Uji {n}", desa_id=desa, kbli_id="10")
        Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
        Produk.objects.create(usaha=usaha, name=f"Produk Uji {n}", unit="kg")
        LaporanTahunan.objects.create(usaha=usaha, year=2025, workforce_male=1)


def load_schema():
    """The schema /api/schema/ serves, built in-process when the module is collected.

    (schemathesis' fixture-based lazy loading relies on a private pytest
    attribute that pytest 9 no longer has; an eagerly loaded schema gives one
    pytest item per operation, which xdist spreads over its workers.) The
    generator reads code only, never the database.
    """
    from django.core.serializers.json import DjangoJSONEncoder
    from drf_spectacular.generators import SchemaGenerator

    from simpul.wsgi import application

    document = json.loads(
        json.dumps(SchemaGenerator().get_schema(request=None, public=True), cls=DjangoJSONEncoder)
    )
    loaded = schemathesis.openapi.from_dict(document, config=SchemathesisConfig.from_dict(FUZZ_CONFIG))
    loaded.app = application  # calls go into the WSGI app, not over the network
    return loaded


schema = load_schema()

#: Server errors the fuzzer found that wait for a fix in the viewsets (reported to the lead).
#: For these operations a non-numeric `id` in the path is replaced by a number, so the
#: rest of each request (body, query) is still fuzzed. Remove a line once its fix lands.
KNOWN_SERVER_ERRORS: dict[tuple[str, str], str] = {}


@schema.hook("map_path_parameters")
def _numeric_ids_where_text_ids_still_crash(context, path_parameters: dict[str, Any]) -> dict[str, Any]:
    operation = context.operation
    if (operation.method.upper(), operation.path) in KNOWN_SERVER_ERRORS and not str(
        path_parameters.get("id", "0")
    ).isdigit():
        return {**path_parameters, "id": 987654}
    return path_parameters


def _call(case, headers: dict[str, str] | None = None) -> None:
    # The API's rate limits live in the cache; a fuzz run would exhaust them and see only 429s.
    cache.clear()
    case.call_and_validate(headers=headers, checks=[not_a_server_error])


#: The fixtures (database transaction, users, token) are meant to be shared by all
#: examples of an operation; the API under test is slow next to a pure function.
FUZZ_SETTINGS = hypothesis.settings(
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture, hypothesis.HealthCheck.too_slow],
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_input_makes_the_api_fail_for_the_admin(case, wsgi_app, admin_token, some_data) -> None:
    _call(case, {"Authorization": f"Token {admin_token}"})


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_input_makes_the_api_fail_for_an_anonymous_caller(case, wsgi_app, some_data) -> None:
    _call(case)
