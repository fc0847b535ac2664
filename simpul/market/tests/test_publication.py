"""Publication rules: what is public, and no personal data or internal figure on any public URL.

The leak tests crawl every public URL reachable from the catalog, the
sitemap, robots.txt and the public API (pages, JSON-LD, CSV export, PDF
catalogue) — once on the test makers, once on the whole demo site.
"""

import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from simpul.market import catalog, contact, demand, publication
from simpul.market.models import CatalogEntry, Permintaan, Showcase
from simpul.market.showcase import set_products
from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, Usaha
from simpul.registry.models_consent import Purpose, set_consent
from simpul.registry.validators import digits

from .conftest import PLANTED, PLANTED_NIK, PLANTED_PHONE
from .crawl import crawl, leaks

BUYER_PHONE, BUYER_EMAIL, SENDER_PHONE = "+6281277770002", "pembeli.rahasia@contoh.id", "+6281366660003"


def test_only_catalog_products_of_active_businesses_are_public(market):
    public = set(publication.public_products().values_list("name", flat=True))
    assert public == {
        "Keripik singkong balado",
        "Kripik tempe",
        "Batik tulis gedog",
        "Kain tenun ikat",
        "Gerabah hias",
    }
    assert set(CatalogEntry.objects.values_list("name", flat=True)) == public


def test_a_business_is_public_only_with_a_public_product(market):
    names = set(publication.public_businesses().values_list("name", flat=True))
    assert names == {"UD Sari Rasa", "Batik Gedog Lestari", "Gerabah Tanah Liat"}
    Produk.objects.filter(usaha=market.gerabah_maker).update(in_catalog=False)
    assert "Gerabah Tanah Liat" not in set(publication.public_businesses().values_list("name", flat=True))


def test_withdrawing_a_product_or_closing_a_business_takes_it_off_at_once(market, client):
    url = CatalogEntry.objects.get(pk=market.batik.pk).get_absolute_url()
    assert client.get(url).status_code == 200
    market.batik.in_catalog = False
    market.batik.save()
    assert client.get(url).status_code == 404
    market.sari.status = Usaha.Status.TIDAK_AKTIF
    market.sari.save()
    assert not CatalogEntry.objects.filter(usaha=market.sari).exists()
    market.sari.status = Usaha.Status.AKTIF
    market.sari.save()
    assert CatalogEntry.objects.filter(usaha=market.sari).count() == 2


def test_withdrawing_consent_takes_the_owners_products_off_at_once(
    market, client, django_capture_on_commit_callbacks
):
    url = CatalogEntry.objects.get(pk=market.batik.pk).get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        set_consent(market.other_owner, Purpose.CATALOG, False, channel="uji")
    assert client.get(url).status_code == 404
    assert not publication.public_businesses().filter(pk=market.lestari.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        set_consent(market.other_owner, Purpose.CATALOG, True, channel="uji")
    assert client.get(url).status_code == 200


def test_a_business_without_a_consenting_owner_is_not_public(market):
    usaha = Usaha.objects.create(name="Tanpa Persetujuan", desa_id="35.23.01.2001", kbli_id="10")
    Kepemilikan.objects.create(usaha=usaha, pelaku=Pelaku.objects.create(name="Belum Setuju"))
    Produk.objects.create(usaha=usaha, name="Keripik tanpa izin", in_catalog=True)
    assert not CatalogEntry.objects.filter(usaha=usaha).exists()
    # Two consenting owners do not make the product appear twice.
    market.consenting_owner(market.lestari, "Pemilik Kedua")
    assert publication.public_products().filter(pk=market.batik.pk).count() == 1
    assert CatalogEntry.objects.filter(usaha=market.lestari).count() == 2


def test_archived_and_merged_businesses_are_not_public(market):
    market.lestari.archive()
    assert not CatalogEntry.objects.filter(usaha=market.lestari).exists()
    Usaha.objects.filter(pk=market.gerabah_maker.pk).update(merged_into=market.sari)
    catalog.refresh_businesses([market.gerabah_maker.pk])
    assert not CatalogEntry.objects.filter(usaha=market.gerabah_maker).exists()


def test_the_public_api_returns_only_published_fields(market, client):
    product = client.get(reverse("katalog-produk-detail", args=[market.keripik.pk])).json()
    assert set(product) == {
        "id",
        "name",
        "url",
        "maker",
        "kecamatan",
        "desa",
        "kbli",
        "unit",
        "price_min",
        "price_max",
        "capacity_per_year",
        "certificates",
        "ovop_stars",
        "photo",
        "latitude",
        "longitude",
    }
    business = client.get(reverse("katalog-usaha-list")).json()["results"][0]
    for private in ("nib", "npwp", "address", "email", "owners", "completeness", "nik"):
        assert private not in business
    assert client.get(reverse("katalog-produk-detail", args=[market.hidden.pk])).status_code == 404


def _plant_everywhere(market) -> None:
    """Buyer contacts, message senders and a showcase on top of the makers' planted data."""
    posted = demand.post(
        Permintaan(
            product="Keripik singkong",
            quantity=Decimal(100),
            unit="kg",
            delivery_place="Hotel",
            buyer_kind="hotel",
            buyer_organisation="Hotel Pantai",
            buyer_name="Bu Rahasia",
            buyer_email=BUYER_EMAIL,
            buyer_phone=BUYER_PHONE,
        )
    )
    demand.verify(posted.permintaan, market.roles.petugas)
    contact.send(
        market.sari, market.keripik, name="Pak Pembeli", email="", phone=SENDER_PHONE, body="Harga grosir?"
    )
    showcase = Showcase.objects.create(name="Pameran Uji")
    set_products(showcase, [market.keripik.pk, market.batik.pk])


def test_no_personal_data_on_any_public_url(market, client):
    _plant_everywhere(market)
    pages = crawl(client)
    paths = set(pages)
    # The crawl did reach every kind of public URL.
    for expected in (
        CatalogEntry.objects.get(pk=market.keripik.pk).get_absolute_url(),
        CatalogEntry.objects.get(pk=market.keripik.pk).get_usaha_url(),
        "/sitemap-produk.xml",
        "/api/katalog/produk/",
        "/katalog/ekspor.csv",
        "/katalog/pameran/pameran-uji/katalog.pdf",
        Permintaan.objects.get().get_public_url(),
    ):
        assert expected in paths, expected
    assert all(status in (200, 301, 302) for status, _ in pages.values()), [
        (p, s) for p, (s, _) in pages.items() if s not in (200, 301, 302)
    ]
    secrets = [
        *PLANTED,
        digits(BUYER_PHONE)[2:],
        BUYER_EMAIL,
        "Bu Rahasia",
        digits(SENDER_PHONE)[2:],
        "Jl. Rahasia",
    ]
    assert leaks(pages, secrets) == []
    # The makers' business numbers are published on purpose.
    product_page = pages[CatalogEntry.objects.get(pk=market.keripik.pk).get_absolute_url()][1].decode()
    assert "6281211110001" in product_page


def test_the_structured_data_is_json_with_only_public_facts(market, client):
    entry = CatalogEntry.objects.get(pk=market.keripik.pk)
    html = client.get(entry.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Product"
    assert data["offers"]["lowPrice"] == "30000"
    assert data["manufacturer"]["@type"] == "LocalBusiness"
    assert PLANTED_NIK not in blocks[0] and digits(PLANTED_PHONE)[2:] not in blocks[0]
    # No other inline script on a public page: the CSP allows scripts from files only.
    assert html.count("<script") == html.count("<script src=") + 1


def test_json_ld_cannot_break_out_of_its_script_element(market, client):
    market.keripik.name = "Keripik </script><script>alert(1)</script>"
    market.keripik.save()
    html = client.get(CatalogEntry.objects.get(pk=market.keripik.pk).get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html


@pytest.mark.django_db
def test_no_personal_data_anywhere_on_the_demo_site(client, settings):
    """The whole demo region, crawled: no owner's NIK or personal phone, no buyer contact, no yearly figure."""
    call_command("seed_demo", region="35.23", ikm=80, seed=5, stdout=io.StringIO())
    usaha = publication.public_businesses().order_by("pk").first()
    owner = usaha.owners.order_by("pk").first()
    Pelaku.objects.filter(pk=owner.pk).update(nik=PLANTED_NIK, phone=PLANTED_PHONE)
    Usaha.objects.filter(pk=usaha.pk).update(npwp=PLANTED_NIK)
    LaporanTahunan.objects.filter(usaha=usaha).update(production_value=Decimal(PLANTED[2]))
    catalog.refresh_businesses([usaha.pk])

    pages = crawl(client, limit=3000)
    products = publication.public_catalog().count()
    assert products > 50
    # Every product page was reached (through the sitemap and the catalog's links).
    assert sum(1 for p in pages if p.startswith("/katalog/produk/")) >= products
    assert not [p for p, (status, _) in pages.items() if status >= 500]

    public_numbers = set()
    for whatsapp, phone in publication.public_businesses().values_list("whatsapp", "phone"):
        public_numbers |= {digits(whatsapp)[2:], digits(phone)[2:]}
    secrets = [*PLANTED]
    secrets += [nik for nik in Pelaku.objects.exclude(nik="").values_list("nik", flat=True)]
    secrets += [
        digits(phone)[2:]
        for phone in Pelaku.objects.exclude(phone="").values_list("phone", flat=True)
        if digits(phone)[2:] not in public_numbers
    ]
    for row in Permintaan.objects.values("buyer_email", "buyer_phone", "buyer_name"):
        secrets += [row["buyer_email"], digits(row["buyer_phone"])[2:], row["buyer_name"]]
    assert leaks(pages, [s for s in secrets if s]) == []


def test_the_leak_check_itself_finds_a_planted_value():
    assert leaks({"/katalog/x/": (200, b"NIK 3523015508850007")}, [PLANTED_NIK]) == [
        ("/katalog/x/", PLANTED_NIK)
    ]
