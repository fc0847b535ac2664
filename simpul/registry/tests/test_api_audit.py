"""Whole NIKs read through the API are in the audit log: who, when, which people, why."""

from __future__ import annotations

import pytest

from simpul.core.models import AuditEntry
from simpul.registry.models import Kepemilikan, Pelaku
from simpul.registry.tests.test_api import NIK_A, NIK_CO, Data, client_for


@pytest.fixture
def data(roles) -> Data:
    return Data(roles)


def _api_reads() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.API_PERSONAL).order_by("pk"))


def test_an_officer_reading_a_person_by_api_is_logged_with_the_stated_reason(roles, data):
    response = client_for(roles, "petugas").get(
        f"/api/pelaku/{data.owner_a.pk}/", HTTP_X_ALASAN="verifikasi bantuan alat"
    )
    assert response.json()["nik"] == NIK_A
    [entry] = _api_reads()
    assert entry.username == roles.petugas.username
    assert entry.model == "registry.Pelaku"
    assert entry.reason == "verifikasi bantuan alat"
    assert entry.detail["pelaku"] == [data.owner_a.pk]
    assert entry.detail["path"] == f"/api/pelaku/{data.owner_a.pk}/"


def test_a_list_page_with_whole_niks_is_one_entry_naming_every_person(roles, data):
    client_for(roles, "admin").get("/api/pelaku/")
    [entry] = _api_reads()
    assert set(entry.detail["pelaku"]) == {data.owner_a.pk, data.owner_b.pk}
    assert entry.detail["count"] == 2
    assert entry.reason  # a default sentence when the caller gave none


def test_owners_inside_a_business_are_logged_too(roles, data):
    co = Pelaku.objects.create(name="Rudi Hartono", nik=NIK_CO, gender="L")
    Kepemilikan.objects.create(usaha=data.a, pelaku=co, role="pengelola")
    client_for(roles, "petugas_kec").get(f"/api/usaha/{data.a.pk}/")
    [entry] = _api_reads()
    assert set(entry.detail["pelaku"]) == {data.owner_a.pk, co.pk}


@pytest.mark.parametrize("role", ["pimpinan", "mitra", "asosiasi", "anonymous"])
def test_no_entry_when_no_whole_nik_was_sent(role, roles, data):
    client_for(roles, role).get("/api/usaha/")
    client_for(roles, role).get(f"/api/pelaku/{data.owner_a.pk}/")
    assert _api_reads() == []


def test_a_person_reading_their_own_nik_is_not_logged(roles, data):
    body = client_for(roles, "pelaku").get(f"/api/pelaku/{data.owner_a.pk}/").json()
    assert body["nik"] == NIK_A
    assert _api_reads() == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/usaha/abc/",
        "/api/usaha/1.5/",
        "/api/katalog/produk/123456789012345678901234567890/",
        "/api/permintaan/null/kandidat/",
        "/api/usaha.json",
        "/api/wilayah/35.23/../",
    ],
)
def test_odd_ids_and_suffixes_in_api_paths_are_not_found(url, roles, data):
    assert client_for(roles, "admin").get(url).status_code == 404
