"""Importing indicator tables: wide and long layouts, BPS quirks, per-row errors, nothing half-saved."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from simpul.analytics.imports import LAYOUT_LONG, LAYOUT_WIDE, column_letter, read_indicator_file
from simpul.analytics.models import IndicatorTable, IndicatorValue


def xlsx(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


#: A PDRB table as BPS prints it: a title, a blank row, years with "*" for preliminary
#: figures, Indonesian number text, a "-" for a missing value, a total row and a footnote.
BPS_WIDE = [
    ["PDRB Atas Dasar Harga Konstan 2010 Kabupaten Tuban Menurut Lapangan Usaha (Juta Rupiah), 2021–2023"],
    [],
    ["Lapangan Usaha", 2021, 2022, "2023*"],
    ["Pertanian, Kehutanan, dan Perikanan", "9.512.345,10", 9700000.5, "9.801.000"],
    ["Industri Pengolahan", 21000000, 21500000, 22400000],
    ["Perdagangan Besar dan Eceran", 5000000, "-", 5300000],
    ["PDRB", 35512345.1, 31200000.5, 37501000],
    ["Sumber: BPS Kabupaten Tuban"],
]


def test_a_bps_wide_table_reads_with_its_quirks():
    outcome = read_indicator_file(xlsx(BPS_WIDE), filename="pdrb.xlsx", default_region="Tuban")
    assert outcome.ok, outcome.errors
    assert outcome.layout == LAYOUT_WIDE
    values = {(v.sector, v.year): v.value for v in outcome.values}
    assert values[("Pertanian, Kehutanan, dan Perikanan", 2021)] == Decimal("9512345.10")
    assert values[("Pertanian, Kehutanan, dan Perikanan", 2023)] == 9_801_000
    assert values[("Industri Pengolahan", 2022)] == 21_500_000
    assert ("Perdagangan Besar dan Eceran", 2022) not in values  # "-" is no value, not zero
    assert len(values) == 8
    assert {v.region for v in outcome.values} == {"Tuban"}
    assert outcome.warnings == ["Baris 7 ('PDRB') dilewati: baris jumlah, bukan sektor."]


def test_a_two_row_header_with_years_under_a_merged_tahun():
    rows = [
        ["Kabupaten/Kota", "Lapangan Usaha", "Tahun", None],
        [None, None, 2022, 2023],
        ["Tuban", "Industri", 10, 12],
    ]
    outcome = read_indicator_file(xlsx(rows), filename="x.xlsx")
    assert outcome.ok, outcome.errors
    assert sorted((v.region, v.year, v.value) for v in outcome.values) == [
        ("Tuban", 2022, 10),
        ("Tuban", 2023, 12),
    ]


def test_a_long_csv_with_regions():
    text = "Wilayah;Sektor;Tahun;Nilai\nTuban;Industri;2022;1.234,5\nJawa Timur;Industri;2022;98 765,4\n"
    outcome = read_indicator_file(io.BytesIO(text.encode()), filename="panjang.csv")
    assert outcome.ok, outcome.errors
    assert outcome.layout == LAYOUT_LONG
    assert {(v.region, v.value) for v in outcome.values} == {
        ("Tuban", Decimal("1234.5")),
        ("Jawa Timur", Decimal("98765.4")),
    }


def test_errors_name_the_row_and_column_in_indonesian():
    rows = [
        ["Wilayah", "Lapangan Usaha", 2022, 2023],
        ["Tuban", "Industri", "12,3,4", 5],
        ["Tuban", None, 1, 2],
        ["Tuban", "Pertanian", -4, 2],
        ["Tuban", "Industri", 7, 8],
    ]
    outcome = read_indicator_file(xlsx(rows), filename="salah.xlsx")
    assert not outcome.ok
    assert outcome.errors[0].startswith("Baris 2, kolom C (2022): ")
    assert "Baris 3: nama sektor kosong." in outcome.errors
    assert any(e.startswith("Baris 4, kolom C (2022):") and "negatif" in e for e in outcome.errors)
    assert "Baris 5: wilayah 'Tuban', sektor 'Industri', tahun 2023 sudah ada di baris 2." in outcome.errors


def test_long_layout_errors():
    text = "Wilayah,Sektor,Tahun,Nilai\nTuban,Industri,95,10\nTuban,Industri,2022,\nTuban,Jasa,2022,abc\n"
    outcome = read_indicator_file(io.BytesIO(text.encode()), filename="p.csv", layout=LAYOUT_LONG)
    assert any(e.startswith("Baris 2, kolom C:") and "bukan tahun lengkap" in e for e in outcome.errors)
    assert "Baris 3: nilai kosong." in outcome.errors
    assert any(e.startswith("Baris 4, kolom D:") for e in outcome.errors)


def test_files_it_cannot_understand():
    no_header = read_indicator_file(xlsx([["a", "b"], [1, 2]]), filename="x.xlsx")
    assert no_header.errors[0].startswith("Judul kolom tidak ditemukan")
    no_region = read_indicator_file(xlsx([["Sektor", 2022], ["Industri", 3]]), filename="x.xlsx")
    assert no_region.errors == ["Berkas tidak punya kolom wilayah: isi nama wilayah pada formulir."]
    wrong_layout = read_indicator_file(
        xlsx([["Sektor", 2022], ["Industri", 3]]), filename="x.xlsx", layout=LAYOUT_LONG
    )
    assert "Tata letak panjang" in wrong_layout.errors[0]
    empty = read_indicator_file(io.BytesIO(b""), filename="kosong.csv")
    assert "kosong" in empty.errors[0]


def test_column_letters():
    assert [column_letter(i) for i in (0, 2, 25, 26, 27)] == ["A", "C", "Z", "AA", "AB"]


@pytest.mark.django_db
def test_the_import_page_saves_nothing_when_a_row_is_wrong(client, roles):
    client.force_login(roles.pimpinan)
    bad = [["Lapangan Usaha", 2022], ["Industri", "x1y2"], ["Pertanian", 5]]
    response = client.post(
        reverse("analytics:indicator_import"),
        {
            "file": SimpleUploadedFile("pdrb.xlsx", xlsx(bad).getvalue()),
            "name": "PDRB",
            "measure": "pdrb",
            "unit": "juta Rp",
            "sector_kind": "label",
            "region_level": 2,
            "default_region": "Tuban",
            "layout": "otomatis",
        },
    )
    assert response.status_code == 200
    assert "Baris 2, kolom B (2022)" in response.content.decode()
    assert not IndicatorTable.objects.exists()
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_the_import_page_saves_a_good_file(client, roles):
    client.force_login(roles.petugas)
    response = client.post(
        reverse("analytics:indicator_import"),
        {
            "file": SimpleUploadedFile("pdrb.xlsx", xlsx(BPS_WIDE).getvalue()),
            "name": "PDRB Tuban ADHK",
            "measure": "pdrb",
            "unit": "juta Rp",
            "sector_kind": "label",
            "region_level": 2,
            "default_region": "Tuban",
            "layout": "otomatis",
            "citation": "BPS Kabupaten Tuban 2024",
        },
    )
    table = IndicatorTable.objects.get()
    assert response.status_code == 302
    assert table.values.count() == 8
    assert table.source == IndicatorTable.Source.IMPORT
    assert table.spec["import"]["layout"] == "lebar"
    assert table.created_by == roles.petugas
