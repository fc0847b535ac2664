"""The officers' screens: programs end to end, lists without a query per row, the business-page snippet."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from simpul.programs import lifecycle
from simpul.programs.models import Kegiatan, Kendala, Mitra, Partisipasi, Program
from simpul.programs.tests.conftest import make_program
from simpul.registry.models import Legalitas, Usaha

pytestmark = pytest.mark.django_db
S = Partisipasi.Status


def test_an_officer_creates_a_certification_program_with_its_rules(client, world):
    client.force_login(world.roles.petugas)
    data = {
        "name": "Fasilitasi PIRT",
        "kind": "sertifikasi",
        "certificate_kind": "",
        "year": 2026,
        "funding": "apbd",
        "budget": "25000000",
        "organiser": "dinas",
        "quota": 20,
        "status": "rencana",
        "eligible_kbli": ["10", "11"],
        "eligible_scales": ["kecil"],
        "no_repeat_years": 3,
    }
    response = client.post("/program/tambah/", data)
    assert response.status_code == 200 and "Pilih jenis sertifikat" in response.content.decode()
    response = client.post("/program/tambah/", {**data, "certificate_kind": "pirt"})
    program = Program.objects.get(name="Fasilitasi PIRT")
    assert response.status_code == 302 and response["Location"] == program.get_absolute_url()
    assert sorted(program.eligible_kbli.values_list("code", flat=True)) == ["10", "11"]
    assert program.eligible_scales == ["kecil"]
    page = client.get(program.get_absolute_url()).content.decode()
    assert "Fasilitasi sertifikasi: SPP-IRT (PIRT)" in page and "Kecil" in page


def test_an_officer_adds_an_activity_proposes_selects_and_records_a_certificate(client, world):
    client.force_login(world.roles.petugas)
    response = client.post(
        f"/program/{world.halal.pk}/kegiatan/tambah/",
        {"name": "Angkatan 2", "start_date": "2025-09-01", "end_date": "2025-08-01", "country": "Indonesia"},
    )
    assert "Tanggal selesai tidak boleh sebelum" in response.content.decode()
    client.post(
        f"/program/{world.halal.pk}/kegiatan/tambah/",
        {"name": "Angkatan 2", "start_date": "2025-09-01", "end_date": "2025-09-02", "country": "Indonesia"},
    )
    day = Kegiatan.objects.get(name="Angkatan 2")
    eligible = client.get(f"/program/{world.halal.pk}/usulkan/").content.decode()
    assert "Keripik Sari Rasa" in eligible and "Gerabah Tanah Liat" not in eligible
    client.post(
        f"/program/{world.halal.pk}/usulkan/", {"kegiatan": day.pk, "usaha": [world.a.pk, world.c.pk]}
    )
    participation = Partisipasi.objects.get(usaha=world.a)
    assert participation.kegiatan == day and participation.proposed_by == world.roles.petugas
    for status in ("terpilih", "hadir"):
        client.post(f"/partisipasi/{participation.pk}/status/", {"status": status})
    response = client.post(
        f"/partisipasi/{participation.pk}/hasil/",
        {
            "certificate_kind": "halal",
            "certificate_number": "ID3511-77",
            "certificate_issuer": "BPJPH",
            "complete": "on",
        },
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == S.SELESAI
    assert Legalitas.objects.get(usaha=world.a).number == "ID3511-77"
    legal_tab = client.get(f"/usaha/{world.a.pk}/").content.decode()
    assert "ID3511-77" in legal_tab


def test_proposing_a_recent_recipient_shows_a_warning_message(client, world):
    _program, day = make_program(year=2024, name="Halal 2024")
    Partisipasi.objects.create(kegiatan=day, usaha=world.a, status=S.SELESAI)
    client.force_login(world.roles.petugas)
    hidden = client.get(f"/program/{world.halal.pk}/usulkan/").content.decode()
    assert "Keripik Sari Rasa" not in hidden
    shown = client.get(f"/program/{world.halal.pk}/usulkan/", {"termasuk_penerima": "1"}).content.decode()
    assert "Sudah menerima bantuan sejenis: Halal 2024 (2024)." in shown
    response = client.post(
        f"/program/{world.halal.pk}/usulkan/",
        {"kegiatan": world.halal_day.pk, "usaha": [world.a.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "1 usaha diusulkan." in body and "Sudah menerima bantuan sejenis" in body
    assert 'data-testid="double-aid"' in body  # flagged in the participant list too


def test_an_outcome_form_shows_the_fields_of_the_programs_kind(client, world):
    program, day = make_program(Program.Kind.PAMERAN, 2025)
    participation, _w = lifecycle.propose(day, world.a, world.roles.petugas)
    lifecycle.mark_attended(participation)
    client.force_login(world.roles.petugas)
    body = client.get(f"/partisipasi/{participation.pk}/hasil/").content.decode()
    assert 'name="sales_value"' in body and 'name="leads"' in body and 'name="certificate_number"' not in body
    client.post(f"/partisipasi/{participation.pk}/hasil/", {"sales_value": "2500000", "leads": "7"})
    participation.refresh_from_db()
    assert (participation.sales_value, participation.leads, participation.status) == (
        Decimal(2_500_000),
        7,
        S.HADIR,
    )


def test_the_program_list_makes_no_query_per_row(client, world, django_assert_max_num_queries):
    for n in range(40):
        program, day = make_program(Program.Kind.BIMTEK, 2025, name=f"Bimtek {n}")
        Partisipasi.objects.create(kegiatan=day, usaha=world.a, status=S.HADIR)
    client.force_login(world.roles.petugas)
    with django_assert_max_num_queries(12):
        response = client.get("/program/")
    assert response.status_code == 200 and "Bimtek 39" in response.content.decode()


def test_the_kendala_list_makes_no_query_per_row(client, world, django_assert_max_num_queries):
    for n in range(40):
        usaha = Usaha.objects.create(name=f"Usaha Kendala {n}", desa_id="35.23.01.2001", kbli_id="10")
        Kendala.objects.create(usaha=usaha, kind="air", description="x", mitra=world.bank if n % 2 else None)
    client.force_login(world.roles.petugas)
    with django_assert_max_num_queries(12):
        response = client.get("/kendala/")
    assert response.status_code == 200 and "Usaha Kendala 39" in response.content.decode()
    client.force_login(world.roles.mitra)
    with django_assert_max_num_queries(12):
        assert client.get("/kendala/").status_code == 200


def test_the_program_page_makes_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(30):
        usaha = Usaha.objects.create(name=f"Peserta {n}", desa_id="35.23.01.2001", kbli_id="10")
        Partisipasi.objects.create(kegiatan=world.halal_day, usaha=usaha, status=S.HADIR)
    client.force_login(world.roles.petugas)
    with django_assert_max_num_queries(25):
        response = client.get(f"/program/{world.halal.pk}/")
    assert "Peserta 29" in response.content.decode()


def test_partner_and_association_screens_render_for_the_office(client, world):
    client.force_login(world.roles.admin)
    for url in (
        "/mitra/",
        f"/mitra/{world.bank.pk}/",
        "/mitra/tambah/",
        "/asosiasi/",
        f"/asosiasi/{world.asosiasi.pk}/?cari=Tempe",
        "/kendala/rekap/",
        f"/kendala/{world.case_a.pk}/",
        f"/kendala/tambah/?usaha={world.a.pk}",
        "/jangkauan/?by=kecamatan",
    ):
        assert client.get(url).status_code == 200, url
    client.post(f"/asosiasi/{world.asosiasi.pk}/anggota/tambah/", {"usaha": world.c.pk})
    assert world.asosiasi.anggota.filter(usaha=world.c).exists()
    client.post("/mitra/tambah/", {"name": "PDAM Uji", "kind": "pdam"})
    assert Mitra.objects.filter(name="PDAM Uji").exists()


def test_the_admin_links_a_partner_account_and_it_then_sees_the_partners_cases(
    client, world, django_user_model
):
    account = django_user_model.objects.create_user(username="t.pln", password="uji-sandi-2026", role="mitra")
    client.force_login(world.roles.admin)
    client.post(f"/mitra/{world.pln.pk}/pengguna/", {"user": account.pk})
    client.force_login(account)
    body = client.get("/kendala/").content.decode()
    assert "Gerabah Tanah Liat" in body and "Keripik Sari Rasa" not in body
    client.force_login(world.roles.petugas)
    assert client.post(f"/mitra/{world.pln.pk}/pengguna/", {"user": account.pk}).status_code == 403


def test_the_business_page_snippet_shows_programs_and_cases_as_the_viewer_may_see_them(world):
    participation, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    template = Template('{% include "programs/usaha_tab.html" with usaha=usaha %}')
    request = RequestFactory().get("/")
    request.user = world.roles.petugas
    html = template.render(Context({"usaha": world.a, "request": request}))
    assert "Fasilitasi Halal" in html and "Permodalan" in html and "Catat kendala" in html
    request.user = world.roles.mitra
    html = template.render(Context({"usaha": world.b, "request": request}))
    assert "Listrik" not in html and "Belum pernah mengikuti program." in html
