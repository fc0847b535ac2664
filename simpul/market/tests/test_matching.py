"""Matching scores on known data: every part of the score and its explanation."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from simpul.market import matching
from simpul.market.models import Permintaan
from simpul.registry.models import Kepemilikan, Pelaku, Produk, Usaha

from .conftest import DESA_B, KEC_A


@pytest.fixture
def suppliers(market):
    """Besides Sari Rasa: a smaller keripik maker far away, one that counts in tons, one in pieces."""
    pisang = Usaha.objects.create(name="Keripik Pisang Bu Tin", desa_id=DESA_B, kbli_id="10")
    Kepemilikan.objects.create(usaha=pisang, pelaku=Pelaku.objects.create(name="Tin"))
    Produk.objects.create(
        usaha=pisang, name="Keripik pisang", unit="kg", capacity_per_year=Decimal(300), kbli_id="10"
    )
    tons = Usaha.objects.create(name="Agro Singkong Jaya", desa_id=DESA_B, kbli_id="10")
    Produk.objects.create(
        usaha=tons, name="Keripik singkong curah", unit="ton", capacity_per_year=Decimal("1.5"), kbli_id="10"
    )
    pieces = Usaha.objects.create(name="Oleh-oleh Satuan", desa_id=DESA_B, kbli_id="10")
    Produk.objects.create(
        usaha=pieces,
        name="Keripik singkong sachet",
        unit="buah",
        capacity_per_year=Decimal(9000),
        kbli_id="10",
    )
    market.pisang, market.tons, market.pieces = pisang, tons, pieces
    return market


def wanted(**overrides) -> Permintaan:
    values = {
        "product": "Keripik singkong",
        "quantity": Decimal(1000),
        "unit": "kg",
        "delivery_place": "Hotel Pantai",
        "delivery_kecamatan_id": KEC_A,
        "delivery_latitude": Decimal("-6.900000"),
        "delivery_longitude": Decimal("112.050000"),
        "required_certificates": ["halal"],
        "kbli_id": "10",
        "buyer_kind": "hotel",
        "buyer_organisation": "Hotel Pantai",
        "buyer_name": "Bu Ani",
        "token_hash": uuid.uuid4().hex,
        "status": "terbuka",
    }
    values.update(overrides)
    return Permintaan.objects.create(**values)


def by_name(ranked):
    return {c.usaha.name: c for c in ranked}


def parts(candidate) -> dict[str, int]:
    return {r.label: r.points for r in candidate.reasons}


def test_the_perfect_supplier_scores_100_and_says_why(suppliers, roles):
    ranked = matching.candidates(wanted(), roles.petugas)
    best = ranked[0]
    assert best.usaha.name == "UD Sari Rasa"
    assert best.produk.name == "Keripik singkong balado"
    assert best.score == 100
    texts = [r.text for r in best.reasons]
    assert (
        texts[0]
        == "Nama produk “Keripik singkong balado” cocok 100% dengan yang dicari (“Keripik singkong”)."
    )
    assert texts[1] == "KBLI sama: 10."
    assert texts[2] == "Sanggup ±2.000 kg dalam 365 hari: 200% dari 1.000 yang diminta."
    assert texts[3] == "Memiliki halal."
    assert texts[4] == "±0.0 km dari tempat pengiriman."


def test_each_part_scores_what_it_explains(suppliers, roles):
    ranked = by_name(matching.candidates(wanted(), roles.petugas))
    pisang = ranked["Keripik Pisang Bu Tin"]
    fit = matching.name_fit(["kripik", "singkong"], "Keripik pisang")
    assert 0.5 <= fit < 0.8
    assert parts(pisang) == {
        "Produk": round(40 * fit),
        "KBLI": 15,
        "Kapasitas": 6,  # 300 of 1000 kg: 30% of 20 points
        "Sertifikat": 0,
        "Jarak": 6,  # no point on the map; same kabupaten as the delivery kecamatan
    }
    assert pisang.reasons[3].text == "Belum halal."
    assert pisang.reasons[4].text == "Satu kabupaten/kota dengan tempat pengiriman."
    # Tons convert to kilograms; pieces do not.
    assert parts(ranked["Agro Singkong Jaya"])["Kapasitas"] == 20
    pieces = ranked["Oleh-oleh Satuan"]
    assert parts(pieces)["Kapasitas"] == 0
    assert "Satuan berbeda" in pieces.reasons[2].text
    assert "Batik Gedog Lestari" not in ranked and "Gerabah Tanah Liat" not in ranked
    assert "Kerupuk Tutup" not in ranked  # a closed business is never a candidate


def test_the_deadline_limits_what_can_be_made(suppliers, roles):
    soon = timezone.localdate() + timedelta(days=73)
    best = by_name(matching.candidates(wanted(deadline=soon), roles.petugas))["UD Sari Rasa"]
    assert best.available == Decimal(400)  # 2000 kg a year, 73 days
    assert parts(best)["Kapasitas"] == 8


def test_distance_from_coordinates(suppliers, roles):
    suppliers.lestari  # noqa: B018 - the fixture's other makers stay where they are
    far = wanted(delivery_latitude=Decimal("-7.400000"), delivery_longitude=Decimal("112.050000"))
    best = by_name(matching.candidates(far, roles.petugas))["UD Sari Rasa"]
    assert 55 < best.distance_km < 56
    assert parts(best)["Jarak"] == 5


def test_without_a_kbli_it_is_inferred_from_products_of_that_name(suppliers, roles):
    best = matching.candidates(wanted(kbli_id=None), roles.petugas)[0]
    assert best.reasons[1].text == "KBLI sama: 10 (perkiraan dari produk serupa)."


def test_businesses_that_supply_together_when_none_can_alone(suppliers, roles):
    item = wanted(quantity=Decimal(3400), required_certificates=[])
    ranked = matching.candidates(item, roles.petugas)
    groups = matching.group_suggestions(item, ranked)
    together = groups[0]
    assert [m.usaha.name for m in together.members][:2] == ["UD Sari Rasa", "Agro Singkong Jaya"]
    assert together.coverage >= 100
    assert not matching.group_suggestions(wanted(quantity=Decimal(500)), ranked)


def test_a_kecamatan_officer_sees_candidates_of_their_kecamatan_only(suppliers, roles):
    names = {c.usaha.name for c in matching.candidates(wanted(), roles.petugas_kec)}
    assert names == {"UD Sari Rasa"}


@pytest.mark.skipif(not matching.publication.clusters_installed(), reason="the clusters app is not installed")
def test_a_sentra_is_suggested_as_a_group(suppliers, roles):
    from simpul.clusters.models import Keanggotaan, Sentra

    sentra = Sentra.objects.create(name="Sentra Keripik", desa_id=DESA_B)
    for usaha in (suppliers.pisang, suppliers.tons):
        Keanggotaan.objects.create(sentra=sentra, usaha=usaha)
    item = wanted(quantity=Decimal(5000), required_certificates=[])
    groups = matching.group_suggestions(item, matching.candidates(item, roles.petugas))
    sentra_group = next(g for g in groups if g.label == "Sentra Sentra Keripik")
    assert {m.usaha.name for m in sentra_group.members} == {"Keripik Pisang Bu Tin", "Agro Singkong Jaya"}
    assert sentra_group.available == Decimal(1800)
