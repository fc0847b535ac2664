"""Owner self-service on a phone, in Debian's Chromium: the owner proposes, the officer approves.

Set SIMPUL_SCREENSHOTS to a folder to keep screenshots of each step (used to
check the phone layout by eye).
"""

from __future__ import annotations

import os
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from simpul.accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


def snap(page: Page, name: str) -> None:
    folder = os.environ.get("SIMPUL_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def login(page: Page, base: str, username: str) -> None:
    """Log in; on a phone the user menu hides in the collapsed navbar, so wait for leaving the login page."""
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/akun/masuk/"))


def _owner_with_a_product():
    from simpul.accounts.models import User
    from simpul.registry.models import Kepemilikan, Pelaku, Produk, Usaha

    usaha = Usaha.objects.create(name="Keripik Bu Sumi", desa_id="35.23.01.2001", kbli_id="10")
    pelaku = Pelaku.objects.create(name="Sumiati", account=User.objects.get(username="pelaku"))
    Kepemilikan.objects.create(usaha=usaha, pelaku=pelaku)
    return Produk.objects.create(
        usaha=usaha,
        name="Keripik singkong pedas",
        unit="kg",
        price_min=Decimal(25000),
        price_max=Decimal(30000),
    )


def test_an_owner_updates_a_price_on_a_phone_and_an_officer_approves_it(live_server, live_data, page: Page):
    base = live_server.url
    produk = _owner_with_a_product()

    login(page, base, "pelaku")
    page.goto(f"{base}/saya/")
    snap(page, "1-saya")
    page.get_by_test_id("my-businesses").get_by_role("link", name=re.compile("Keripik Bu Sumi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keripik Bu Sumi")
    snap(page, "2-usaha")
    page.get_by_role("link", name="Ubah Keripik singkong pedas").click()
    page.get_by_label("Harga terendah (Rp)").fill("27500")
    page.get_by_label("Catatan untuk petugas").fill("Harga singkong naik.")
    snap(page, "3-usulan")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_role("alert")).to_contain_text("terkirim")
    expect(page.get_by_test_id("my-requests")).to_contain_text("Menunggu persetujuan")
    snap(page, "4-terkirim")

    page.context.clear_cookies()
    login(page, base, "petugas")
    page.goto(f"{base}/usaha/perubahan/")
    page.get_by_test_id("change-requests").get_by_role("link", name=re.compile("Keripik Bu Sumi")).click()
    changes = page.get_by_test_id("changes")
    expect(changes.locator("del")).to_have_text("25.000")
    expect(changes.locator("ins")).to_have_text("27.500")
    snap(page, "5-tinjau")
    page.get_by_role("button", name="Setujui dan terapkan").click()
    expect(page.get_by_role("alert")).to_contain_text("disetujui")

    page.goto(f"{base}/produk/{produk.pk}/")
    expect(page.locator("main dl")).to_contain_text("27500")
    expect(page.get_by_test_id("history")).to_contain_text("Disetujui dari permintaan")
    snap(page, "6-produk")


def test_an_invited_owner_creates_an_account_on_a_phone(live_server, live_data, page: Page):
    from simpul.registry.models import Kepemilikan, Pelaku, Usaha

    base = live_server.url
    usaha = Usaha.objects.create(name="Batik Gedog Bu Warsi", desa_id="35.23.01.2001", kbli_id="13")
    Kepemilikan.objects.create(
        usaha=usaha, pelaku=Pelaku.objects.create(name="Warsini", phone="+6281234567009")
    )

    login(page, base, "petugas.kec")
    page.goto(f"{base}/usaha/{usaha.pk}/undang/")
    expect(page.get_by_label("Nomor WhatsApp atau alamat surel")).to_have_value("+6281234567009")
    snap(page, "7-undang")
    page.get_by_role("button", name="Buat undangan").click()
    expect(page.get_by_test_id("invite-code")).to_have_text(re.compile(r"^\d{4} \d{4}$"))
    expect(page.get_by_test_id("whatsapp")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281234567009\?text=")
    )
    snap(page, "8-undangan-dibuat")
    link = page.get_by_test_id("invite-link").inner_text()

    page.context.clear_cookies()
    page.goto(link)
    page.get_by_label("Nama pengguna").fill("warsini")
    page.get_by_label("Kata sandi", exact=True).fill("Batik-Gedog-Tuban-7")
    page.get_by_label("Ulangi kata sandi").fill("Batik-Gedog-Tuban-7")
    snap(page, "9-buat-akun")
    page.get_by_role("button", name="Buat akun").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Usaha saya")
    expect(page.get_by_test_id("my-businesses")).to_contain_text("Batik Gedog Bu Warsi")
    snap(page, "10-saya-baru")
