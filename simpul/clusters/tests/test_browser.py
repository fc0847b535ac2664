"""An officer's journey: a kawasan from desa on the map, a sentra with its members, the kawasan's figures."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from simpul.accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def five_tofu_makers() -> None:
    from simpul.registry.models import LaporanTahunan, Usaha

    for n in range(5):
        usaha = Usaha.objects.create(
            name=f"Tahu Jlodro {n + 1}",
            desa_id="35.23.01.2001",
            kbli_id="10",
            latitude=Decimal("-6.95") + Decimal(n) / 500,
            longitude=Decimal("111.95") + Decimal(n) / 500,
        )
        LaporanTahunan.objects.create(
            usaha=usaha, year=2025, workforce_male=2, workforce_female=3, production_value=Decimal(10_000_000)
        )


def test_an_officer_creates_a_kawasan_from_desa_on_the_map_adds_a_sentra_and_sees_the_figures(
    live_server, live_data, page: Page
):
    five_tofu_makers()
    base = live_server.url
    login(page, base, "petugas")

    page.get_by_test_id("main-menu").get_by_role("link", name="Peta").click()
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "1")
    expect(page.locator("[data-map-status]")).to_contain_text("5 usaha")
    panel = page.get_by_test_id("kawasan-from-map")
    panel.get_by_text("Kenduruan", exact=False).first.click()
    panel.get_by_label("Jlodro").check()
    expect(panel.locator("[data-desa-count]")).to_have_text("1")
    panel.get_by_role("button", name="Buat kawasan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Tambah kawasan produk unggulan")
    expect(page.get_by_label("Jlodro")).to_be_checked()
    page.get_by_label("Nama kawasan", exact=True).fill("Kawasan Tahu Kenduruan")
    page.get_by_label("Tema", exact=True).fill("olahan kedelai")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kawasan Tahu Kenduruan")
    expect(page.locator('[data-figure="units"]')).to_have_text("5")
    kawasan_url = page.url

    page.goto(f"{base}/sentra/tambah/")
    page.get_by_label("Nama sentra").fill("Sentra Tahu Jlodro")
    page.get_by_label("KBLI", exact=True).select_option("10")
    page.get_by_label("Kecamatan", exact=True).select_option(label="Kenduruan")
    desa = page.locator("select#id_desa")
    expect(desa.locator("option")).not_to_have_count(1)
    desa.select_option("35.23.01.2001")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sentra Tahu Jlodro")
    expect(page.get_by_test_id("rule")).to_contain_text("belum terpenuhi")

    candidates = page.get_by_test_id("member-candidates")
    for n in range(1, 6):
        candidates.get_by_label(f"Tahu Jlodro {n}", exact=False).check()
    page.get_by_role("button", name="Tambahkan sebagai anggota").click()
    expect(page.get_by_test_id("members")).to_contain_text("Tahu Jlodro 5")
    expect(page.get_by_test_id("rule")).to_contain_text("terpenuhi: 5 unit aktif")

    page.goto(kawasan_url)
    page.get_by_role("link", name="Ubah", exact=True).click()
    page.get_by_label("Sentra Tahu Jlodro").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("kawasan-sentra")).to_contain_text("Sentra Tahu Jlodro")
    expect(page.get_by_test_id("kawasan-sentra")).to_contain_text("5 unit aktif")
    expect(page.locator('[data-figure="units"]')).to_have_text("5")
    expect(page.locator('[data-figure="workers"]')).to_have_text("25")
    expect(page.locator('[data-figure="workers-gender"]')).to_contain_text("L 10 · P 15")
    expect(page.locator('[data-figure="production"]')).to_contain_text("50.000.000")


def test_a_desa_is_picked_for_a_kawasan_by_clicking_a_sentra_on_the_map(live_server, live_data, page: Page):
    from simpul.clusters.models import Keanggotaan, Sentra
    from simpul.registry.models import Usaha

    five_tofu_makers()
    sentra = Sentra.objects.create(name="Sentra Tahu Jlodro", desa_id="35.23.01.2001", kbli_id="10")
    Keanggotaan.objects.bulk_create(Keanggotaan(sentra=sentra, usaha=u) for u in Usaha.objects.all())
    login(page, live_server.url, "petugas")
    page.goto(f"{live_server.url}/peta/")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "1")
    page.locator(".sentra-icon").click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("Sentra Tahu Jlodro")
    expect(popup).to_contain_text("syarat ≥5 unit terpenuhi")
    popup.get_by_role("button", name="Pilih desa ini untuk kawasan").click()
    panel = page.get_by_test_id("kawasan-from-map")
    expect(panel.get_by_label("Jlodro")).to_be_checked()
    expect(panel.locator("[data-desa-count]")).to_have_text("1")
