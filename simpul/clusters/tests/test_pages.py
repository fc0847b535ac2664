"""Every screen renders, and the small editing flows (facilities, photos, kawasan from desa) save."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from simpul.clusters.models import FasilitasSentra, Kawasan, SentraFoto
from simpul.clusters.tests.conftest import DESA_A, DESA_A2


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b5563").save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_every_screen_renders_for_an_admin(client, roles, clusters):
    client.force_login(roles.admin)
    s, k, o = clusters.sentra_a.pk, clusters.kawasan_a.pk, clusters.ovop_a.pk
    for url in [
        "/sentra/",
        "/sentra/tambah/",
        f"/sentra/{s}/",
        f"/sentra/{s}/ubah/",
        f"/sentra/{s}/arsip/",
        f"/sentra/{s}/fasilitas/tambah/",
        f"/sentra/{s}/foto/tambah/",
        "/kawasan/",
        "/kawasan/tambah/",
        f"/kawasan/{k}/",
        f"/kawasan/{k}/ubah/",
        f"/kawasan/{k}/foto/tambah/",
        "/ovop/",
        f"/ovop/{o}/",
        f"/ovop/{o}/ubah/",
        f"/usaha/{clusters.a[0].pk}/ovop/tambah/",
        "/ovop/lembar/",
        "/ovop/aspek/tambah/",
        f"/usaha/{clusters.a[0].pk}/sentra/tambah/",
        "/peta/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_an_officer_records_a_facility_and_a_photo_of_a_sentra(client, roles, clusters):
    client.force_login(roles.petugas_kec)
    sentra = clusters.sentra_a
    response = client.post(
        f"/sentra/{sentra.pk}/fasilitas/tambah/",
        {"kind": "mesin", "name": "Mesin penggiling kedelai", "quantity": 2},
    )
    assert response.status_code == 302
    assert FasilitasSentra.objects.get(sentra=sentra).name == "Mesin penggiling kedelai"
    response = client.post(
        f"/sentra/{sentra.pk}/foto/tambah/", {"image": _png(), "caption": "Rumah produksi", "order": 1}
    )
    assert response.status_code == 302
    assert SentraFoto.objects.get(sentra=sentra).caption == "Rumah produksi"
    body = client.get(sentra.get_absolute_url()).content.decode()
    assert "Mesin penggiling kedelai" in body and "Rumah produksi" in body
    client.force_login(roles.petugas_other)
    assert client.get(f"/sentra/{sentra.pk}/fasilitas/tambah/").status_code == 404


@pytest.mark.django_db
def test_a_kawasan_form_is_prefilled_from_the_desa_chosen_on_the_map(client, roles, clusters):
    client.force_login(roles.petugas)
    response = client.get("/kawasan/tambah/", {"desa": [DESA_A, DESA_A2, "99.99.99.9999"]})
    form = response.context["form"]
    assert form.initial["desa"] == [DESA_A, DESA_A2]
    assert form.initial["sentra"] == [clusters.sentra_a.pk]  # the sentra located in those desa
    body = response.content.decode()
    assert f'value="{DESA_A}" id="id_desa-{DESA_A.replace(".", "")}" checked' in body


@pytest.mark.django_db
def test_an_officer_creates_a_kawasan_with_its_legal_basis_and_tourism_information(client, roles, clusters):
    client.force_login(roles.petugas_kec)
    data = {
        "name": "Kawasan Tahu Jlodro",
        "theme": "olahan kedelai",
        "desa": [DESA_A],
        "sentra": [clusters.sentra_a.pk],
        "legal_kind": "perbup",
        "legal_number": "12 Tahun 2024",
        "legal_date": "2024-03-15",
        "partners": "Dinas Pariwisata\nASITA",
        "attractions": "Proses membuat tahu",
        "directions": "20 km dari kota",
        "opening_hours": "08.00–16.00",
        "is_public": "on",
    }
    response = client.post("/kawasan/tambah/", data)
    assert response.status_code == 302
    kawasan = Kawasan.objects.get(name="Kawasan Tahu Jlodro")
    assert kawasan.slug == "kawasan-tahu-jlodro" and kawasan.partner_list == ["Dinas Pariwisata", "ASITA"]
    assert kawasan.legal_basis == "Peraturan Bupati 12 Tahun 2024 (15-03-2024)"
    assert list(Kawasan.objects.published()) == [kawasan]
    # A kawasan only in another kecamatan is outside this petugas's scope and is not kept.
    response = client.post(
        "/kawasan/tambah/", {**data, "name": "Kawasan Seberang", "desa": ["35.23.16.1003"]}
    )
    assert response.status_code == 200 and "di luar wilayah tugas Anda" in response.content.decode()
    assert not Kawasan.objects.filter(name="Kawasan Seberang").exists()
    # A number without its kind of regulation is refused.
    response = client.post("/kawasan/tambah/", {**data, "name": "Kawasan Tanpa Jenis", "legal_kind": ""})
    assert response.status_code == 200 and "legal_number" in response.context["form"].errors


@pytest.mark.django_db
def test_a_sentra_outline_must_be_a_polygon(client, roles, clusters):
    client.force_login(roles.petugas)
    base = {"name": "Sentra Garis", "desa": DESA_A, "status": "aktif"}
    line = '{"type": "LineString", "coordinates": [[112, -6.9], [112.1, -6.9]]}'
    response = client.post("/sentra/tambah/", {**base, "area_geojson": line})
    assert response.status_code == 200 and "area_geojson" in response.context["form"].errors
    polygon = '{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[112, -6.9], [112.1, -6.9], [112.1, -6.8], [112, -6.9]]]}}'
    assert client.post("/sentra/tambah/", {**base, "area_geojson": polygon}).status_code == 302


@pytest.mark.django_db
def test_the_sentra_export_states_the_rule(client, roles, clusters):
    client.force_login(roles.pimpinan)
    response = client.get("/sentra/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in sheet[1]]
    rule = header.index("Syarat ≥5 unit")
    assert rows["Sentra Tahu Jlodro"][rule] == "ya" and rows["Sentra Gerabah Tuban"][rule] == "tidak"


@pytest.mark.django_db
def test_joining_from_the_business_page_never_redirects_off_site(client, roles, clusters):
    client.force_login(roles.petugas)
    usaha = clusters.a[5]
    response = client.post(
        f"/usaha/{usaha.pk}/sentra/tambah/",
        {"sentra": clusters.sentra_a.pk, "next": "https://contoh.invalid/"},
    )
    assert response["Location"] == usaha.get_absolute_url()
