"""Two journeys in Debian's Chromium: an officer runs a certification program to its certificate,
and a partner answers the one case routed to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from simpul.accounts.demo import DEMO_PASSWORD
from simpul.accounts.models import User
from simpul.programs.models import Kendala, Mitra, MitraUser
from simpul.registry.models import Kepemilikan, Pelaku, Usaha

pytestmark = pytest.mark.browser


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def test_an_officer_runs_a_certification_program_and_the_certificate_reaches_the_legality_tab(
    live_server, live_data, page: Page
):
    usaha = Usaha.objects.create(name="Keripik Bu Sumi", desa_id="35.23.01.2001", kbli_id="10")
    Usaha.objects.create(name="Gerabah Pak Dul", desa_id="35.23.01.2001", kbli_id="23")
    base = live_server.url
    login(page, base, "petugas")

    page.get_by_test_id("main-menu").get_by_role("link", name="Program", exact=True).click()
    page.get_by_role("link", name="Tambah", exact=True).click()
    page.get_by_label("Nama program").fill("Fasilitasi Sertifikat Halal Gratis")
    page.get_by_label("Jenis program").select_option("sertifikasi")
    page.get_by_label("Jenis sertifikat").select_option("halal")
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_label("Anggaran (Rp)").fill("50000000")
    page.get_by_label("Syarat KBLI (golongan pokok)").select_option("10")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fasilitasi Sertifikat Halal Gratis")

    page.get_by_role("link", name="Tambah kegiatan").click()
    page.get_by_label("Nama kegiatan").fill("Pendampingan halal angkatan 1")
    page.get_by_label("Tanggal mulai").fill("2026-05-04")
    page.get_by_label("Tempat").fill("Aula Dinas")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("kegiatan-table")).to_contain_text("Pendampingan halal angkatan 1")

    page.get_by_role("link", name="Usulkan peserta").click()
    eligible = page.get_by_test_id("eligible")
    expect(eligible).to_contain_text("Keripik Bu Sumi")
    expect(eligible).not_to_contain_text("Gerabah Pak Dul")  # KBLI 23 is not eligible
    page.get_by_label("Pilih Keripik Bu Sumi").check()
    page.get_by_role("button", name="Usulkan yang dipilih").click()
    row = page.get_by_test_id("participants").locator("tr", has_text="Keripik Bu Sumi")
    expect(row.get_by_test_id("participant-status")).to_have_text("Diusulkan")

    row.get_by_role("button", name="Pilih").click()
    expect(row.get_by_test_id("participant-status")).to_have_text("Terpilih")
    row.get_by_role("button", name="Hadir").click()
    expect(row.get_by_test_id("participant-status")).to_have_text("Hadir")
    row.get_by_role("link", name="Hasil").click()
    page.get_by_label("Nomor sertifikat").fill("ID35230000123450126")
    page.get_by_label("Penerbit sertifikat").fill("BPJPH")
    page.get_by_label("Tandai selesai").check()
    page.get_by_role("button", name="Simpan hasil").click()
    expect(row.get_by_test_id("participant-status")).to_have_text("Selesai")

    page.goto(f"{base}/usaha/{usaha.pk}/")
    page.get_by_role("tab", name="Legalitas").click()
    legal = page.get_by_test_id("legal")
    expect(legal).to_contain_text("Sertifikat halal")
    expect(legal).to_contain_text("ID35230000123450126")


def test_a_partner_logs_in_sees_exactly_its_routed_case_and_resolves_it(live_server, live_data, page: Page):
    owner = Pelaku.objects.create(name="Sumiati", nik="3523014508900009", gender="P")
    usaha = Usaha.objects.create(name="Batik Gedog Sumiati", desa_id="35.23.01.2001", kbli_id="13")
    other = Usaha.objects.create(name="Tahu Pak Karto", desa_id="35.23.01.2002", kbli_id="10")
    Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
    bank = Mitra.objects.create(name="Bank Jatim Tuban", kind=Mitra.Kind.BANK)
    pln = Mitra.objects.create(name="PLN UP3 Tuban", kind=Mitra.Kind.PLN)
    MitraUser.objects.create(mitra=bank, user=User.objects.get(username="mitra"))
    mine = Kendala.objects.create(
        usaha=usaha, kind="permodalan", description="Butuh KUR Rp25 juta.", mitra=bank
    )
    Kendala.objects.create(usaha=other, kind="listrik", description="Daya listrik kurang.", mitra=pln)
    Kendala.objects.create(usaha=other, kind="pemasaran", description="Belum diteruskan.")

    login(page, live_server.url, "mitra")
    page.get_by_test_id("main-menu").get_by_role("link", name="Kendala").click()
    table = page.get_by_test_id("kendala-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Batik Gedog Sumiati")
    expect(table).not_to_contain_text("Tahu Pak Karto")

    table.get_by_role("link", name=str(mine.pk), exact=True).click()
    expect(page.get_by_test_id("kendala-description")).to_contain_text("Butuh KUR Rp25 juta.")
    expect(page.get_by_test_id("kendala-usaha")).to_contain_text("Sumiati")
    expect(page.locator("body")).not_to_contain_text("3523014508900009")
    page.get_by_label("Tanggapan").fill("KUR Rp25 juta disetujui, akad Senin.")
    page.get_by_label("Ubah status").select_option("selesai")
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.get_by_test_id("kendala-status")).to_have_text("Terselesaikan")
    expect(page.get_by_test_id("responses")).to_contain_text("KUR Rp25 juta disetujui")
    mine.refresh_from_db()
    assert mine.status == Kendala.Status.SELESAI and mine.closed_at is not None
