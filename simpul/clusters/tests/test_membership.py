"""The rule of five and adding members from the sentra's page and from the business's page."""

import pytest

from simpul.clusters.models import Keanggotaan, Sentra
from simpul.clusters.tests.conftest import DESA_A
from simpul.registry.models import Usaha


def _active(sentra: Sentra) -> int:
    return Sentra.objects.with_counts().get(pk=sentra.pk).n_active


@pytest.mark.django_db
def test_a_sentra_meets_the_rule_with_five_active_units(clusters):
    sentra = clusters.sentra_a
    assert sentra.active_member_count() == 5 == _active(sentra)
    assert Sentra.meets_rule(5)
    Keanggotaan.objects.filter(sentra=sentra, usaha=clusters.a[4]).delete()
    assert _active(sentra) == 4
    assert not Sentra.meets_rule(sentra.active_member_count())


@pytest.mark.django_db
def test_closed_and_archived_members_do_not_count_toward_the_rule(clusters):
    sentra = clusters.sentra_a
    Usaha.objects.filter(pk=clusters.a[0].pk).update(status=Usaha.Status.TUTUP)
    clusters.a[1].archive()
    annotated = Sentra.objects.with_counts().get(pk=sentra.pk)
    assert (annotated.n_members, annotated.n_active) == (5, 3)
    assert sentra.active_member_count() == 3


@pytest.mark.django_db
def test_the_sentra_page_shows_whether_the_rule_is_met(client, roles, clusters):
    client.force_login(roles.petugas)
    body = client.get(clusters.sentra_a.get_absolute_url()).content.decode()
    assert "Syarat sentra terpenuhi: 5 unit aktif" in body
    body = client.get(clusters.sentra_b.get_absolute_url()).content.decode()
    assert "Syarat sentra belum terpenuhi: 1 unit aktif" in body


@pytest.mark.django_db
def test_the_sentra_list_filters_on_the_rule(client, roles, clusters):
    client.force_login(roles.petugas)
    body = client.get("/sentra/", {"rule": "ya"}).content.decode()
    assert "Sentra Tahu Jlodro" in body and "Sentra Gerabah Tuban" not in body
    body = client.get("/sentra/", {"rule": "tidak"}).content.decode()
    assert "Sentra Tahu Jlodro" not in body and "Sentra Gerabah Tuban" in body


@pytest.mark.django_db
def test_an_officer_adds_members_from_the_sentra_page(client, roles, clusters):
    client.force_login(roles.petugas_kec)
    page = client.get(clusters.sentra_a.get_absolute_url()).content.decode()
    assert "Tahu Jlodro 6" in page  # offered as a candidate: same desa, same KBLI division
    response = client.post(f"/sentra/{clusters.sentra_a.pk}/anggota/", {"usaha": [clusters.a[5].pk]})
    assert response.status_code == 302
    assert _active(clusters.sentra_a) == 6
    # Adding again changes nothing.
    client.post(f"/sentra/{clusters.sentra_a.pk}/anggota/", {"usaha": [clusters.a[5].pk]})
    assert clusters.sentra_a.keanggotaan.count() == 6


@pytest.mark.django_db
def test_a_petugas_cannot_add_a_business_outside_their_view(client, roles, clusters):
    client.force_login(roles.petugas_kec)
    client.post(f"/sentra/{clusters.sentra_a.pk}/anggota/", {"usaha": [clusters.b.pk]})
    assert not clusters.sentra_a.keanggotaan.filter(usaha=clusters.b).exists()


@pytest.mark.django_db
def test_a_petugas_of_another_kecamatan_cannot_change_the_members(client, roles, clusters):
    client.force_login(roles.petugas_other)
    response = client.post(f"/sentra/{clusters.sentra_a.pk}/anggota/", {"usaha": [clusters.a[5].pk]})
    assert response.status_code == 404
    response = client.post(f"/sentra/{clusters.sentra_a.pk}/anggota/{clusters.a[0].pk}/keluar/")
    assert response.status_code == 404
    assert clusters.sentra_a.keanggotaan.count() == 5


@pytest.mark.django_db
def test_an_officer_removes_a_member_and_the_business_stays(client, roles, clusters):
    client.force_login(roles.petugas)
    client.post(f"/sentra/{clusters.sentra_a.pk}/anggota/{clusters.a[0].pk}/keluar/")
    assert clusters.sentra_a.keanggotaan.count() == 4
    assert Usaha.objects.filter(pk=clusters.a[0].pk, archived_at=None).exists()


@pytest.mark.django_db
def test_an_officer_adds_a_business_to_a_sentra_from_the_business_page(client, roles, clusters):
    client.force_login(roles.petugas)
    usaha = clusters.a[5]
    page = client.get(f"/usaha/{usaha.pk}/sentra/tambah/").content.decode()
    assert "Sentra Tahu Jlodro" in page
    response = client.post(
        f"/usaha/{usaha.pk}/sentra/tambah/",
        {"sentra": clusters.sentra_a.pk, "next": usaha.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == usaha.get_absolute_url()
    assert clusters.sentra_a.keanggotaan.filter(usaha=usaha).exists()


@pytest.mark.django_db
def test_only_sentra_the_user_may_change_are_offered_on_the_business_page(client, roles, clusters):
    usaha = Usaha.objects.create(name="Tahu Baru", desa_id=DESA_A, kbli_id="10")
    client.force_login(roles.petugas_kec)
    response = client.post(f"/usaha/{usaha.pk}/sentra/tambah/", {"sentra": clusters.sentra_b.pk})
    assert response.status_code == 200  # the form says the choice is not valid
    assert not clusters.sentra_b.keanggotaan.filter(usaha=usaha).exists()
    for role in ("pimpinan", "pelaku", "mitra"):
        client.force_login(getattr(roles, role))
        assert (
            client.post(f"/usaha/{usaha.pk}/sentra/tambah/", {"sentra": clusters.sentra_a.pk}).status_code
            == 403
        )
    client.logout()
    assert client.get(f"/usaha/{usaha.pk}/sentra/tambah/").status_code == 302


@pytest.mark.django_db
def test_the_business_panel_lists_sentra_kawasan_and_ovop_and_offers_joining(rf, roles, clusters):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = roles.petugas
    html = render_to_string("clusters/usaha_panel.html", {"usaha": clusters.a[0], "request": request})
    assert "Sentra Tahu Jlodro" in html
    assert "Kawasan Pangan Kenduruan" in html
    assert "Tahu putih" in html
    assert "Masukkan ke sentra" in html and "Sentra Gerabah Tuban" in html
    # The owner sees names but neither links nor actions.
    request.user = roles.pelaku
    html = render_to_string("clusters/usaha_panel.html", {"usaha": clusters.a[0], "request": request})
    assert "Sentra Tahu Jlodro" in html
    assert clusters.sentra_a.get_absolute_url() not in html
    assert "Masukkan ke sentra" not in html and "Nilai OVOP" not in html
