"""Reach figures on known data.

Halal 2025 (Rp10 jt) reached A (completed, certificate) and C (attended).
Equipment 2024 (Rp30 jt) reached A (completed, a Rp5 jt machine) and B (attended); C is only proposed.
Owners: A — Siti (P); B — Bambang (L); C — Joko (L). Latest reports: A 2 L / 3 P (2025), C 1 L, B none.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import QueryDict

from simpul.programs import lifecycle, reach
from simpul.programs.models import Partisipasi, Program
from simpul.programs.tests.conftest import make_program
from simpul.registry.models import Usaha

pytestmark = pytest.mark.django_db


@pytest.fixture
def reached(world):
    petugas = world.roles.petugas
    a, _w = lifecycle.propose(world.halal_day, world.a, petugas)
    lifecycle.mark_attended(a)
    a.certificate_kind, a.certificate_number = "halal", "H-1"
    lifecycle.save_outcome(a, complete=True)
    c, _w = lifecycle.propose(world.halal_day, world.c, petugas)
    lifecycle.mark_attended(c)

    alat, day = make_program(Program.Kind.BANTUAN_ALAT, 2024, budget=Decimal(30_000_000))
    a2, _w = lifecycle.propose(day, world.a, petugas)
    lifecycle.mark_attended(a2)
    a2.equipment, a2.equipment_value = "Mesin", Decimal(5_000_000)
    lifecycle.save_outcome(a2, complete=True)
    b, _w = lifecycle.propose(day, world.b, petugas)
    lifecycle.mark_attended(b)
    lifecycle.propose(day, world.c, petugas)
    world.alat = alat
    return world


def _report(by: str, **params):
    return reach.compute(Program.objects.all(), Partisipasi.objects.all(), by=by)


def _row(report, key):
    return next(r for r in report.rows if r.key == key)


def test_reach_per_program_counts_businesses_owners_workers_cost_and_outcomes(reached):
    report = _report("program")
    halal = _row(report, str(reached.halal.pk))
    assert (halal.businesses, halal.owners_male, halal.owners_female) == (2, 1, 1)
    assert (halal.workers_male, halal.workers_female) == (3, 3)  # A's latest year, not 2024's 9 + 9
    assert halal.cost_per_business == Decimal(5_000_000)
    assert (halal.certificates, halal.equipment) == (1, 0)

    alat = _row(report, str(reached.alat.pk))
    assert (alat.businesses, alat.owners_male, alat.owners_female) == (2, 1, 1)
    assert (alat.workers_male, alat.workers_female) == (2, 3)
    assert alat.cost_per_business == Decimal(15_000_000)
    assert (alat.equipment, alat.equipment_value, alat.certificates) == (1, Decimal(5_000_000), 0)


def test_the_total_counts_each_business_and_owner_once(reached):
    total = _report("program").total
    assert (total.businesses, total.owners_male, total.owners_female) == (3, 2, 1)
    assert (total.workers_male, total.workers_female) == (3, 3)
    assert total.budget == Decimal(40_000_000)
    assert total.cost_per_business == Decimal(13_333_333)
    assert total.as_dict()["certificates"] == 1


def test_reach_per_kind_and_per_year(reached):
    by_kind = _report("kind")
    assert {r.key: r.businesses for r in by_kind.rows} == {"sertifikasi": 2, "bantuan_alat": 2}
    by_year = _report("year")
    assert [(r.key, r.businesses, int(r.budget)) for r in by_year.rows] == [
        ("2025", 2, 10_000_000),
        ("2024", 2, 30_000_000),
    ]


def test_reach_per_kecamatan_shares_each_budget_by_businesses_reached_there(reached):
    report = _report("kecamatan")
    kenduruan, tuban = _row(report, "35.23.01"), _row(report, "35.23.16")
    assert (kenduruan.label, kenduruan.businesses, tuban.businesses) == ("Kenduruan", 2, 1)
    assert kenduruan.budget == Decimal(25_000_000)  # all of halal + half of the equipment aid
    assert tuban.cost_per_business == Decimal(15_000_000)


def test_a_program_that_reached_nobody_still_shows_its_budget(reached):
    empty, _k = make_program(Program.Kind.PAMERAN, 2025, budget=Decimal(7_000_000))
    row = _row(_report("program"), str(empty.pk))
    assert (row.businesses, row.budget, row.cost_per_business) == (0, Decimal(7_000_000), None)


def test_the_report_follows_the_filters_and_the_officers_area(reached):
    figures = reach.report_for(reached.roles.admin, QueryDict("by=kind&year=2024"))
    assert [(r.key, r.businesses) for r in figures.rows] == [("bantuan_alat", 2)]
    local = reach.report_for(reached.roles.petugas_kec, QueryDict("by=program"))
    assert local.total.businesses == 2  # A and C in Kenduruan; B is outside this officer's area
    by_kecamatan = reach.report_for(reached.roles.admin, QueryDict("by=program&kecamatan=35.23.16"))
    assert by_kecamatan.total.businesses == 1


def test_never_reached_lists_active_businesses_no_program_reached(reached):
    newcomer = Usaha.objects.create(name="Batik Baru", desa_id="35.23.01.2001", kbli_id="13")

    def names(**kwargs):
        return set(reach.never_reached(Usaha.objects.all(), **kwargs).values_list("name", flat=True))

    assert names() == {"Batik Baru"}  # C was only proposed for the equipment, but attended halal
    assert names(kind=Program.Kind.SERTIFIKASI) == {"Batik Baru", "Gerabah Tanah Liat"}
    assert names(since_year=2025) == {"Batik Baru", "Gerabah Tanah Liat"}
    assert newcomer.status == Usaha.Status.AKTIF


def test_the_never_reached_page_filters_and_exports(client, reached):
    Usaha.objects.create(name="Batik Baru", desa_id="35.23.01.2001", kbli_id="13")
    client.force_login(reached.roles.pimpinan)
    body = client.get("/jangkauan/belum-terjangkau/").content.decode()
    assert "Batik Baru" in body and "Keripik Sari Rasa" not in body
    body = client.get("/jangkauan/belum-terjangkau/", {"program_kind": "sertifikasi"}).content.decode()
    assert "Gerabah Tanah Liat" in body
    export = client.get("/jangkauan/belum-terjangkau/", {"export": "csv"})
    assert "Batik Baru" in b"".join(export.streaming_content).decode()


def test_the_reach_page_and_api_show_the_figures_to_the_office_only(client, reached):
    client.force_login(reached.roles.pimpinan)
    page = client.get("/jangkauan/", {"by": "kind"})
    assert page.status_code == 200 and "Fasilitasi sertifikasi" in page.content.decode()
    data = client.get("/api/jangkauan/", {"by": "year"}).json()
    assert data["total"]["businesses"] == 3 and [r["key"] for r in data["rows"]] == ["2025", "2024"]
    assert client.get("/jangkauan/", {"export": "xlsx"}).status_code == 200
    for role in ("mitra", "asosiasi", "pelaku"):
        client.force_login(getattr(reached.roles, role))
        assert client.get("/jangkauan/").status_code == 403
        assert client.get("/api/jangkauan/").status_code == 403
