"""The import journey through Django's test client: permissions, bad files, the whole flow, templates."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simpul.core.navigation import menu_for
from simpul.ingest.models import ImportJob, MappingTemplate
from simpul.ingest.tests.fixtures import ikm_files as files
from simpul.ingest.tests.fixtures import make_fixtures as make
from simpul.registry.models import Usaha

pytestmark = pytest.mark.django_db

UPLOAD = reverse("ingest:upload")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, path: Path, kind: str = "usaha"):
    with path.open("rb") as handle:
        return client.post(UPLOAD, {"file": handle, "kind": kind})


def mapping_post(run: ImportJob, action: str = "preview", **changes: str) -> dict[str, object]:
    """The mapping form as the page renders it, with the officer's changes."""
    data: dict[str, object] = {
        "sheet": run.sheet,
        "header_row": run.header_row + 1 if run.header_row is not None else 0,
        "kind": run.kind,
        "year": run.year,
        "action": action,
    }
    for col, spec in run.column_mapping.items():
        data[f"col_{col}"] = spec.field
        data[f"mul_{col}"] = spec.multiplier
    data.update(changes)
    return data


# --------------------------------------------------------------------------------------------
# Who may import
# --------------------------------------------------------------------------------------------


def test_visitors_are_sent_to_the_login_page() -> None:
    response = Client().get(UPLOAD)
    assert response.status_code == 302 and "/akun/" in response["Location"]


@pytest.mark.parametrize("role", ["pimpinan", "pelaku", "asosiasi", "mitra"])
def test_only_admin_and_petugas_may_import(roles, role: str, tmp_path: Path) -> None:
    client = client_for(getattr(roles, role))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, files.titled_xlsx(tmp_path)).status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", ["admin", "petugas", "petugas_kec"])
def test_admin_and_petugas_see_the_upload_page_and_the_menu_item(roles, role: str) -> None:
    user = getattr(roles, role)
    response = client_for(user).get(UPLOAD)
    assert response.status_code == 200
    assert "Impor data" in [str(item["label"]) for item in menu_for(user)]


def test_the_menu_item_is_hidden_from_other_roles(roles) -> None:
    assert "Impor data" not in [str(item["label"]) for item in menu_for(roles.pimpinan)]


def test_an_officer_sees_only_the_imports_they_started(roles, tmp_path: Path) -> None:
    response = upload(client_for(roles.petugas), files.titled_xlsx(tmp_path))
    run = ImportJob.objects.get()
    assert response.status_code == 302

    assert client_for(roles.petugas_other).get(reverse("ingest:mapping", args=[run.pk])).status_code == 404
    assert client_for(roles.admin).get(reverse("ingest:mapping", args=[run.pk])).status_code == 200


# --------------------------------------------------------------------------------------------
# Bad files: a sentence, never a server error
# --------------------------------------------------------------------------------------------


def _noise(directory: Path) -> Path:
    return make.noise_xlsx(directory)


def _no_columns(directory: Path) -> Path:
    book = openpyxl.Workbook()
    for row in [["a", "b"], ["x", "y"], ["z", "w"]]:
        book.active.append(row)
    path = directory / "tanpa_kolom.xlsx"
    book.save(path)
    return path


def _empty_bytes(directory: Path) -> Path:
    path = directory / "nol.xlsx"
    path.write_bytes(b"")
    return path


def _pdf(directory: Path) -> Path:
    path = directory / "surat.pdf"
    path.write_bytes(b"%PDF-1.4 bukan spreadsheet")
    return path


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (make.corrupt_xlsx, "rusak atau bukan berkas"),
        (make.truncated_xlsx, "rusak atau bukan berkas"),
        (make.encrypted_xlsx, "dilindungi kata sandi"),
        (make.empty_sheet_xlsx, "tidak berisi data"),
        (make.zip_bomb_xlsx, "demi keamanan"),
        (_noise, "hampir tidak ada yang dikenali"),
        (_no_columns, "Tidak ada kolom yang dikenali"),
        (_empty_bytes, "kosong"),
        (_pdf, "tidak didukung"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_http_200(roles, tmp_path: Path, build, expected: str) -> None:
    response = upload(client_for(roles.petugas), build(tmp_path))

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_reading(roles, settings) -> None:
    settings.SIMPUL_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile(
        "besar.csv", b"Nama Usaha\n" + b"x" * (1024 * 1024 + 10), content_type="text/csv"
    )

    response = client_for(roles.petugas).post(UPLOAD, {"file": big, "kind": "usaha"})

    assert response.status_code == 200
    assert "Berkas terlalu besar" in response.content.decode()


# --------------------------------------------------------------------------------------------
# The whole journey
# --------------------------------------------------------------------------------------------


def test_upload_map_preview_dry_run_import_and_download_the_report(roles, tmp_path: Path) -> None:
    client = client_for(roles.petugas)
    response = upload(client, files.titled_xlsx(tmp_path))
    run = ImportJob.objects.get()
    assert response["Location"] == reverse("ingest:mapping", args=[run.pk])

    page = client.get(response["Location"]).content.decode()
    assert "Judul kolom ditemukan di baris 3" in page
    assert "sama dengan &#x27;Nama Perusahaan&#x27;" in page  # the reason of a suggestion
    assert run.column_mapping[17].multiplier == 1000  # "(Rp.000)"

    response = client.post(reverse("ingest:mapping", args=[run.pk]), mapping_post(run))
    assert response["Location"] == reverse("ingest:preview", args=[run.pk])
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Rp39.600.000" in text and "Jlodro, Kec. Kenduruan" in text

    response = client.post(reverse("ingest:start", args=[run.pk]), {"mode": "dry_run"})
    run.refresh_from_db()
    assert response["Location"] == reverse("ingest:result", args=[run.pk])
    assert (run.status, run.dry_run, run.created, run.rejected) == ("done", True, 6, 4)
    assert not Usaha.objects.exists()
    result = client.get(response["Location"]).content.decode()
    assert "Hasil uji coba" in result and "Impor sekarang" in result

    response = client.post(reverse("ingest:start", args=[run.pk]), {"mode": "import"})
    real = ImportJob.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("ingest:result", args=[real.pk])
    assert (real.status, real.dry_run, real.created, real.rejected, real.source_run) == (
        "done",
        False,
        6,
        4,
        run,
    )
    assert real.job is not None and real.job.status == "done"
    assert Usaha.objects.count() == 6

    report = client.get(reverse("ingest:report", args=[real.pk]))
    assert report.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(report.content))
    sheet = book["Perlu diperbaiki"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Baris", "Status impor", "Kolom A"] and header[-1] == "Alasan"
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [13, 14, 15, 16]
    nik_row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == 15)
    nik_cell = nik_row[2 + 4]  # column E of the file
    assert nik_cell.value == "3523011234"
    assert "NIK harus 16 angka" in nik_cell.comment.text
    assert "E: NIK harus 16 angka" in nik_row[-1].value
    assert book["Ringkasan"]["B5"].value == 6


def test_the_error_report_can_be_corrected_and_imported_again(roles, tmp_path: Path) -> None:
    client = client_for(roles.admin)
    upload(client, files.titled_xlsx(tmp_path))
    run = ImportJob.objects.get()
    client.post(reverse("ingest:mapping", args=[run.pk]), mapping_post(run))
    client.post(reverse("ingest:start", args=[run.pk]), {"mode": "import"})
    report = tmp_path / "laporan.xlsx"
    report.write_bytes(client.get(reverse("ingest:report", args=[run.pk])).content)
    book = openpyxl.load_workbook(report)
    sheet = book["Perlu diperbaiki"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == 15:
            row[2 + 4].value = make.nik(9)  # the officer fixes the NIK

    book.save(report)
    response = upload(client, report)
    again = ImportJob.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert {spec.field for spec in again.column_mapping.values()} >= {
        "nama_usaha",
        "nik",
        "desa",
        "kecamatan",
    }
    client.post(reverse("ingest:mapping", args=[again.pk]), mapping_post(again))
    client.post(reverse("ingest:start", args=[again.pk]), {"mode": "import"})
    again.refresh_from_db()
    assert again.created == 1  # the corrected row; the others are still rejected for their reasons
    assert Usaha.objects.filter(name="CV Tenun Fiktif").exists()


def test_the_mapping_can_be_changed_saved_as_a_template_and_applied(roles, tmp_path: Path) -> None:
    client = client_for(roles.petugas)
    upload(client, files.headerless_xlsx(tmp_path))
    run = ImportJob.objects.get()
    assert 7 not in run.column_mapping  # the product column is not recognised by content

    data = mapping_post(run, "save_template", col_7="produk", template_name="Pendataan kecamatan")
    response = client.post(reverse("ingest:mapping", args=[run.pk]), data)
    assert response.status_code == 200
    assert "disimpan sebagai templat" in response.content.decode()
    template = MappingTemplate.objects.get()
    assert template.mapping["#7"] == {"field": "produk", "multiplier": 1}

    upload(client, files.headerless_xlsx(tmp_path))
    second = ImportJob.objects.order_by("-pk").first()
    client.post(
        reverse("ingest:mapping", args=[second.pk]),
        mapping_post(second, "apply_template", template=str(template.pk)),
    )
    second.refresh_from_db()
    assert second.column_mapping[7].field == "produk"


def test_a_field_chosen_for_two_columns_is_refused(roles, tmp_path: Path) -> None:
    client = client_for(roles.petugas)
    upload(client, files.titled_xlsx(tmp_path))
    run = ImportJob.objects.get()

    response = client.post(reverse("ingest:mapping", args=[run.pk]), mapping_post(run, col_3="nama_usaha"))

    assert response.status_code == 200
    assert "sudah dipilih untuk kolom" in response.content.decode()


def test_the_header_row_can_be_set_by_hand(roles, tmp_path: Path) -> None:
    client = client_for(roles.petugas)
    upload(client, files.titled_xlsx(tmp_path))
    run = ImportJob.objects.get()

    client.post(reverse("ingest:mapping", args=[run.pk]), mapping_post(run, "relayout", header_row="3"))

    run.refresh_from_db()
    assert (run.header_row, run.data_start) == (2, 3)


def test_progress_polling_reloads_the_page_when_the_run_is_over(roles, tmp_path: Path) -> None:
    client = client_for(roles.petugas)
    upload(client, files.titled_xlsx(tmp_path))
    run = ImportJob.objects.get()
    client.post(reverse("ingest:start", args=[run.pk]), {"mode": "import"})

    response = client.get(reverse("ingest:progress", args=[run.pk]) + "?polling=1", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert 'data-status="done"' in response.content.decode()
