"""The import engine on generated messy files: counts, messages, matching, idempotence, batches."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from simpul.ingest import pipeline, runs
from simpul.ingest.fields import ColumnSpec
from simpul.ingest.models import ImportJob
from simpul.ingest.pipeline import ImportOptions
from simpul.ingest.tests.conftest import messages_of, options_for_file, run_file
from simpul.ingest.tests.fixtures import ikm_files as files
from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, Usaha

pytestmark = pytest.mark.django_db

COUNT_KEYS = ("rows", "created", "updated", "unchanged", "rejected")


def counts(summary: pipeline.Summary) -> dict[str, int]:
    return {key: getattr(summary, key) for key in COUNT_KEYS}


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


# --------------------------------------------------------------------------------------------
# Messy files
# --------------------------------------------------------------------------------------------


def test_titled_file_with_every_kind_of_mess_imports_with_expected_counts_and_messages(
    tmp_path: Path,
) -> None:
    summary = run_file(files.titled_xlsx(tmp_path))

    assert counts(summary) == files.TITLED_EXPECTED
    # Row numbers are the spreadsheet's: data starts on row 6, a blank row sits after row 9.
    assert "sudah ada di baris 8 berkas ini" in messages_of(summary, 13)[0]
    assert "ada di lebih dari satu kecamatan (Kenduruan, Tuban)" in messages_of(summary, 14)[0]
    assert messages_of(summary, 15) == ["NIK harus 16 angka; '3523011234' hanya 10 angka."]
    assert "jumlah/total" in messages_of(summary, 16)[0]
    assert {issue.column for result in summary.flagged for issue in result.issues} == {"C", "E", "H"}


def test_titled_file_stores_clean_values(tmp_path: Path) -> None:
    run_file(files.titled_xlsx(tmp_path))

    first = Usaha.objects.get(name="UD Contoh Sejahtera")
    assert first.desa_id == "35.23.01.2001" and first.kecamatan_id == "35.23.01"
    assert first.whatsapp == "+6281200001000"  # "0812 0000 1000"
    assert first.source == Usaha.Source.IMPOR
    assert first.group.slug == "pangan"
    report = first.laporan.get()
    assert report.year == 2024  # from the merged title "... TAHUN 2024"
    assert report.investment_machines == Decimal(39_600_000)  # "39.600." in a "(Rp.000)" column
    assert (report.workforce_male, report.workforce_female) == (1, 0)
    assert first.scale == "kecil"
    assert first.completeness > 0
    owner = first.owners.get()
    assert (owner.name, owner.gender) == ("Budi Contoh", "L")

    second = Usaha.objects.get(name="CV Fiktif Makmur")
    assert second.group.slug == "sandang-kulit"  # "sandang " with a trailing space
    assert second.kecamatan_id == "35.23.01"  # "kenduruan " in lower case
    assert Usaha.objects.get(name="Toko Batik Rekaan").group.slug == "pangan"  # "makanan & minuman"
    assert Usaha.objects.get(name="Toko Batik Rekaan").whatsapp == ""  # "-" is empty
    assert Usaha.objects.get(name="Mebel Fiktif Abadi").laporan.get().investment_machines == Decimal(
        120_000_000
    )
    units = dict(Produk.objects.values_list("name", "unit"))
    assert units == {
        "Kerupuk": "kg",
        "Batik tulis": "lembar",
        "Kursi kayu": "buah",  # "Buah "
        "Keripik singkong": "bungkus",  # "bks"
        "Tempe": "buah",  # "Biji"
        "Tenun ikat": "lembar",  # "lbr"
    }
    assert Produk.objects.get(name="Kerupuk").capacity_per_year == Decimal(1200)  # "1.200"
    assert Pelaku.objects.get(name="Agus Rekaan").nik == ""  # "*" is empty


def test_history_rows_record_the_import(tmp_path: Path, roles) -> None:
    run_file(files.titled_xlsx(tmp_path), user=roles.petugas)

    usaha = Usaha.objects.get(name="UD Contoh Sejahtera")
    record = usaha.history.get()
    assert record.history_type == "+"
    assert record.history_user == roles.petugas
    assert record.history_change_reason.startswith("Impor berkas ikm_tuban_judul_baris3.xlsx")
    assert Kepemilikan.history.filter(usaha_id=usaha.pk).count() == 1
    assert Produk.history.filter(usaha_id=usaha.pk).count() == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    path = files.titled_xlsx(tmp_path)
    run_file(path)
    stored = (
        Usaha.objects.count(),
        Pelaku.objects.count(),
        Produk.objects.count(),
        LaporanTahunan.objects.count(),
    )
    history = Usaha.history.count()

    again = run_file(path)

    assert counts(again) == {"rows": 10, "created": 0, "updated": 0, "unchanged": 6, "rejected": 4}
    assert stored == (
        Usaha.objects.count(),
        Pelaku.objects.count(),
        Produk.objects.count(),
        LaporanTahunan.objects.count(),
    )
    assert Usaha.history.count() == history


def test_headerless_file_is_recognised_by_content(tmp_path: Path) -> None:
    path = files.headerless_xlsx(tmp_path)
    options = options_for_file(path)
    assert options.data_start == 0
    assert {spec.field for spec in options.mapping.values()} >= {"nama_usaha", "nik", "alamat", "telepon"}
    options.mapping[7] = ColumnSpec("produk")  # the officer maps the product column by hand

    summary = pipeline.run_import(path, options)

    assert counts(summary) == {"rows": 6, "created": 5, "updated": 0, "unchanged": 0, "rejected": 1}
    assert messages_of(summary, 6) == ["NIK harus 16 angka; '35230112' hanya 8 angka."]
    usaha = Usaha.objects.get(name="UD Rekaan Sentosa")
    assert usaha.whatsapp == "+6281200003001"  # the Excel number lost its leading 0
    assert usaha.desa_id == "35.23.01.2001" and usaha.year_founded == 2001
    assert usaha.produk.get().name == "Gerabah"


def test_kecamatan_at_the_end_of_a_free_text_address(tmp_path: Path, settings) -> None:
    settings.SIMPUL_HOME_REGION = "64.02"

    summary = run_file(files.address_csv(tmp_path))

    assert counts(summary) == files.ADDRESS_EXPECTED
    assert Usaha.objects.get(name="Amplang Contoh").desa_id == "64.02.03.2008"  # Tani Harapan, Loa Janan
    assert (
        Usaha.objects.get(name="Kerupuk Udang Fiktif").desa_id == "64.02.03.2001"
    )  # "Ds. Bakungan Kec. ..."
    assert Usaha.objects.get(name="Anyaman Rekaan").kecamatan_id == "64.02.16"  # "Tenggarong Sbrg"
    assert Usaha.objects.get(name="Dodol Fiktif").kecamatan_id == "64.02.15"  # "Sanga2"
    assert messages_of(summary, 8) == [
        "Kecamatan Loa Janan dikenali dari alamat, tetapi tidak ada nama desa/kelurahan Kecamatan Loa Janan "
        "di dalamnya; isi kolom desa/kelurahan."
    ]
    assert messages_of(summary, 9)[0].startswith("Kecamatan tidak dapat dikenali dari alamat")


def test_a_region_read_with_medium_confidence_is_stored_and_flagged_doubtful(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "ragu.csv",
        [["Nama Usaha", "Desa", "Kecamatan"], ["Tahu Rekaan", "Sokogunug", "Kenduruan"]],
    )

    summary = run_file(path)

    assert counts(summary) == {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert summary.doubtful == 1
    assert messages_of(summary, 2) == [
        "Desa/kelurahan 'Sokogunug' dibaca sebagai Sokogunung (kemiripan sedang); periksa kebenarannya."
    ]
    assert Usaha.objects.get().desa_id == "35.23.01.2002"


def test_a_region_that_cannot_be_matched_with_confidence_is_rejected_never_guessed(
    tmp_path: Path, settings
) -> None:
    settings.SIMPUL_HOME_REGION = "64.02"
    path = write_csv(
        tmp_path / "wilayah.csv",
        [
            ["Nama Usaha", "Desa", "Kecamatan"],
            ["Amplang Rekaan", "Bakungan", "Loa Jnn"],
            ["Madu Contoh", "Xyz", "Qwerty"],
        ],
    )

    summary = run_file(path)

    assert counts(summary) == {"rows": 2, "created": 0, "updated": 0, "unchanged": 0, "rejected": 2}
    assert messages_of(summary, 2) == [
        "Kecamatan 'Loa Jnn' tidak ditemukan di Kabupaten Kutai Kartanegara. Mungkin maksudnya 'Loa Janan'? "
        "Perbaiki penulisannya."
    ]
    assert "tidak ditemukan" in messages_of(summary, 3)[0]
    assert not Usaha.objects.exists()


def test_one_row_per_business_and_product(tmp_path: Path) -> None:
    summary = run_file(files.products_xlsx(tmp_path), "produk")

    assert counts(summary) == files.PRODUCT_EXPECTED
    assert "Produk ini sudah ada di baris 6" in messages_of(summary, 7)[0]
    assert Usaha.objects.count() == 3
    usaha = Usaha.objects.get(nib="1234567890123")
    assert sorted(usaha.produk.values_list("name", flat=True)) == [
        "Kerupuk ikan",
        "Kerupuk udang",
        "Rengginang",
    ]
    ikan = usaha.produk.get(name="Kerupuk ikan")
    assert (ikan.unit, ikan.price_min) == ("kg", Decimal(30_000))  # "Kg." and "Rp 30.000"
    assert usaha.produk.get(name="Rengginang").price_min == Decimal(10_000)  # "10 rb"
    jamu = Produk.objects.get(name="Jamu serbuk")
    assert (jamu.unit, jamu.capacity_per_year) == ("kg", Decimal(500))  # 500.000 gram

    again = run_file(files.products_xlsx(tmp_path), "produk")
    assert counts(again) == {"rows": 7, "created": 0, "updated": 0, "unchanged": 6, "rejected": 1}


def test_yearly_figures_per_business_and_product(tmp_path: Path) -> None:
    summary = run_file(files.reports_xlsx(tmp_path), "laporan")

    assert counts(summary) == files.REPORT_EXPECTED
    usaha = Usaha.objects.get(name="UD Contoh Sejahtera")
    report = usaha.laporan.get(year=2024)
    assert (report.workforce_male, report.workforce_female) == (3, 2)
    assert report.investment_machines == Decimal(40_000_000)
    assert report.production_value == Decimal(46_000_000)  # the sum of its product lines
    assert sorted(report.produksi.values_list("volume", flat=True)) == [Decimal(700), Decimal(1000)]
    assert LaporanTahunan.objects.filter(usaha__name="CV Rekaan Makmur").count() == 2
    assert Usaha.objects.get(name="CV Rekaan Makmur").scale == "menengah"  # Rp1,2 miliar in 2024

    again = run_file(files.reports_xlsx(tmp_path), "laporan")
    assert counts(again) == {"rows": 4, "created": 0, "updated": 0, "unchanged": 4, "rejected": 0}


def test_values_of_later_rows_that_disagree_are_flagged_not_applied(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "beda.csv",
        [
            ["Nama Usaha", "Desa", "Kecamatan", "No. HP", "Nama Produk"],
            ["Sambal Rekaan", "Jlodro", "Kenduruan", "0812 0000 7001", "Sambal bawang"],
            ["Sambal Rekaan", "Jlodro", "Kenduruan", "0812 0000 7999", "Sambal ijo"],
        ],
    )

    summary = run_file(path, "produk")

    assert counts(summary) == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert summary.doubtful == 1
    assert messages_of(summary, 3) == [
        "Nomor telepon berbeda dengan baris 2 untuk usaha yang sama; nilai baris 2 yang dipakai."
    ]
    assert Usaha.objects.get().whatsapp == "+6281200007001"


# --------------------------------------------------------------------------------------------
# Matching the registry
# --------------------------------------------------------------------------------------------


def _existing(**extra: object) -> Usaha:
    usaha = Usaha.objects.create(name="UD Sari Rasa", desa_id="35.23.01.2001", **extra)
    owner = Pelaku.objects.create(name="Siti Aminah", nik="3523014508900001", gender="P")
    Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
    return usaha


@pytest.mark.parametrize(
    ("row", "how"),
    [
        (["Sari Rasa Abadi", "1234567890123", "", "", "Sidomukti", "0812 0000 8001"], "NIB"),
        (["Keripik Sari Rasa", "", "Siti Aminah", "3523014508900001", "Sidomukti", "0812 0000 8001"], "NIK"),
        (["U.D. Sari Rasa", "", "", "", "Jlodro", "0812 0000 8001"], "name in the same desa"),
        (["Sari Rasa", "", "Hj. Siti Aminah", "", "Sidomukti", "0812 0000 8001"], "owner's name"),
    ],
)
def test_a_row_matching_an_existing_business_updates_it_instead_of_adding_a_twin(
    tmp_path: Path, row: list[str], how: str
) -> None:
    usaha = _existing(nib="1234567890123")
    path = write_csv(
        tmp_path / "cocok.csv", [["Nama Usaha", "NIB", "Nama Pemilik", "NIK", "Desa", "No. HP"], row]
    )

    summary = run_file(path)

    assert counts(summary) == {"rows": 1, "created": 0, "updated": 1, "unchanged": 0, "rejected": 0}, how
    assert Usaha.objects.count() == 1
    usaha.refresh_from_db()
    assert usaha.whatsapp == "+6281200008001"
    assert usaha.history.count() == 2  # created, then updated by the import
    assert Pelaku.objects.count() == 1


def test_a_name_match_keeps_the_registered_spelling_but_a_nib_match_renames(tmp_path: Path) -> None:
    usaha = _existing(nib="1234567890123")
    by_name = write_csv(tmp_path / "nama.csv", [["Nama Usaha", "Desa"], ["U.D. Sari Rasa", "Jlodro"]])
    assert counts(run_file(by_name))["unchanged"] == 1
    usaha.refresh_from_db()
    assert usaha.name == "UD Sari Rasa"

    by_nib = write_csv(
        tmp_path / "nib.csv", [["Nama Usaha", "NIB"], ["CV Sari Rasa Makmur", "1234567890123"]]
    )
    assert counts(run_file(by_nib))["updated"] == 1
    usaha.refresh_from_db()
    assert usaha.name == "CV Sari Rasa Makmur"


def test_missing_cells_never_blank_out_stored_values(tmp_path: Path) -> None:
    usaha = _existing(nib="1234567890123", address="Jl. Pahlawan 1", whatsapp="+6281200009001")
    path = write_csv(
        tmp_path / "kosong.csv",
        [["Nama Usaha", "NIB", "Alamat", "No. HP"], ["UD Sari Rasa", "1234567890123", "-", ""]],
    )

    assert counts(run_file(path))["unchanged"] == 1
    usaha.refresh_from_db()
    assert (usaha.address, usaha.whatsapp) == ("Jl. Pahlawan 1", "+6281200009001")


def test_businesses_whose_names_differ_by_a_number_are_not_merged(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "nomor.csv",
        [
            ["Nama Usaha", "Desa", "Kecamatan"],
            ["Tempe Rekaan 1", "Jlodro", "Kenduruan"],
            ["Tempe Rekaan 2", "Jlodro", "Kenduruan"],
        ],
    )
    assert counts(run_file(path))["created"] == 2


# --------------------------------------------------------------------------------------------
# Scope, dry run, batches, queries
# --------------------------------------------------------------------------------------------


def test_a_petugas_limited_to_a_kecamatan_cannot_import_rows_of_other_kecamatan(
    tmp_path: Path, roles
) -> None:
    summary = run_file(files.titled_xlsx(tmp_path), user=roles.petugas_kec)

    # Rows in Kenduruan (35.23.01) are created; rows in Tuban are rejected with the reason.
    assert summary.created == 2
    assert set(Usaha.objects.values_list("kecamatan_id", flat=True)) == {"35.23.01"}
    message = messages_of(summary, 8)[0]
    assert message.startswith("Wilayah baris ini: Kecamatan Tuban, di luar wilayah tugas Anda (Kenduruan)")


def test_a_petugas_cannot_update_a_business_of_another_kecamatan(tmp_path: Path, roles) -> None:
    _existing(nib="1234567890123")  # in Kenduruan
    path = write_csv(
        tmp_path / "lain.csv",
        [["Nama Usaha", "NIB", "No. HP"], ["UD Sari Rasa", "1234567890123", "0812 0000 8001"]],
    )

    summary = run_file(path, user=roles.petugas_other)

    assert summary.rejected == 1
    assert (
        "Usaha ini tercatat di Kecamatan Kenduruan, di luar wilayah tugas Anda (Tuban)"
        in messages_of(summary, 2)[0]
    )


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(tmp_path: Path) -> None:
    path = files.products_xlsx(tmp_path)

    dry = run_file(path, "produk", dry_run=True)

    assert counts(dry) == files.PRODUCT_EXPECTED
    assert not Usaha.objects.exists() and not Produk.objects.exists() and not Usaha.history.exists()
    assert counts(run_file(path, "produk")) == files.PRODUCT_EXPECTED


def test_an_interrupted_import_completes_on_a_second_run_without_duplicates(
    tmp_path: Path, monkeypatch
) -> None:
    path = files.many_rows_csv(tmp_path, 10)
    write = pipeline.write_plan
    calls = {"n": 0}

    def failing_write(ctx: pipeline.Context, plan: pipeline.Plan) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("server dihentikan")
        write(ctx, plan)

    monkeypatch.setattr(pipeline, "write_plan", failing_write)
    with pytest.raises(RuntimeError):
        run_file(path, batch_size=4)
    assert Usaha.objects.count() == 4  # the first batch is complete, the second left nothing behind
    monkeypatch.setattr(pipeline, "write_plan", write)

    again = run_file(path, batch_size=4)

    assert counts(again) == {"rows": 10, "created": 6, "updated": 0, "unchanged": 4, "rejected": 0}
    assert Usaha.objects.count() == 10
    assert Usaha.objects.values("name").distinct().count() == 10
    assert Pelaku.objects.count() == 10 and Kepemilikan.objects.count() == 10


def test_a_resumed_run_keeps_the_results_of_its_committed_batches(tmp_path: Path, monkeypatch, roles) -> None:
    path = files.many_rows_csv(tmp_path, 10)
    with path.open("rb") as handle:
        run = runs.create_run(handle, path.name, "usaha", roles.admin)
    run.batch_size = 4
    run.save()
    write = pipeline.write_plan
    calls = {"n": 0}

    def failing_write(ctx: pipeline.Context, plan: pipeline.Plan) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("server dihentikan")
        write(ctx, plan)

    monkeypatch.setattr(pipeline, "write_plan", failing_write)
    with pytest.raises(RuntimeError):
        runs.execute(run)
    run.refresh_from_db()
    assert run.status == ImportJob.Status.FAILED and run.created == 4 and run.chunks.count() == 1
    assert runs.can_resume(run)
    monkeypatch.setattr(pipeline, "write_plan", write)

    summary = runs.execute(run)

    run.refresh_from_db()
    assert (run.status, run.created, run.unchanged, run.rejected) == (ImportJob.Status.DONE, 10, 0, 0)
    assert summary.created == 10 and Usaha.objects.count() == 10
    assert run.chunks.count() == 3


def test_queries_do_not_grow_with_the_number_of_rows(tmp_path: Path, django_assert_max_num_queries) -> None:
    small = files.many_rows_csv(tmp_path, 20, name="kecil.csv")
    large = files.many_rows_csv(tmp_path, 400, name="besar.csv")

    with CaptureQueriesContext(connection) as few:
        run_file(small)
    Usaha.objects.all().delete()
    Pelaku.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        summary = run_file(large)

    assert summary.created == 400


def test_a_mapping_without_the_business_name_cannot_run(tmp_path: Path) -> None:
    path = files.many_rows_csv(tmp_path, 2)
    with pytest.raises(pipeline.MappingError, match="nama usaha"):
        pipeline.run_import(path, ImportOptions(mapping={1: ColumnSpec("nama_pemilik")}, data_start=1))


# --------------------------------------------------------------------------------------------
# Whatever a cell holds
# --------------------------------------------------------------------------------------------

_CELL = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(
        ["-", "*", "39.600.", "Rp 5 jt", "Kec. Tuban", "Jlodro", "=1+1", "'+62812", "#REF!", " "]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.booleans(),
)
_FIELDS = ["nama_usaha", "nama_pemilik", "nik", "desa", "kecamatan", "alamat", "telepon", "investasi", "satuan",
           "kapasitas", "tenaga_kerja_l", "kbli", "kelompok", "bentuk_usaha", "tahun_berdiri", "produk"]  # fmt: skip


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(_CELL, min_size=len(_FIELDS), max_size=len(_FIELDS)), min_size=1, max_size=4))
def test_arbitrary_cells_never_crash_a_row_and_every_row_gets_an_outcome(rows: list[list[object]]) -> None:
    options = ImportOptions(
        kind="produk",
        mapping={col: ColumnSpec(key, 1000 if key == "investasi" else 1) for col, key in enumerate(_FIELDS)},
        year=2024,
        dry_run=True,
    )
    ctx = pipeline.Context(options)
    batch = [(number + 2, cells) for number, cells in enumerate(rows)]

    result = pipeline.process_batch(ctx, 0, batch, write=False, on_batch=None)

    assert len(result.rows) == len(rows)
    for row in result.rows:
        assert row.outcome in (pipeline.CREATED, pipeline.UPDATED, pipeline.UNCHANGED, pipeline.REJECTED)
        assert row.outcome != pipeline.REJECTED or any(issue.level == "error" for issue in row.issues)
        assert all(issue.message for issue in row.issues)
