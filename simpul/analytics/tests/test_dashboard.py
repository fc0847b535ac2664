"""Dashboard figures on known data, filters, the basis of each figure and a query-count bound."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.analytics import dashboard
from simpul.analytics.dashboard import DashboardFilter
from simpul.analytics.tests.conftest import DESA_A, DESA_B, JT, KEC_A, KEC_B, business, make_known, report

pytestmark = pytest.mark.django_db


def test_it_totals_the_latest_year_by_default(roles, known):
    d = dashboard.build(roles.pimpinan, DashboardFilter())
    s = d.summary
    assert d.years == [2024, 2025]
    assert d.year == 2025
    assert s["businesses"] == 4  # the archived business is not counted
    assert s["reporting"] == 3
    assert (s["workers_male"], s["workers_female"], s["workers"]) == (9, 5, 14)
    assert s["production"] == 500 * JT
    assert s["export"] == 20 * JT
    assert s["exporters"] == 1
    assert s["investment"] == 0  # no investment reported in 2025


def test_each_figure_says_what_it_rests_on(roles, known):
    d = dashboard.build(roles.pimpinan, DashboardFilter(year=2024))
    assert d.basis.businesses == 4
    assert d.basis.reporting == 2
    assert d.basis.reporting_share == 0.5
    assert d.basis.completeness == 50  # (80 + 60 + 40 + 20) / 4
    assert "4 usaha" in d.basis.text and "50%" in d.basis.text and "2024" in d.basis.text


def test_growth_over_the_years(roles, known):
    d = dashboard.build(roles.pimpinan, DashboardFilter())
    first, second = d.growth
    assert (first["year"], first["workers"], first["production"], first["investment"]) == (
        2024,
        9,
        300 * JT,
        50 * JT,
    )
    assert second["workers_growth"] == pytest.approx(14 / 9 - 1)
    assert second["production_growth"] == pytest.approx(500 / 300 - 1)
    assert first["workers_growth"] is None


def test_filters_change_the_numbers(roles, known):
    everything = dashboard.build(roles.pimpinan, DashboardFilter(year=2025))
    kenduruan = dashboard.build(roles.pimpinan, DashboardFilter(year=2025, kecamatan=KEC_A))
    assert kenduruan.summary["businesses"] == 2
    assert kenduruan.summary["workers"] == 8
    assert kenduruan.summary["production"] == 200 * JT
    assert kenduruan.summary["workers"] != everything.summary["workers"]
    pangan = dashboard.build(roles.pimpinan, DashboardFilter(year=2025, group=known.a1.group.slug))
    assert pangan.summary["businesses"] == 2
    assert pangan.summary["workers"] == 12
    earlier = dashboard.build(roles.pimpinan, DashboardFilter(year=2024))
    assert earlier.summary["workers"] == 9


def test_distribution_by_kecamatan_kbli_and_group(roles, known):
    d = dashboard.build(roles.pimpinan, DashboardFilter(year=2025))
    by_kec = {r["code"]: r for r in d.by_kecamatan}
    assert by_kec[KEC_A]["businesses"] == 2 and by_kec[KEC_A]["workers"] == 8
    assert by_kec[KEC_B]["businesses"] == 2 and by_kec[KEC_B]["workers"] == 6
    assert by_kec[KEC_A]["reporting_share"] == 1.0 and by_kec[KEC_B]["reporting_share"] == 0.5
    assert by_kec[KEC_A]["completeness"] == 70
    assert by_kec[KEC_A]["workers_shade"] == 4  # the largest value gets the darkest shade
    by_kbli = {r["code"]: r for r in d.by_kbli}
    assert by_kbli["10"]["businesses"] == 2 and by_kbli["10"]["production"] == 450 * JT
    assert by_kbli["10"]["name"].startswith("10 Industri Makanan")
    assert sum(r["businesses"] for r in d.by_group) == 4


def test_certification_coverage_counts_businesses_and_valid_certificates(roles, known):
    d = dashboard.build(roles.pimpinan, DashboardFilter())
    by_kind = {r["kind"]: r for r in d.certification}
    assert by_kind["halal"]["businesses"] == 2
    assert by_kind["halal"]["valid"] == 1  # a1's halal certificate expired in 2020
    assert by_kind["pirt"]["share"] == 0.25
    assert d.certification_any == 2


def test_markets_and_map(roles, known):
    d = dashboard.build(roles.pimpinan, DashboardFilter(year=2025))
    markets = [m["value"] for m in d.markets]
    assert markets == [100 * JT, 200 * JT, 0, 20 * JT]
    assert d.located == 3
    assert sum(n for _lat, _lng, n in d.map_cells) == 3
    assert len(d.map_cells) == 2  # a1 and a2 share one ±2 km cell


def test_a_petugas_limited_to_a_kecamatan_sees_only_it(roles, known):
    d = dashboard.build(roles.petugas_kec, DashboardFilter(year=2025))
    assert d.summary["businesses"] == 2
    assert [code for code, _name in d.kecamatan_options] == [KEC_A]


def test_the_number_of_queries_does_not_grow_with_businesses(roles, known):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            dashboard.charts_for(dashboard.build(roles.pimpinan, DashboardFilter()))
        return len(ctx.captured_queries)

    before = count()
    for n in range(30):
        usaha = business(
            f"Usaha {n}", DESA_A if n % 2 else DESA_B, "10" if n % 3 else "23", "-6.9", f"112.{n:02d}"
        )
        report(usaha, 2025, 1, n % 3, 10 + n)
    assert count() == before
    assert before <= 25  # about twenty aggregate queries, two more when programs reached someone


def test_the_page_shows_the_figures_and_filters(client, roles, known):
    client.force_login(roles.pimpinan)
    response = client.get(reverse("analytics:dashboard"), {"tahun": 2025, "kecamatan": KEC_A})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="kpi-workers-value">8<' in html
    assert "<svg" in html and "choropleth" in html
    assert response.context["d"].filters.kecamatan == KEC_A


def test_the_page_works_on_an_empty_registry(client, roles):
    client.force_login(roles.pimpinan)
    response = client.get(reverse("analytics:dashboard"))
    assert response.status_code == 200
    assert "Belum ada data" in response.content.decode()


def test_junk_filters_are_ignored(roles, known):
    filters = dashboard.parse_filters({"tahun": "abc", "kecamatan": "99.99.99", "kelompok": ""})
    assert filters == DashboardFilter()


def test_api_answers_the_same_figures(client, roles, known):
    client.force_login(roles.pimpinan)
    body = client.get("/api/analisis/dasbor/", {"tahun": 2024, "kecamatan": KEC_B}).json()
    assert body["summary"]["workers"] == 4
    assert body["basis"]["businesses"] == 2
    assert Decimal(str(body["summary"]["production"])) == 200 * JT


def test_make_known_is_repeatable(db):
    make_known()
    assert DESA_A.startswith(KEC_A)


def test_program_reach_cost_per_business_and_open_constraints(roles, known):
    from simpul.programs.models import Kegiatan, Kendala, Partisipasi, Program

    program = Program.objects.create(
        name="Bimtek pangan", kind=Program.Kind.BIMTEK, year=2025, budget=30 * JT
    )
    day = Kegiatan.objects.create(program=program, name="Angkatan 1")
    for usaha, status in ((known.a1, "hadir"), (known.b1, "selesai"), (known.a2, "diusulkan")):
        Partisipasi.objects.create(kegiatan=day, usaha=usaha, status=status)
    Kendala.objects.create(usaha=known.a1, kind=Kendala.Kind.PERMODALAN, description="Modal kerja")
    Kendala.objects.create(usaha=known.b1, kind=Kendala.Kind.LISTRIK, description="Daya", status="selesai")

    sections = dashboard.build(roles.pimpinan, DashboardFilter(year=2025)).extra
    whole = {section.title: dict(section.rows) for section in sections}
    reach = whole["Jangkauan program"]
    assert reach["Usaha terjangkau"] == 2  # the proposal alone does not count
    assert reach["Biaya per usaha terjangkau (Rp)"] == 15 * JT
    assert reach["Usaha aktif yang belum pernah terjangkau program"] == 2  # a2 and b2
    assert whole["Kendala terbuka"] == {"Permodalan": 1}

    kenduruan = dashboard.build(roles.pimpinan, DashboardFilter(year=2025, kecamatan=KEC_A))
    reach = dict(kenduruan.extra[0].rows)
    assert reach["Usaha terjangkau"] == 1
    # Half the program's reach is in Kenduruan, so half its budget is counted there.
    assert reach["Anggaran program (Rp)"] == 15 * JT
