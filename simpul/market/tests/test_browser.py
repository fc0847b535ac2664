"""The market journeys on a phone (390×844) in Debian's Chromium.

A visitor searches, filters, opens a product and follows its WhatsApp link;
a buyer posts a demand; the demo "petugas" verifies and forwards it; the
demo "pelaku" (linked to a business through Pelaku.account) makes an offer,
which the buyer then reads on the private page.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from simpul.accounts.demo import DEMO_PASSWORD
from simpul.accounts.models import User
from simpul.registry.models import Kepemilikan, Legalitas, Pelaku, Produk, Usaha
from simpul.registry.models_consent import Purpose, set_consent

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


@pytest.fixture
def makers(live_data):
    """Two makers; the demo "pelaku" account owns UD Sari Rasa."""
    owner = Pelaku.objects.create(name="Siti Aminah", account=User.objects.get(username="pelaku"))
    other = Pelaku.objects.create(name="Bambang")
    for person in (owner, other):
        set_consent(person, Purpose.CATALOG, True, channel="uji")
    sari = Usaha.objects.create(
        name="UD Sari Rasa", desa_id="35.23.01.2001", kbli_id="10", whatsapp="+6281211110001"
    )
    Kepemilikan.objects.create(usaha=sari, pelaku=owner)
    lestari = Usaha.objects.create(name="Batik Gedog Lestari", desa_id="35.23.16.1003", kbli_id="13")
    Kepemilikan.objects.create(usaha=lestari, pelaku=other)
    for usaha, name, unit, price, capacity in [
        (sari, "Keripik singkong balado", "kg", 30_000, 2_000),
        (sari, "Kripik tempe", "kg", 40_000, 800),
        (lestari, "Batik tulis gedog", "lembar", 350_000, 600),
        (lestari, "Keripik bayam", "kg", 25_000, 300),
    ]:
        Produk.objects.create(
            usaha=usaha,
            name=name,
            unit=unit,
            price_min=Decimal(price),
            price_max=Decimal(price),
            capacity_per_year=Decimal(capacity),
            in_catalog=True,
            kbli_id=usaha.kbli_id,
        )
    Legalitas.objects.create(usaha=sari, kind="halal", number="ID35110000001")
    return sari


def login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def test_a_visitor_finds_a_product_and_opens_whatsapp(live_server, makers, page: Page):
    page.context.route(
        "https://wa.me/**", lambda route: route.fulfill(body="WhatsApp", content_type="text/plain")
    )
    page.goto(f"{live_server.url}/katalog/")
    search = page.get_by_role("searchbox", name="Cari produk")
    search.fill("kripik")
    search.press("Enter")
    results = page.get_by_test_id("results")
    expect(results.get_by_test_id("product-card")).to_have_count(3)
    page.get_by_test_id("filter-toggle").click()
    page.get_by_label("Halal").check()
    page.get_by_test_id("filters").get_by_role("button", name="Terapkan").click()
    expect(results.get_by_test_id("product-card")).to_have_count(2)
    expect(page.get_by_test_id("result-count")).to_contain_text("2 produk")
    results.get_by_role("link", name="Keripik singkong balado").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keripik singkong balado")
    expect(page.get_by_test_id("certificates")).to_contain_text("Sertifikat halal")
    whatsapp = page.get_by_test_id("whatsapp-link")
    expect(whatsapp).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281211110001\?text=Halo%20UD%20Sari%20Rasa")
    )
    with page.expect_popup() as opened:
        whatsapp.click()
    assert opened.value.url.startswith("https://wa.me/6281211110001?text=")


def test_a_demand_goes_from_buyer_to_officer_to_owner_and_back(live_server, makers, page: Page):
    base = live_server.url
    # The buyer posts a demand.
    page.goto(f"{base}/katalog/")
    page.get_by_role("button", name="Buka menu").click()  # the phone's collapsed navigation
    page.get_by_role("link", name="Pasang permintaan").click()
    page.get_by_label("Produk yang dicari").fill("Keripik singkong")
    page.get_by_label("Jumlah").fill("500")
    page.get_by_label("Satuan").select_option("kg")
    page.get_by_label("Tempat pengiriman").fill("Hotel Pantai, Tuban")
    page.get_by_label("Halal").check()
    page.get_by_label("Jenis pembeli").select_option("hotel")
    page.get_by_label("Instansi/perusahaan").fill("Hotel Pantai")
    page.get_by_label("Nama kontak").fill("Bu Ani")
    page.get_by_label("Telepon kontak").fill("0812 7777 0002")
    page.get_by_label("Saya setuju").check()
    page.get_by_role("button", name="Kirim permintaan").click()
    private_link = page.get_by_test_id("private-link").inner_text()
    assert "/katalog/permintaan/pribadi/" in private_link

    # The officer verifies it and forwards it to the best candidate.
    login(page, base, "petugas")
    page.goto(f"{base}/pemasaran/permintaan/")
    page.get_by_role("link", name="Keripik singkong").click()
    page.get_by_role("button", name="Verifikasi dan tampilkan").click()
    expect(page.get_by_test_id("demand-status")).to_have_text("Terbuka")
    first = page.get_by_test_id("candidate").first
    expect(first).to_contain_text("UD Sari Rasa")
    expect(first).to_contain_text("Memiliki halal.")
    first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Teruskan ke usaha terpilih").click()
    expect(page.get_by_test_id("forwards")).to_contain_text("UD Sari Rasa")

    # The owner answers with an offer from their own page.
    login(page, base, "pelaku")
    page.goto(f"{base}/saya/permintaan-pembeli/")
    page.get_by_test_id("owner-demands").get_by_role("link").first.click()
    form = page.get_by_test_id("offer-form")
    form.get_by_label("Produk").select_option(label="Keripik singkong balado")
    form.get_by_label("Harga per satuan (Rp)").fill("38000")
    form.get_by_label("Jumlah yang sanggup dipasok").fill("500")
    form.get_by_label("Keterangan").fill("Siap kirim dua minggu")
    form.get_by_role("button", name="Kirim penawaran").click()
    expect(page.get_by_test_id("offer-status")).to_contain_text("Rp 38.000")

    # The buyer reads it through the private link.
    page.context.clear_cookies()
    page.goto(private_link)
    offers = page.get_by_test_id("offers")
    expect(offers).to_contain_text("UD Sari Rasa")
    expect(offers).to_contain_text("Rp 38.000")
