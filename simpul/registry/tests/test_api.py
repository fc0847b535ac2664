"""The registry REST API: permission matrix, NIK visibility, validation, filters, queries and tokens.

Business A lies in kecamatan 35.23.01 and belongs to roles.pelaku; business B
lies in 35.23.16 and belongs to roles.pelaku_other. Every cell of the matrix
for businesses is asserted; the other endpoints are checked for who sees what.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from simpul.registry.forms import PelakuForm, UsahaForm
from simpul.registry.models import (
    Kepemilikan,
    LaporanTahunan,
    Legalitas,
    Pelaku,
    Produk,
    ProdukFoto,
    Usaha,
)

DESA_A = "35.23.01.2001"  # kecamatan of roles.petugas_kec
DESA_A2 = "35.23.01.2002"
DESA_B = "35.23.16.1003"  # kecamatan of roles.petugas_other
DESA_OUTSIDE = "64.02.01.2001"  # a real desa, but outside the home region 35.23
NIK_A = "3523014508900001"
NIK_B = "3523160101850002"
NIK_CO = "3523010202800003"
PASSWORD = "uji-sandi-2026"

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
OK, CREATED, ARCHIVED, FORBIDDEN, MISSING = 200, 201, 204, 403, 404


class Data:
    """Two businesses, each with an owner (with a login), a product, a yearly report and a certificate."""

    def __init__(self, roles) -> None:
        self.owner_a = Pelaku.objects.create(name="Siti Aminah", nik=NIK_A, gender="P", account=roles.pelaku)
        self.owner_b = Pelaku.objects.create(
            name="Bambang Sutrisno", nik=NIK_B, gender="L", account=roles.pelaku_other
        )
        self.a = Usaha.objects.create(
            name="Keripik Sari Rasa", desa_id=DESA_A, kbli_id="10", nib="1234567890123"
        )
        self.b = Usaha.objects.create(name="Gerabah Tanah Liat", desa_id=DESA_B, kbli_id="23")
        Kepemilikan.objects.create(usaha=self.a, pelaku=self.owner_a)
        Kepemilikan.objects.create(usaha=self.b, pelaku=self.owner_b)
        self.product_a = Produk.objects.create(usaha=self.a, name="Keripik singkong balado", unit="kg")
        self.product_b = Produk.objects.create(usaha=self.b, name="Kendi gerabah", unit="buah")
        self.report_a = LaporanTahunan.objects.create(
            usaha=self.a, year=2025, workforce_male=2, workforce_female=3, sales_local=Decimal(1000)
        )
        self.report_b = LaporanTahunan.objects.create(usaha=self.b, year=2025, workforce_male=1)
        self.legal_a = Legalitas.objects.create(usaha=self.a, kind="halal", number="ID-HALAL-1")
        self.legal_b = Legalitas.objects.create(usaha=self.b, kind="pirt", number="PIRT-2")


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttle counters live in the cache; tests must not share them.
    cache.clear()


@pytest.fixture
def data(roles) -> Data:
    return Data(roles)


def client_for(roles, name: str) -> APIClient:
    client = APIClient()
    if name != "anonymous":
        client.force_authenticate(getattr(roles, name))
    return client


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# ---------------------------------------------------------------------------
# Permission matrix for /api/usaha/
# ---------------------------------------------------------------------------

# role → (sees A, sees B) in the list, or a status code
USAHA_LIST = {
    "admin": (True, True),
    "petugas": (True, True),
    "petugas_kec": (True, False),
    "petugas_other": (False, True),
    "pimpinan": (True, True),
    "pelaku": (True, False),
    "pelaku_other": (False, True),
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": FORBIDDEN,
}
USAHA_RETRIEVE_A = {
    "admin": OK,
    "petugas": OK,
    "petugas_kec": OK,
    "petugas_other": MISSING,
    "pimpinan": OK,
    "pelaku": OK,
    "pelaku_other": MISSING,
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": FORBIDDEN,
}
# Creating a business in kecamatan 35.23.01: the petugas of 35.23.16 is refused after validation.
USAHA_CREATE_IN_A = {
    "admin": CREATED,
    "petugas": CREATED,
    "petugas_kec": CREATED,
    "petugas_other": FORBIDDEN,
    "pimpinan": FORBIDDEN,
    "pelaku": FORBIDDEN,
    "pelaku_other": FORBIDDEN,
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": FORBIDDEN,
}
USAHA_UPDATE_A = {
    "admin": OK,
    "petugas": OK,
    "petugas_kec": OK,
    "petugas_other": MISSING,
    "pimpinan": FORBIDDEN,
    "pelaku": FORBIDDEN,
    "pelaku_other": FORBIDDEN,
    "mitra": FORBIDDEN,
    "asosiasi": FORBIDDEN,
    "anonymous": FORBIDDEN,
}
USAHA_ARCHIVE_A = {**USAHA_UPDATE_A, "admin": ARCHIVED, "petugas": ARCHIVED, "petugas_kec": ARCHIVED}


@pytest.mark.parametrize("role", ROLES)
def test_usaha_list_shows_only_the_roles_businesses(role, roles, data):
    response = client_for(roles, role).get("/api/usaha/")
    expected = USAHA_LIST[role]
    if isinstance(expected, int):
        assert response.status_code == expected
        return
    assert response.status_code == OK
    assert ids(response) == {pk for pk, seen in zip((data.a.pk, data.b.pk), expected, strict=True) if seen}


@pytest.mark.parametrize("role", ROLES)
def test_usaha_retrieve_follows_scope(role, roles, data):
    response = client_for(roles, role).get(f"/api/usaha/{data.a.pk}/")
    assert response.status_code == USAHA_RETRIEVE_A[role]
    if response.status_code == OK:
        assert response.json()["name"] == "Keripik Sari Rasa"


@pytest.mark.parametrize("role", ROLES)
def test_usaha_create_requires_an_editor_within_scope(role, roles, data):
    before = Usaha.objects.count()
    response = client_for(roles, role).post(
        "/api/usaha/", {"name": "Batik Tulis Baru", "desa": DESA_A2}, format="json"
    )
    assert response.status_code == USAHA_CREATE_IN_A[role], response.content
    created = Usaha.objects.count() - before
    assert created == (1 if response.status_code == CREATED else 0)
    if response.status_code == CREATED:
        body = response.json()
        assert body["kecamatan"] == "35.23.01"
        assert body["desa_name"] == "Sokogunung"


@pytest.mark.parametrize("role", ROLES)
def test_usaha_update_requires_an_editor_within_scope(role, roles, data):
    response = client_for(roles, role).patch(
        f"/api/usaha/{data.a.pk}/", {"name": "Keripik Sari Rasa Baru"}, format="json"
    )
    assert response.status_code == USAHA_UPDATE_A[role], response.content
    data.a.refresh_from_db()
    changed = data.a.name == "Keripik Sari Rasa Baru"
    assert changed == (response.status_code == OK)


@pytest.mark.parametrize("role", ROLES)
def test_usaha_delete_archives_and_requires_an_editor_within_scope(role, roles, data):
    response = client_for(roles, role).delete(f"/api/usaha/{data.a.pk}/")
    assert response.status_code == USAHA_ARCHIVE_A[role]
    data.a.refresh_from_db()  # still there: DELETE never removes a row
    assert data.a.is_archived == (response.status_code == ARCHIVED)


def test_petugas_cannot_move_a_business_out_of_their_kecamatan(roles, data):
    response = client_for(roles, "petugas_kec").patch(
        f"/api/usaha/{data.a.pk}/", {"desa": DESA_B}, format="json"
    )
    assert response.status_code == FORBIDDEN
    assert response.json()["detail"] == (
        "Data ini berada di luar wilayah tugas Anda, sehingga tidak disimpan."
    )
    data.a.refresh_from_db()
    assert data.a.desa_id == DESA_A


def test_petugas_may_not_create_a_business_in_another_kecamatan(roles, data):
    response = client_for(roles, "petugas_kec").post(
        "/api/usaha/", {"name": "Tenun Lain", "desa": DESA_B}, format="json"
    )
    assert response.status_code == FORBIDDEN
    assert "di luar wilayah tugas Anda" in response.json()["detail"]
    assert not Usaha.objects.filter(name="Tenun Lain").exists()


def test_archived_business_leaves_the_list_unless_asked(roles, data):
    client = client_for(roles, "admin")
    client.delete(f"/api/usaha/{data.a.pk}/")
    assert data.a.pk not in ids(client.get("/api/usaha/"))
    assert data.a.pk in ids(client.get("/api/usaha/", {"arsip": "1"}))
    assert client.get(f"/api/usaha/{data.a.pk}/").json()["archived_at"] is not None


def test_api_changes_are_kept_in_history_with_the_user(roles, data):
    client_for(roles, "petugas").patch(f"/api/usaha/{data.a.pk}/", {"address": "Jl. Raya 1"}, format="json")
    latest = data.a.history.order_by("-history_date").first()
    assert latest.address == "Jl. Raya 1"
    assert latest.history_user == roles.petugas


def test_officer_verifies_a_business_and_pimpinan_may_not(roles, data):
    response = client_for(roles, "petugas_kec").post(f"/api/usaha/{data.a.pk}/verifikasi/")
    assert response.status_code == OK
    assert response.json()["is_verified"] is True
    assert response.json()["verified_by"] == str(roles.petugas_kec)
    assert client_for(roles, "pimpinan").post(f"/api/usaha/{data.a.pk}/verifikasi/").status_code == FORBIDDEN
    assert (
        client_for(roles, "petugas_other").post(f"/api/usaha/{data.a.pk}/verifikasi/").status_code == MISSING
    )


# ---------------------------------------------------------------------------
# The other endpoints: who sees what, who writes
# ---------------------------------------------------------------------------

# role → which of (A's row, B's row) the list shows, or a status code
CHILD_LIST = {**USAHA_LIST}
PELAKU_LIST = {**USAHA_LIST, "pimpinan": FORBIDDEN}


def _rows(data: Data, endpoint: str) -> tuple[int, int]:
    return {
        "pelaku": (data.owner_a.pk, data.owner_b.pk),
        "produk": (data.product_a.pk, data.product_b.pk),
        "laporan-tahunan": (data.report_a.pk, data.report_b.pk),
        "legalitas": (data.legal_a.pk, data.legal_b.pk),
    }[endpoint]


@pytest.mark.parametrize("endpoint", ["pelaku", "produk", "laporan-tahunan", "legalitas"])
@pytest.mark.parametrize("role", ROLES)
def test_registry_lists_show_only_rows_in_scope(endpoint, role, roles, data):
    expected = (PELAKU_LIST if endpoint == "pelaku" else CHILD_LIST)[role]
    response = client_for(roles, role).get(f"/api/{endpoint}/")
    if isinstance(expected, int):
        assert response.status_code == expected
        return
    assert response.status_code == OK
    rows = _rows(data, endpoint)
    assert ids(response) == {pk for pk, seen in zip(rows, expected, strict=True) if seen}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", CREATED),
        ("petugas_kec", CREATED),
        ("petugas_other", 400),  # business A is outside their area: "not found" for them
        ("pimpinan", FORBIDDEN),
        ("pelaku", FORBIDDEN),  # owners change data through self-service requests
        ("mitra", FORBIDDEN),
        ("anonymous", FORBIDDEN),
    ],
)
def test_product_create_follows_the_business_scope(role, status, roles, data):
    response = client_for(roles, role).post(
        "/api/produk/", {"usaha": data.a.pk, "name": "Keripik pisang", "unit": "kg"}, format="json"
    )
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["usaha"] == [
            f"Data dengan id {data.a.pk} tidak ditemukan atau di luar wilayah tugas Anda."
        ]


def test_pelaku_cannot_edit_their_own_product_through_the_api(roles, data):
    response = client_for(roles, "pelaku").patch(
        f"/api/produk/{data.product_a.pk}/", {"name": "Ganti"}, format="json"
    )
    assert response.status_code == FORBIDDEN


def test_scoped_petugas_creates_a_person_linked_to_a_business_in_their_kecamatan(roles, data):
    client = client_for(roles, "petugas_kec")
    alone = client.post("/api/pelaku/", {"name": "Tanpa Usaha"}, format="json")
    assert alone.status_code == FORBIDDEN  # a person with no business here lies outside their area
    assert not Pelaku.objects.filter(name="Tanpa Usaha").exists()
    linked = client.post("/api/pelaku/", {"name": "Dewi", "link_usaha": [data.a.pk]}, format="json")
    assert linked.status_code == CREATED, linked.content
    assert linked.json()["usaha"] == [{"id": data.a.pk, "name": data.a.name}]
    other = client.post("/api/pelaku/", {"name": "Eko", "link_usaha": [data.b.pk]}, format="json")
    assert other.status_code == 400


def test_a_persons_businesses_are_listed_only_within_the_users_scope(roles, data):
    Kepemilikan.objects.create(usaha=data.b, pelaku=data.owner_a)
    body = client_for(roles, "petugas_kec").get(f"/api/pelaku/{data.owner_a.pk}/").json()
    assert body["usaha"] == [{"id": data.a.pk, "name": data.a.name}]
    full = client_for(roles, "admin").get(f"/api/pelaku/{data.owner_a.pk}/").json()
    assert {u["id"] for u in full["usaha"]} == {data.a.pk, data.b.pk}


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_product_photo_is_uploaded_and_read_as_a_url(roles, data):
    client = client_for(roles, "petugas_kec")
    response = client.post(
        "/api/produk/",
        {"usaha": data.a.pk, "name": "Keripik bayam", "unit": "kg", "photo": _png("bayam.png")},
        format="multipart",
    )
    assert response.status_code == CREATED, response.content
    assert response.json()["photo"].startswith("http://testserver/media/produk/")
    produk = Produk.objects.get(pk=response.json()["id"])
    ProdukFoto.objects.create(produk=produk, image=_png("samping.png"), order=1)
    photos = client.get(f"/api/produk/{produk.pk}/").json()["photos"]
    assert len(photos) == 1 and photos[0].startswith("http://testserver/media/produk/")


# ---------------------------------------------------------------------------
# NIK visibility
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", NIK_A),
        ("petugas", NIK_A),
        ("petugas_kec", NIK_A),
        ("pelaku", NIK_A),  # the owner reads their own NIK
    ],
)
def test_person_nik_is_full_for_personal_data_roles_and_the_person(role, expected, roles, data):
    body = client_for(roles, role).get(f"/api/pelaku/{data.owner_a.pk}/").json()
    assert body["nik"] == expected
    assert body["nik_masked"] == "3523********0001"


@pytest.mark.parametrize(("role", "status"), [("pimpinan", FORBIDDEN), ("pelaku_other", MISSING)])
def test_person_is_hidden_from_roles_without_personal_data(role, status, roles, data):
    assert client_for(roles, role).get(f"/api/pelaku/{data.owner_a.pk}/").status_code == status


@pytest.fixture
def co_owner(data) -> Pelaku:
    person = Pelaku.objects.create(name="Rudi Hartono", nik=NIK_CO, gender="L")
    Kepemilikan.objects.create(usaha=data.a, pelaku=person, role="pengelola")
    return person


@pytest.mark.parametrize(
    ("role", "own_nik", "co_owner_nik"),
    [
        ("admin", NIK_A, NIK_CO),
        ("petugas_kec", NIK_A, NIK_CO),
        ("pimpinan", None, None),
        ("pelaku", NIK_A, None),  # their own in full, a co-owner's only masked
    ],
)
def test_owner_nik_in_a_business_follows_the_role(role, own_nik, co_owner_nik, roles, data, co_owner):
    response = client_for(roles, role).get(f"/api/usaha/{data.a.pk}/")
    owners = {o["id"]: o for o in response.json()["owners"]}
    assert owners[data.owner_a.pk]["nik"] == own_nik
    assert owners[co_owner.pk]["nik"] == co_owner_nik
    assert owners[co_owner.pk]["nik_masked"] == "3523********0003"


def test_pimpinan_never_receives_a_nik_anywhere(roles, data, co_owner):
    client = client_for(roles, "pimpinan")
    for url in ("/api/usaha/", f"/api/usaha/{data.a.pk}/", "/api/produk/", "/api/legalitas/"):
        content = client.get(url).content.decode()
        assert NIK_A not in content and NIK_CO not in content, url


# ---------------------------------------------------------------------------
# Validation: the same sentences as the screens
# ---------------------------------------------------------------------------


def _form_errors(form_class, payload: dict) -> dict:
    form = form_class(data=payload)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nib", "12345"),
        ("npwp", "1234"),
        ("whatsapp", "12"),
        ("phone", "abc"),
        ("desa", DESA_OUTSIDE),
    ],
)
def test_invalid_business_gets_the_screens_message(field, value, roles, data):
    payload = {
        "name": "Uji",
        "desa": DESA_A,
        "legal_form": "perorangan",
        "status": "aktif",
        "source": "pendataan",
    }
    payload[field] = value
    response = client_for(roles, "admin").post("/api/usaha/", payload, format="json")
    assert response.status_code == 400
    assert response.json()[field] == _form_errors(UsahaForm, payload)[field]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345", "NIK harus 16 angka; yang diisi 5 angka."),
        ("1234567890123456", "NIK tidak sah: kode wilayah atau tanggal lahir di dalamnya tidak dikenal."),
    ],
)
def test_invalid_nik_gets_the_screens_message(value, message, roles, data):
    payload = {"name": "Uji", "nik": value}
    response = client_for(roles, "admin").post("/api/pelaku/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["nik"] == [message]
    assert _form_errors(PelakuForm, payload)["nik"] == [message]


def test_person_values_are_normalised_like_the_screens(roles, data):
    response = client_for(roles, "admin").post(
        "/api/pelaku/",
        {"name": "Wati", "nik": "3523 0102 0280 0003", "phone": "0812-3456-7890"},
        format="json",
    )
    assert response.status_code == CREATED, response.content
    person = Pelaku.objects.get(pk=response.json()["id"])
    assert (person.nik, person.phone) == (NIK_CO, "+6281234567890")


def test_a_nik_already_registered_is_refused(roles, data):
    response = client_for(roles, "admin").post(
        "/api/pelaku/", {"name": "Kembar", "nik": NIK_A}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["nik"] == ["NIK ini sudah terdaftar untuk pelaku lain."]


def test_second_report_for_a_year_is_refused_with_the_screens_message(roles, data):
    response = client_for(roles, "admin").post(
        "/api/laporan-tahunan/", {"usaha": data.a.pk, "year": 2025}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["year"] == ["Laporan tahun 2025 untuk usaha ini sudah ada; ubah laporan itu."]


def test_report_totals_are_computed(roles, data):
    body = client_for(roles, "admin").get(f"/api/laporan-tahunan/{data.report_a.pk}/").json()
    assert body["workforce_total"] == 5
    assert Decimal(body["sales_total"]) == Decimal(1000)


def test_price_range_is_checked_by_the_model(roles, data):
    response = client_for(roles, "admin").post(
        "/api/produk/",
        {"usaha": data.a.pk, "name": "Terbalik", "price_min": "5000", "price_max": "1000"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["price_max"] == ["Harga tertinggi tidak boleh lebih kecil dari harga terendah."]


def test_certificate_dates_and_products_are_checked(roles, data):
    client = client_for(roles, "admin")
    backwards = client.post(
        "/api/legalitas/",
        {
            "usaha": data.a.pk,
            "kind": "sni",
            "number": "1",
            "issued_on": "2025-01-10",
            "expires_on": "2024-01-10",
        },
        format="json",
    )
    assert backwards.json()["expires_on"] == ["Tanggal berlaku tidak boleh sebelum tanggal terbit."]
    foreign = client.post(
        "/api/legalitas/",
        {"usaha": data.a.pk, "kind": "sni", "number": "1", "products": [data.product_b.pk]},
        format="json",
    )
    assert foreign.json()["products"] == ["Pilih hanya produk dari usaha yang sama."]


def test_certificate_expiry_flags(roles, data):
    today = timezone.localdate()
    Legalitas.objects.filter(pk=data.legal_a.pk).update(expires_on=today + timedelta(days=10))
    Legalitas.objects.filter(pk=data.legal_b.pk).update(expires_on=today - timedelta(days=1))
    rows = {r["id"]: r for r in client_for(roles, "admin").get("/api/legalitas/").json()["results"]}
    assert (rows[data.legal_a.pk]["expiring"], rows[data.legal_a.pk]["expired"]) == (True, False)
    assert (rows[data.legal_b.pk]["expiring"], rows[data.legal_b.pk]["expired"]) == (False, True)


def test_derived_business_fields_cannot_be_written(roles, data):
    response = client_for(roles, "admin").patch(
        f"/api/usaha/{data.a.pk}/",
        {"scale": "besar", "completeness": 100, "kecamatan": "35.23.16"},
        format="json",
    )
    assert response.status_code == OK
    data.a.refresh_from_db()
    assert (data.a.scale, data.a.kecamatan_id) != ("besar", "35.23.16")
    assert data.a.completeness != 100


# ---------------------------------------------------------------------------
# Filters: the same rows as the business list screen
# ---------------------------------------------------------------------------


@pytest.fixture
def more_businesses(data) -> None:
    tutup = Usaha.objects.create(name="Tahu Sumedang Tutup", desa_id=DESA_A2, status="tutup")
    menengah = Usaha.objects.create(name="Konveksi Menengah", desa_id=DESA_B, kbli_id="14")
    Usaha.objects.filter(pk=menengah.pk).update(scale="menengah")
    Produk.objects.create(usaha=tutup, name="Keripik tahu")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "keripik"},
        {"q": "Bambang"},
        {"kecamatan": "35.23.01"},
        {"desa": DESA_B},
        {"scale": "menengah"},
        {"status": "tutup"},
        {"certificate": "halal"},
        {"kbli": "10"},
        {"q": "keripik", "kecamatan": "35.23.01", "status": "aktif"},
    ],
)
def test_usaha_filters_return_what_the_screen_lists(params, roles, data, more_businesses, client):
    api = client_for(roles, "admin").get("/api/usaha/", params)
    client.force_login(roles.admin)
    screen = client.get(reverse("registry:usaha_list"), params)
    assert api.status_code == OK and screen.status_code == OK
    assert ids(api) == {u.pk for u in screen.context["object_list"]}
    assert ids(api)  # each case matches at least one business


def test_usaha_list_sorts_with_ordering(roles, data):
    names = [
        r["name"]
        for r in client_for(roles, "admin").get("/api/usaha/", {"ordering": "-name"}).json()["results"]
    ]
    assert names == sorted(names, reverse=True)


def test_child_lists_filter_by_business(roles, data):
    client = client_for(roles, "admin")
    assert ids(client.get("/api/produk/", {"kecamatan": "35.23.16"})) == {data.product_b.pk}
    assert ids(client.get("/api/laporan-tahunan/", {"usaha": data.a.pk})) == {data.report_a.pk}
    assert ids(client.get("/api/legalitas/", {"kind": "pirt"})) == {data.legal_b.pk}


# ---------------------------------------------------------------------------
# Queries, tokens, schema
# ---------------------------------------------------------------------------


def _add_businesses(count: int, start: int, owner: Pelaku) -> None:
    """Businesses in kecamatan 35.23.01, each owned by `owner` and a person of its own."""
    for n in range(start, start + count):
        usaha = Usaha.objects.create(name=f"Usaha {n:03d}", desa_id=DESA_A, kbli_id="10")
        person = Pelaku.objects.create(name=f"Pemilik {n:03d}")
        Kepemilikan.objects.create(usaha=usaha, pelaku=person)
        Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
        usaha.kbli_other.add("11")


def _list_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == OK
    return len(queries)


@pytest.mark.parametrize("role", ["admin", "petugas_kec", "pelaku"])
def test_usaha_list_query_count_does_not_grow_with_rows(role, roles, data, django_assert_max_num_queries):
    client = client_for(roles, role)
    _add_businesses(3, start=0, owner=data.owner_a)
    few = _list_queries(client, "/api/usaha/")
    _add_businesses(30, start=100, owner=data.owner_a)
    with django_assert_max_num_queries(few):
        many = client.get("/api/usaha/")
    assert len(many.json()["results"]) > 30
    assert few <= 8


@pytest.mark.parametrize("endpoint", ["pelaku", "produk", "laporan-tahunan", "legalitas"])
def test_child_list_query_count_does_not_grow_with_rows(endpoint, roles, data):
    client = client_for(roles, "admin")
    few = _list_queries(client, f"/api/{endpoint}/")
    for n in range(20):
        usaha = Usaha.objects.create(name=f"Tambahan {n}", desa_id=DESA_A)
        person = Pelaku.objects.create(name=f"Orang {n}")
        Kepemilikan.objects.create(usaha=usaha, pelaku=person)
        Produk.objects.create(usaha=usaha, name=f"Produk {n}")
        LaporanTahunan.objects.create(usaha=usaha, year=2024).destinations.add("35.23")
        Legalitas.objects.create(usaha=usaha, kind="nib", number=str(n)).products.add(
            Produk.objects.filter(usaha=usaha).first()
        )
    assert _list_queries(client, f"/api/{endpoint}/") == few


def test_token_authenticated_owner_sees_only_their_business(roles, data):
    anonymous = APIClient()
    token = anonymous.post("/api/token/", {"username": "t.pelaku", "password": PASSWORD}).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/usaha/")
    assert response.status_code == OK
    assert ids(response) == {data.a.pk}


def test_wrong_token_is_refused(roles, data):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token salah")
    assert client.get("/api/usaha/").status_code == FORBIDDEN


def test_schema_describes_the_registry_endpoints(roles):
    response = client_for(roles, "admin").get("/api/schema/")
    assert response.status_code == OK
    schema = response.content.decode()
    for path in ("/api/usaha/", "/api/pelaku/", "/api/produk/", "/api/laporan-tahunan/", "/api/legalitas/"):
        assert path in schema
    assert client_for(roles, "admin").get("/api/docs/").status_code == OK


def test_the_analyst_gets_no_personal_contact_or_tax_fields_of_a_business(roles, data):
    response = client_for(roles, "pimpinan").get("/api/usaha/")
    assert response.status_code == OK
    for row in response.json()["results"]:
        assert row["whatsapp"] is None and row["phone"] is None and row["npwp"] is None
