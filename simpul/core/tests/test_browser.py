"""Main journeys of the foundation in a real browser (Debian's Chromium)."""

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


@pytest.mark.parametrize(
    ("username", "sees", "does_not_see"),
    [
        ("admin", ["Wilayah", "KBLI", "Pengguna"], []),
        ("petugas", ["Wilayah", "KBLI"], ["Pengguna"]),
        ("pimpinan", ["Wilayah", "KBLI"], ["Pengguna"]),
        ("pelaku", [], ["Wilayah", "KBLI", "Pengguna"]),
        ("mitra", [], ["Wilayah", "KBLI", "Pengguna"]),
        ("asosiasi", [], ["Wilayah", "KBLI", "Pengguna"]),
    ],
)
def test_each_role_logs_in_and_sees_its_navigation(
    live_server, live_data, page: Page, username, sees, does_not_see
):
    login(page, live_server.url, username)
    menu = page.get_by_test_id("main-menu")
    for label in sees:
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in does_not_see:
        expect(menu.get_by_role("link", name=label, exact=True)).to_have_count(0)


def test_an_officer_browses_regions_down_to_a_desa(live_server, live_data, page: Page):
    login(page, live_server.url, "petugas")
    page.get_by_test_id("main-menu").get_by_role("link", name="Wilayah").click()
    page.get_by_label("Cari").fill("Kenduruan")
    page.get_by_role("button", name="Terapkan").click()
    page.get_by_role("link", name="35.23.01", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kenduruan")
    page.get_by_test_id("children").get_by_role("link").first.click()
    expect(page.get_by_role("navigation", name="breadcrumb")).to_contain_text("Kabupaten Tuban")


def test_the_interface_switches_to_english_and_back(live_server, live_data, page: Page):
    login(page, live_server.url, "admin")
    page.get_by_label("Bahasa").select_option("en")
    expect(page.get_by_test_id("main-menu").get_by_role("link", name="Regions")).to_be_visible()
    page.get_by_label("Language").select_option("id")
    expect(page.get_by_test_id("main-menu").get_by_role("link", name="Wilayah")).to_be_visible()


def test_the_login_page_lists_the_demo_accounts(live_server, live_data, page: Page):
    page.goto(f"{live_server.url}/akun/masuk/")
    expect(page.get_by_test_id("demo-accounts")).to_contain_text(DEMO_PASSWORD)
