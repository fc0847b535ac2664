"""The API of programs, activities, participations, constraints and partners, scoped like the screens."""

from __future__ import annotations

import pytest

from simpul.programs.models import Kendala, Partisipasi, Program
from simpul.registry.models import Legalitas

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_officers_create_a_program_and_its_activity(client, world):
    client.force_login(world.roles.petugas)
    bad = client.post("/api/program/", {"name": "X", "kind": "sertifikasi", "year": 2026}, content_type=JSON)
    assert bad.status_code == 400 and "certificate_kind" in bad.json()
    response = client.post(
        "/api/program/",
        {"name": "Klinik Kemasan", "kind": "kemasan", "year": 2026, "eligible_kbli": ["10"], "quota": 12},
        content_type=JSON,
    )
    assert response.status_code == 201
    program = Program.objects.get(name="Klinik Kemasan")
    activity = client.post(
        "/api/kegiatan/",
        {"program": program.pk, "name": "Kelas desain", "start_date": "2026-03-02"},
        content_type=JSON,
    )
    assert activity.status_code == 201
    assert client.get("/api/kegiatan/", {"program": program.pk}).json()["count"] == 1


def test_the_participation_lifecycle_runs_through_the_api(client, world):
    client.force_login(world.roles.petugas)
    created = client.post(
        "/api/partisipasi/", {"kegiatan": world.halal_day.pk, "usaha": world.a.pk}, content_type=JSON
    )
    assert created.status_code == 201 and created.json()["status"] == "diusulkan"
    pk = created.json()["id"]
    refused = client.post(f"/api/partisipasi/{pk}/status/", {"status": "selesai"}, content_type=JSON)
    assert refused.status_code == 400 and "Diusulkan ke Selesai" in refused.json()["status"][0]
    for status in ("terpilih", "hadir"):
        assert (
            client.post(f"/api/partisipasi/{pk}/status/", {"status": status}, content_type=JSON).status_code
            == 200
        )
    outcome = client.patch(
        f"/api/partisipasi/{pk}/",
        {"certificate_kind": "halal", "certificate_number": "API-1"},
        content_type=JSON,
    )
    assert outcome.status_code == 200
    done = client.post(f"/api/partisipasi/{pk}/status/", {"status": "selesai"}, content_type=JSON)
    assert done.status_code == 200 and done.json()["legalitas"] == Legalitas.objects.get(number="API-1").pk


def test_a_business_that_fails_the_rules_cannot_be_proposed_through_the_api(client, world):
    client.force_login(world.roles.petugas)
    response = client.post(
        "/api/partisipasi/", {"kegiatan": world.halal_day.pk, "usaha": world.b.pk}, content_type=JSON
    )
    assert response.status_code == 400 and "tidak memenuhi syarat" in response.json()["detail"]
    assert not Partisipasi.objects.exists()


def test_a_kecamatan_officer_cannot_propose_or_see_businesses_of_another_area(client, world):
    client.force_login(world.roles.petugas_other)
    response = client.post(
        "/api/partisipasi/", {"kegiatan": world.halal_day.pk, "usaha": world.a.pk}, content_type=JSON
    )
    assert response.status_code == 400
    assert [row["id"] for row in client.get("/api/kendala/").json()["results"]] == [world.case_b.pk]


def test_officers_record_route_and_answer_cases_through_the_api(client, world):
    client.force_login(world.roles.petugas)
    created = client.post(
        "/api/kendala/",
        {"usaha": world.c.pk, "kind": "air", "description": "Debit kecil."},
        content_type=JSON,
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert Kendala.objects.get(pk=pk).reported_by == world.roles.petugas
    routed = client.post(f"/api/kendala/{pk}/teruskan/", {"mitra": world.pln.pk}, content_type=JSON)
    assert routed.status_code == 200 and routed.json()["mitra"] == world.pln.pk
    answer = client.post(
        f"/api/kendala/{pk}/tanggapan/", {"body": "", "status": "ditolak"}, content_type=JSON
    )
    assert answer.status_code == 201
    thread = client.get(f"/api/kendala/{pk}/tanggapan/").json()
    assert [row["status_to"] for row in thread] == ["", "ditolak"]
    assert Kendala.objects.get(pk=pk).closed_at is not None
    assert client.get("/api/kendala/", {"kind": "air"}).json()["count"] == 1


def test_partners_are_managed_by_officers_and_read_by_the_office(client, world):
    client.force_login(world.roles.petugas)
    assert (
        client.post("/api/mitra/", {"name": "BPN Uji", "kind": "bpn"}, content_type=JSON).status_code == 201
    )
    client.force_login(world.roles.pimpinan)
    assert client.get("/api/mitra/").json()["count"] == 3
    assert client.post("/api/mitra/", {"name": "X", "kind": "bpn"}, content_type=JSON).status_code == 403
    client.force_login(world.roles.pelaku)
    assert client.get("/api/mitra/").status_code == 403


def test_an_owner_sees_its_own_participations_and_cases_only(client, world):
    client.force_login(world.roles.petugas)
    client.post("/api/partisipasi/", {"kegiatan": world.halal_day.pk, "usaha": world.a.pk}, content_type=JSON)
    client.post("/api/partisipasi/", {"kegiatan": world.halal_day.pk, "usaha": world.c.pk}, content_type=JSON)
    client.force_login(world.roles.pelaku)
    assert [r["usaha"] for r in client.get("/api/partisipasi/").json()["results"]] == [world.a.pk]
    assert [r["id"] for r in client.get("/api/kendala/").json()["results"]] == [world.case_a.pk]
    assert client.get("/api/program/").status_code == 403
