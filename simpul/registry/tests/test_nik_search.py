"""An officer finds a person from the NIK on a KTP: by POST only, within reach, logged."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from simpul.core.models import AuditEntry
from simpul.registry.models import Kepemilikan, Pelaku, Usaha
from simpul.registry.tests.test_duplicates_browser import login

FIND = "/pelaku/cari-nik/"
NIK = "3523014508900001"


@pytest.mark.django_db
def test_a_typed_nik_with_spaces_leads_to_the_persons_page_and_is_logged(client, roles, registry):
    client.force_login(roles.petugas_kec)
    response = client.post(FIND, {"nik": "3523 0145 0890 0001"})
    assert response.status_code == 302
    assert response["Location"] == f"/pelaku/{registry.owner_a.pk}/"
    assert NIK not in response["Location"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW_PERSONAL)
    assert entry.user == roles.petugas_kec and entry.object_id == str(registry.owner_a.pk)
    assert entry.detail["searched"] == "3523********0001" and entry.detail["found"] is True


@pytest.mark.django_db
def test_a_person_outside_the_officers_kecamatan_is_not_found_and_not_revealed(client, roles, registry):
    client.force_login(roles.petugas_other)
    response = client.post(FIND, {"nik": NIK})
    page = response.content.decode()
    assert response.status_code == 200 and "Tidak ada pelaku dengan NIK 3523********0001" in page
    assert registry.owner_a.name not in page
    assert AuditEntry.objects.get(action=AuditEntry.Action.VIEW_PERSONAL).detail["found"] is False


@pytest.mark.django_db
def test_a_short_nik_is_refused_in_indonesian_and_kept_in_the_field(client, roles, registry):
    client.force_login(roles.petugas)
    response = client.post(FIND, {"nik": "3523 0145"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "NIK harus 16 angka; yang diisi 8 angka." in page and 'value="3523 0145"' in page
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["pimpinan", "asosiasi", "mitra", "pelaku"])
def test_roles_without_personal_data_cannot_search_by_nik(client, roles, registry, role):
    client.force_login(getattr(roles, role))
    assert client.post(FIND, {"nik": NIK}).status_code == 403


@pytest.mark.django_db
def test_the_search_is_never_a_get_with_the_nik_in_the_address(client, roles, registry):
    client.force_login(roles.petugas)
    page = client.get(FIND).content.decode()
    assert '<form method="post"' in page and 'name="nik"' in page
    response = client.get(FIND, {"nik": NIK})  # a hand-made address searches nothing
    assert response.status_code == 200 and "nik-missing" not in response.content.decode()
    assert not AuditEntry.objects.exists()


@pytest.mark.browser
def test_an_officer_finds_an_owner_from_a_ktp_in_the_browser(live_server, live_data, page: Page):
    person = Pelaku.objects.create(name="Sumiati", nik="3523014508900007")
    usaha = Usaha.objects.create(name="Batik Sumiati", desa_id="35.23.01.2001")
    Kepemilikan.objects.create(usaha=usaha, pelaku=person)
    base = live_server.url
    login(page, base, "petugas.kec")
    page.goto(f"{base}/pelaku/")
    page.get_by_test_id("find-nik").click()
    page.get_by_label("NIK").fill("3523.0145.0890.0007")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sumiati")
    assert page.url == f"{base}/pelaku/{person.pk}/"
