"""Data-subject rights (UU PDP): the download, correction and deletion requests, and retention."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from simpul.core.models import AuditEntry
from simpul.registry import subject
from simpul.registry.models import Kepemilikan, Legalitas, Pelaku, Usaha
from simpul.registry.models_consent import ConsentRecord, Purpose, set_consent
from simpul.registry.models_subject import SubjectRequest
from simpul.registry.selfservice import sample_photo

pytestmark = pytest.mark.django_db

NIK_B = "3523165012850002"
NIK_CO_OWNER = "3523014101700003"
MY_DATA = "/saya/data/"
DOWNLOAD = "/saya/data/unduh/"


def unzip(response) -> dict[str, bytes]:
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return " ".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    )


@pytest.fixture
def people(registry, roles):
    """Owner B gets a NIK, and business A a co-owner with one: neither may leak into A's download."""
    registry.owner_b.nik = NIK_B
    registry.owner_b.save()
    co_owner = Pelaku.objects.create(name="Joko Santoso", nik=NIK_CO_OWNER, phone="+6281234567999")
    Kepemilikan.objects.create(usaha=registry.a, pelaku=co_owner)
    registry.co_owner = co_owner
    return registry


def file_request(client, roles, kind: str, text: str = ""):
    client.force_login(roles.pelaku)
    return client.post(MY_DATA, {"kind": kind, "text": text})


# ---------------------------------------------------------------- the download


def test_the_download_holds_the_owners_data_and_only_theirs(client, roles, people):
    registry = people
    # Someone looked at A's NIK and at B's; someone changed A's phone.
    client.force_login(roles.petugas_kec)
    client.post(reverse("registry:pelaku_nik", args=[registry.owner_a.pk]), {"alasan": "verifikasi bantuan"})
    client.force_login(roles.admin)
    client.post(reverse("registry:pelaku_nik", args=[registry.owner_b.pk]), {"alasan": "verifikasi bantuan"})
    registry.owner_a.phone = "+6281234567002"
    registry.owner_a._history_user = roles.petugas_kec
    registry.owner_a.save()
    registry.product_a.photo.save("keripik.png", SimpleUploadedFile("keripik.png", sample_photo()))
    Legalitas.objects.create(usaha=registry.a, kind="halal", number="ID35110000123")
    set_consent(registry.owner_a, Purpose.CATALOG, True, user=roles.pelaku, channel="layanan mandiri")

    client.force_login(roles.pelaku)
    response = client.post(DOWNLOAD)

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    files = unzip(response)
    assert {"data-saya.json", "data-saya.xlsx", "BACA-SAYA.txt"} <= set(files)
    assert any(name.startswith("berkas/produk-") for name in files)
    data = json.loads(files["data-saya.json"])
    assert data["pelaku"][0]["nik"] == "3523014508900001"
    assert [u["name"] for u in data["usaha"]] == ["Keripik Sari Rasa"]
    assert data["usaha"][0]["pemilik_lain"] == "Joko Santoso"
    assert [p["name"] for p in data["produk"]] == ["Keripik singkong balado"]
    assert [r["year"] for r in data["laporan_tahunan"]] == [2025]
    assert [c["number"] for c in data["legalitas"]] == ["ID35110000123"]
    assert data["persetujuan"][0]["setuju"] is True
    viewers = [(row["pengguna"], row["alasan"]) for row in data["riwayat_akses"]]
    assert ("t.petugas.kec", "verifikasi bantuan") in viewers
    assert "t.admin" not in {user for user, _ in viewers}  # the admin looked at B, not at A
    changes = " ".join(row["perubahan"] for row in data["riwayat_perubahan"])
    assert "+6281234567001 → +6281234567002" in changes

    everything = b" ".join(files.values()).decode("utf-8", "replace") + workbook_text(files["data-saya.xlsx"])
    assert "Keripik Sari Rasa" in workbook_text(files["data-saya.xlsx"])
    for foreign in (NIK_B, NIK_CO_OWNER, "+6281234567999", "Gerabah Tanah Liat", "Bambang"):
        assert foreign not in everything, foreign


def test_the_download_is_logged_and_recorded_as_an_answered_request(client, roles, registry):
    client.force_login(roles.pelaku)
    b"".join(client.post(DOWNLOAD).streaming_content)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.SUBJECT_REQUEST)
    assert (entry.username, entry.model, entry.object_id) == (
        "t.pelaku",
        "registry.Pelaku",
        str(registry.owner_a.pk),
    )
    request = SubjectRequest.objects.get()
    assert request.kind == SubjectRequest.Kind.ACCESS and request.status == SubjectRequest.Status.DONE
    # The next download shows this one in the trail of who took the data out.
    data = json.loads(unzip(client.post(DOWNLOAD))["data-saya.json"])
    assert any(row["tindakan"] == "Permintaan subjek data" for row in data["riwayat_akses"])


def test_the_download_needs_a_post(client, roles, registry):
    client.force_login(roles.pelaku)
    assert client.get(DOWNLOAD)["Location"] == MY_DATA
    assert not AuditEntry.objects.exists()


def test_another_owner_downloads_only_their_own(client, roles, people):
    client.force_login(roles.pelaku_other)
    data = json.loads(unzip(client.post(DOWNLOAD))["data-saya.json"])
    assert data["pelaku"][0]["nik"] == NIK_B
    assert [u["name"] for u in data["usaha"]] == ["Gerabah Tanah Liat"]


@pytest.mark.parametrize("who", ["admin", "petugas", "pimpinan", "asosiasi", "mitra"])
def test_the_owner_pages_are_for_owners_only(client, roles, registry, who):
    client.force_login(getattr(roles, who))
    assert client.get(MY_DATA).status_code == 403
    assert client.post(DOWNLOAD).status_code == 403


def test_visitors_are_sent_to_log_in_and_an_owner_without_a_person_record_gets_404(client, roles):
    for url in (MY_DATA, DOWNLOAD, "/subjek-data/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    client.force_login(roles.pelaku)  # no registry fixture: the account has no Pelaku
    assert client.get(MY_DATA).status_code == 404


# ---------------------------------------------------------------- correction


def test_a_correction_is_filed_handled_through_the_forms_and_closed(client, roles, registry):
    assert file_request(client, roles, "correction", "").status_code == 400  # says nothing: refused
    response = file_request(client, roles, "correction", "Tahun lahir saya 1990, bukan kosong.")
    assert response.status_code == 302
    item = SubjectRequest.objects.get()
    assert item.kind == "correction" and item.is_open and item.submitted_by == roles.pelaku

    client.force_login(roles.petugas_kec)
    listing = client.get("/subjek-data/").content.decode()
    assert f"#{item.pk}" in listing and "Siti Aminah" in listing
    detail = client.get(f"/subjek-data/{item.pk}/").content.decode()
    assert reverse("registry:pelaku_edit", args=[registry.owner_a.pk]) in detail
    client.post(
        reverse("registry:pelaku_edit", args=[registry.owner_a.pk]),
        {"name": "Siti Aminah", "nik": "3523014508900001", "gender": "P", "birth_year": "1990"},
    )
    registry.owner_a.refresh_from_db()
    assert registry.owner_a.birth_year == 1990

    decide = f"/subjek-data/{item.pk}/putuskan/"
    assert client.post(decide, {"action": "close", "note": ""}).status_code == 400
    assert client.post(decide, {"action": "erase", "note": "x", "confirm": "on"}).status_code == 400
    assert (
        client.post(decide, {"action": "close", "note": "Tahun lahir sudah diperbaiki."}).status_code == 302
    )
    item.refresh_from_db()
    assert item.status == "done" and item.handled_by == roles.petugas_kec and item.decided_at
    assert client.post(decide, {"action": "reject", "note": "lagi"}).status_code == 400  # decided once

    client.force_login(roles.pelaku)
    page = client.get(MY_DATA).content.decode()
    assert "Selesai" in page and "Tahun lahir sudah diperbaiki." in page


def test_officers_reach_only_the_requests_of_their_area(client, roles, registry):
    file_request(client, roles, "correction", "Nomor HP saya berganti.")
    item = SubjectRequest.objects.get()
    for who, status in [("admin", 200), ("petugas", 200), ("petugas_kec", 200), ("petugas_other", 404)]:
        client.force_login(getattr(roles, who))
        assert client.get(f"/subjek-data/{item.pk}/").status_code == status, who
    for who in ("pimpinan", "mitra", "asosiasi", "pelaku", "pelaku_other"):
        client.force_login(getattr(roles, who))
        assert client.get("/subjek-data/").status_code == 403, who
        assert (
            client.post(f"/subjek-data/{item.pk}/putuskan/", {"action": "close", "note": "x"}).status_code
            == 403
        )
    client.force_login(roles.petugas_other)
    assert f"#{item.pk}" not in client.get("/subjek-data/").content.decode()


# ---------------------------------------------------------------- deletion


def test_a_deletion_anonymises_the_person_and_purges_their_history(client, roles, people):
    registry = people
    registry.owner_a.birth_year = 1990
    registry.owner_a.email = "siti@example.id"
    registry.owner_a.save()
    registry.b.kepemilikan.create(pelaku=registry.owner_a)  # B also has its own owner: it stays
    sole = Usaha.objects.create(name="Batik Siti", desa_id="35.23.01.2001", whatsapp="+6281234567001")
    Kepemilikan.objects.create(usaha=sole, pelaku=registry.owner_a)
    set_consent(registry.owner_a, Purpose.CATALOG, True, user=roles.pelaku)

    assert file_request(client, roles, "deletion", "Saya berhenti berusaha.").status_code == 302
    assert file_request(client, roles, "deletion", "Sekali lagi").status_code == 400  # one is waiting
    item = SubjectRequest.objects.get(kind="deletion")

    client.force_login(roles.petugas_kec)
    decide = f"/subjek-data/{item.pk}/putuskan/"
    assert client.post(decide, {"action": "close", "note": "selesai"}).status_code == 400
    assert client.post(decide, {"action": "erase", "note": "Dihapus."}).status_code == 400  # not confirmed
    assert Pelaku.objects.get(pk=registry.owner_a.pk).nik
    response = client.post(decide, {"action": "erase", "note": "Data Anda sudah dihapus.", "confirm": "on"})
    assert response.status_code == 302

    person = Pelaku.objects.get(pk=registry.owner_a.pk)
    assert person.name == subject.ANONYMISED_NAME
    assert (person.nik, person.phone, person.email, person.birth_year) == ("", "", "", None)
    versions = list(Pelaku.history.filter(id=person.pk).values("name", "nik", "phone", "email", "birth_year"))
    assert len(versions) >= 3
    assert all(
        v == {"name": subject.ANONYMISED_NAME, "nik": "", "phone": "", "email": "", "birth_year": None}
        for v in versions
    )

    account = roles.pelaku.__class__.objects.get(pk=roles.pelaku.pk)
    assert not account.is_active and not account.has_usable_password() and account.username != "t.pelaku"
    client.logout()
    login = client.post("/akun/masuk/", {"username": "t.pelaku", "password": "uji-sandi-2026"})
    assert login.status_code == 200 and not login.wsgi_request.user.is_authenticated
    assert not person.consent_catalog
    assert ConsentRecord.objects.filter(pelaku=person, granted=False, purpose=Purpose.CATALOG).exists()

    registry.a.refresh_from_db()
    registry.b.refresh_from_db()
    sole.refresh_from_db()
    assert registry.a.archived_at is None  # the co-owner still runs it
    assert registry.b.archived_at is None
    assert sole.archived_at is not None and sole.whatsapp == ""
    assert not Usaha.history.filter(id=sole.pk).exclude(whatsapp="").exists()
    assert Pelaku.objects.get(pk=registry.co_owner.pk).nik == NIK_CO_OWNER

    item.refresh_from_db()
    assert item.status == "done" and item.handled_by == roles.petugas_kec
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.SUBJECT_REQUEST, detail__step="dihapus").get()
    assert entry.object_repr == subject.ANONYMISED_NAME and entry.detail["archived_usaha"] == [sole.pk]
    assert "Siti" not in entry.object_repr


def test_a_deletion_can_be_refused_with_a_reason(client, roles, registry):
    file_request(client, roles, "deletion", "Hapus data saya.")
    item = SubjectRequest.objects.get()
    client.force_login(roles.admin)
    client.post(
        f"/subjek-data/{item.pk}/putuskan/",
        {"action": "reject", "note": "Bantuan alat 2025 masih wajib dipertanggungjawabkan."},
    )
    item.refresh_from_db()
    assert item.status == "rejected"
    assert Pelaku.objects.get(pk=registry.owner_a.pk).name == "Siti Aminah"


# ---------------------------------------------------------------- retention


def test_retention_anonymises_long_archived_persons_and_drops_old_audit(settings, roles, registry):
    settings.SIMPUL_RETENTION_YEARS = 5
    long_ago = timezone.now() - timedelta(days=6 * 365)
    recently = timezone.now() - timedelta(days=2 * 365)
    Usaha.objects.filter(pk=registry.a.pk).update(archived_at=long_ago)  # A's only business: due
    Usaha.objects.filter(pk=registry.b.pk).update(archived_at=recently)  # B's: not yet
    mixed = Pelaku.objects.create(name="Rahmat", nik="3523010101800004")
    old_shop = Usaha.objects.create(name="Toko Lama", desa_id="35.23.01.2001")
    live_shop = Usaha.objects.create(name="Toko Baru", desa_id="35.23.01.2001")
    Usaha.objects.filter(pk=old_shop.pk).update(archived_at=long_ago)
    Kepemilikan.objects.create(usaha=old_shop, pelaku=mixed)
    Kepemilikan.objects.create(usaha=live_shop, pelaku=mixed)  # one business still active: kept
    old = AuditEntry.objects.create(action=AuditEntry.Action.EXPORT, username="lama")
    recent = AuditEntry.objects.create(action=AuditEntry.Action.EXPORT, username="baru")
    AuditEntry.objects.filter(pk=old.pk).update(at=long_ago)  # save() refuses: time travel by update

    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert (
        "Akan dianonimkan: 1 pelaku" in out.getvalue() and "Akan dihapus: 1 catatan audit" in out.getvalue()
    )
    assert "tidak ada yang diubah" in out.getvalue() and "Siti" not in out.getvalue()
    assert Pelaku.objects.get(pk=registry.owner_a.pk).name == "Siti Aminah"
    assert AuditEntry.objects.filter(pk=old.pk).exists()

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "1 pelaku dianonimkan, 1 catatan audit dihapus" in out.getvalue()
    assert Pelaku.objects.get(pk=registry.owner_a.pk).name == subject.ANONYMISED_NAME
    assert not Pelaku.history.filter(id=registry.owner_a.pk, nik="3523014508900001").exists()
    assert Pelaku.objects.get(pk=registry.owner_b.pk).name == "Bambang"
    assert Pelaku.objects.get(pk=mixed.pk).nik == "3523010101800004"
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert AuditEntry.objects.filter(detail__basis="retensi").count() == 2  # the person, and the deletion

    out = io.StringIO()
    call_command(
        "apply_retention", stdout=out
    )  # nothing left to do: anonymised persons are not counted again
    assert "0 pelaku dianonimkan, 0 catatan audit dihapus" in out.getvalue()


def test_an_audit_entry_still_cannot_be_deleted_one_by_one(roles):
    entry = AuditEntry.objects.create(action=AuditEntry.Action.EXPORT)
    with pytest.raises(ValueError):
        entry.delete()


# ---------------------------------------------------------------- in the browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_owner_downloads_their_data_in_the_browser(live_server, live_data, page, tmp_path):
    import re

    from playwright.sync_api import expect

    from simpul.accounts.demo import DEMO_PASSWORD
    from simpul.accounts.models import User

    usaha = Usaha.objects.create(name="Keripik Bu Sumi", desa_id="35.23.01.2001", kbli_id="10")
    pelaku = Pelaku.objects.create(
        name="Sumiati", nik="3523014508900009", account=User.objects.get(username="pelaku")
    )
    Kepemilikan.objects.create(usaha=usaha, pelaku=pelaku)

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("pelaku")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/akun/masuk/"))
    page.goto(f"{live_server.url}/saya/data/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh data saya (ZIP)").click()
    download = info.value
    assert re.fullmatch(r"data-saya-\d{8}\.zip", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("data-saya.json"))["pelaku"][0]["nik"] == "3523014508900009"
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.SUBJECT_REQUEST, object_id=str(pelaku.pk)
    ).exists()
