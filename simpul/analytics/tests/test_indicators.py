"""Indicator tables built from the registry: known aggregates, scoping, and no query per business."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.analytics import indicators
from simpul.analytics.indicators import ALL_REGIONS, RegistrySpec
from simpul.analytics.models import IndicatorTable
from simpul.analytics.tests.conftest import DESA_A, DESA_B, JT, KEC_A, KEC_B, business, report

pytestmark = pytest.mark.django_db


def values_of(table: IndicatorTable) -> dict[tuple[str, str, int], Decimal]:
    return {(v.region, v.sector, v.year): v.value for v in table.values.all()}


def test_workers_by_kbli_and_kecamatan_add_up_by_hand(roles, known):
    table = indicators.build_registry_table(RegistrySpec("tenaga_kerja", "kbli", "kecamatan"), roles.pimpinan)
    assert values_of(table) == {
        (KEC_A, "10", 2024): 5,
        (KEC_A, "10", 2025): 6,
        (KEC_A, "23", 2025): 2,
        (KEC_B, "10", 2024): 4,
        (KEC_B, "10", 2025): 6,
    }
    assert table.source == IndicatorTable.Source.REGISTRY
    assert table.measure == IndicatorTable.Measure.WORKERS
    assert table.unit == "orang"
    assert table.region_level == 3
    assert table.spec == {
        "registry": {"measure": "tenaga_kerja", "sector_by": "kbli", "region_by": "kecamatan", "years": []}
    }
    labels = {v.sector: v.sector_label for v in table.values.all()}
    assert labels["10"] == "10 Industri Makanan"
    assert {v.region_label for v in table.values.filter(region=KEC_A)} == {"Kec. Kenduruan"}


def test_production_and_investment_by_group_for_the_kabupaten(roles, known):
    spec = RegistrySpec("nilai_produksi", "kelompok", "kabupaten")
    table = indicators.build_registry_table(spec, roles.pimpinan)
    food = known.a1.group.slug
    assert values_of(table)[("35.23", food, 2025)] == 450 * JT
    assert values_of(table)[("35.23", food, 2024)] == 300 * JT
    invest = indicators.build_registry_table(RegistrySpec("investasi", "kbli", "kabupaten"), roles.pimpinan)
    assert values_of(invest)[("35.23", "10", 2024)] == 50 * JT


def test_counts_of_reporting_businesses_by_desa(roles, known):
    table = indicators.build_registry_table(RegistrySpec("jumlah_usaha", "kbli", "desa"), roles.pimpinan)
    assert values_of(table)[(DESA_A, "10", 2025)] == 1
    assert values_of(table)[(DESA_B, "10", 2024)] == 1


def test_reports_without_a_sector_are_named_in_the_notes(roles, known):
    loose = business("Tanpa KBLI", DESA_B, "10")
    loose.kbli = None
    loose.group = None
    loose.save()
    report(loose, 2025, 1, 1, 10)
    table = indicators.build_registry_table(RegistrySpec("tenaga_kerja"), roles.pimpinan)
    assert "1 laporan tahunan tanpa golongan pokok KBLI tidak dihitung" in table.notes


def test_a_petugas_limited_to_a_kecamatan_builds_from_it_only(roles, known):
    table = indicators.build_registry_table(RegistrySpec("tenaga_kerja"), roles.petugas_kec)
    assert {v.region for v in table.values.all()} == {KEC_A}


def test_building_costs_the_same_queries_for_more_businesses(roles, known):
    spec = RegistrySpec("tenaga_kerja", "kbli", "kecamatan")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            indicators.registry_cells(spec, indicators.reports_for(roles.pimpinan))
        return len(ctx.captured_queries)

    before = count()
    for n in range(20):
        report(business(f"U{n}", DESA_A, "13"), 2025, 1, 1, 5)
    assert count() == before == 4


def test_series_reads_a_region_or_the_sum_of_all(roles, known):
    table = indicators.build_registry_table(RegistrySpec("tenaga_kerja"), roles.pimpinan)
    assert indicators.series(table, KEC_A, 2025) == {"10": 6, "23": 2}
    assert indicators.series(table, ALL_REGIONS, 2025) == {"10": 12, "23": 2}
    outline = indicators.outline(table)
    assert outline.years == [2024, 2025]
    assert set(outline.regions) == {KEC_A, KEC_B}


def test_the_build_page_creates_a_table(client, roles, known):
    client.force_login(roles.petugas)
    response = client.post(
        reverse("analytics:indicator_build"),
        {"measure": "tenaga_kerja", "sector_by": "kbli", "region_by": "kecamatan", "name": ""},
    )
    table = IndicatorTable.objects.get()
    assert response.status_code == 302 and response.url == table.get_absolute_url()
    page = client.get(table.get_absolute_url())
    assert page.status_code == 200
    assert "Kec. Kenduruan" in page.content.decode()
    export = client.get(table.get_absolute_url(), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
