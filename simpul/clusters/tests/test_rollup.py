"""Figures of sentra and kawasan on known data, in a fixed number of queries."""

from decimal import Decimal

import pytest

from simpul.clusters import rollup
from simpul.clusters.models import Keanggotaan
from simpul.clusters.tests.conftest import DESA_A2, certificate, report
from simpul.registry.models import Usaha


@pytest.fixture
def figures_data(clusters):
    a = clusters.a
    report(a[0], 2023, 9, 9, 999)  # an older year: must not count
    report(a[0], 2024, 2, 3, 100_000_000)
    report(a[1], 2025, 1, 4, 50_000_000)
    report(a[2], 2022, 3, 0, 25_000_000)  # the latest report of this one is old, and counts
    report(a[5], 2025, 10, 10, 1_000_000_000)  # not a member of the sentra
    certificate(a[0], "halal")
    certificate(a[0], "pirt")
    certificate(a[1], "pirt")
    certificate(a[2], "halal", expired=True)
    return clusters


@pytest.mark.django_db
def test_sentra_figures_sum_the_latest_report_of_each_member(figures_data):
    figures = rollup.sentra_figures(figures_data.sentra_a)
    assert (figures.units, figures.active_units, figures.reporting_units) == (5, 5, 3)
    assert (figures.workers_male, figures.workers_female, figures.workers) == (6, 7, 13)
    assert figures.production_value == Decimal(175_000_000)
    assert figures.certificates == [("pirt", "SPP-IRT (PIRT)", 2), ("halal", "Sertifikat halal", 1)]


@pytest.mark.django_db
def test_program_reach_is_absent_without_the_programs_app(figures_data, settings):
    from django.apps import apps

    if apps.is_installed("simpul.programs"):
        pytest.skip("the programs app is installed here")
    assert rollup.sentra_figures(figures_data.sentra_a).program_reach is None


@pytest.mark.django_db
def test_program_reach_counts_members_a_program_reached(figures_data):
    from django.apps import apps

    if not apps.is_installed("simpul.programs"):
        pytest.skip("the programs app is not installed here")
    program = apps.get_model("programs", "Program").objects.create(
        name="Bimtek tahu", kind="bimtek", year=2025
    )
    activity = apps.get_model("programs", "Kegiatan").objects.create(program=program, name="Angkatan 1")
    participation = apps.get_model("programs", "Partisipasi")
    a = figures_data.a
    for usaha, status in [(a[0], "hadir"), (a[1], "selesai"), (a[2], "diusulkan"), (a[5], "hadir")]:
        participation.objects.create(kegiatan=activity, program=program, usaha=usaha, status=status)
    assert rollup.sentra_figures(figures_data.sentra_a).program_reach == 2


@pytest.mark.django_db
def test_kawasan_figures_take_desa_businesses_and_sentra_members_once(figures_data):
    clusters = figures_data
    # A member of the kawasan's sentra located outside its desa, and a business in its second desa.
    Keanggotaan.objects.create(sentra=clusters.sentra_a, usaha=clusters.b)
    elsewhere = Usaha.objects.create(name="Roti Sokogunung", desa_id=DESA_A2, kbli_id="10")
    report(elsewhere, 2025, 1, 1, 5)
    report(clusters.b, 2025, 0, 2, 7)
    figures = rollup.kawasan_figures(clusters.kawasan_a)
    # Six in Jlodro (five of them members), the Tuban member, the Sokogunung business.
    assert figures.units == 8
    assert (figures.workers_male, figures.workers_female) == (6 + 10 + 1, 7 + 10 + 1 + 2)
    assert figures.production_value == Decimal(175_000_000 + 1_000_000_000 + 5 + 7)


@pytest.mark.django_db
def test_archived_businesses_leave_the_figures(figures_data):
    figures_data.a[1].archive()
    figures = rollup.sentra_figures(figures_data.sentra_a)
    assert figures.units == 4
    assert figures.workers == 5 + 3
    assert figures.certificates == [("halal", "Sertifikat halal", 1), ("pirt", "SPP-IRT (PIRT)", 1)]


@pytest.mark.django_db
def test_a_roll_up_costs_the_same_few_queries_for_any_number_of_members(
    figures_data, django_assert_max_num_queries
):
    sentra = figures_data.sentra_a
    for n in range(40):
        usaha = Usaha.objects.create(name=f"Tahu {n}", desa_id=sentra.desa_id, kbli_id="10")
        Keanggotaan.objects.create(sentra=sentra, usaha=usaha)
        report(usaha, 2025, 1, 1, 1)
    with django_assert_max_num_queries(4):
        figures = rollup.sentra_figures(sentra)
    assert figures.units == 45
    with django_assert_max_num_queries(4):
        rollup.kawasan_figures(figures_data.kawasan_a)


@pytest.mark.django_db
def test_the_kawasan_page_shows_its_figures(client, roles, figures_data):
    client.force_login(roles.pimpinan)
    response = client.get(figures_data.kawasan_a.get_absolute_url())
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.units == 6
    body = response.content.decode()
    assert 'data-figure="units">6<' in body
    assert "Rp1.175.000.000" in body or "Rp1,175,000,000" in body
