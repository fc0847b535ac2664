"""bulkload writes the same rows as the ORM (COPY on PostgreSQL, executemany on SQLite) and reserves fresh keys."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from simpul.core.bulkload import reserve_ids, write_rows
from simpul.registry.models import LaporanTahunan, Legalitas, Pelaku, Usaha
from simpul.registry.models_consent import ConsentRecord

pytestmark = pytest.mark.django_db

DESA = "35.23.01.2001"


def _usaha(name: str) -> Usaha:
    return Usaha.objects.create(name=name, desa_id=DESA)


def _values(queryset, fields: list[str]) -> list[tuple]:
    return list(queryset.order_by("pk").values_list(*fields))


def test_write_rows_equals_bulk_create_for_decimals_dates_none_and_booleans():
    by_orm, by_bulk = _usaha("A"), _usaha("B")
    fields = [
        "year",
        "workforce_male",
        "investment_machines",
        "production_value",
        "water_m3",
        "export_countries",
    ]
    rows = [
        (2024, 3, Decimal(12_500_000), Decimal("987654321012345678"), Decimal("12.50"), "Malaysia"),
        (2025, 0, None, Decimal(0), None, ""),
    ]
    LaporanTahunan.objects.bulk_create(
        LaporanTahunan(usaha=by_orm, **dict(zip(fields, row, strict=True))) for row in rows
    )
    assert write_rows(LaporanTahunan, ["usaha_id", *fields], [(by_bulk.pk, *row) for row in rows]) == 2
    assert _values(LaporanTahunan.objects.filter(usaha=by_bulk), fields) == _values(
        LaporanTahunan.objects.filter(usaha=by_orm), fields
    )

    issued = date(2024, 2, 29)
    legal = [("halal", "H-1", issued, issued + timedelta(days=1460)), ("nib", "123", None, None)]
    names = ["kind", "number", "issued_on", "expires_on"]
    Legalitas.objects.bulk_create(
        Legalitas(usaha=by_orm, **dict(zip(names, row, strict=True))) for row in legal
    )
    write_rows(Legalitas, ["usaha_id", *names], ((by_bulk.pk, *row) for row in legal))
    assert _values(Legalitas.objects.filter(usaha=by_bulk), names) == _values(
        Legalitas.objects.filter(usaha=by_orm), names
    )


def test_left_out_columns_take_the_model_defaults_and_timestamps_are_aware():
    before = timezone.now()
    ids = reserve_ids(Pelaku, 2)
    write_rows(Pelaku, ["id", "name", "consent_catalog"], [(ids[0], "Siti", True), (ids[1], "Budi", False)])
    siti, budi = Pelaku.objects.get(pk=ids[0]), Pelaku.objects.get(pk=ids[1])
    assert (siti.consent_catalog, budi.consent_catalog) == (True, False)
    assert siti.nik == "" and siti.account_id is None and siti.consent_partner_contact is False
    assert siti.created_at >= before - timedelta(seconds=1) and siti.created_at.tzinfo is not None
    assert siti.history.count() == 0  # loads write no history, like bulk_create

    write_rows(ConsentRecord, ["pelaku_id", "purpose", "granted"], [(siti.pk, "katalog", True)])
    record = ConsentRecord.objects.get(pelaku=siti)
    assert record.text_version and record.at >= before - timedelta(seconds=1)


def test_reserved_keys_are_fresh_and_never_handed_out_twice():
    existing = _usaha("Lama")
    first = reserve_ids(Usaha, 3)
    second = reserve_ids(Usaha, 2)
    assert len(set(first) | set(second)) == 5 and min(first + second) > existing.pk
    # An ordinary insert after a reservation does not take a reserved key.
    assert _usaha("Baru").pk not in first + second
    write_rows(
        Usaha, ["id", "name", "desa_id", "kecamatan_id"], [(k, f"U{k}", DESA, "35.23.01") for k in first]
    )
    assert Usaha.objects.filter(pk__in=first).count() == 3
    assert reserve_ids(Usaha, 0) == []


def test_an_empty_load_writes_nothing():
    assert write_rows(Usaha, ["name"], []) == 0
    assert write_rows(Usaha, ["name"], iter([])) == 0
