"""The streamed demo seeder: counts as asked, reproducible, one batch at a time, derived fields right."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from simpul.core.demo import DemoContext, default_region
from simpul.registry import completeness, seed
from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Usaha
from simpul.registry.models_consent import ConsentRecord

pytestmark = pytest.mark.django_db


def _context(ikm: int, seed_value: int = 3, batch: int = 100, region: str = "35.23") -> DemoContext:
    return DemoContext(region=region, ikm=ikm, seed=seed_value, log=lambda _line: None, batch=batch)


def _snapshot() -> list[tuple]:
    """What the demo looks like, without keys (they differ between two runs in one database)."""
    businesses = list(
        Usaha.objects.order_by("pk").values_list(
            "name", "desa_id", "kbli_id", "nib", "latitude", "scale", "completeness", "status"
        )
    )
    owners = list(Pelaku.objects.order_by("pk").values_list("name", "nik", "phone", "consent_catalog"))
    products = list(Produk.objects.order_by("pk").values_list("name", "price_min", "in_catalog"))
    reports = list(LaporanTahunan.objects.order_by("pk").values_list("year", "production_value"))
    return [businesses, owners, products, reports]


def _clear() -> None:
    for model in (Legalitas, LaporanTahunan, Produk, Kepemilikan, ConsentRecord, Usaha, Pelaku):
        model.objects.all().delete()


def test_the_streamed_seeder_writes_the_counts_asked_in_batches():
    context = _context(250)
    seed.seed_registry(context)
    twins = 250 // 100
    assert context.shared["batches"] == 3
    assert Pelaku.objects.count() == 250
    assert Usaha.objects.count() == 250 + twins
    assert Usaha.objects.filter(source=Usaha.Source.IMPOR, nib="", year_founded=None).count() >= twins
    assert Kepemilikan.objects.count() == 250 + twins
    assert LaporanTahunan.objects.count() == 3 * 250
    assert not Usaha.objects.filter(year_founded__isnull=False, produk__isnull=True).exists()
    consents = Pelaku.objects.filter(consent_catalog=True).count()
    consents += Pelaku.objects.filter(consent_partner_contact=True).count()
    assert ConsentRecord.objects.count() == consents
    tables = context.shared["tables"]
    assert tables["registry_usaha"]["rows"] == 250 + twins
    assert tables["registry_produk"]["rows"] == Produk.objects.count()


def test_same_seed_same_data_other_seed_other_data():
    seed.seed_registry(_context(120, seed_value=11, batch=50))
    first = _snapshot()
    _clear()
    seed.seed_registry(_context(120, seed_value=11, batch=50))
    assert _snapshot() == first
    _clear()
    seed.seed_registry(_context(120, seed_value=12, batch=50))
    assert _snapshot() != first


def test_the_batch_size_does_not_change_the_data():
    seed.seed_registry(_context(130, batch=1000))
    whole = _snapshot()
    _clear()
    seed.seed_registry(_context(130, batch=40))
    assert _snapshot() == whole


def test_each_write_holds_one_batch_and_batches_are_made_on_demand(monkeypatch):
    written = []
    real_write = seed.write
    monkeypatch.setattr(seed, "write", lambda batch, stats: (written.append(batch), real_write(batch, stats)))
    seed.seed_registry(_context(230, batch=50))
    assert [len(batch.pelaku) for batch in written] == [50, 50, 50, 50, 30]
    # The duplicates (one in a hundred) are spread over the batches, each written with its original.
    assert [len(batch.usaha) - len(batch.pelaku) for batch in written] == [b.twins for b in written]
    assert sum(b.twins for b in written) == 2 and max(b.twins for b in written) == 1
    # A generator, not a list: asking for the first batch of a huge set makes only that batch.
    places = seed.seed_places.load(_context(1), [w for _d, w, _p in seed.CATALOGUE])
    batches = seed.Generator(_context(10**9, batch=20), places).batches(10**9)
    first = next(batches)
    assert len(first.usaha) <= 20 + 1 and len(first.pelaku) == 20


def test_derived_fields_equal_what_the_registry_computes():
    seed.seed_registry(_context(150))
    for usaha in Usaha.objects.all():
        assert usaha.completeness == completeness.assess(usaha).score, usaha.name
        stored = (usaha.scale, usaha.scale_reason)
        usaha.apply_scale(usaha.latest_report())
        assert (usaha.scale, usaha.scale_reason) == stored


def test_nik_are_unique_and_left_empty_past_four_digits(monkeypatch):
    monkeypatch.setattr(seed, "NIK_SERIALS", 3)
    seed.seed_registry(_context(200))
    niks = list(Pelaku.objects.exclude(nik="").values_list("nik", flat=True))
    assert len(niks) == len(set(niks))
    kecamatan = Usaha.objects.values("kecamatan_id").distinct().count()
    assert len(niks) <= 3 * kecamatan


def test_keys_after_the_load_come_from_the_sequence():
    seed.seed_registry(_context(60))
    largest = Usaha.objects.order_by("-pk").values_list("pk", flat=True).first()
    created = Usaha.objects.create(name="Baru", desa_id="35.23.01.2001")
    assert created.pk > largest


def test_a_wider_region_spreads_over_every_kabupaten_and_keeps_the_demo_focus():
    context = _context(300, region="")
    assert context.national and context.focus == "35.23"
    seed.seed_registry(context)
    kabupaten = {code[:5] for code in Usaha.objects.values_list("desa_id", flat=True)}
    assert kabupaten == {"35.23", "64.02", "64.72"}
    # Map points near the business's own kabupaten: East Kalimantan is far east of Tuban.
    east = Usaha.objects.filter(desa__code__startswith="64.", longitude__isnull=False)
    assert east.exists() and all(u.longitude > 114 for u in east)
    assert _context(1, region="35").focus == "35.23"
    assert _context(1, region="35.23.01").focus == "35.23.01"


def test_size_presets_choose_the_region():
    assert default_region("kabupaten", "35.23.01") == "35.23"
    assert default_region("provinsi", "35.23") == "35"
    assert default_region("nasional", "35.23") == ""


def test_seed_demo_with_a_size_preset_and_a_smaller_count():
    out = io.StringIO()
    call_command("seed_demo", size="provinsi", ikm=40, seed=2, batch=15, stdout=out)
    assert Pelaku.objects.count() == 40
    assert Usaha.objects.filter(kecamatan__code__startswith="35.").count() == 40 + 1
    assert "Data demo siap." in out.getvalue()


def test_seed_demo_can_skip_apps_and_names_the_ones_it_knows():
    from django.core.management.base import CommandError

    from simpul.market.models import Permintaan

    out = io.StringIO()
    call_command("seed_demo", region="nasional", ikm=12, skip="market", stdout=out)
    assert Pelaku.objects.count() == 12 and not Permintaan.objects.exists()
    assert "dilewati" in out.getvalue()
    with pytest.raises(CommandError, match="market"):
        call_command("seed_demo", ikm=1, skip="pasar", stdout=io.StringIO())


def test_a_second_demo_in_the_same_database_adds_without_clashing_nik():
    seed.seed_registry(_context(80, seed_value=5))
    seed.seed_registry(_context(80, seed_value=5))
    niks = list(Pelaku.objects.exclude(nik="").values_list("nik", flat=True))
    assert Pelaku.objects.count() == 160 and len(niks) == len(set(niks))
