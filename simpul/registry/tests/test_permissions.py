"""The permission matrix of the registry screens: every role × every action, each cell asserted.

Business A lies in kecamatan 35.23.01 and belongs to roles.pelaku; business B
lies in 35.23.16 and belongs to roles.pelaku_other.
"""

import pytest

LOGIN = "login"
OK, FORBIDDEN, MISSING = 200, 403, 404

ROLES = [
    "admin",
    "petugas",
    "petugas_kec",
    "petugas_other",
    "pimpinan",
    "pelaku",
    "pelaku_other",
    "mitra",
    "asosiasi",
    "anonymous",
]

# role → (list sees A, list sees B) or status
LIST = {
    "admin": (True, True),
    "petugas": (True, True),
    "petugas_kec": (True, False),
    "petugas_other": (False, True),
    "pimpinan": (True, True),
    "pelaku": (True, False),
    "pelaku_other": (False, True),
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": LOGIN,
}
VIEW_A = {
    "admin": OK,
    "petugas": OK,
    "petugas_kec": OK,
    "petugas_other": MISSING,
    "pimpinan": OK,
    "pelaku": OK,
    "pelaku_other": MISSING,
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": LOGIN,
}
CREATE = {
    "admin": OK,
    "petugas": OK,
    "petugas_kec": OK,
    "petugas_other": OK,
    "pimpinan": FORBIDDEN,
    "pelaku": FORBIDDEN,
    "pelaku_other": FORBIDDEN,
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": LOGIN,
}
EDIT_A = {
    "admin": OK,
    "petugas": OK,
    "petugas_kec": OK,
    "petugas_other": MISSING,
    "pimpinan": FORBIDDEN,
    "pelaku": FORBIDDEN,
    "pelaku_other": FORBIDDEN,
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": LOGIN,
}
EXPORT = {
    "admin": (True, True),
    "petugas": (True, True),
    "petugas_kec": (True, False),
    "petugas_other": (False, True),
    "pimpinan": (True, True),
    "pelaku": FORBIDDEN,
    "pelaku_other": FORBIDDEN,
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": LOGIN,
}


def _login(client, roles, role):
    if role != "anonymous":
        client.force_login(getattr(roles, role))


def _check_status(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_list(client, roles, registry, role):
    _login(client, roles, role)
    response = client.get("/usaha/")
    expected = LIST[role]
    if isinstance(expected, tuple):
        assert response.status_code == OK
        body = response.content.decode()
        assert ("Keripik Sari Rasa" in body, "Gerabah Tanah Liat" in body) == expected
    else:
        _check_status(response, expected)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_view(client, roles, registry, role):
    _login(client, roles, role)
    _check_status(client.get(f"/usaha/{registry.a.pk}/"), VIEW_A[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_create_page(client, roles, registry, role):
    _login(client, roles, role)
    _check_status(client.get("/usaha/tambah/"), CREATE[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_edit(client, roles, registry, role):
    _login(client, roles, role)
    _check_status(client.get(f"/usaha/{registry.a.pk}/ubah/"), EDIT_A[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_archive(client, roles, registry, role):
    _login(client, roles, role)
    response = client.post(f"/usaha/{registry.a.pk}/arsip/")
    registry.a.refresh_from_db()
    if EDIT_A[role] == OK:
        assert response.status_code == 302 and registry.a.is_archived
    else:
        _check_status(response, EDIT_A[role])
        assert not registry.a.is_archived


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_export(client, roles, registry, role):
    _login(client, roles, role)
    response = client.get("/usaha/", {"export": "csv"})
    expected = EXPORT[role]
    if isinstance(expected, tuple):
        assert response.status_code == OK
        body = b"".join(response.streaming_content).decode()
        assert ("Keripik Sari Rasa" in body, "Gerabah Tanah Liat" in body) == expected
    else:
        _check_status(response, expected)


@pytest.mark.django_db
def test_a_petugas_cannot_place_a_business_outside_their_kecamatan(client, roles, registry):
    client.force_login(roles.petugas_other)
    response = client.post(
        "/usaha/tambah/",
        {
            "name": "Usaha Seberang",
            "legal_form": "perorangan",
            "desa": "35.23.01.2002",
            "status": "aktif",
            "source": "pendataan",
            "confirm_duplicate": "1",
        },
    )
    assert response.status_code == 200
    assert "di luar wilayah tugas Anda" in response.content.decode()
    from simpul.registry.models import Usaha

    assert not Usaha.objects.filter(name="Usaha Seberang").exists()


@pytest.mark.django_db
def test_a_nik_is_masked_on_pages_and_shown_whole_only_after_a_logged_reason(client, roles, registry):
    from simpul.core.models import AuditEntry

    nik = "3523014508900001"
    for role in ("pimpinan", "petugas", "admin"):
        client.force_login(getattr(roles, role))
        body = client.get(f"/usaha/{registry.a.pk}/").content.decode()
        assert nik not in body and "3523********0001" in body
    client.force_login(roles.pimpinan)
    assert (
        client.post(f"/pelaku/{registry.owner_a.pk}/nik/", {"alasan": "ingin tahu saja"}).status_code == 403
    )
    client.force_login(roles.petugas)
    assert client.post(f"/pelaku/{registry.owner_a.pk}/nik/", {"alasan": ""}).status_code == 400
    shown = client.post(
        f"/pelaku/{registry.owner_a.pk}/nik/", {"alasan": "verifikasi calon penerima bantuan"}
    )
    assert nik in shown.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW_PERSONAL)
    assert entry.user == roles.petugas and entry.object_id == str(registry.owner_a.pk)
    assert entry.reason == "verifikasi calon penerima bantuan" and entry.ip == "127.0.0.1"
    client.force_login(roles.petugas_other)
    assert (
        client.post(f"/pelaku/{registry.owner_a.pk}/nik/", {"alasan": "verifikasi data"}).status_code == 404
    )


@pytest.mark.django_db
def test_an_owner_sees_their_own_nik(client, roles, registry):
    client.force_login(roles.pelaku)
    assert "3523014508900001" in client.get(f"/usaha/{registry.a.pk}/").content.decode()


@pytest.mark.django_db
def test_every_export_is_in_the_audit_log(client, roles, registry):
    from simpul.core.models import AuditEntry

    client.force_login(roles.petugas)
    b"".join(client.get("/usaha/", {"export": "csv", "q": "keripik"}).streaming_content)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT_PERSONAL)
    assert entry.model == "registry.Usaha" and "q=keripik" in entry.detail["query"]


@pytest.mark.django_db
def test_the_business_list_makes_no_query_per_row(client, roles, registry, django_assert_max_num_queries):
    from simpul.registry.models import Usaha

    for n in range(60):
        Usaha.objects.create(name=f"Usaha Uji {n}", desa_id="35.23.01.2001", kbli_id="10")
    client.force_login(roles.petugas)
    with django_assert_max_num_queries(15):
        response = client.get("/usaha/")
    assert response.status_code == OK
    assert len(response.context["table"].page.object_list) == 50


@pytest.mark.django_db
def test_a_persons_history_never_shows_a_nik_whole(client, roles, registry):
    person = registry.owner_a
    person.nik = "3523014508900009"
    person.save()
    client.force_login(roles.admin)
    body = client.get(f"/pelaku/{person.pk}/").content.decode()
    assert "3523014508900001" not in body and "3523014508900009" not in body
    assert "3523********0009" in body
