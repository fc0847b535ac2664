"""Trigram indexes for the registry search on PostgreSQL (nothing on SQLite).

The officer search matches names, addresses, owners' names and product names
anywhere in the text (`icontains`, which Django writes as
``UPPER(col::text) LIKE UPPER('%…%')``). A btree index cannot serve that; a
pg_trgm GIN index on the same ``UPPER(col::text)`` expression can, which turns
a scan of a million businesses into an index lookup (bench/registry_list.py).
SQLite keeps scanning, which is fast enough at a kabupaten's size.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations

INDEXES = [
    ("registry_usaha_name_trgm", "registry_usaha", "name"),
    ("registry_usaha_address_trgm", "registry_usaha", "address"),
    ("registry_pelaku_name_trgm", "registry_pelaku", "name"),
    ("registry_produk_name_trgm", "registry_produk", "name"),
]


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_subject_requests")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
