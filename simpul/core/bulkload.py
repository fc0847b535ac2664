"""Writing many rows fast: COPY on PostgreSQL, one prepared INSERT (executemany) on SQLite.

    ids = reserve_ids(Usaha, len(rows))          # keys the children can point to
    write_rows(Usaha, ["id", "name", "desa_id"], rows)

Rows are plain tuples in the order of `fields` (names or attnames such as
"usaha_id"). Columns left out get the model field's default once per call
(timestamps with auto_now/auto_now_add get "now"), so the caller names only
what varies. Like `bulk_create`, this sends no signals and writes no
django-simple-history rows: it is for loads (demo data, benches), not for
records an officer edits.

Why not `bulk_create`: on PostgreSQL it sends INSERT statements that the
server parses and plans per batch and returns ids one by one; COPY streams
rows in one command and is several times faster for millions of rows. On
SQLite, `bulk_create` splits rows to stay under the 999-parameter limit;
one prepared statement run for every row (executemany) avoids that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models
from django.utils import timezone

#: Rows handed to SQLite's executemany at a time, so a generator of rows is never held whole.
SQLITE_CHUNK = 5000
#: Fields whose Python values SQLite's driver would store differently from Django (aware datetimes,
#: decimals, JSON): these go through the field's own conversion there.
_ADAPTED = {"DateTimeField", "DecimalField", "DateField", "TimeField", "UUIDField", "JSONField"}


def _fields(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


def _fill(model: type[models.Model], given: list[models.Field]) -> tuple[list[models.Field], tuple]:
    """The fields the caller left out, and one value for each (their default).

    A default that must differ per row (a callable such as uuid4) cannot be
    filled once per call, so it has to be given.
    """
    named = {f.attname for f in given}
    missing, values = [], []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.attname in named or (field.primary_key and isinstance(field, models.AutoField)):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default() and callable(field.default):
            raise ValueError(f"{model.__name__}.{field.name}: its default varies per row; give a value")
        else:
            value = field.get_default()
        missing.append(field)
        values.append(value)
    return missing, tuple(values)


def _converters(fields: list[models.Field]) -> list[Callable[[Any], Any]] | None:
    """Per-column conversions for the driver, or None when every value can go as it is."""
    # psycopg dumps str, int, float, Decimal, date, datetime, bool and None itself; JSON needs Django's wrapper.
    kinds = {"JSONField"} if connection.vendor == "postgresql" else _ADAPTED
    if not any(f.get_internal_type() in kinds for f in fields):
        return None

    def convert(field: models.Field) -> Callable[[Any], Any]:
        if field.get_internal_type() not in kinds:
            return lambda value: value
        return lambda value: None if value is None else field.get_db_prep_save(value, connection)

    return [convert(f) for f in fields]


def write_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples in the order of `fields`) into the model's table; returns how many.

    `rows` may be a generator: it is consumed once, in chunks.
    """
    given = _fields(model, fields)
    missing, defaults = _fill(model, given)
    columns = given + missing
    convert = _converters(columns)

    def full(row: Sequence[Any]) -> tuple:
        values = (*row, *defaults)
        if convert is None:
            return values
        return tuple(c(v) for c, v in zip(convert, values, strict=True))

    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        return _copy(f"COPY {table} ({names}) FROM STDIN", map(full, rows))
    placeholders = ", ".join(["%s"] * len(columns))
    # Table and column names come from the model; every value is a parameter.
    return _executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", map(full, rows))  # noqa: S608


def _copy(sql: str, rows: Iterable[tuple]) -> int:
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany(sql: str, rows: Iterable[tuple]) -> int:
    count = 0
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, SQLITE_CHUNK)):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for rows the caller writes itself (COPY returns no ids).

    PostgreSQL: values drawn from the table's own sequence, so they never
    collide with rows other sessions insert. SQLite: the next block after
    the largest key, recorded in sqlite_sequence at once, so a second call
    (or an ordinary insert) never hands out the same keys again.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        return _reserve_sqlite(cursor, table, column, count)


def _reserve_sqlite(cursor, table: str, column: str, count: int) -> list[int]:
    quote = connection.ops.quote_name
    cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # noqa: S608
    largest = cursor.fetchone()[0]
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    found = cursor.fetchone()
    first = max(largest, found[0] if found else 0) + 1
    last = first + count - 1
    if found:
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last, table])
    else:
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last])
    return list(range(first, last + 1))
