"""Catalog search: expected first results for typical queries, typos included, and a bounded cost."""

import random
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.market import search
from simpul.market.models import CatalogEntry
from simpul.market.publication import public_catalog
from simpul.registry.models import Produk, Usaha

from .conftest import DESA_A, DESA_B, KEC_B


@pytest.fixture
def shelf(market):
    """The market makers plus a few products that compete for the same words."""
    extra = Usaha.objects.create(
        name="Aneka Oleh-oleh Wali", desa_id=DESA_B, kbli_id="10", whatsapp="+6281211110009"
    )
    market.consenting_owner(extra, "Ani")
    for name, unit, price in [
        ("Keripik pisang", "kg", 35_000),
        ("Kerupuk ikan", "kg", 60_000),
        ("Tas batik", "buah", 150_000),
        ("Sambal kemasan", "botol", 20_000),
    ]:
        Produk.objects.create(
            usaha=extra,
            name=name,
            unit=unit,
            price_min=Decimal(price),
            price_max=Decimal(price),
            capacity_per_year=Decimal(500),
            in_catalog=True,
        )
    return market


def names(query: str, **filters) -> list[str]:
    entries = public_catalog()
    for key, value in filters.items():
        entries = entries.filter(**{key: value})
    return [e.name for e in search.run(query, entries).results[:20]]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("keripik singkong", "Keripik singkong balado"),
        ("kripik singkong", "Keripik singkong balado"),
        ("keripik singkong balado", "Keripik singkong balado"),
        ("batik tulis", "Batik tulis gedog"),
        ("btik", "Batik tulis gedog"),
        ("btik tulis", "Batik tulis gedog"),
        ("tenunan", "Kain tenun ikat"),
        ("kerupuk", "Kerupuk ikan"),
        ("sambel", "Sambal kemasan"),
        ("gerabah tuban", "Gerabah hias"),
        ("tempe", "Kripik tempe"),
    ],
)
def test_the_expected_product_comes_first(shelf, query, first):
    assert names(query)[0] == first


def test_keripik_and_kripik_find_the_same_products(shelf):
    with_e, without_e = names("keripik"), names("kripik")
    assert set(with_e) == set(without_e) == {"Keripik singkong balado", "Kripik tempe", "Keripik pisang"}
    assert "Kerupuk ikan" not in with_e


def test_a_word_that_heads_the_name_ranks_above_one_that_ends_it(shelf):
    found = names("batik")
    assert found.index("Batik tulis gedog") < found.index("Tas batik")


def test_a_typo_is_corrected_and_said(shelf):
    result = search.run("btik", public_catalog())
    assert result.plan.correction == "batik"
    assert {e.name for e in result.results[:10]} >= {"Batik tulis gedog", "Tas batik"}


def test_a_half_typed_word_finds_its_products(shelf):
    assert set(names("krip")) == {"Keripik singkong balado", "Kripik tempe", "Keripik pisang"}


def test_unknown_words_are_left_out_rather_than_emptying_the_result(shelf):
    result = search.run("keripik qwxz", public_catalog())
    assert result.plan.ignored == ["qwxz"]
    assert len(result.results) == 3
    assert names("qwxzv") == []


def test_unpublished_and_closed_products_are_never_found(shelf):
    assert "Resep rahasia" not in names("resep rahasia")
    assert "Kerupuk udang" not in names("kerupuk udang")


def test_search_combines_with_filters(shelf):
    # The maker's name counts too ("Batik Gedog Lestari" makes the tenun), below the product names.
    assert names("batik", kecamatan_id=KEC_B) == ["Batik tulis gedog", "Tas batik", "Kain tenun ikat"]
    assert names("keripik", has_halal=True) == ["Keripik singkong balado", "Kripik tempe"]


def test_the_page_search_with_filters_and_sort(client, shelf):
    response = client.get(
        reverse("market:catalog"), {"q": "kripik", "sertifikat": ["halal", "pirt"], "urut": "harga-terendah"}
    )
    assert response.status_code == 200
    found = [e.name for e in response.context["page"].object_list]
    assert found == ["Keripik singkong balado", "Kripik tempe"]


def test_price_range_and_bulk_filters(client, shelf):
    response = client.get(reverse("market:catalog"), {"harga_min": "300000", "pasokan": "1000"})
    assert [e.name for e in response.context["page"].object_list] == []
    response = client.get(reverse("market:catalog"), {"harga_max": "40000", "pasokan": "1000"})
    assert {e.name for e in response.context["page"].object_list} == {
        "Keripik singkong balado",
        "Gerabah hias",
    }


def test_the_catalog_page_makes_no_query_per_product(client, shelf, django_assert_max_num_queries):
    url = reverse("market:catalog")
    params = {"q": "keripik", "kecamatan": "35.23.01", "sertifikat": "halal"}
    with django_assert_max_num_queries(12):
        client.get(url, params)
    usaha = Usaha.objects.create(name="Pabrik Keripik Besar", desa_id=DESA_A, kbli_id="10")
    shelf.consenting_owner(usaha, "Pak Besar")
    for n in range(40):
        Produk.objects.create(
            usaha=usaha, name=f"Keripik rasa {n}", in_catalog=True, price_min=Decimal(1000 + n)
        )
    shelf.certify(usaha, "halal")
    assert CatalogEntry.objects.count() > 45
    with django_assert_max_num_queries(12):
        response = client.get(url, params)
    assert len(response.context["page"].object_list) == 24
    with django_assert_max_num_queries(12):
        client.get(url)


def test_results_are_counted_up_to_a_cap(client, shelf, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    found = search.run("", public_catalog())
    assert found.results.count() == 4 and found.results.capped
    page = client.get(reverse("market:catalog")).content.decode()
    assert "lebih dari 3 produk" in page
    assert not search.run("batik tulis", public_catalog()).results.capped


@pytest.fixture
def crowded(shelf):
    """Sixty products whose names share a few words, so multi-word queries tie and interleave."""
    rng = random.Random(3)
    usaha = Usaha.objects.create(name="Sentra Keripik Pesisir", desa_id=DESA_A, kbli_id="10")
    shelf.consenting_owner(usaha, "Bu Sentra")
    words = ["keripik", "singkong", "pedas", "tempe", "balado", "manis", "sambal"]
    for n in range(60):
        name = " ".join(rng.sample(words, rng.randint(1, 3)))
        Produk.objects.create(
            usaha=usaha,
            name=name.capitalize(),
            in_catalog=True,
            price_min=Decimal(1000 + n) if n % 3 else None,
            description=" ".join(rng.sample(words, 2)),
        )
    return shelf


@pytest.mark.parametrize(
    "query", ["keripik singkong", "singkong pedas", "keripik sing", "tempe manis balado"]
)
@pytest.mark.parametrize("filtered", [False, True])
def test_a_page_read_in_index_order_equals_the_page_of_the_full_sort(crowded, query, filtered):
    entries = public_catalog().filter(kecamatan_id="35.23.01") if filtered else None
    plan = search.plan_query(query)
    everything = [row["entry_id"] for row in search.matching_terms(plan, entries)]
    decided = 0
    for start, stop in [(0, 5), (5, 10), (0, 24), (20, 40)]:
        page = search.page_of_matches(plan, entries, start, stop)
        if page is not None:
            decided += 1
            assert page == everything[start:stop]
    assert decided


def test_a_two_word_search_page_does_not_sort_every_match(crowded, django_assert_max_num_queries):
    found = search.run("keripik singkong", public_catalog())
    # The rarest word's rows, the other word's rows for them, the entries.
    with django_assert_max_num_queries(3):
        first = found.results[:5]
    everything = search.matching_terms(found.plan, None)
    assert [e.pk for e in first] == [row["entry_id"] for row in everything[:5]]
    # The page came from reading in index order, not from the full sort.
    assert search.page_of_matches(found.plan, None, 0, 5) == [e.pk for e in first]
