"""The permission matrix of sentra, kawasan and OVOP — screens and API — every role × action asserted.

The A-side rows lie in kecamatan 35.23.01 (roles.petugas_kec), the B-side
rows in 35.23.16 (roles.petugas_other). These screens are the office's:
owners, partners and associations see none of them.
"""

from dataclasses import dataclass

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
_OUTSIDERS = {"pelaku": FORBIDDEN, "pelaku_other": FORBIDDEN, "mitra": FORBIDDEN, "asosiasi": FORBIDDEN}

# role → (sees A, sees B) or a status
LIST = {
    "admin": (True, True),
    "petugas": (True, True),
    "petugas_kec": (True, False),
    "petugas_other": (False, True),
    "pimpinan": (True, True),
    **_OUTSIDERS,
    "anonymous": LOGIN,
}
EXPORT = LIST
VIEW_A = {
    "admin": OK,
    "petugas": OK,
    "petugas_kec": OK,
    "petugas_other": MISSING,
    "pimpinan": OK,
    **_OUTSIDERS,
    "anonymous": LOGIN,
}
CREATE = {
    "admin": OK,
    "petugas": OK,
    "petugas_kec": OK,
    "petugas_other": OK,
    "pimpinan": FORBIDDEN,
    **_OUTSIDERS,
    "anonymous": LOGIN,
}
EDIT_A = {**VIEW_A, "pimpinan": FORBIDDEN}
API_LIST = {**LIST, "anonymous": FORBIDDEN}


@dataclass(frozen=True)
class Entity:
    list_url: str
    api: str
    names: tuple[str, str]


ENTITIES = {
    "sentra": Entity("/sentra/", "/api/sentra/", ("Sentra Tahu Jlodro", "Sentra Gerabah Tuban")),
    "kawasan": Entity("/kawasan/", "/api/kawasan/", ("Kawasan Pangan Kenduruan", "Kawasan Gerabah Tuban")),
    "ovop": Entity("/ovop/", "/api/ovop/", ("Tahu putih", "Gentong")),
}


def _objects(clusters, entity: str):
    return {
        "sentra": (clusters.sentra_a, clusters.sentra_b),
        "kawasan": (clusters.kawasan_a, clusters.kawasan_b),
        "ovop": (clusters.ovop_a, clusters.ovop_b),
    }[entity]


def _create_url(clusters, entity: str) -> str:
    # An OVOP assessment is created under its business (A-side here).
    return f"/usaha/{clusters.a[0].pk}/ovop/tambah/" if entity == "ovop" else f"/{entity}/tambah/"


def _login(client, roles, role):
    if role != "anonymous":
        client.force_login(getattr(roles, role))


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    else:
        assert response.status_code == expected


def _sees(body: str, entity: str) -> tuple[bool, bool]:
    a, b = ENTITIES[entity].names
    return (a in body, b in body)


pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("entity", list(ENTITIES))]


@pytest.mark.parametrize("role", ROLES)
def test_list(client, roles, clusters, entity, role):
    _login(client, roles, role)
    response = client.get(ENTITIES[entity].list_url)
    expected = LIST[role]
    if isinstance(expected, tuple):
        assert response.status_code == OK
        assert _sees(response.content.decode(), entity) == expected
    else:
        _check(response, expected)


@pytest.mark.parametrize("role", ROLES)
def test_view(client, roles, clusters, entity, role):
    _login(client, roles, role)
    _check(client.get(_objects(clusters, entity)[0].get_absolute_url()), VIEW_A[role])


@pytest.mark.parametrize("role", ROLES)
def test_create_page(client, roles, clusters, entity, role):
    _login(client, roles, role)
    expected = CREATE[role]
    if entity == "ovop" and role == "petugas_other":
        expected = MISSING  # the business lies outside their kecamatan
    _check(client.get(_create_url(clusters, entity)), expected)


@pytest.mark.parametrize("role", ROLES)
def test_edit(client, roles, clusters, entity, role):
    _login(client, roles, role)
    _check(client.get(f"/{entity}/{_objects(clusters, entity)[0].pk}/ubah/"), EDIT_A[role])


@pytest.mark.parametrize("role", ROLES)
def test_archive(client, roles, clusters, entity, role):
    _login(client, roles, role)
    obj = _objects(clusters, entity)[0]
    response = client.post(f"/{entity}/{obj.pk}/arsip/")
    obj.refresh_from_db()
    if EDIT_A[role] == OK:
        assert response.status_code == 302 and obj.is_archived
    else:
        _check(response, EDIT_A[role])
        assert not obj.is_archived


@pytest.mark.parametrize("role", ROLES)
def test_export(client, roles, clusters, entity, role):
    _login(client, roles, role)
    response = client.get(ENTITIES[entity].list_url, {"export": "csv"})
    expected = EXPORT[role]
    if isinstance(expected, tuple):
        assert response.status_code == OK
        assert _sees(b"".join(response.streaming_content).decode(), entity) == expected
    else:
        _check(response, expected)


@pytest.mark.parametrize("role", ROLES)
def test_api_list(client, roles, clusters, entity, role):
    _login(client, roles, role)
    response = client.get(ENTITIES[entity].api)
    expected = API_LIST[role]
    if isinstance(expected, tuple):
        assert response.status_code == OK
        names = {row.get("name") or _ovop_name(row, clusters) for row in response.json()["results"]}
        assert tuple(n in names for n in ENTITIES[entity].names) == expected
    else:
        assert response.status_code in (401, 403) if role == "anonymous" else response.status_code == expected


def _ovop_name(row, clusters) -> str:
    return {clusters.product_a.pk: "Tahu putih", clusters.product_b.pk: "Gentong"}.get(row.get("produk"), "")


@pytest.mark.parametrize("role", ROLES)
def test_api_change_and_archive(client, roles, clusters, entity, role):
    _login(client, roles, role)
    obj = _objects(clusters, entity)[0]
    url = f"{ENTITIES[entity].api}{obj.pk}/"
    response = client.patch(
        url, {"notes" if entity == "ovop" else "description": "diubah"}, content_type="application/json"
    )
    expected = {OK: OK, MISSING: MISSING, FORBIDDEN: FORBIDDEN, LOGIN: FORBIDDEN}[EDIT_A[role]]
    if role == "anonymous":
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == expected
    response = client.delete(url)
    obj.refresh_from_db()
    assert obj.is_archived == (EDIT_A[role] == OK)
