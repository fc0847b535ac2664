"""An officer imports a messy file in Debian's Chromium: upload, fix a column, dry run, import, report."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from simpul.accounts.demo import DEMO_PASSWORD
from simpul.ingest.tests.fixtures import ikm_files as files

pytestmark = pytest.mark.browser


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def test_an_officer_imports_a_messy_file_and_downloads_the_error_report(
    live_server, live_data, page: Page, tmp_path: Path
) -> None:
    base = live_server.url
    login(page, base, "petugas")
    page.get_by_test_id("main-menu").get_by_role("link", name="Impor data").click()

    page.set_input_files("input[type=file]", str(files.headerless_xlsx(tmp_path)))
    page.get_by_role("button", name="Unggah dan baca berkas").click()

    # No header: columns were recognised by their content; the product column was not.
    expect(page.get_by_role("heading", name="Pemetaan kolom")).to_be_visible()
    table = page.get_by_test_id("mapping-table")
    expect(table.locator("tr[data-column=D]")).to_contain_text("16 angka (NIK)")
    product = page.get_by_label("Kolom H", exact=True)
    expect(product).to_have_value("")
    product.select_option("produk")
    page.get_by_role("button", name="Lanjut ke pratinjau").click()

    preview = page.get_by_test_id("preview-table")
    expect(preview).to_contain_text("Gerabah")
    expect(preview).to_contain_text("Jlodro, Kec. Kenduruan")
    page.get_by_role("button", name="Uji coba seluruh berkas").click()

    expect(page.get_by_role("heading", name="Hasil uji coba")).to_be_visible()
    counts = page.get_by_test_id("import-counts")
    expect(counts.locator("[data-count=created]")).to_have_text("5")
    expect(counts.locator("[data-count=rejected]")).to_have_text("1")
    page.get_by_role("button", name="Impor sekarang").click()

    expect(page.get_by_role("heading", name="Hasil impor")).to_be_visible()
    progress = page.get_by_test_id("import-progress")
    expect(progress).to_have_attribute("data-status", "done")
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_test_id("import-counts").locator("[data-count=created]")).to_have_text("5")
    expect(page.get_by_test_id("flagged-rows")).to_contain_text("NIK harus 16 angka")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-report").click()
    report = tmp_path / "laporan.xlsx"
    download_info.value.save_as(report)
    sheet = openpyxl.load_workbook(report)["Perlu diperbaiki"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][0] == 6 and rows[0][1] == "Ditolak"
    assert "NIK harus 16 angka" in rows[0][-1]
