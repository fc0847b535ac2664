"""`manage.py import_ikm`: the same import as the web, with one JSON object on stdout."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from simpul.ingest.models import ImportJob, MappingTemplate
from simpul.ingest.tests.fixtures import ikm_files as files
from simpul.ingest.tests.fixtures import make_fixtures as make
from simpul.registry.models import Produk, Usaha

pytestmark = pytest.mark.django_db


def run_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ikm", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output_is_one_object_with_counts_and_spreadsheet_row_numbers(tmp_path: Path) -> None:
    out, _err = run_command(str(files.titled_xlsx(tmp_path)), "--json")

    data = json.loads(out)
    assert set(data) == {"rows", "created", "updated", "unchanged", "rejected", "errors"}
    assert {
        k: data[k] for k in ("rows", "created", "updated", "unchanged", "rejected")
    } == files.TITLED_EXPECTED
    assert {
        "row": 15,
        "column": "E",
        "value": "3523011234",
        "message": "NIK harus 16 angka; '3523011234' hanya 10 angka.",
    } in data["errors"]
    assert sorted({e["row"] for e in data["errors"]}) == [13, 14, 15, 16]
    assert Usaha.objects.count() == 6
    assert ImportJob.objects.get().status == "done"


def test_a_second_run_reports_everything_unchanged(tmp_path: Path) -> None:
    path = str(files.titled_xlsx(tmp_path))
    run_command(path, "--json")

    data = json.loads(run_command(path, "--json")[0])

    assert (data["created"], data["updated"], data["unchanged"], data["rejected"]) == (0, 0, 6, 4)


def test_dry_run_saves_nothing(tmp_path: Path) -> None:
    data = json.loads(run_command(str(files.titled_xlsx(tmp_path)), "--dry-run", "--json")[0])

    assert data["created"] == 6
    assert not Usaha.objects.exists()


def test_kind_sheet_and_human_summary(tmp_path: Path) -> None:
    out, _err = run_command(str(files.products_xlsx(tmp_path)), "--kind", "produk", "--sheet", "Produk")

    assert out.startswith(
        "Impor ikm_produk.xlsx: 7 baris — 6 dibuat, 0 diperbarui, 0 tidak berubah, 1 ditolak"
    )
    assert "baris 7 kolom E: Produk ini sudah ada di baris 6" in out
    assert Produk.objects.count() == 6


def test_a_saved_mapping_template_is_applied(tmp_path: Path) -> None:
    MappingTemplate.objects.create(
        name="Tanpa judul",
        mapping={
            "#1": {"field": "nama_usaha", "multiplier": 1},
            "#5": {"field": "alamat", "multiplier": 1},
            "#7": {"field": "produk", "multiplier": 1},
        },
    )

    data = json.loads(
        run_command(str(files.headerless_xlsx(tmp_path)), "--mapping", "Tanpa judul", "--json")[0]
    )

    assert (data["created"], data["rejected"]) == (6, 0)  # the NIK column is not in the template
    assert Usaha.objects.get(name="UD Rekaan Sentosa").produk.get().name == "Gerabah"


def test_a_limited_user_imports_only_into_their_kecamatan(tmp_path: Path, roles) -> None:
    data = json.loads(
        run_command(str(files.titled_xlsx(tmp_path)), "--user", roles.petugas_kec.username, "--json")[0]
    )

    assert data["created"] == 2
    assert any("di luar wilayah tugas Anda" in e["message"] for e in data["errors"])


@pytest.mark.parametrize(
    ("build", "expected"),
    [(make.corrupt_xlsx, "rusak"), (make.encrypted_xlsx, "kata sandi"), (make.noise_xlsx, "dikenali")],
)
def test_a_bad_file_stops_with_a_clear_message(tmp_path: Path, build, expected: str) -> None:
    with pytest.raises(CommandError, match=expected):
        run_command(str(build(tmp_path)), "--json")


def test_unknown_template_names_the_existing_ones(tmp_path: Path) -> None:
    MappingTemplate.objects.create(name="Dinas 2024", mapping={})
    with pytest.raises(CommandError, match="Dinas 2024"):
        run_command(str(files.titled_xlsx(tmp_path)), "--mapping", "Tidak ada")
