"""The permission matrix of partners (mitra) and pengurus asosiasi, through screens and the API.

A partner reaches only the cases routed to it; a pengurus only its members.
Neither reaches the registry, and neither ever sees a NIK.
"""

from __future__ import annotations

import json

import pytest

from simpul.accounts.models import User
from simpul.core.roles import Role
from simpul.programs import lifecycle
from simpul.programs.models import (
    AnggotaAsosiasi,
    Kendala,
    Partisipasi,
    PermohonanAnggota,
    Program,
    TanggapanKendala,
)
from simpul.programs.tests.conftest import NIK_A, make_program

pytestmark = pytest.mark.django_db
OK, FORBIDDEN, MISSING = 200, 403, 404


def _registry_urls(world) -> list[str]:
    a = world.a.pk
    return [
        "/usaha/",
        f"/usaha/{a}/",
        f"/usaha/{a}/ubah/",
        "/pelaku/",
        f"/pelaku/{world.owner_a.pk}/",
        "/produk/",
        "/api/usaha/",
        f"/api/usaha/{a}/",
        "/api/pelaku/",
        "/api/legalitas/",
    ]


# ---------------------------------------------------------------------------
# Partner (mitra)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["mitra", "asosiasi"])
def test_partners_and_pengurus_cannot_reach_the_registry(client, world, role):
    client.force_login(getattr(world.roles, role))
    for url in _registry_urls(world):
        assert client.get(url).status_code == FORBIDDEN, url


def test_a_partner_lists_exactly_the_cases_routed_to_it(client, world):
    client.force_login(world.roles.mitra)
    body = client.get("/kendala/").content.decode()
    assert "Keripik Sari Rasa" in body
    assert "Gerabah Tanah Liat" not in body  # routed to PLN
    assert "Tempe Murni" not in body  # not routed yet
    api = client.get("/api/kendala/").json()
    assert [row["id"] for row in api["results"]] == [world.case_a.pk]


def test_a_partner_opens_its_case_without_any_nik_and_nothing_else(client, world):
    client.force_login(world.roles.mitra)
    page = client.get(f"/kendala/{world.case_a.pk}/")
    assert page.status_code == OK
    body = page.content.decode()
    assert "Keripik Sari Rasa" in body and "Siti Aminah" in body
    assert NIK_A not in body and NIK_A[:4] + "****" not in body
    assert f'href="/usaha/{world.a.pk}/"' not in body  # no link into the registry
    for other in (world.case_b, world.case_c):
        assert client.get(f"/kendala/{other.pk}/").status_code == MISSING
        assert client.get(f"/api/kendala/{other.pk}/").status_code == MISSING
    api = client.get(f"/api/kendala/{world.case_a.pk}/").json()
    assert NIK_A not in json.dumps(api) and "nik" not in api["usaha_detail"]


def test_a_partner_answers_and_resolves_only_its_own_case(client, world):
    client.force_login(world.roles.mitra)
    response = client.post(
        f"/kendala/{world.case_a.pk}/tanggapi/", {"body": "KUR disetujui Rp25 juta.", "status": "selesai"}
    )
    assert response.status_code == 302
    world.case_a.refresh_from_db()
    assert world.case_a.status == Kendala.Status.SELESAI and world.case_a.closed_at is not None
    assert world.case_a.responses.get().author == world.roles.mitra

    assert client.post(f"/kendala/{world.case_b.pk}/tanggapi/", {"body": "x"}).status_code == MISSING
    assert (
        client.post(f"/kendala/{world.case_b.pk}/teruskan/", {"mitra": world.bank.pk}).status_code
        == FORBIDDEN
    )
    world.case_b.refresh_from_db()
    assert world.case_b.status == Kendala.Status.TERBUKA and not world.case_b.responses.exists()


def test_a_partner_cannot_edit_route_record_or_reopen_cases(client, world):
    client.force_login(world.roles.mitra)
    assert client.get(f"/kendala/{world.case_a.pk}/ubah/").status_code == FORBIDDEN
    assert client.get("/kendala/tambah/").status_code == FORBIDDEN
    assert client.post(f"/kendala/{world.case_a.pk}/arsip/").status_code == FORBIDDEN
    assert (
        client.post(f"/kendala/{world.case_a.pk}/teruskan/", {"mitra": world.pln.pk}).status_code == FORBIDDEN
    )
    assert client.get("/kendala/rekap/").status_code == FORBIDDEN
    world.case_a.status = Kendala.Status.SELESAI
    world.case_a.save()
    client.post(f"/kendala/{world.case_a.pk}/tanggapi/", {"status": "terbuka"})
    world.case_a.refresh_from_db()
    assert world.case_a.status == Kendala.Status.SELESAI


def test_through_the_api_a_partner_changes_only_the_status_of_its_case(client, world):
    client.force_login(world.roles.mitra)
    url = f"/api/kendala/{world.case_a.pk}/"
    response = client.patch(
        url,
        {"status": "diproses", "description": "diubah", "mitra": world.pln.pk},
        content_type="application/json",
    )
    assert response.status_code == OK
    world.case_a.refresh_from_db()
    assert (world.case_a.status, world.case_a.description, world.case_a.mitra) == (
        "diproses",
        "Butuh modal kerja.",
        world.bank,
    )
    answer = client.post(f"{url}tanggapan/", {"body": "Survei Senin."}, content_type="application/json")
    assert answer.status_code == 201
    other = f"/api/kendala/{world.case_b.pk}/"
    assert client.patch(other, {"status": "selesai"}, content_type="application/json").status_code == MISSING
    assert (
        client.post(f"{other}tanggapan/", {"body": "x"}, content_type="application/json").status_code
        == MISSING
    )
    assert (
        client.post("/api/kendala/", {"usaha": world.a.pk, "kind": "air", "description": "x"}).status_code
        == FORBIDDEN
    )
    assert client.delete(url).status_code == FORBIDDEN
    assert client.post(f"{url}teruskan/", {"mitra": world.pln.pk}).status_code == FORBIDDEN


def test_a_partner_sees_only_its_own_partner_record_and_no_programs(client, world):
    client.force_login(world.roles.mitra)
    assert [m["name"] for m in client.get("/api/mitra/").json()["results"]] == ["Bank Uji"]
    assert client.get(f"/mitra/{world.pln.pk}/").status_code == MISSING
    for url in (
        "/program/",
        f"/program/{world.halal.pk}/",
        "/jangkauan/",
        "/asosiasi/",
        "/asosiasi/anggota/",
    ):
        assert client.get(url).status_code == FORBIDDEN, url
    for url in ("/api/program/", "/api/partisipasi/", "/api/kegiatan/", "/api/jangkauan/"):
        assert client.get(url).status_code == FORBIDDEN, url


def test_a_partner_account_linked_to_no_partner_sees_no_case(client, world):
    stray = User.objects.create_user(username="t.mitra.lain", password="x-uji-2026", role=Role.MITRA)
    client.force_login(stray)
    assert client.get("/api/kendala/").json()["count"] == 0
    assert client.get(f"/kendala/{world.case_a.pk}/").status_code == MISSING


# ---------------------------------------------------------------------------
# Pengurus asosiasi
# ---------------------------------------------------------------------------


def test_a_pengurus_lists_and_opens_only_its_members(client, world):
    client.force_login(world.roles.asosiasi)
    body = client.get("/asosiasi/anggota/").content.decode()
    assert "Keripik Sari Rasa" in body
    assert "Tempe Murni" not in body and "Gerabah Tanah Liat" not in body
    page = client.get(f"/asosiasi/anggota/{world.a.pk}/")
    assert page.status_code == OK
    assert "Siti Aminah" in page.content.decode() and NIK_A not in page.content.decode()
    for other in (world.b, world.c, world.d):
        assert client.get(f"/asosiasi/anggota/{other.pk}/").status_code == MISSING
        assert client.get(f"/asosiasi/anggota/{other.pk}/usulkan/").status_code == MISSING
        assert client.get(f"/asosiasi/anggota/{other.pk}/perubahan/").status_code == MISSING
    assert client.get(f"/asosiasi/{world.other_asosiasi.pk}/").status_code == MISSING


def test_a_former_member_is_out_of_reach_at_once(client, world):
    AnggotaAsosiasi.objects.filter(usaha=world.a).delete()
    client.force_login(world.roles.asosiasi)
    assert client.get(f"/asosiasi/anggota/{world.a.pk}/").status_code == MISSING


def test_a_pengurus_proposes_a_member_for_a_program_it_is_eligible_for(client, world):
    client.force_login(world.roles.asosiasi)
    form = client.get(f"/asosiasi/anggota/{world.a.pk}/usulkan/")
    assert world.halal_day.name in form.content.decode()
    response = client.post(f"/asosiasi/anggota/{world.a.pk}/usulkan/", {"kegiatan": world.halal_day.pk})
    assert response.status_code == 302
    participation = Partisipasi.objects.get()
    assert (participation.usaha, participation.via_asosiasi, participation.proposed_by) == (
        world.a,
        world.asosiasi,
        world.roles.asosiasi,
    )
    assert participation.status == Partisipasi.Status.DIUSULKAN


def test_a_pengurus_sees_only_members_in_the_eligible_list_and_cannot_propose_others(client, world):
    client.force_login(world.roles.asosiasi)
    body = client.get(f"/program/{world.halal.pk}/usulkan/").content.decode()
    assert "Keripik Sari Rasa" in body and "Tempe Murni" not in body
    client.post(
        f"/program/{world.halal.pk}/usulkan/", {"kegiatan": world.halal_day.pk, "usaha": [world.c.pk]}
    )
    assert not Partisipasi.objects.exists()
    api = client.post(
        "/api/partisipasi/",
        {"kegiatan": world.halal_day.pk, "usaha": world.c.pk},
        content_type="application/json",
    )
    assert api.status_code == 400
    api = client.post(
        "/api/partisipasi/",
        {"kegiatan": world.halal_day.pk, "usaha": world.a.pk},
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["usaha"] == world.a.pk


def test_a_pengurus_sees_only_its_members_participations_and_cannot_decide(client, world):
    mine, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    theirs, _w = lifecycle.propose(world.halal_day, world.c, world.roles.petugas)
    client.force_login(world.roles.asosiasi)
    body = client.get(f"/program/{world.halal.pk}/").content.decode()
    assert "Keripik Sari Rasa" in body and "Tempe Murni" not in body
    assert [row["id"] for row in client.get("/api/partisipasi/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/partisipasi/{theirs.pk}/").status_code == MISSING
    assert client.post(f"/partisipasi/{mine.pk}/status/", {"status": "terpilih"}).status_code == FORBIDDEN
    api = client.post(
        f"/api/partisipasi/{mine.pk}/status/", {"status": "terpilih"}, content_type="application/json"
    )
    assert api.status_code == FORBIDDEN
    assert client.get(f"/partisipasi/{mine.pk}/hasil/").status_code == FORBIDDEN
    assert client.get(f"/program/{world.halal.pk}/peserta/ekspor/").status_code == FORBIDDEN
    mine.refresh_from_db()
    assert mine.status == Partisipasi.Status.DIUSULKAN


def test_a_pengurus_sees_open_programs_only(client, world):
    done, _k = make_program(Program.Kind.PAMERAN, 2022, name="Pameran Lama", status=Program.Status.SELESAI)
    client.force_login(world.roles.asosiasi)
    body = client.get("/program/").content.decode()
    assert "Fasilitasi Halal" in body and "Pameran Lama" not in body
    assert client.get(f"/program/{done.pk}/").status_code == MISSING
    assert client.get("/program/tambah/").status_code == FORBIDDEN
    assert client.get(f"/program/{world.halal.pk}/ubah/").status_code == FORBIDDEN


def test_a_pengurus_has_no_cases_partners_or_reach(client, world):
    client.force_login(world.roles.asosiasi)
    for url in (
        "/kendala/",
        f"/kendala/{world.case_a.pk}/",
        "/mitra/",
        "/jangkauan/",
        "/jangkauan/belum-terjangkau/",
    ):
        assert client.get(url).status_code == FORBIDDEN, url
    for url in ("/api/kendala/", "/api/mitra/", "/api/jangkauan/"):
        assert client.get(url).status_code == FORBIDDEN, url


def _needs_change_requests() -> None:
    from simpul.programs.views import change_requests_available

    if not change_requests_available():
        pytest.skip("permintaan perubahan registry belum tersedia")


def test_a_pengurus_keeps_member_data_current_through_the_registrys_change_requests(client, world):
    _needs_change_requests()
    from simpul.registry.models_selfservice import ChangeRequest

    client.force_login(world.roles.asosiasi)
    profile = {
        "name": world.a.name,
        "legal_form": "perorangan",
        "nib": world.a.nib,
        "address": "Jl. Baru 5",
        "status": "aktif",
        "catatan_pelaku": "Pindah alamat.",
    }
    response = client.post(f"/asosiasi/anggota/{world.a.pk}/perubahan/", profile)
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert (request.usaha, request.target, request.changes, request.submitted_by, request.note) == (
        world.a,
        "usaha",
        {"address": "Jl. Baru 5"},
        world.roles.asosiasi,
        "Pindah alamat.",
    )
    world.a.refresh_from_db()
    assert world.a.address == ""  # nothing changes until an officer approves

    report = {"year": 2026, "workforce_male": 4, "workforce_female": 6}
    assert client.post(f"/asosiasi/anggota/{world.a.pk}/laporan/tambah/", report).status_code == 302
    created = ChangeRequest.objects.get(target="laporan")
    assert (created.action, created.changes["year"], created.changes["workforce_female"]) == (
        "create",
        2026,
        6,
    )


def test_a_pengurus_cannot_propose_changes_to_a_non_member(client, world):
    _needs_change_requests()
    client.force_login(world.roles.asosiasi)
    assert client.post(f"/asosiasi/anggota/{world.c.pk}/perubahan/", {"name": "X"}).status_code == MISSING
    report = world.c.laporan.get()
    assert client.get(f"/asosiasi/anggota/{world.c.pk}/laporan/{report.pk}/ubah/").status_code == MISSING
    assert client.get(f"/asosiasi/anggota/{world.a.pk}/laporan/{report.pk}/ubah/").status_code == MISSING


def test_a_pengurus_asks_to_add_a_member_by_nib_and_an_officer_decides(client, world):
    world.b.nib = "9876543210123"
    world.b.save()
    client.force_login(world.roles.asosiasi)
    client.post("/asosiasi/anggota/undang/", {"nib": "9876 5432 10123"})
    request = PermohonanAnggota.objects.get()
    assert client.get(f"/asosiasi/anggota/{world.b.pk}/").status_code == MISSING  # not a member yet
    assert client.post(f"/asosiasi/permohonan/{request.pk}/", {"decision": "terima"}).status_code == FORBIDDEN

    client.force_login(world.roles.petugas_kec)  # B lies outside this officer's kecamatan
    assert client.post(f"/asosiasi/permohonan/{request.pk}/", {"decision": "terima"}).status_code == MISSING
    client.force_login(world.roles.petugas)
    client.post(f"/asosiasi/permohonan/{request.pk}/", {"decision": "terima"})
    assert AnggotaAsosiasi.objects.filter(asosiasi=world.asosiasi, usaha=world.b).exists()
    client.force_login(world.roles.asosiasi)
    assert client.get(f"/asosiasi/anggota/{world.b.pk}/").status_code == OK


# ---------------------------------------------------------------------------
# Officers and owners around the same data
# ---------------------------------------------------------------------------


def test_a_kecamatan_officer_handles_only_cases_of_its_area(client, world):
    client.force_login(world.roles.petugas_kec)
    body = client.get("/kendala/").content.decode()
    assert "Keripik Sari Rasa" in body and "Gerabah Tanah Liat" not in body
    assert client.get(f"/kendala/{world.case_b.pk}/").status_code == MISSING
    assert (
        client.post(f"/kendala/{world.case_b.pk}/teruskan/", {"mitra": world.bank.pk}).status_code == MISSING
    )
    client.post(f"/kendala/{world.case_c.pk}/teruskan/", {"mitra": world.bank.pk, "note": "Mohon bantu."})
    world.case_c.refresh_from_db()
    assert world.case_c.mitra == world.bank and world.case_c.routed_by == world.roles.petugas_kec
    assert TanggapanKendala.objects.get(kendala=world.case_c).body == "Diteruskan ke Bank Uji. Mohon bantu."


def test_an_owner_records_and_follows_only_its_own_cases(client, world):
    client.force_login(world.roles.pelaku)
    body = client.get("/kendala/").content.decode()
    assert "Keripik Sari Rasa" in body and "Tempe Murni" not in body
    response = client.post(
        "/kendala/tambah/",
        {"usaha": world.a.pk, "kind": "air", "severity": "tinggi", "description": "Air mati."},
    )
    assert response.status_code == 302
    assert Kendala.objects.get(kind="air").reported_by == world.roles.pelaku
    response = client.post(
        "/kendala/tambah/",
        {"usaha": world.b.pk, "kind": "air", "severity": "tinggi", "description": "Bukan milik."},
    )
    assert response.status_code == 200 and Kendala.objects.filter(kind="air").count() == 1
    assert client.post(f"/kendala/{world.case_a.pk}/tanggapi/", {"body": "x"}).status_code == FORBIDDEN
    assert client.get(f"/kendala/{world.case_a.pk}/ubah/").status_code == FORBIDDEN


def test_the_office_sees_open_cases_by_type_partner_and_age(client, world):
    client.force_login(world.roles.pimpinan)
    page = client.get("/kendala/rekap/")
    assert page.status_code == OK
    body = page.content.decode()
    assert "Permodalan" in body and "Bank Uji" in body and "Belum diteruskan" in body
    listed = client.get("/kendala/", {"status": "belum_selesai", "mitra": "null"}).content.decode()
    assert "Tempe Murni" in listed and "Keripik Sari Rasa" not in listed
    assert client.get("/kendala/", {"age": "30"}).status_code == OK
