"""Reading an indicator table (e.g. PDRB by lapangan usaha from BPS) from XLSX or CSV.

Two layouts are understood:

* **wide** (*lebar*): one row per region × sector, one column per year
  (``Lapangan Usaha | 2019 | 2020 | 2021``), as BPS publishes; the year header
  may say "2022*" or sit on a second header row under a merged "Tahun".
* **long** (*panjang*): one row per value (``Wilayah | Sektor | Tahun | Nilai``).

The region column is optional: a table of one region (most BPS tables) takes
the region named on the form. Rows that are totals ("PDRB", "Jumlah",
"Total") are skipped with a warning, because a total counted as a sector
would double the region's total in LQ and shift-share. Every problem is
reported per row in Indonesian and nothing is saved while any remains.

No Django imports: the file reading and the rules can be tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from simpul.ingest.parsers import is_missing, parse_number, parse_year, show
from simpul.ingest.sheet import SheetError, read_rows

#: Largest number of values one import may hold (a national table: 514 × 24 × 10 ≈ 123k).
MAX_VALUES = 200_000
#: Rows searched for the header.
HEADER_SEARCH_ROWS = 20
#: Errors listed in full; beyond this only the count is given.
MAX_LISTED_ERRORS = 100

LAYOUT_AUTO = "otomatis"
LAYOUT_WIDE = "lebar"
LAYOUT_LONG = "panjang"

_SECTOR_WORDS = (
    "lapangan usaha",
    "sektor",
    "subsektor",
    "kbli",
    "komoditas",
    "kategori",
    "golongan",
    "kelompok",
    "uraian",
    "industri",
    "produk",
)
_REGION_WORDS = (
    "wilayah",
    "kabupaten",
    "kab/kota",
    "kota",
    "provinsi",
    "kecamatan",
    "desa",
    "daerah",
    "region",
)
_YEAR_WORDS = ("tahun", "year", "th")
_VALUE_WORDS = ("nilai", "jumlah", "value", "pdrb", "angka", "realisasi")
_CODE_WORDS = ("kode", "kode kbli", "kode sektor", "code")
_TOTAL_RE = re.compile(r"^\s*(pdrb|produk domestik regional bruto|total|jumlah|grand total)\b", re.I)
_SPACE_GROUPED_RE = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$")


@dataclass(frozen=True)
class ImportedValue:
    """One value read from the file, with the spreadsheet row it came from (1-based)."""

    region: str
    sector: str
    sector_label: str
    year: int
    value: Decimal
    row: int


@dataclass
class ImportOutcome:
    """What the file held: the values, per-row errors, warnings and the layout recognised."""

    values: list[ImportedValue] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layout: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.values)

    def add_error(self, message: str) -> None:
        self.errors.append(message)


@dataclass
class _Columns:
    """Where things are in the header: column indices (0-based)."""

    header_row: int
    sector: int | None = None
    code: int | None = None
    region: int | None = None
    year: int | None = None
    value: int | None = None
    years: dict[int, int] = field(default_factory=dict)  # column -> year (wide layout)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as spreadsheets name columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: Any) -> str:
    return " ".join(str(value).split()).strip() if value is not None else ""


def _matches(text: str, words: Sequence[str]) -> bool:
    folded = text.casefold().strip(" :.")
    return any(folded == w or re.search(rf"(^|[^a-z]){re.escape(w)}([^a-z]|$)", folded) for w in words)


def _header_year(value: Any) -> int | None:
    """The year a header cell names ("2019", "2022*", "Th. 2023"), else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float) and not float(value).is_integer():
        return None
    parsed = parse_year(value, min_year=1960, max_year=2100)
    return parsed.value if parsed.ok and not parsed.missing else None


def _classify_header(row: Sequence[Any], header_row: int) -> _Columns:
    cols = _Columns(header_row=header_row)
    for index, cell in enumerate(row):
        if is_missing(cell):
            continue
        year = _header_year(cell)
        text = _text(cell)
        if year is not None and not re.search(r"[a-z]{4,}", text.casefold().replace("tahun", "")):
            cols.years[index] = year
        elif cols.code is None and text.casefold().strip(" .:") in _CODE_WORDS:
            cols.code = index
        elif cols.sector is None and _matches(text, _SECTOR_WORDS):
            cols.sector = index
        elif cols.region is None and _matches(text, _REGION_WORDS):
            cols.region = index
        elif cols.year is None and _matches(text, _YEAR_WORDS):
            cols.year = index
        elif cols.value is None and _matches(text, _VALUE_WORDS):
            cols.value = index
    return cols


def _find_header(rows: Sequence[Sequence[Any]]) -> _Columns | None:
    """The first row that names a sector column and years (wide) or a year and value column (long)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in row if not is_missing(c)) < 2:
            continue  # titles and merged headings
        cols = _classify_header(row, index)
        if cols.sector is None:
            continue
        is_long = cols.year is not None and cols.value is not None
        if not cols.years and not is_long and index + 1 < len(rows):
            # Two-row header: "Tahun" merged over the years on the row below.
            below = _classify_header(rows[index + 1], index + 1)
            if below.years:
                cols.years = below.years
                cols.header_row = index + 1
        if cols.years or (cols.year is not None and cols.value is not None):
            return cols
    return None


def _layout(cols: _Columns, wanted: str) -> str | None:
    if wanted == LAYOUT_WIDE:
        return LAYOUT_WIDE if cols.years else None
    if wanted == LAYOUT_LONG:
        return LAYOUT_LONG if cols.year is not None and cols.value is not None else None
    if cols.year is not None and cols.value is not None:
        return LAYOUT_LONG
    return LAYOUT_WIDE if cols.years else None


def _number(value: Any) -> Any:
    """Spaces as thousands separators ("3 456,7", as in some BPS tables) become dots first."""
    if isinstance(value, str) and _SPACE_GROUPED_RE.match(value.strip()):
        return re.sub(r"[ \u00a0\u202f]", ".", value.strip())
    return value


def read_indicator_file(
    file: str | IO[bytes],
    *,
    filename: str | None = None,
    layout: str = LAYOUT_AUTO,
    default_region: str = "",
) -> ImportOutcome:
    """Read every value of an indicator file; see the module docstring for the rules."""
    outcome = ImportOutcome()
    try:
        rows = [list(r) for r in read_rows(file, filename=filename, max_rows=MAX_VALUES + HEADER_SEARCH_ROWS)]
    except SheetError as exc:
        outcome.add_error(exc.message)
        return outcome
    cols = _find_header(rows)
    if cols is None:
        outcome.add_error(
            "Judul kolom tidak ditemukan: perlu kolom sektor (mis. 'Lapangan Usaha' atau 'Sektor') dan "
            "kolom tahun (2019, 2020, …) untuk tata letak lebar, atau kolom 'Tahun' dan 'Nilai' untuk "
            "tata letak panjang."
        )
        return outcome
    chosen = _layout(cols, layout)
    if chosen is None:
        outcome.add_error(_layout_message(layout))
        return outcome
    outcome.layout = chosen
    if cols.region is None and not default_region.strip():
        outcome.add_error("Berkas tidak punya kolom wilayah: isi nama wilayah pada formulir.")
        return outcome
    reader = _read_wide_row if chosen == LAYOUT_WIDE else _read_long_row
    for index in range(cols.header_row + 1, len(rows)):
        reader(rows[index], index + 1, cols, default_region.strip(), outcome)
    _check_duplicates(outcome)
    if not outcome.values and not outcome.errors:
        outcome.add_error("Tidak ada nilai yang terbaca di bawah judul kolom.")
    return outcome


def _layout_message(layout: str) -> str:
    if layout == LAYOUT_WIDE:
        return "Tata letak lebar memerlukan kolom tahun (mis. 2019, 2020) pada baris judul."
    if layout == LAYOUT_LONG:
        return "Tata letak panjang memerlukan kolom 'Tahun' dan kolom 'Nilai' pada baris judul."
    return "Tata letak tabel tidak dikenali."


def _cell(row: Sequence[Any], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _row_keys(
    row: Sequence[Any], line: int, cols: _Columns, default_region: str, outcome: ImportOutcome
) -> tuple[str, str, str] | None:
    """(region, sector, sector_label) of a row, or None when the row is skipped or wrong."""
    label = _text(_cell(row, cols.sector))
    code = _text(_cell(row, cols.code)) if cols.code is not None else ""
    region = _text(_cell(row, cols.region)) if cols.region is not None else default_region
    if is_missing(label) and not code:
        outcome.add_error(f"Baris {line}: nama sektor kosong.")
        return None
    if _TOTAL_RE.match(label):
        outcome.warnings.append(f"Baris {line} ('{show(label)}') dilewati: baris jumlah, bukan sektor.")
        return None
    if not region or is_missing(region):
        outcome.add_error(f"Baris {line}: nama wilayah kosong.")
        return None
    sector = code or label
    if len(sector) > 100 or len(region) > 100:
        outcome.add_error(f"Baris {line}: nama sektor atau wilayah lebih dari 100 huruf.")
        return None
    return region, sector, label or code


def _is_blank(row: Sequence[Any]) -> bool:
    return all(is_missing(c) for c in row)


def _read_wide_row(
    row: Sequence[Any], line: int, cols: _Columns, default_region: str, outcome: ImportOutcome
) -> None:
    if _is_blank(row):
        return
    cells = {col: _cell(row, col) for col in cols.years}
    if all(is_missing(v) for v in cells.values()):
        # A heading or a footnote ("Sumber: BPS", "* angka sementara"): no numbers, not an error.
        return
    keys = _row_keys(row, line, cols, default_region, outcome)
    if keys is None:
        return
    region, sector, label = keys
    for col, year in cols.years.items():
        parsed = parse_number(_number(cells[col]))
        if parsed.missing:
            continue
        if not parsed.ok:
            outcome.add_error(f"Baris {line}, kolom {column_letter(col)} ({year}): {parsed.message}")
            continue
        outcome.values.append(ImportedValue(region, sector, label, year, parsed.value, line))


def _read_long_row(
    row: Sequence[Any], line: int, cols: _Columns, default_region: str, outcome: ImportOutcome
) -> None:
    if _is_blank(row):
        return
    keys = _row_keys(row, line, cols, default_region, outcome)
    if keys is None:
        return
    region, sector, label = keys
    year = parse_year(_cell(row, cols.year), min_year=1960, max_year=2100)
    value = parse_number(_number(_cell(row, cols.value)))
    if year.missing:
        outcome.add_error(f"Baris {line}: tahun kosong.")
    elif not year.ok:
        outcome.add_error(f"Baris {line}, kolom {column_letter(cols.year or 0)}: {year.message}")
    if value.missing:
        outcome.add_error(f"Baris {line}: nilai kosong.")
    elif not value.ok:
        outcome.add_error(f"Baris {line}, kolom {column_letter(cols.value or 0)}: {value.message}")
    if year.ok and value.ok and not year.missing and not value.missing:
        outcome.values.append(ImportedValue(region, sector, label, year.value, value.value, line))


def _check_duplicates(outcome: ImportOutcome) -> None:
    seen: dict[tuple[str, str, int], int] = {}
    for item in outcome.values:
        key = (item.region, item.sector, item.year)
        if key in seen:
            outcome.add_error(
                f"Baris {item.row}: wilayah '{show(item.region)}', sektor '{show(item.sector)}', tahun "
                f"{item.year} sudah ada di baris {seen[key]}."
            )
        else:
            seen[key] = item.row
    if len(outcome.values) > MAX_VALUES:
        outcome.add_error(f"Berkas berisi lebih dari {MAX_VALUES:,} nilai; pecah menjadi beberapa berkas.")
