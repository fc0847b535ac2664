"""Participant lists: XLSX export, and attendance sheets imported back (matching by NIB or name + desa)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from simpul.programs import imports, lifecycle
from simpul.programs.models import Partisipasi

pytestmark = pytest.mark.django_db
S = Partisipasi.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _read(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_participant_list_exports_to_xlsx_with_the_attendance_columns(client, world):
    a, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    lifecycle.mark_attended(a)
    lifecycle.propose(world.halal_day, world.c, world.roles.petugas)
    client.force_login(world.roles.petugas)
    response = client.get(f"/program/{world.halal.pk}/peserta/ekspor/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = _read(response.content)
    assert rows[0][:5] == ["Nama usaha", "NIB", "Desa", "Kecamatan", "Pemilik"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Keripik Sari Rasa"][1:5] == ["1234567890123", "Jlodro", "Kenduruan", "Siti Aminah"]
    assert by_name["Keripik Sari Rasa"][7:9] == ["Hadir", "ya"]
    assert by_name["Tempe Murni"][7] == "Diusulkan" and by_name["Tempe Murni"][8] in (None, "")


def test_the_export_keeps_to_the_officers_area(client, world):
    lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    client.force_login(world.roles.petugas_other)
    rows = _read(client.get(f"/program/{world.halal.pk}/peserta/ekspor/").content)
    assert rows[1:] == []


def test_an_exported_list_ticked_and_imported_back_marks_attendance(client, world):
    lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    lifecycle.propose(world.halal_day, world.c, world.roles.petugas)
    client.force_login(world.roles.petugas)
    rows = _read(client.get(f"/program/{world.halal.pk}/peserta/ekspor/").content)
    hadir = rows[0].index("Hadir")
    for row in rows[1:]:
        row[hadir] = "ya" if row[0] == "Keripik Sari Rasa" else "tidak"
    report = imports.import_attendance(world.halal_day, _xlsx(rows), "hadir.xlsx", world.roles.petugas)
    assert (report.rows, report.marked, report.absent, report.added, report.problems) == (2, 1, 1, 0, [])
    statuses = dict(Partisipasi.objects.values_list("usaha__name", "status"))
    assert statuses == {"Keripik Sari Rasa": S.HADIR, "Tempe Murni": S.DIUSULKAN}


def test_a_messy_attendance_sheet_matches_by_nib_or_name_and_desa_and_reports_the_rest(world):
    lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    sheet = _xlsx(
        [
            ["DAFTAR HADIR PENDAMPINGAN HALAL"],
            [],
            [None, "No", "Nama Usaha", "NIB", "Desa/Kel", "Kecamatan", "Tanda Tangan"],
            [None, 1, "Kripik Sari (salah ketik)", "1234567890123", "Jlodro", "Kenduruan", "✓"],
            [None, 2, "TEMPE MURNI", "-", "Desa Sokogunung", "Kenduruan", "ttd"],
            [None, 3, "Usaha Hantu", None, "Jlodro", "Kenduruan", "ttd"],
            [None, 4, "Roti Enak", None, None, None, "ttd"],
            [None, 5, "Tempe Murni", None, "Sokogunung", None, "ttd"],
            [None, 6, "Gerabah Tanah Liat", None, "Mondokan", "Tuban", None],
        ]
    )
    report = imports.import_attendance(world.halal_day, sheet, "daftar hadir.xlsx", world.roles.petugas)
    assert (report.rows, report.marked, report.added, report.absent) == (6, 2, 1, 1)
    problems = {p.row: p.reason for p in report.problems}
    assert problems == {
        6: "usaha 'Usaha Hantu' di desa Jlodro tidak ditemukan di wilayah Anda.",
        7: "desa tidak diisi, sehingga nama usaha tidak dapat dicocokkan.",
        8: "usaha ini sudah tercantum di baris sebelumnya.",
    }
    tempe = Partisipasi.objects.get(usaha=world.c)
    assert tempe.status == S.HADIR and tempe.note == "Ditambahkan dari daftar hadir"
    assert Partisipasi.objects.get(usaha=world.a).status == S.HADIR


def test_rows_outside_the_officers_area_are_not_matched(world):
    sheet = _xlsx([["Nama Usaha", "Desa", "Kecamatan"], ["Gerabah Tanah Liat", "Mondokan", "Tuban"]])
    report = imports.import_attendance(world.halal_day, sheet, "hadir.xlsx", world.roles.petugas_kec)
    assert report.marked == 0 and len(report.problems) == 1
    assert not Partisipasi.objects.exists()


def test_a_sheet_without_business_columns_is_refused_in_plain_indonesian(world):
    report = imports.import_attendance(
        world.halal_day, _xlsx([["Tanggal", "Jam"], ["1-1-2025", "08.00"]]), "x.xlsx", world.roles.petugas
    )
    assert "'Nama usaha'" in report.error and "tidak ditemukan" in report.error
    broken = imports.import_attendance(
        world.halal_day, io.BytesIO(b"bukan excel"), "x.xlsx", world.roles.petugas
    )
    assert "rusak" in broken.error


def test_the_import_page_runs_the_job_and_shows_the_unmatched_rows(client, world):
    client.force_login(world.roles.petugas)
    sheet = _xlsx(
        [
            ["Nama Usaha", "NIB", "Desa"],
            ["Keripik Sari Rasa", "1234567890123", "Jlodro"],
            ["Hantu", "", "Jlodro"],
        ]
    )
    upload = SimpleUploadedFile("hadir.xlsx", sheet.getvalue(), content_type=XLSX)
    response = client.post(
        f"/program/{world.halal.pk}/peserta/impor/",
        {"kegiatan": world.halal_day.pk, "file": upload},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "1 usaha ditandai hadir" in body and "usaha &#x27;Hantu&#x27; di desa Jlodro tidak ditemukan" in body
    )
    assert Partisipasi.objects.get().status == S.HADIR


def test_only_officers_may_import(client, world):
    for role in ("pimpinan", "asosiasi", "mitra", "pelaku"):
        client.force_login(getattr(world.roles, role))
        assert client.get(f"/program/{world.halal.pk}/peserta/impor/").status_code == 403
