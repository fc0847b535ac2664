"""Products, yearly reports and certificates are added from their business's page."""

import pytest


@pytest.mark.django_db
def test_the_add_pages_under_a_business_open_and_save(client, roles, registry):
    client.force_login(roles.petugas)
    for kind in ("laporan", "legalitas", "produk"):
        assert client.get(f"/usaha/{registry.a.pk}/{kind}/tambah/").status_code == 200, kind
    response = client.post(
        f"/usaha/{registry.a.pk}/legalitas/tambah/", {"kind": "halal", "number": "ID35230001"}
    )
    assert response.status_code == 302
    assert registry.a.legalitas.get().number == "ID35230001"


@pytest.mark.django_db
def test_a_child_record_cannot_be_added_to_a_business_outside_the_officers_kecamatan(client, roles, registry):
    client.force_login(roles.petugas_other)
    assert client.get(f"/usaha/{registry.a.pk}/produk/tambah/").status_code == 404
