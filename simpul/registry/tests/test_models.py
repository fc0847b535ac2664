"""Validation, scale, completeness and history of registry records."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from simpul.registry import completeness
from simpul.registry.models import LaporanTahunan, Legalitas, Pelaku, Produk, Usaha
from simpul.registry.scale import BESAR, KECIL, MENENGAH, derive_scale


@pytest.mark.parametrize(
    ("workers", "investment", "scale"),
    [
        (5, 50_000_000, KECIL),
        (19, 999_999_999, KECIL),
        (19, 1_000_000_000, MENENGAH),
        (20, 15_000_000_000, MENENGAH),
        (20, 15_000_000_001, BESAR),
        (150, 20_000_000_000, BESAR),
    ],
)
def test_scale_follows_the_permenperin_thresholds(workers, investment, scale):
    result = derive_scale(workers, Decimal(investment))
    assert result.scale == scale
    assert "tenaga kerja" in result.reason and "Rp" in result.reason


def test_scale_is_unknown_without_figures():
    assert derive_scale(None, Decimal(1)) is None
    assert derive_scale(3, None) is None


@pytest.mark.django_db
def test_a_business_takes_its_scale_from_the_latest_report(registry):
    registry.a.refresh_from_db()
    assert registry.a.scale == Usaha.Scale.KECIL
    LaporanTahunan.objects.create(
        usaha=registry.a,
        year=2026,
        workforce_male=15,
        workforce_female=10,
        investment_machines=Decimal(2_000_000_000),
    )
    registry.a.refresh_from_db()
    assert registry.a.scale == Usaha.Scale.MENENGAH
    assert "25 tenaga kerja" in registry.a.scale_reason


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nik", "3523", "NIK harus 16 angka"),
        ("nik", "9999999999999999", "NIK tidak sah"),
        ("phone", "12", "Nomor telepon tidak dikenali"),
    ],
)
@pytest.mark.django_db
def test_invalid_person_values_get_an_indonesian_message_next_to_the_field(field, value, message):
    person = Pelaku(name="Uji", **{field: value})
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert message in " ".join(error.value.message_dict[field])


@pytest.mark.django_db
def test_invalid_business_values_are_refused_per_field():
    usaha = Usaha(name="Uji", desa_id="35.23.01.2001", nib="12345", npwp="1", latitude=Decimal(40))
    with pytest.raises(ValidationError) as error:
        usaha.full_clean()
    errors = error.value.message_dict
    assert "NIB harus tepat 13 angka" in errors["nib"][0]
    assert "NPWP tidak sah" in errors["npwp"][0]
    assert "latitude" in errors


@pytest.mark.django_db
def test_a_phone_number_is_stored_in_one_format():
    person = Pelaku(name="Uji", phone="0812 3456 7890")
    person.full_clean()
    assert person.phone == "+6281234567890"


@pytest.mark.django_db
def test_a_product_price_range_must_be_ordered(registry):
    product = Produk(usaha=registry.a, name="Uji", price_min=Decimal(10), price_max=Decimal(5))
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "Harga tertinggi" in error.value.message_dict["price_max"][0]


@pytest.mark.django_db
def test_a_certificate_close_to_its_end_is_flagged(registry):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    soon = Legalitas.objects.create(
        usaha=registry.a, kind="halal", number="H1", expires_on=today + timedelta(days=30)
    )
    later = Legalitas.objects.create(
        usaha=registry.a, kind="pirt", number="P1", expires_on=today + timedelta(days=400)
    )
    gone = Legalitas.objects.create(
        usaha=registry.a, kind="sni", number="S1", expires_on=today - timedelta(days=1)
    )
    assert soon.expiring and not soon.expired
    assert not later.expiring
    assert gone.expired and not gone.expiring


@pytest.mark.django_db
def test_completeness_lists_what_is_missing_and_rises_when_filled(registry):
    first = completeness.assess(registry.b)
    assert "NIB" in first.missing and "produk" in first.missing
    Produk.objects.create(usaha=registry.b, name="Gerabah hias")
    registry.b.refresh_from_db()
    assert registry.b.completeness > first.score
    assert "produk" not in completeness.assess(registry.b).missing


@pytest.mark.django_db
def test_refresh_many_agrees_with_the_single_assessment(registry):
    from simpul.registry.models import Usaha as U

    U.objects.update(completeness=0)
    completeness.refresh_many(U.objects.all())
    for usaha in U.objects.all():
        assert usaha.completeness == completeness.assess(usaha).score


@pytest.mark.django_db
def test_every_change_is_kept_with_who_and_before_after(registry, roles):
    from simpul.registry.history import for_usaha

    usaha = registry.a
    usaha._history_user = roles.petugas
    usaha.name = "Keripik Sari Rasa Baru"
    usaha.save()
    entries = for_usaha(usaha)
    changed = next(e for e in entries if e["changes"])
    assert changed["user"] == roles.petugas
    field, old, new = changed["changes"][0]
    assert (old, new) == ("Keripik Sari Rasa", "Keripik Sari Rasa Baru")
    assert any(e["object"].startswith("Produk") for e in entries)
