"""Export → import of the same file reports every business unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from simpul.core.export import csv_response, xlsx_response
from simpul.ingest.export import USAHA_LAYOUT, usaha_export_columns
from simpul.ingest.fields import fields_for
from simpul.ingest.sheet import find_header, read_rows, suggest_mapping
from simpul.ingest.tests.conftest import run_file
from simpul.registry.models import Kepemilikan, Pelaku, Usaha

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> list[Usaha]:
    """Businesses with every exported field, including values a spreadsheet would take for formulas."""
    one = Usaha.objects.create(
        name="UD Sari Rasa",
        legal_form="ud",
        nib="1234567890123",
        npwp="012345678901000",
        kbli_id="10",
        address="Jl. Pahlawan 12 RT 02/RW 01",
        desa_id="35.23.01.2008",  # Sidorejo, Kenduruan: a desa name that also exists in Tuban
        whatsapp="+6281234567001",
        email="sari.rasa@contoh.id",
        year_founded=2005,
    )
    owner = Pelaku.objects.create(name="Siti Aminah", nik="3523014508900001", gender="P")
    Kepemilikan.objects.create(usaha=one, pelaku=owner)
    two = Usaha.objects.create(
        name='=Gerabah "Tanah" Liat',  # starts like a formula
        legal_form="lainnya",
        address="-Dusun Krajan",
        desa_id="35.23.16.1003",
        phone="+62356321123",
    )
    Kepemilikan.objects.create(usaha=two, pelaku=Pelaku.objects.create(name="@Bambang", gender="L"))
    three = Usaha.objects.create(name="Tenun Rekaan", desa_id="35.23.16.1010")  # the other Sidorejo
    return [one, two, three]


def _export(tmp_path: Path, fmt: str) -> Path:
    queryset = Usaha.objects.select_related("desa", "kecamatan", "group").prefetch_related(
        "kepemilikan__pelaku"
    )
    if fmt == "xlsx":
        response = xlsx_response(queryset, usaha_export_columns(), "usaha")
        content = response.content
    else:
        response = csv_response(queryset, usaha_export_columns(), "usaha")
        content = b"".join(
            part if isinstance(part, bytes) else part.encode() for part in response.streaming_content
        )
    path = tmp_path / f"usaha.{fmt}"
    path.write_bytes(content)
    return path


def test_every_exported_header_is_recognised_as_its_field(tmp_path: Path, registry: list[Usaha]) -> None:
    rows = list(read_rows(_export(tmp_path, "xlsx")))
    guess = find_header(rows, fields_for("usaha"))
    mapping = suggest_mapping(guess.columns, {}, fields_for("usaha"))

    assert guess.header_row == 0
    assert {col: match.field for col, match in mapping.items()} == {
        col: field for col, (_header, field) in enumerate(USAHA_LAYOUT)
    }


def test_formula_like_text_is_neutralised_in_the_file(tmp_path: Path, registry: list[Usaha]) -> None:
    rows = list(read_rows(_export(tmp_path, "xlsx")))
    names = [row[1] for row in rows[1:]]
    assert '\'=Gerabah "Tanah" Liat' in names


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_reports_everything_unchanged(
    tmp_path: Path, registry: list[Usaha], fmt: str
) -> None:
    path = _export(tmp_path, fmt)
    history = Usaha.history.count()

    summary = run_file(path)

    assert (summary.rows, summary.unchanged, summary.created, summary.updated, summary.rejected) == (
        3,
        3,
        0,
        0,
        0,
    )
    assert summary.flagged == []
    assert Usaha.history.count() == history
    assert Usaha.objects.get(pk=registry[1].pk).name == '=Gerabah "Tanah" Liat'


def test_an_edited_export_updates_only_what_changed(tmp_path: Path, registry: list[Usaha]) -> None:
    path = _export(tmp_path, "csv")
    text = path.read_text(encoding="utf-8-sig").replace("sari.rasa@contoh.id", "baru@contoh.id")
    path.write_text(text, encoding="utf-8")

    summary = run_file(path)

    assert (summary.unchanged, summary.updated) == (2, 1)
    assert Usaha.objects.get(pk=registry[0].pk).email == "baru@contoh.id"


def test_the_export_costs_a_fixed_number_of_queries(
    registry: list[Usaha], django_assert_max_num_queries
) -> None:
    columns = usaha_export_columns()
    queryset = Usaha.objects.select_related("desa", "kecamatan", "group")
    with django_assert_max_num_queries(2):
        rows = [[column.value(usaha) for column in columns] for usaha in queryset]
    owners = {row[1]: row[14] for row in rows}
    assert owners == {"UD Sari Rasa": "Siti Aminah", '=Gerabah "Tanah" Liat': "@Bambang", "Tenun Rekaan": ""}


def test_the_business_list_export_imports_back_unchanged(
    tmp_path: Path, registry: list[Usaha], roles
) -> None:
    client = Client()
    client.force_login(roles.petugas)
    response = client.get(reverse("registry:usaha_list") + "?export=xlsx")
    assert response.status_code == 200
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(response.content)

    summary = run_file(path)

    assert (summary.rows, summary.unchanged) == (3, 3)
