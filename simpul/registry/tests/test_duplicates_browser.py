"""An officer reviews a candidate duplicate pair and merges it, in Debian's Chromium."""

import pytest
from playwright.sync_api import Page, expect

from simpul.accounts.demo import DEMO_PASSWORD
from simpul.registry.models import Kepemilikan, Pelaku, Produk, Usaha

pytestmark = pytest.mark.browser


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def test_an_officer_merges_a_pair_and_sees_the_survivor_with_the_moved_product(
    live_server, live_data, page: Page
):
    owner = Pelaku.objects.create(name="Darmi", nik="3523014508900002")
    survivor = Usaha.objects.create(
        name="Kripik Tempe Bu Darmi", desa_id="35.23.01.2001", address="Jl. Pahlawan 12"
    )
    duplicate = Usaha.objects.create(name="UD. KRIPIK TEMPE BU DARMI", desa_id="35.23.01.2001")
    Kepemilikan.objects.create(usaha=survivor, pelaku=owner)
    Produk.objects.create(usaha=duplicate, name="Kripik tempe original", unit="kg")

    base = live_server.url
    login(page, base, "petugas.kec")
    page.goto(f"{base}/usaha/duplikat/")
    pair = page.get_by_test_id("pair")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("nama mirip (100%) di desa yang sama")
    expect(pair.get_by_label("pertahankan ini").first).to_be_checked()  # the more complete record
    pair.get_by_role("button", name="Gabungkan…").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gabungkan usaha")
    expect(page.get_by_test_id("merge-plan")).to_contain_text("1 produk dipindahkan")
    page.get_by_label("Catatan (boleh kosong)").fill("Sama: dicek lewat telepon")
    page.get_by_role("button", name="Ya, gabungkan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Kripik Tempe Bu Darmi")
    expect(page.get_by_role("alert")).to_contain_text("digabung ke data ini")
    assert page.url == f"{base}/usaha/{survivor.pk}/"
    page.get_by_role("tab", name="Produk").click()
    expect(page.get_by_test_id("products")).to_contain_text("Kripik tempe original")
    page.get_by_role("tab", name="Riwayat").click()
    expect(page.get_by_test_id("history")).to_contain_text(f"Digabung dari #{duplicate.pk}")

    page.goto(f"{base}/usaha/duplikat/")
    expect(page.get_by_test_id("no-pairs")).to_be_visible()
