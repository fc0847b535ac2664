"""Reports: XLSX workbooks with the dashboard and run tables, PDFs, made as background jobs."""

from __future__ import annotations

import importlib.util
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.analytics import dashboard, reports, runs
from simpul.analytics.models import AnalysisRun
from simpul.core.models import Job

pytestmark = pytest.mark.django_db

needs_reportlab = pytest.mark.skipif(
    importlib.util.find_spec("reportlab") is None,
    reason="reportlab belum terpasang: laporan PDF memerlukannya (tambahkan ke dependensi).",
)


@pytest.fixture
def kajian_run(roles) -> AnalysisRun:
    params = {"methods": ["mpe"], "weighting": "langsung", "scoring": "mpe", "criteria": ["pasar", "harga"]}
    inputs = {
        "criteria": ["pasar", "harga"],
        "scores": {"Batik": {"pasar": "5", "harga": "3"}, "Gerabah": {"pasar": "2", "harga": "4"}},
        "weights": {"pasar": "2", "harga": "1"},
    }
    results = runs.compute("kajian", params, inputs)
    return runs.save_run("kajian", "Kajian PUD 2025", params, inputs, results, roles.pimpinan)


def sheet_rows(content: bytes, name: str) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    return list(book[name].iter_rows(values_only=True))


def test_dashboard_workbook_has_every_table(roles, known):
    d = dashboard.build(roles.pimpinan, dashboard.DashboardFilter(year=2025))
    content = reports.dashboard_xlsx(d, roles.pimpinan)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[:4] == ["Keterangan", "Ringkasan", "Perkembangan per tahun", "Per kecamatan"]
    summary = dict((r[0], r[1]) for r in sheet_rows(content, "Ringkasan")[2:])
    assert summary["Tenaga kerja total"] == 14
    assert summary["Usaha IKM terdaftar"] == 4
    front = sheet_rows(content, "Keterangan")
    assert any(r[0] == "Dasar angka" and "4 usaha" in r[1] for r in front)


def test_run_workbook_has_results_inputs_and_citation(kajian_run):
    content = reports.run_xlsx(kajian_run)
    ranking = sheet_rows(content, "Peringkat produk")
    assert ranking[2][:2] == (1, "Batik")  # 5² + 3 = 28 beats 2² + 4 = 8
    front = dict((r[0], r[1]) for r in sheet_rows(content, "Keterangan") if r and r[0])
    assert front["Cara mengutip"].startswith("Dinas Perindustrian (")
    assert "Kajian PUD 2025" in front["Cara mengutip"]


def test_the_report_job_builds_the_file_and_only_its_owner_downloads_it(client, roles, kajian_run):
    client.force_login(roles.pimpinan)
    response = client.post(reverse("analytics:run_report", args=[kajian_run.pk]), {"format": "xlsx"})
    job = Job.objects.get(kind=reports.JOB_KIND)
    assert response.url == reverse("analytics:report", args=[job.pk])
    assert job.status == Job.Status.DONE, job.message  # the test task backend runs jobs at once
    assert job.progress_done == job.progress_total == 3
    page = client.get(response.url)
    assert "Unduh analisis-" in page.content.decode()
    download = client.get(reverse("analytics:report_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == reports.XLSX_TYPE
    assert b"".join(download.streaming_content)[:2] == b"PK"
    client.force_login(roles.petugas)
    assert client.get(reverse("analytics:report_download", args=[job.pk])).status_code == 404


def test_the_dashboard_report_keeps_the_filter(client, roles, known):
    client.force_login(roles.pimpinan)
    client.post(
        reverse("analytics:dashboard_report"), {"format": "xlsx", "tahun": "2024", "kecamatan": "35.23.16"}
    )
    job = Job.objects.get(kind=reports.JOB_KIND)
    assert job.params["filters"] == {"year": 2024, "kecamatan": "35.23.16", "group": None}
    content = job.output.read()
    summary = dict((r[0], r[1]) for r in sheet_rows(content, "Ringkasan")[2:])
    assert summary["Tenaga kerja total"] == 4


@needs_reportlab
def test_pdf_reports_of_a_run_and_the_dashboard(roles, known, kajian_run):
    pdf = reports.run_pdf(kajian_run)
    assert pdf.startswith(b"%PDF")
    d = dashboard.build(roles.pimpinan, dashboard.DashboardFilter())
    assert reports.dashboard_pdf(d, roles.pimpinan).startswith(b"%PDF")


@needs_reportlab
def test_pdf_of_a_sector_run(client, roles, known):
    from simpul.analytics import indicators

    table = indicators.build_registry_table(indicators.RegistrySpec("tenaga_kerja"), roles.pimpinan)
    params = runs.sector_parameters(
        ["lq", "shift_share", "klassen"],
        runs.SeriesRef(table.pk, "35.23.16"),
        runs.SeriesRef(table.pk, "*"),
        2025,
        2024,
    )
    inputs = runs.sector_inputs(params, {table.pk: table})
    run = runs.save_run(
        "sektor", "TK", params, inputs, runs.compute("sektor", params, inputs), roles.pimpinan
    )
    client.force_login(roles.pimpinan)
    client.post(reverse("analytics:run_report", args=[run.pk]), {"format": "pdf"})
    job = Job.objects.get(kind=reports.JOB_KIND)
    assert job.status == Job.Status.DONE, job.message
    assert job.output.read().startswith(b"%PDF")
