"""The analysis API: indicator tables (build, import, values), runs (create, reproduce), dashboard."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from simpul.analytics.models import AnalysisRun, IndicatorTable
from simpul.analytics.tests.conftest import KEC_A
from simpul.analytics.tests.test_runs import PDRB_LONG

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, roles):
    client.force_login(roles.pimpinan)
    return client


def import_pdrb(api) -> dict:
    response = api.post(
        "/api/analisis/indikator/impor/",
        {
            "file": SimpleUploadedFile("pdrb.csv", PDRB_LONG.encode()),
            "name": "PDRB",
            "measure": "pdrb",
            "unit": "miliar Rp",
            "region_level": 0,
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_build_a_table_from_the_registry_and_read_its_values(api, known):
    response = api.post(
        "/api/analisis/indikator/",
        {"measure": "tenaga_kerja", "region_by": "kecamatan"},
        content_type="application/json",
    )
    assert response.status_code == 201
    table = response.json()
    assert table["n_values"] == 5
    values = api.get(
        f"/api/analisis/indikator/{table['id']}/nilai/", {"wilayah": KEC_A, "tahun": 2025}
    ).json()
    assert {(v["sector"], float(v["value"])) for v in values["results"]} == {("10", 6.0), ("23", 2.0)}
    listing = api.get("/api/analisis/indikator/").json()
    assert listing["count"] == 1


def test_import_reports_row_errors(api):
    bad = "Wilayah,Sektor,Tahun,Nilai\nTuban,Industri,2022,abc\n"
    response = api.post(
        "/api/analisis/indikator/impor/",
        {"file": SimpleUploadedFile("x.csv", bad.encode()), "name": "X", "measure": "pdrb", "unit": "Rp"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("Baris 2, kolom D:")
    assert not IndicatorTable.objects.exists()


def test_create_a_sector_run_and_reproduce_it(api):
    table = import_pdrb(api)
    response = api.post(
        "/api/analisis/run/",
        {
            "method": "sektor",
            "title": "LQ dan Shift-Share PDRB",
            "methods": ["lq", "shift_share"],
            "regional": {"table": table["id"], "region": "Tuban"},
            "reference": {"table": table["id"], "region": "Jawa Timur"},
            "year_start": 2019,
            "year_end": 2023,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["results"]["shift_share"]["rows"]["Industri"]["total"] == 90.0
    assert run["tables"] == [table["id"]]
    again = api.get(f"/api/analisis/run/{run['id']}/reproduksi/").json()
    assert again == {"identical": True, "data_changed": False, "error": "", "differences": []}


def test_create_an_ahp_run_with_its_inputs(api):
    response = api.post(
        "/api/analisis/run/",
        {
            "method": "ahp",
            "title": "Bobot",
            "inputs": {
                "labels": ["a", "b", "c"],
                "matrix": [["1", "2", "4"], ["1/2", "1", "2"], ["1/4", "1/2", "1"]],
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert AnalysisRun.objects.get().parameters == {"methods": ["ahp"]}


def test_method_errors_come_back_as_400_in_indonesian(api):
    response = api.post(
        "/api/analisis/run/",
        {"method": "ahp", "title": "x", "inputs": {"labels": ["a", "b"], "matrix": [["1", "2"], ["2", "1"]]}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "resiprokal" in response.json()["detail"]
    missing = api.post(
        "/api/analisis/run/", {"method": "sektor", "title": "x"}, content_type="application/json"
    )
    assert missing.status_code == 400


def test_a_petugas_may_create_runs_but_not_archive_them(client, roles):
    client.force_login(roles.petugas)
    created = client.post(
        "/api/analisis/run/",
        {
            "method": "ahp",
            "title": "x",
            "inputs": {"labels": ["a", "b"], "matrix": [["1", "3"], ["1/3", "1"]]},
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert client.delete(f"/api/analisis/run/{created.json()['id']}/").status_code == 403


def test_the_schema_documents_the_endpoints(api):
    schema = api.get("/api/schema/").content.decode()
    for path in ("/api/analisis/indikator/", "/api/analisis/run/", "/api/analisis/dasbor/"):
        assert path in schema
