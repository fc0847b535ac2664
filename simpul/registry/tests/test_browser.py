"""The officer's main journey through the registry, in Debian's Chromium."""

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


def test_an_officer_creates_finds_edits_a_business_and_sees_the_change_in_its_history(
    live_server, live_data, page: Page
):
    base = live_server.url
    login(page, base, "petugas")
    page.goto(f"{base}/usaha/tambah/")
    page.get_by_label("Nama usaha").fill("Kripik Tempe Bu Darmi")
    page.get_by_label("KBLI utama").select_option("10")
    page.get_by_label("Alamat").fill("Jl. Pahlawan 12 RT 02/RW 01")
    page.get_by_label("Kecamatan", exact=True).select_option(label="Kenduruan")
    desa = page.locator("select#id_desa")
    expect(desa.locator("option")).not_to_have_count(1)
    desa.select_option(index=1)
    page.get_by_label("Nama pemilik").fill("Darmi")
    page.get_by_label("NIK pemilik").fill("3523014508900002")
    page.get_by_label("Nomor HP pemilik").fill("0812 3456 7890")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kripik Tempe Bu Darmi")

    page.get_by_role("tab", name="Pemilik").click()
    expect(page.locator("#pemilik")).to_contain_text("Darmi")
    page.get_by_role("tab", name="Produk").click()
    page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill("Kripik tempe original")
    page.get_by_label("Satuan").select_option("kg")
    page.get_by_label("Harga terendah (Rp)").fill("35000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kripik tempe original")

    page.goto(f"{base}/usaha/")
    page.get_by_label("Cari").fill("tempe original")
    page.get_by_role("button", name="Terapkan").click()
    page.get_by_test_id("usaha-table").get_by_role("link", name="Kripik Tempe Bu Darmi").click()
    page.get_by_role("link", name="Ubah", exact=True).first.click()
    page.get_by_label("Nama usaha").fill("Kripik Tempe Bu Darmi Jaya")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kripik Tempe Bu Darmi Jaya")
    page.get_by_role("tab", name="Riwayat").click()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Kripik Tempe Bu Darmi")
    expect(history.locator("ins").first).to_contain_text("Kripik Tempe Bu Darmi Jaya")
