"""The dashboard's summary tables: the same figures as the live queries, freshness, refresh triggers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from simpul.analytics import cube, dashboard
from simpul.analytics.dashboard import DashboardFilter
from simpul.analytics.models import DashboardBusinesses, DashboardState
from simpul.analytics.tests.conftest import DESA_A, KEC_A, KEC_B, business, report
from simpul.core.models import Job
from simpul.registry.models import Legalitas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _summary_at_any_size(settings):
    # The summary path is what these tests check; by default a registry this small is read live.
    settings.SIMPUL_DASHBOARD_SUMMARY_FROM = 0


def _plain(value: Any) -> Any:
    """Comparable form: Decimals and floats as rounded floats, lists of tuples sorted (map)."""
    if isinstance(value, Decimal | float):
        return round(float(value), 6)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _figures(board: dashboard.Dashboard) -> dict[str, Any]:
    return _plain(
        {
            "year": board.year,
            "years": board.years,
            "summary": board.summary,
            "basis": board.basis.as_dict(),
            "growth": board.growth,
            "by_kecamatan": board.by_kecamatan,
            "by_kbli": board.by_kbli,
            "by_group": board.by_group,
            "certification": board.certification,
            "certification_any": board.certification_any,
            "markets": board.markets,
            "map_cells": sorted(board.map_cells),
            "map_labels": sorted(board.map_labels, key=lambda label: label[2]),
        }
    )


FILTERS = [
    DashboardFilter(),
    DashboardFilter(year=2024),
    DashboardFilter(year=2025, kecamatan=KEC_A),
    DashboardFilter(kecamatan=KEC_B),
    DashboardFilter(group="pangan"),
    DashboardFilter(year=2024, kecamatan=KEC_A, group="pangan"),
    DashboardFilter(year=1999),  # a year without reports: the latest is shown
]


@pytest.fixture
def richer(known):
    """The known data plus businesses with groups and a certificate held twice by one business."""
    from simpul.classifications.models import CommodityGroup

    pangan, _created = CommodityGroup.objects.get_or_create(slug="pangan", defaults={"name": "Pangan"})
    for n in range(6):
        usaha = business(f"Olahan {n}", DESA_A, "10", "-6.9", f"112.{n % 3:02d}")
        usaha.group = pangan if n % 2 else None
        usaha.save()
        report(usaha, 2024 + n % 2, n, 1, 10 * n)
    Legalitas.objects.create(usaha=known.a2, kind=Legalitas.Kind.NIB, number="1234567890123")
    Legalitas.objects.create(usaha=known.a1, kind=Legalitas.Kind.PIRT, number="P-2")
    known.a1.group = pangan
    known.a1.save()
    return known


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f"{f.year}-{f.kecamatan}-{f.group}")
@pytest.mark.parametrize("who", ["pimpinan", "admin", "petugas_kec"])
def test_the_summary_tables_give_the_live_figures(roles, richer, filters, who):
    user = getattr(roles, who)
    live = dashboard.build(user, filters)
    assert live.refreshed_at is None
    cube.refresh()
    summarised = dashboard.build(user, filters)
    assert summarised.refreshed_at is not None
    assert _figures(summarised) == _figures(live)
    assert _figures(dashboard.build(user, filters, live=True)) == _figures(live)


def test_an_empty_registry_refreshes_to_empty_figures(roles):
    cube.refresh()
    board = dashboard.build(roles.pimpinan, DashboardFilter())
    assert board.refreshed_at is not None
    assert board.summary["businesses"] == 0 and board.growth == [] and board.map_cells == []


def test_the_figures_are_those_of_the_last_refresh(roles, known):
    cube.refresh()
    business("Baru", DESA_A, "10")
    assert dashboard.build(roles.pimpinan, DashboardFilter()).summary["businesses"] == 4
    cube.refresh()
    assert dashboard.build(roles.pimpinan, DashboardFilter()).summary["businesses"] == 5


def test_refresh_replaces_rows_and_keeps_one_state(known):
    cube.refresh()
    first = DashboardBusinesses.objects.count()
    seconds = cube.refresh()
    assert DashboardBusinesses.objects.count() == first > 0
    assert DashboardState.objects.count() == 1
    assert seconds["total"] >= 0 and "dashboardreports" in seconds


def test_the_command_refreshes(known, capsys):
    call_command("refresh_dashboard")
    assert cube.state() is not None
    assert "Ringkasan dasbor diperbarui" in capsys.readouterr().out


def test_the_job_refreshes(known):
    job = Job.objects.create(kind=cube.JOB_KIND, label="x")
    from simpul.core import jobs

    assert jobs.execute(job).status == Job.Status.DONE
    assert cube.state() is not None


def test_a_finished_import_queues_one_refresh(known, django_capture_on_commit_callbacks):
    from simpul.ingest.models import ImportJob
    from simpul.ingest.signals import import_finished

    run = ImportJob(created=3, dry_run=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_finished.send(sender=ImportJob, run=run)
        import_finished.send(sender=ImportJob, run=ImportJob(created=3, dry_run=True))
        import_finished.send(sender=ImportJob, run=ImportJob(created=0, updated=0))
    assert len(callbacks) == 1


def test_the_page_says_how_fresh_the_data_is(client, roles, known):
    client.force_login(roles.pimpinan)
    page = client.get(reverse("analytics:dashboard")).content.decode()
    assert "Data langsung dari registri" in page and "Perbarui sekarang" not in page
    cube.refresh()
    page = client.get(reverse("analytics:dashboard")).content.decode()
    assert "Data per " in page


def test_an_officer_can_start_a_refresh_the_pimpinan_cannot(client, roles, known):
    client.force_login(roles.pimpinan)
    assert client.post(reverse("analytics:dashboard")).status_code == 403
    client.force_login(roles.admin)
    assert "Perbarui sekarang" in client.get(reverse("analytics:dashboard")).content.decode()
    response = client.post(reverse("analytics:dashboard"))
    assert response.status_code == 302
    assert Job.objects.filter(kind=cube.JOB_KIND).count() == 1


def test_program_reach_is_the_same_from_the_summary(roles, known):
    from simpul.programs.models import Kegiatan, Partisipasi, Program

    program = Program.objects.create(name="Bimtek", kind=Program.Kind.BIMTEK, year=2025, budget=30_000_000)
    day = Kegiatan.objects.create(program=program, name="Angkatan 1")
    for usaha, status in ((known.a1, "hadir"), (known.b1, "selesai"), (known.a2, "diusulkan")):
        Partisipasi.objects.create(kegiatan=day, usaha=usaha, status=status)
    for filters in (DashboardFilter(year=2025), DashboardFilter(year=2025, kecamatan=KEC_A)):
        live = dashboard.build(roles.pimpinan, filters).extra
        cube.refresh()
        assert [vars(s) for s in dashboard.build(roles.pimpinan, filters).extra] == [vars(s) for s in live]
        DashboardState.objects.all().delete()


def test_a_small_registry_is_read_live_so_an_edit_shows_at_once(client, roles, known, settings):
    settings.SIMPUL_DASHBOARD_SUMMARY_FROM = 100_000
    cube.refresh()
    board = dashboard.build(roles.pimpinan, DashboardFilter())
    assert board.refreshed_at is None  # the page says "Data langsung dari registri"
    business("Baru", DESA_A, "10")
    assert dashboard.build(roles.pimpinan, DashboardFilter()).summary["businesses"] == 5
    assert 0 < DashboardState.objects.get().businesses < settings.SIMPUL_DASHBOARD_SUMMARY_FROM
    client.force_login(roles.petugas)
    page = client.get(reverse("analytics:dashboard")).content.decode()
    assert "Data langsung dari registri" in page and "Perbarui sekarang" not in page  # nothing to refresh
