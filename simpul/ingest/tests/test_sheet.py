"""Reading sheets and recognising their layout, on generated messy files (no database, no Django)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simpul.ingest import sheet as s
from simpul.ingest.tests.fixtures import make_fixtures as make


def fields_of(mapping: dict[int, s.ColumnMatch]) -> dict[int, str]:
    return {col: match.field for col, match in mapping.items()}


# ------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------


def test_read_rows_keeps_spreadsheet_positions_despite_empty_leading_rows_and_columns(tmp_path: Path) -> None:
    rows = list(s.read_rows(make.titled_header_xlsx(tmp_path)))
    assert rows[0][1].startswith("DATA INDUSTRI KECIL")  # B1
    assert rows[1] == [None] * len(rows[1])  # empty row 2
    assert rows[2][0] is None and rows[2][1] == "No"  # column A is empty, B3 holds "No"
    assert rows[5][1] == 1  # Excel's 1.0 comes back as int
    assert rows[5][4] == make.nik(0)  # text stays text


def test_read_rows_streams_and_honours_max_rows(tmp_path: Path) -> None:
    rows = s.read_rows(make.titled_header_xlsx(tmp_path), max_rows=3)
    assert not isinstance(rows, list)
    assert len(list(rows)) == 3


def test_read_rows_accepts_an_uploaded_file_object(tmp_path: Path) -> None:
    data = make.headerless_xlsx(tmp_path).read_bytes()
    upload = io.BytesIO(data)
    rows = list(s.read_rows(upload, filename="unggahan.xlsx"))
    assert rows[0][1] == make.BUSINESSES[0]
    assert not upload.closed


def test_read_rows_picks_the_first_visible_sheet_with_data(tmp_path: Path) -> None:
    path = make.multi_sheet_xlsx(tmp_path)
    assert s.list_sheets(path) == ["Sampul", "Data IKM"]
    assert s.list_sheets(path, include_hidden=True) == ["Sampul", "Referensi", "Data IKM"]
    assert next(iter(s.read_rows(path))) == ["Nama Usaha", "Pemilik"]
    assert next(iter(s.read_rows(path, sheet="Referensi"))) == ["Pangan", "Sandang"]


def test_read_rows_reports_a_missing_sheet_by_name(tmp_path: Path) -> None:
    with pytest.raises(s.SheetError) as error:
        s.read_rows(make.multi_sheet_xlsx(tmp_path), sheet="Tidak Ada")
    assert error.value.code == "sheet_not_found"
    assert "Data IKM" in str(error.value)


def test_csv_with_semicolons_and_cp1252_accents(tmp_path: Path) -> None:
    path = make.semicolon_cp1252_csv(tmp_path)
    rows = list(s.read_rows(path))
    assert rows[0][:2] == ["Nama Usaha", "Pemilik"]
    assert rows[1][0] == "Kopi Café Contoh"
    assert rows[1][6] == "aktif – ekspor"
    assert rows[3][6] is None  # an empty trailing field is a missing cell
    assert s.list_sheets(path) == ["ikm_titik_koma"]


@pytest.mark.parametrize(("delimiter", "encoding"), [("\t", "utf-8"), (",", "utf-8-sig"), ("|", "utf-8")])
def test_csv_delimiter_sniffing_and_excel_sep_hint(tmp_path: Path, delimiter: str, encoding: str) -> None:
    lines = [
        "Nama Usaha{d}Alamat{d}Omzet",
        "UD Contoh{d}Jl. Fiktif 1{d}1.500.000",
        "CV Rekaan{d}Dusun Contoh{d}2 jt",
    ]
    text = "\n".join(line.format(d=delimiter) for line in lines)
    if delimiter == "|":
        text = "sep=|\n" + text  # Excel's hint line names delimiters the sniffer would not guess
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode(encoding))
    rows = list(s.read_rows(path))
    assert rows[0] == ["Nama Usaha", "Alamat", "Omzet"]
    assert rows[2] == ["CV Rekaan", "Dusun Contoh", "2 jt"]


@pytest.mark.parametrize("name", ["kosong.xlsx", "kosong.csv", "kosong.xls"])
def test_empty_file_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(s.SheetError) as error:
        s.read_rows(path)
    assert error.value.code == "empty" and "kosong" in str(error.value)


def test_blank_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kosong.csv"
    path.write_text(";;;\r\n\r\n  \r\n", encoding="utf-8")
    with pytest.raises(s.SheetError, match="kosong"):
        s.read_rows(path)


def test_workbook_with_only_an_empty_sheet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(s.SheetError) as error:
        s.read_rows(make.empty_sheet_xlsx(tmp_path))
    assert error.value.code == "empty_sheet"


@pytest.mark.parametrize("builder", [make.corrupt_xlsx, make.truncated_xlsx])
def test_corrupt_workbook_is_refused_with_a_clear_message(tmp_path: Path, builder) -> None:  # noqa: ANN001
    path = builder(tmp_path)
    with pytest.raises(s.SheetError) as error:
        s.read_rows(path)
    assert error.value.code == "corrupt"
    assert f"Berkas '{path.name}' rusak" in str(error.value)


def test_password_protected_workbook_is_recognised(tmp_path: Path) -> None:
    with pytest.raises(s.SheetError) as error:
        s.read_rows(make.encrypted_xlsx(tmp_path))
    assert error.value.code == "encrypted" and "kata sandi" in str(error.value)


def test_html_saved_as_xls_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "ekspor.xls"
    path.write_text("<html><body><table><tr><td>Nama</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(s.SheetError) as error:
        s.read_rows(path)
    assert error.value.code == "html"


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(s.SheetError) as error:
        s.read_rows(path)
    assert error.value.code == "unsupported" and ".pdf" in str(error.value)


def test_missing_path_is_reported(tmp_path: Path) -> None:
    with pytest.raises(s.SheetError) as error:
        s.read_rows(tmp_path / "tidak_ada.xlsx")
    assert error.value.code == "not_found"


def test_zip_bomb_is_refused_before_calamine_sees_it(tmp_path: Path) -> None:
    path = make.zip_bomb_xlsx(tmp_path)
    assert path.stat().st_size < 200_000  # tiny on disk, 20 MB inflated
    with pytest.raises(s.SheetError) as error:
        s.read_rows(path)
    assert error.value.code == "too_large" and "tidak wajar" in str(error.value)


def test_total_uncompressed_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = make.headerless_xlsx(tmp_path)
    with pytest.raises(s.SheetError) as error:
        s.read_rows(path, max_uncompressed=1000)
    assert error.value.code == "too_large"
    assert list(s.read_rows(path))  # the default limit lets the same file through


# ------------------------------------------------------------------------------------------
# Header detection
# ------------------------------------------------------------------------------------------


def test_header_on_row_three_under_a_merged_title_with_an_empty_first_column(tmp_path: Path) -> None:
    rows = list(s.read_rows(make.titled_header_xlsx(tmp_path)))
    guess = s.find_header(rows)
    assert guess.header_row == 2
    assert guess.header_rows == (2, 3)  # "Tenaga Kerja" over "L | P | Jml"
    assert guess.data_start == 5  # the "(1) (2) (3)" numbering row is skipped
    assert guess.first_column == 1
    assert guess.title == "DATA INDUSTRI KECIL MENENGAH KABUPATEN CONTOH TAHUN 2023"
    assert guess.columns[2] == "Nama Perusahaan"
    assert [guess.columns[c] for c in (14, 15, 16)] == [
        "Tenaga Kerja L",
        "Tenaga Kerja P",
        "Tenaga Kerja Jml",
    ]
    assert "baris 3 dan 4" in guess.reason


def test_mapping_of_the_titled_file_uses_headers_and_carries_the_thousands_unit(tmp_path: Path) -> None:
    rows = list(s.read_rows(make.titled_header_xlsx(tmp_path)))
    guess, mapping = s.guess_layout(rows)
    assert fields_of(mapping) == {
        2: "nama_usaha", 3: "nama_pemilik", 4: "nik", 5: "jenis_kelamin", 6: "alamat", 7: "desa",
        8: "kecamatan", 9: "telepon", 10: "produk", 11: "kelompok", 12: "satuan", 13: "kapasitas",
        14: "tenaga_kerja_l", 15: "tenaga_kerja_p", 16: "tenaga_kerja", 17: "investasi",
    }  # fmt: skip
    assert 1 not in mapping  # the "No" column
    assert mapping[17].multiplier == 1000
    assert mapping[2].reason.startswith("judul kolom sama dengan 'Nama Perusahaan'")
    first = rows[guess.data_start]
    spec = {f.key: f for f in s.IKM_FIELDS}
    assert s.parse_cell(spec["investasi"], first[17], mapping[17].multiplier).value == 39_600_000
    assert s.parse_cell(spec["telepon"], first[9]).value == "+6281200001000"


def test_file_without_header_is_recognised_by_content(tmp_path: Path) -> None:
    rows = list(s.read_rows(make.headerless_xlsx(tmp_path)))
    guess, mapping = s.guess_layout(rows)
    assert guess.header_row is None and guess.columns == {} and guess.data_start == 0
    assert "dikenali dari isinya" in guess.reason
    found = fields_of(mapping)
    assert found == {
        1: "nama_usaha", 2: "nama_pemilik", 3: "nik", 4: "jenis_kelamin", 5: "alamat", 6: "telepon",
        8: "satuan", 9: "tahun_berdiri", 10: "kelompok",
    }  # fmt: skip
    assert mapping[3].reason == "isi kolom berupa 16 angka (NIK)"
    assert all(0.3 <= match.confidence <= 1 for match in mapping.values())


def test_semicolon_csv_header_and_million_unit(tmp_path: Path) -> None:
    rows = list(s.read_rows(make.semicolon_cp1252_csv(tmp_path)))
    guess, mapping = s.guess_layout(rows)
    assert guess.header_row == 0 and guess.data_start == 1
    assert mapping[5] == s.ColumnMatch(
        "nilai_produksi", 1.0, "judul kolom sama dengan 'Nilai Produksi'", 1_000_000
    )
    spec = next(f for f in s.IKM_FIELDS if f.key == "nilai_produksi")
    assert s.parse_cell(spec, rows[1][5], mapping[5].multiplier).value == 1_500_000
    assert s.parse_cell(spec, rows[3][5], mapping[5].multiplier).value == 5_000_000


def test_two_hundred_columns_of_noise_give_no_header_and_no_mapping(tmp_path: Path) -> None:
    rows = list(s.read_rows(make.noise_xlsx(tmp_path)))
    guess, mapping = s.guess_layout(rows)
    assert guess.header_row is None
    assert "Tidak ditemukan baris judul kolom" in guess.reason
    assert mapping == {}


def test_data_rows_are_not_mistaken_for_a_header() -> None:
    rows = [
        ["1", "UD Contoh", "Budi Contoh", "L", "Pangan", "Jl. Fiktif 1"],
        ["2", "CV Rekaan", "Siti Rekaan", "P", "Kerajinan", "Dusun Contoh"],
    ]
    assert s.find_header(rows).header_row is None


def test_unfamiliar_header_over_numbers_is_still_a_header() -> None:
    rows = [
        ["Kode Sentra", "Merek Dagang", "Luas Lahan"],
        ["S-01", "Contoh Rasa", 120],
        ["S-02", "Rekaan Enak", 75],
    ]
    guess = s.find_header(rows)
    assert guess.header_row == 0 and guess.data_start == 1 and guess.matched == 0
    assert guess.columns == {0: "Kode Sentra", 1: "Merek Dagang", 2: "Luas Lahan"}


def test_empty_input_gives_an_empty_guess() -> None:
    guess = s.find_header([])
    assert guess.header_row is None and guess.data_start == 0
    assert s.suggest_mapping({}, {}) == {}


# ------------------------------------------------------------------------------------------
# Column mapping
# ------------------------------------------------------------------------------------------


def test_header_synonyms_and_fuzzy_spellings_are_matched() -> None:
    headers = ["Nama IKM", "Nama Usha", "Nama Pemilik / Penanggung Jawab", "No. HP", "Kec", "Desa/Kel.",
               "Jumlah TK (orang)", "Investasi (Rp 000)", "Cabang Industri", "Th. Berdiri"]  # fmt: skip
    mapping = s.suggest_mapping(headers, {})
    assert fields_of(mapping) == {
        0: "nama_usaha", 2: "nama_pemilik", 3: "telepon", 4: "kecamatan", 5: "desa", 6: "tenaga_kerja",
        7: "investasi", 8: "kelompok", 9: "tahun_berdiri",
    }  # fmt: skip
    assert mapping[7].multiplier == 1000


def test_each_field_goes_to_one_column_only() -> None:
    mapping = s.suggest_mapping(["Nama Usaha", "Nama Usaha"], {0: ["UD Contoh"], 1: ["CV Rekaan"]})
    assert fields_of(mapping) == {0: "nama_usaha"}


def test_fuzzy_header_match_is_less_confident_than_an_exact_one() -> None:
    mapping = s.suggest_mapping(["Nama Usha", "Alamat"], {})
    assert mapping[0].confidence < mapping[1].confidence == 1.0
    assert mapping[0].reason == "judul kolom mirip 'Nama Usaha'"


def test_single_letter_headers_follow_the_content() -> None:
    counts = s.suggest_mapping({0: "L", 1: "P"}, {0: [3, 1, 0], 1: [2, 2, 5]})
    assert fields_of(counts) == {0: "tenaga_kerja_l", 1: "tenaga_kerja_p"}
    gender = s.suggest_mapping({0: "L/P"}, {0: ["L", "P", "P"]})
    assert fields_of(gender) == {0: "jenis_kelamin"}


def test_workforce_columns_are_found_by_their_sum() -> None:
    samples = {0: [2, 3, 1, 4, 0], 1: [1, 0, 2, 2, 3], 2: [3, 3, 3, 6, 3]}
    assert fields_of(s.suggest_mapping(None, samples)) == {
        0: "tenaga_kerja_l",
        1: "tenaga_kerja_p",
        2: "tenaga_kerja",
    }


def test_capacity_is_the_number_beside_the_unit() -> None:
    samples = {0: ["Kerupuk", "Tempe", "Batik"], 1: [1200, "2.500", 300], 2: ["kg", "kg", "lembar"]}
    mapping = s.suggest_mapping(None, samples)
    assert mapping[1].field == "kapasitas" and mapping[2].field == "satuan"


def test_identifier_columns_are_told_apart_by_length() -> None:
    samples = {
        0: ["9120001234567", "9120001234568"],
        1: ["01.234.567.8-901.000", "012345678901001"],
        2: ["contoh@fiktif.id", "rekaan@contoh.id"],
        3: ["10792", "13911 - Industri batik"],
        4: ["Rp 5 jt", "Rp 12.000.000"],
    }
    assert fields_of(s.suggest_mapping(None, samples)) == {
        0: "nib",
        1: "npwp",
        2: "email",
        3: "kbli",
        4: "investasi",
    }


def test_running_number_column_is_never_mapped() -> None:
    mapping = s.suggest_mapping({0: "No."}, {0: [1, 2, 3, 4], 1: [1, 2, 3, 4]})
    assert mapping == {}


def test_missing_required_names_unmapped_required_fields() -> None:
    assert [f.key for f in s.missing_required({})] == ["nama_usaha"]
    assert s.missing_required({0: s.ColumnMatch("nama_usaha", 1.0, "")}) == []


def test_parse_cell_dispatches_by_kind_and_enforces_required() -> None:
    spec = {f.key: f for f in s.IKM_FIELDS}
    assert s.parse_cell(spec["nama_usaha"], "  UD  Contoh ").value == "UD Contoh"
    assert s.parse_cell(spec["nama_usaha"], "-").message == "Nama usaha wajib diisi."
    assert s.parse_cell(spec["satuan"], "Bh").value == "buah"
    assert s.parse_cell(spec["kelompok"], "makanan & minuman").value == "pangan"
    assert s.parse_cell(spec["bentuk_usaha"], "CV.").value == "cv"
    assert s.parse_cell(spec["tenaga_kerja"], "12 orang").value == 12
    assert s.parse_cell(spec["investasi"], "39.600.", 1000).value == 39_600_000


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats()), max_size=8),
        max_size=25,
    )
)
def test_layout_guessing_never_raises_on_arbitrary_grids(rows: list[list[object]]) -> None:
    guess, mapping = s.guess_layout(rows)
    assert guess.header_row is None or 0 <= guess.header_row < len(rows)
    assert len({m.field for m in mapping.values()}) == len(mapping)
