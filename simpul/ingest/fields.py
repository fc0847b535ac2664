"""What the importer can fill, per kind of import, and how parsed values become model values.

:data:`simpul.ingest.sheet.IKM_FIELDS` lists the columns officers' files hold.  The pipeline needs a
few more: the record id that our own export writes (so a round trip matches exactly), the desa code,
the year the figures belong to and a product price.  This module adds them and keeps the small
translation tables between the parsers' canonical codes and the registry's choices.

No Django model imports here, so the sheet-level code (preview of a mapping) stays cheap to import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from simpul.ingest import parsers
from simpul.ingest.sheet import IKM_FIELDS, FieldSpec

Kind = Literal["usaha", "produk", "laporan"]
KINDS: tuple[Kind, ...] = ("usaha", "produk", "laporan")
KIND_LABELS: dict[str, str] = {
    "usaha": "Usaha (satu baris per usaha)",
    "produk": "Produk (satu baris per usaha × produk)",
    "laporan": "Laporan tahunan (satu baris per usaha × produk, gaya SIINas)",
}

#: Columns only this importer knows.  Their headers are distinctive on purpose: a bare "ID" in an
#: officer's file is usually a running number, and must never be taken for our record id.
EXTRA_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id_simpul", "ID Simpul", ("ID Simpul", "ID Simpul IKM", "Kode Simpul"), kind="int"),
    FieldSpec(
        "kode_desa",
        "Kode desa (Kemendagri)",
        ("Kode Desa", "Kode Wilayah", "Kode Kemendagri", "Kode Desa/Kelurahan", "Kode Kelurahan"),
    ),
    FieldSpec(
        "tahun_data",
        "Tahun data",
        ("Tahun Data", "Tahun Laporan", "Tahun Pendataan", "Periode", "Tahun Produksi", "Tahun Anggaran"),
        kind="year",
    ),
    FieldSpec(
        "harga",
        "Harga satuan (Rp)",
        ("Harga", "Harga Satuan", "Harga Jual", "Harga per Satuan", "Harga Produk", "Harga Jual Satuan"),
        kind="money",
    ),
)

ALL_FIELDS: tuple[FieldSpec, ...] = IKM_FIELDS + EXTRA_FIELDS
FIELDS_BY_KEY: dict[str, FieldSpec] = {spec.key: spec for spec in ALL_FIELDS}

#: Fields the importer reads but does not store (kept so that a mapped column is not "unknown").
NOT_STORED = frozenset({"keterangan"})

MONEY_UNITS: tuple[tuple[int, str], ...] = (
    (1, "Rupiah"),
    (1_000, "ribu Rupiah"),
    (1_000_000, "juta Rupiah"),
    (1_000_000_000, "miliar Rupiah"),
)


def fields_for(kind: str) -> tuple[FieldSpec, ...]:
    """Every field an import of ``kind`` may map; the same list for all kinds keeps templates reusable."""
    del kind  # every kind reads the same columns; the kind decides what a row *is* (see pipeline)
    return ALL_FIELDS


def field_label(key: str) -> str:
    spec = FIELDS_BY_KEY.get(key)
    if spec is None:
        return key
    return spec.label + (" (tidak disimpan)" if key in NOT_STORED else "")


def field_choices() -> list[tuple[str, str]]:
    """Choices for the mapping select: "ignore" first, then every field by label."""
    return [("", "— abaikan kolom ini —"), *((spec.key, field_label(spec.key)) for spec in ALL_FIELDS)]


# --------------------------------------------------------------------------------------------
# Mapping
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    """What the officer decided for one column: the field and, for money, the unit multiplier."""

    field: str
    multiplier: int = 1


def mapping_from_json(data: Mapping[str, Mapping[str, object]] | None) -> dict[int, ColumnSpec]:
    """Column index → ColumnSpec from the JSON stored on an import (keys are strings there)."""
    out: dict[int, ColumnSpec] = {}
    for key, value in (data or {}).items():
        field = str(value.get("field") or "")
        if field not in FIELDS_BY_KEY:
            continue
        try:
            column = int(key)
            multiplier = int(value.get("multiplier") or 1)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            continue
        out[column] = ColumnSpec(field, multiplier if multiplier in dict(MONEY_UNITS) else 1)
    return out


def mapping_to_json(mapping: Mapping[int, ColumnSpec]) -> dict[str, dict[str, object]]:
    return {str(col): {"field": spec.field, "multiplier": spec.multiplier} for col, spec in mapping.items()}


def header_key(text: object) -> str:
    """Comparable form of a header for mapping templates: lower case, words only.

    Unlike the matcher's normalisation, unit notes stay in: "Investasi (Rp.000)" and
    "Investasi (Rp)" are different columns to a template.
    """
    words = re.sub(r"[^0-9a-z]+", " ", parsers.show(text, limit=300).casefold()).split()
    return " ".join(words)


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


# --------------------------------------------------------------------------------------------
# Choices of the registry
# --------------------------------------------------------------------------------------------

#: Usaha.LegalForm values and the words that mean them.  Legal forms the registry has no value for
#: (firma, KUB, PD) are recorded as "lainnya" — the registry's own catch-all.
LEGAL_FORMS: dict[str, Sequence[str]] = {
    "perorangan": parsers.BENTUK_USAHA["perorangan"],
    "ud": parsers.BENTUK_USAHA["ud"],
    "cv": parsers.BENTUK_USAHA["cv"],
    "pt": parsers.BENTUK_USAHA["pt"],
    "koperasi": parsers.BENTUK_USAHA["koperasi"],
    "lainnya": (
        "Lainnya",
        "lain",
        "lain lain",
        "lainnya",
        *parsers.BENTUK_USAHA["firma"],
        *parsers.BENTUK_USAHA["kub"],
        *parsers.BENTUK_USAHA["pd"],
    ),
}

#: The parsers' commodity-group codes and the slugs of the default CommodityGroup rows.
GROUP_SLUGS: dict[str, str] = {
    "pangan": "pangan",
    "sandang": "sandang-kulit",
    "kimia_bahan_bangunan": "kimia-bahan-bangunan",
    "logam_elektronika": "logam-elektronika",
    "kerajinan": "kerajinan",
}


def group_choices(groups: Sequence[tuple[int, str, str]]) -> dict[str, tuple[str, ...]]:
    """Choices for :func:`parsers.parse_choice` from the office's groups (pk, slug, name).

    Groups are configurable, so their own names and slugs come first; the default groups also
    accept the many spellings :data:`parsers.KELOMPOK_IKM` knows.
    """
    synonyms_by_slug = {GROUP_SLUGS[code]: words for code, words in parsers.KELOMPOK_IKM.items()}
    out: dict[str, tuple[str, ...]] = {}
    for pk, slug, name in groups:
        out[str(pk)] = (name, slug.replace("-", " "), *synonyms_by_slug.get(slug, ()))
    return out


@dataclass(frozen=True)
class UnitRule:
    """How a parsed unit is stored: the registry's unit and the factor applied to quantities."""

    unit: str
    factor: Decimal = Decimal(1)
    note: str = ""


#: Canonical parser units → registry units.  Weights and volumes convert exactly; count-like
#: units the registry does not list are stored as "buah" and the row is flagged for a look.
UNIT_RULES: dict[str, UnitRule] = {
    "buah": UnitRule("buah"),
    "kg": UnitRule("kg"),
    "gram": UnitRule("kg", Decimal("0.001")),
    "ons": UnitRule("kg", Decimal("0.1")),
    "kuintal": UnitRule("kg", Decimal(100)),
    "ton": UnitRule("ton"),
    "liter": UnitRule("liter"),
    "ml": UnitRule("liter", Decimal("0.001")),
    "lembar": UnitRule("lembar"),
    "pasang": UnitRule("pasang"),
    "set": UnitRule("set"),
    "meter": UnitRule("meter"),
    "m2": UnitRule("m2"),
    "m3": UnitRule("m3"),
    "botol": UnitRule("botol"),
    "bungkus": UnitRule("bungkus"),
    "kodi": UnitRule("kodi"),
    "lusin": UnitRule("lusin"),
}


def unit_rule(code: str) -> UnitRule:
    """The storage rule of a canonical unit; unknown-to-the-registry units become "buah" with a note."""
    if code in UNIT_RULES:
        return UNIT_RULES[code]
    label = parsers.UNITS[code].label if code in parsers.UNITS else code
    return UnitRule(
        "buah",
        Decimal(1),
        f"Satuan '{label}' belum ada di daftar satuan sistem; dicatat sebagai 'buah'. Periksa kapasitasnya.",
    )
