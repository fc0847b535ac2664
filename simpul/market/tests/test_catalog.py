"""The catalog table follows the registry; pages carry titles, descriptions, Open Graph and a sitemap."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from openpyxl import load_workbook

from simpul.market import catalog, publication, readiness, showcase
from simpul.market.models import CatalogEntry, CatalogTerm, CatalogWord, Showcase
from simpul.registry.models import ProdukFoto
from simpul.registry.selfservice import sample_photo

from .conftest import PLANTED_NIK
from .crawl import pdf_text


def entry(produk) -> CatalogEntry:
    return CatalogEntry.objects.get(pk=produk.pk)


def test_certificates_follow_their_scope_and_expiry(market):
    assert entry(market.keripik).certificates == "halal pirt"
    assert entry(market.batik).certificates == ""
    sni = market.certify(market.lestari, "sni", products=[market.tenun])
    assert entry(market.tenun).has_sni and not entry(market.batik).has_sni
    sni.products.set([market.batik])
    assert entry(market.batik).has_sni and not entry(market.tenun).has_sni
    market.certify(market.gerabah_maker, "sni", expired=True)
    assert not entry(market.gerabah).has_sni


def test_a_rebuild_gives_what_the_signals_gave(market):
    before = {e.pk: (e.name, e.certificates, e.rank) for e in CatalogEntry.objects.all()}
    terms = set(CatalogTerm.objects.values_list("entry_id", "term", "weight"))
    call_command("rebuild_catalog", stdout=io.StringIO())
    assert {e.pk: (e.name, e.certificates, e.rank) for e in CatalogEntry.objects.all()} == before
    assert set(CatalogTerm.objects.values_list("entry_id", "term", "weight")) == terms
    assert CatalogWord.objects.get(term="kripik").df == 2
    # One row per product and term, which the one-word search relies on.
    repeated = CatalogTerm.objects.values("entry_id", "term").annotate(n=Count("id")).filter(n__gt=1)
    assert not repeated.exists()


def test_a_large_rebuild_drops_and_rebuilds_the_term_index(market, monkeypatch):
    # From LARGE_REBUILD products the lookup index is built after the load (in the same
    # transaction, with the foreign keys of the rows just written still to check on PostgreSQL).
    terms = set(CatalogTerm.objects.values_list("entry_id", "term", "weight"))
    monkeypatch.setattr(catalog, "LARGE_REBUILD", 1)
    catalog.rebuild()
    assert set(CatalogTerm.objects.values_list("entry_id", "term", "weight")) == terms
    with connection.cursor() as cursor:
        assert "market_term_lookup" in connection.introspection.get_constraints(cursor, "market_catalogterm")


@pytest.mark.skipif(not publication.clusters_installed(), reason="the clusters app is not installed")
def test_ovop_stars_are_shown_and_highlighted(market, client):
    from simpul.clusters.models import OvopAssessment

    OvopAssessment.objects.create(
        usaha=market.sari,
        produk=market.keripik,
        year=2025,
        rater_level="kabkota",
        rater_name="Tim",
        rater_agency="Dinas",
        is_public=True,
    )
    OvopAssessment.objects.filter(produk=market.keripik).update(stars=4)
    catalog.refresh_products([market.keripik.pk])
    assert entry(market.keripik).ovop_stars == 4
    page = client.get(reverse("market:catalog"))
    assert [e.name for e in page.context["highlights"]] == ["Keripik singkong balado"]
    assert [
        e.name for e in client.get(reverse("market:catalog"), {"ovop": "3"}).context["page"].object_list
    ] == ["Keripik singkong balado"]


@pytest.mark.skipif(not publication.clusters_installed(), reason="the clusters app is not installed")
def test_sentra_and_kawasan_pages_and_filters(market, client):
    from simpul.clusters.models import Kawasan, Keanggotaan, Sentra

    sentra = Sentra.objects.create(
        name="Sentra Batik Gedog",
        desa_id="35.23.16.1003",
        is_public=True,
        latitude=Decimal("-6.95"),
        longitude=Decimal("112.15"),
        coordinator_phone="+6281299998888",
    )
    Keanggotaan.objects.create(sentra=sentra, usaha=market.lestari)
    kawasan = Kawasan.objects.create(
        name="Kawasan Batik Kerek",
        theme="Batik tulis gedog",
        is_public=True,
        attractions="Melihat membatik",
        opening_hours="08.00–16.00",
    )
    kawasan.desa.set(["35.23.01.2001"])
    kawasan.sentra.set([sentra])
    page = client.get(reverse("market:sentra", args=[sentra.slug]))
    text = page.content.decode()
    assert "Batik tulis gedog" in text and "99998888" not in text
    page = client.get(reverse("market:kawasan", args=[kawasan.slug])).content.decode()
    assert "Melihat membatik" in page and "08.00–16.00" in page
    found = client.get(reverse("market:catalog"), {"kawasan": kawasan.slug}).context["page"].object_list
    # Businesses in the kawasan's desa (Sari Rasa) and members of its sentra (Lestari).
    assert {e.usaha_id for e in found} == {market.sari.pk, market.lestari.pk}
    found = client.get(reverse("market:catalog"), {"sentra": sentra.slug}).context["page"].object_list
    assert {e.usaha_id for e in found} == {market.lestari.pk}
    sentra.is_public = False
    sentra.save()
    assert client.get(reverse("market:sentra", args=[sentra.slug])).status_code == 404


def test_a_product_page_has_title_description_open_graph_and_canonical(market, client, settings, tmp_path):
    market.keripik.photo = SimpleUploadedFile("k.png", sample_photo(), "image/png")
    market.keripik.save()
    ProdukFoto.objects.create(
        produk=market.keripik, image=SimpleUploadedFile("k2.png", sample_photo(), "image/png")
    )
    url = entry(market.keripik).get_absolute_url()
    assert re.fullmatch(r"/katalog/produk/keripik-singkong-balado-\d+/", url)
    html = client.get(url).content.decode()
    assert "<title>Keripik singkong balado · UD Sari Rasa · Katalog IKM" in html
    assert '<meta name="description" content="Keripik singkong balado buatan UD Sari Rasa.">' in html
    assert '<meta property="og:type" content="product">' in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert '<meta property="og:image" content="http://testserver/media/produk/' in html
    assert html.count('<img src="/media/produk/') == 2
    assert "2.000 kg per tahun" in html
    # An old or mistyped slug leads to the product's address.
    old = client.get(url.replace("keripik-singkong-balado", "keripik"))
    assert old.status_code == 301 and old["Location"] == url


def test_the_sitemap_lists_every_public_page(market, client):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-produk.xml" in index and "sitemap-usaha.xml" in index
    products = client.get("/sitemap-produk.xml").content.decode()
    assert products.count("<url>") == 5
    assert "resep-rahasia" not in products and "kerupuk-udang" not in products
    businesses = client.get("/sitemap-usaha.xml").content.decode()
    assert businesses.count("<url>") == 3
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_the_whatsapp_link_carries_a_prefilled_message(market, client):
    html = client.get(entry(market.keripik).get_absolute_url()).content.decode()
    link = re.search(r'href="(https://wa\.me/[^"]+)"[^>]*data-testid="whatsapp-link"', html).group(1)
    assert link.startswith("https://wa.me/6281211110001?text=Halo%20UD%20Sari%20Rasa")
    assert "Keripik%20singkong%20balado" in link
    gerabah = client.get(entry(market.gerabah).get_absolute_url()).content.decode()
    assert "wa.me" not in gerabah  # no WhatsApp number, no link


def test_readiness_names_what_is_missing(market, roles):
    rows = {p.name: (p.ready, readiness.missing(p)) for p in readiness.candidates(roles.petugas)}
    assert rows["Keripik singkong balado"] == (False, ["NIB", "foto produk"])
    assert rows["Batik tulis gedog"] == (False, ["NIB", "NPWP", "foto produk"])
    market.sari.nib = "1234567890123"
    market.sari.save()
    market.keripik.photo = SimpleUploadedFile("k.png", sample_photo(), "image/png")
    market.keripik.save()
    market.tempe.photo = SimpleUploadedFile("t.png", sample_photo(), "image/png")
    market.tempe.save()
    rows = {p.name: (p.ready, readiness.missing(p)) for p in readiness.candidates(roles.petugas)}
    assert rows["Keripik singkong balado"] == (True, [])
    assert rows["Resep rahasia"][0] is False  # not in the catalog, but a product all the same: photo missing
    # Food needs a distribution licence and halal.
    market.sari.legalitas.filter(kind="halal").delete()
    rows = {p.name: readiness.missing(p) for p in readiness.candidates(roles.petugas)}
    assert rows["Keripik singkong balado"] == ["sertifikat halal"]


def test_readiness_exports_a_sheet_to_submit_and_a_list_of_gaps(market, roles, client):
    market.sari.nib = "1234567890123"
    market.sari.save()
    market.keripik.photo = SimpleUploadedFile("k.png", sample_photo(), "image/png")
    market.keripik.save()
    client.force_login(roles.petugas)
    response = client.get(reverse("market:readiness"), {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    ready, gaps = book["Siap e-katalog"], book["Belum siap"]
    rows = list(ready.values)
    assert rows[0][:4] == ("No", "Nama Usaha", "Bentuk Usaha", "NIB")
    assert [r[10] for r in rows[1:]] == ["Keripik singkong balado"]
    assert rows[1][16] == "PIRT, Sertifikat halal" or set(rows[1][16].split(", ")) == {
        "Sertifikat halal",
        "SPP-IRT (PIRT)",
    }
    assert rows[1][17].startswith("http://testserver/katalog/produk/keripik-singkong-balado-")
    gap_rows = {r[3]: r[4] for r in list(gaps.values)[1:]}
    assert gap_rows["Batik tulis gedog"] == "NIB, NPWP, foto produk"


def test_a_showcase_has_a_page_and_a_printable_catalogue_with_qr_codes(market, client):
    item = Showcase.objects.create(name="Pameran Inacraft", city="Jakarta", place="JCC")
    showcase.set_products(item, [market.batik.pk, market.keripik.pk, market.hidden.pk])
    assert [e.name for e in showcase.entries_of(item)] == ["Batik tulis gedog", "Keripik singkong balado"]
    page = client.get(reverse("market:showcase", args=[item.slug]))
    assert [e.name for e in page.context["entries"]] == ["Batik tulis gedog", "Keripik singkong balado"]
    pdf = client.get(reverse("market:showcase_pdf", args=[item.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert b"Batik tulis" in text and b"Pindai untuk membuka halaman" in text
    assert PLANTED_NIK.encode() not in text
    # Each QR code is drawn as many small squares: far more rectangles than a page of text has.
    assert text.count(b" re") > 500


@pytest.mark.skipif(not showcase.programs_installed(), reason="the programs app is not installed")
def test_a_showcase_takes_the_products_of_an_exhibitions_participants(market, roles):
    from simpul.programs.models import Kegiatan, Partisipasi, Program

    program = Program.objects.create(name="Pameran Nasional", kind="pameran", year=2026)
    kegiatan = Kegiatan.objects.create(program=program, name="Inacraft 2026", city="Jakarta")
    Partisipasi.objects.create(program=program, kegiatan=kegiatan, usaha=market.lestari, status="terpilih")
    Partisipasi.objects.create(program=program, kegiatan=kegiatan, usaha=market.sari, status="ditolak")
    assert kegiatan in showcase.exhibitions()
    names = {
        entry.name for entry in CatalogEntry.objects.filter(pk__in=showcase.exhibitor_products(kegiatan.pk))
    }
    assert names == {"Batik tulis gedog", "Kain tenun ikat"}


def test_a_name_without_letters_still_has_an_address(market, client):
    market.gerabah.name = "???"
    market.gerabah.save()
    url = entry(market.gerabah).get_absolute_url()
    assert url == f"/katalog/produk/produk-{market.gerabah.pk}/"
    assert client.get(url).status_code == 200
