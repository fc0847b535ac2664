"""The analyst's and the Kepala Dinas's journeys, in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from simpul.accounts.demo import DEMO_PASSWORD
from simpul.analytics.reports import pdf_available
from simpul.analytics.tests.conftest import make_known

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def pdrb_file(folder: Path) -> Path:
    """PDRB of Tuban and Jawa Timur by lapangan usaha, wide layout, as BPS publishes it."""
    book = Workbook()
    sheet = book.active
    sheet.append(["PDRB ADHK 2010 menurut Lapangan Usaha (miliar Rupiah)"])
    sheet.append(["Wilayah", "Lapangan Usaha", 2019, "2023*"])
    for row in (
        ("Tuban", "Pertanian", 100, 110),
        ("Tuban", "Industri Pengolahan", 300, 390),
        ("Tuban", "Jasa", 100, 100),
        ("Jawa Timur", "Pertanian", 1000, 1100),
        ("Jawa Timur", "Industri Pengolahan", 2000, 2200),
        ("Jawa Timur", "Jasa", 2000, 2700),
    ):
        sheet.append(list(row))
    path = folder / "pdrb-jatim.xlsx"
    book.save(path)
    return path


def download_report(page: Page, button: str) -> bytes:
    page.get_by_role("button", name=button).click()
    link = page.get_by_test_id("report-download")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_an_analyst_imports_pdrb_runs_lq_and_shift_share_and_downloads_the_report(
    live_server, live_data, page: Page, tmp_path
):
    base = live_server.url
    sign_in(page, base, "pimpinan")
    page.goto(f"{base}/analisis/indikator/impor/")
    page.get_by_label("Berkas (XLSX, XLS, ODS atau CSV)").set_input_files(pdrb_file(tmp_path))
    page.get_by_label("Nama tabel").fill("PDRB Tuban dan Jawa Timur")
    page.get_by_label("Ukuran").select_option("pdrb")
    page.get_by_label("Satuan").fill("miliar Rp")
    page.get_by_label("Sumber kutipan").fill("BPS Provinsi Jawa Timur")
    page.get_by_role("button", name="Impor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDRB Tuban dan Jawa Timur")
    expect(page.get_by_test_id("indicator-values")).to_contain_text("Industri Pengolahan")

    page.get_by_role("link", name="Analisis dengan tabel ini").click()
    page.get_by_label("Judul analisis").fill("LQ dan Shift-Share PDRB Tuban 2019–2023")
    page.get_by_label("Shift-Share").check()
    page.get_by_label("Data wilayah analisis").select_option(label="Tuban")
    page.get_by_label("Data wilayah referensi").select_option(label="Jawa Timur")
    page.get_by_label("Tahun awal").select_option("2019")
    page.get_by_label("Tahun akhir").select_option("2023")
    page.get_by_role("button", name="Hitung", exact=True).click()
    results = page.get_by_test_id("sector-results")
    expect(results).to_contain_text("1,773")  # LQ of manufacturing in 2023
    page.get_by_role("button", name="Hitung dan simpan").click()

    expect(page.get_by_test_id("run-title")).to_have_text("LQ dan Shift-Share PDRB Tuban 2019–2023")
    expect(page.get_by_test_id("sector-results")).to_contain_text("90,00")  # shift-share total of Industri
    page.get_by_role("button", name="Hitung ulang").click()
    expect(page.get_by_test_id("reproduction")).to_contain_text("identik")

    run_url = page.url
    assert download_report(page, "Unduh XLSX")[:2] == b"PK"
    if pdf_available():
        page.goto(run_url)
        assert download_report(page, "Unduh PDF")[:4] == b"%PDF"


def test_the_head_of_office_filters_the_dashboard_to_a_kecamatan(live_server, live_data, page: Page):
    make_known()
    base = live_server.url
    sign_in(page, base, "petugas")
    page.goto(f"{base}/dasbor/")
    workers = page.get_by_test_id("kpi-workers-value")
    expect(workers).to_have_text("14")
    expect(page.get_by_test_id("kpi-ikm-value")).to_have_text("4")
    page.get_by_label("Kecamatan").select_option(label="Kenduruan")  # submits the filter by itself
    expect(workers).to_have_text("8")
    expect(page.get_by_test_id("kpi-ikm-value")).to_have_text("2")
    expect(page.get_by_test_id("filter-text")).to_contain_text("Kenduruan")
    page.get_by_label("Tahun", exact=True).select_option("2024")
    expect(workers).to_have_text("5")
