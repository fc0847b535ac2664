"""The import engine shared by the web journey, the ``import_ikm`` command and the bench.

A run reads the data rows of one sheet, in batches (1,000 rows by default), and ends every row as
*created*, *updated*, *unchanged* or *rejected*; rows that were stored but deserve a look (a region
read with medium confidence, a unit the registry does not list, a value that disagrees with an
earlier row) are also *doubtful*.  The four counts always add up to the data rows of the file.

Each batch goes through four steps:

1. **Read** — every mapped cell is parsed (:mod:`simpul.ingest.parsers`), the region is resolved
   (:mod:`simpul.ingest.regions`).  A cell that cannot be read rejects its row; nothing of a bad
   row is stored ("nothing half-saved").
2. **Match** — rows are matched to registered businesses, or to businesses created by earlier rows
   of the run, through an in-memory index (:mod:`simpul.ingest.matching`).  Duplicates inside the
   file are found here.
3. **Load** — the batch's matched businesses, owners, products and reports are read with a fixed
   number of queries (``__in`` lookups), never one per row.
4. **Apply and write** — values are compared with what is stored; only real differences count as
   changes.  The batch is then written with ``bulk_create``/``bulk_update`` (with their history
   rows) inside one transaction, together with the batch's results (``on_batch``).  An interrupted
   run therefore leaves whole batches, and a second run matches what was written and completes
   the rest without twins.

A dry run does steps 1–4 without writing: what it reports is what the import would do.

Kinds: ``usaha`` files hold one row per business (a second row for the same business is a
duplicate); ``produk`` and ``laporan`` files hold one row per business × product (SIINas style):
rows of the same business update one business and add its products (``produk``) or its yearly
production lines (``laporan``); a duplicate is the same product (and year) twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from simpul.core.export import unneutralise
from simpul.ingest import fastwrite, parsers
from simpul.ingest.fields import (
    FIELDS_BY_KEY,
    LEGAL_FORMS,
    ColumnSpec,
    column_letter,
    field_label,
    group_choices,
    unit_rule,
)
from simpul.ingest.matching import Match, Ref, RegistryIndex, name_key, person_key
from simpul.ingest.parsers import Parsed, is_missing, show
from simpul.ingest.regions import RegionResolver, RegionResult
from simpul.ingest.sheet import Source, parse_cell, read_rows

BATCH_SIZE = 1000
CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
OUTCOME_LABELS = {
    CREATED: "Dibuat",
    UPDATED: "Diperbarui",
    UNCHANGED: "Tidak berubah",
    REJECTED: "Ditolak",
}
#: Model limits the parsers must respect (longer text is an error, never a silent cut).
_MAX_LENGTH = {"nama_usaha": 200, "nama_pemilik": 150, "alamat": 300, "produk": 200, "email": 254}
_TOTAL_ROW_RE = re.compile(
    r"^\s*(?:jumlah|total|jml|sub\s*total|grand\s*total)(?:\s+(?:total|keseluruhan|seluruhnya|ikm))?\s*[:.]?\s*$",
    re.I,
)
_MAX_WORKFORCE = 1_000_000
_YEAR_RE = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")
_RUPIAH = Decimal(1)
_HUNDREDTH = Decimal("0.01")
_MAX_CAPACITY = Decimal("1e12")
#: Distinct values remembered per column (see Context.parse).
_PARSE_CACHE_SIZE = 2000


# --------------------------------------------------------------------------------------------
# Options and results
# --------------------------------------------------------------------------------------------


@dataclass
class ImportOptions:
    """Everything a run needs besides the file itself."""

    kind: str = "usaha"
    mapping: dict[int, ColumnSpec] = field(default_factory=dict)
    #: 0-based index of the first data row (the row after the header; 0 when there is no header).
    data_start: int = 0
    headers: dict[int, str] = field(default_factory=dict)
    sheet: str | None = None
    filename: str | None = None
    #: Year of the figures when the file has no "Tahun data" column.
    year: int | None = None
    dry_run: bool = False
    user: Any = None
    batch_size: int = BATCH_SIZE
    #: Stop after this many data rows (the preview).
    max_rows: int | None = None
    #: Keep the stored values of each row for display (the preview).
    collect_values: bool = False
    home: str | None = None


@dataclass
class Issue:
    """Something about one cell (or the whole row when ``column`` is empty)."""

    column: str
    header: str
    value: str
    message: str
    level: str = "error"  # "error" rejects the row; "warning" makes it doubtful

    def as_list(self) -> list[str]:
        return [self.column, self.value, self.message, self.level]


@dataclass
class RowResult:
    row: int
    outcome: str
    issues: list[Issue] = field(default_factory=list)
    values: list[tuple[str, str]] | None = None

    @property
    def doubtful(self) -> bool:
        return self.outcome != REJECTED and any(i.level == "warning" for i in self.issues)

    @property
    def code(self) -> str:
        """One letter for compact storage: c/u/n/r, upper case when doubtful."""
        letter = {CREATED: "c", UPDATED: "u", UNCHANGED: "n", REJECTED: "r"}[self.outcome]
        return letter.upper() if self.doubtful else letter


@dataclass
class BatchResult:
    index: int
    rows: list[RowResult]


@dataclass
class Summary:
    """Counts of a run and the rows that need the officer's attention."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    doubtful: int = 0
    flagged: list[RowResult] = field(default_factory=list)
    preview: list[RowResult] = field(default_factory=list)

    def add(self, result: RowResult, keep: bool = False) -> None:
        self.rows += 1
        setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        if result.doubtful:
            self.doubtful += 1
        if result.issues:
            self.flagged.append(result)
        if keep:
            self.preview.append(result)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "doubtful": self.doubtful,
        }

    def errors(self) -> list[dict[str, Any]]:
        """Cell errors of rejected rows in the command line's JSON shape."""
        out = []
        for result in self.flagged:
            for issue in result.issues:
                if issue.level == "error":
                    out.append(
                        {
                            "row": result.row,
                            "column": issue.column,
                            "value": issue.value,
                            "message": issue.message,
                        }
                    )
        return out


class MappingError(Exception):
    """A run that cannot start (no usable mapping); the message is for the officer."""


# --------------------------------------------------------------------------------------------
# Reading rows
# --------------------------------------------------------------------------------------------


def iter_data_rows(source: Source, options: ImportOptions) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) of every data row: blank rows, rows holding only a
    running number and repeated header rows (page breaks) are not data."""
    mapped = [col for col, spec in options.mapping.items() if spec.field != "keterangan"]
    header_keys = {col: _squash_key(text) for col, text in options.headers.items()}
    rows = read_rows(source, options.sheet or None, filename=options.filename)
    try:
        for index, cells in enumerate(rows):
            if index < options.data_start:
                continue
            if _is_data(cells, mapped, header_keys):
                yield index + 1, cells
    finally:
        # Close the reader while the caller's file is still open (an interrupted run included).
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def _is_data(cells: list[Any], mapped: list[int], header_keys: dict[int, str]) -> bool:
    """True when a mapped cell is filled and the filled cells are not the header again.

    Stops at the first filled cell that differs from its header: a data row costs one or two
    cell checks instead of one per mapped column (the file is read twice, to count and to import).
    """
    for col in mapped:
        if col >= len(cells) or is_missing(cells[col]):
            continue
        if not header_keys or _squash_key(cells[col]) != header_keys.get(col):
            return True
    return False  # blank, or every filled cell repeats its header (a page break)


def count_data_rows(source: Source, options: ImportOptions) -> int:
    return sum(1 for _ in iter_data_rows(source, options))


def _squash_key(value: Any) -> str:
    return " ".join(show(value, limit=300).casefold().split())


# --------------------------------------------------------------------------------------------
# Run-level context
# --------------------------------------------------------------------------------------------


class Context:
    """What a run looks up once: regions, classifications, the registry index, the user's scope."""

    def __init__(self, options: ImportOptions) -> None:
        from simpul.classifications.models import CommodityGroup, Kbli
        from simpul.regions.models import Region

        self.options = options
        self.kind = options.kind
        self.user = options.user
        self.home = options.home or settings.SIMPUL_HOME_REGION
        names = dict(Region.objects.within(self.home).values_list("code", "name"))
        self.resolver = RegionResolver(self.home, names)
        self.kbli_groups: dict[str, int | None] = dict(Kbli.objects.values_list("code", "group_id"))
        groups = list(CommodityGroup.objects.filter(archived_at=None).values_list("pk", "slug", "name"))
        self.group_choices = group_choices(groups)
        self.index = RegistryIndex.load()
        self.scope = self._scope()
        # Owners created by this run and not yet in the database (a dry run keeps them all).
        self.new_pelaku: dict[str, Any] = {}
        self.reason = f"Impor berkas {options.filename or ''}".strip()[:100]
        self._parsed: dict[tuple[str, int], dict[tuple[type, Any], Parsed[Any]]] = {}

    def parse(self, spec: ColumnSpec, raw: Any) -> Parsed[Any]:
        """The parsed cell, remembered per column and value.

        Most columns repeat a few values thousands of times (gender, unit, group, kecamatan,
        workforce...), and a parse depends only on the column, the value and this run's tables.
        Each column remembers its first values only, so unique columns (names, NIK) cost a
        dictionary lookup and memory stays bounded.  The value's type is part of the key:
        1, 1.0 and True are equal in Python but not as cells.
        """
        cache = self._parsed.setdefault((spec.field, spec.multiplier), {})
        key = (type(raw), raw)
        try:
            found = cache.get(key)
        except TypeError:  # an unhashable cell value
            return _parse(self, spec, raw)
        if found is None:
            found = _parse(self, spec, raw)
            if len(cache) < _PARSE_CACHE_SIZE:
                cache[key] = found
        return found

    def _scope(self) -> set[str] | None:
        """Kecamatan codes a limited petugas may import into; None means no limit."""
        from simpul.core.roles import Role, role_of

        if role_of(self.user) != Role.PETUGAS:
            return None
        codes = set(self.user.scope_codes())
        return codes or None

    def scope_names(self) -> str:
        return ", ".join(sorted(self.resolver.name(c) for c in self.scope or ()))


# --------------------------------------------------------------------------------------------
# Step 1: reading a row
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One data row, parsed.  ``values`` holds only cells that were present and readable."""

    number: int
    cells: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    region: RegionResult | None = None
    year: int | None = None
    match: Match | None = None
    ref: Ref | None = None
    is_new: bool = False

    @property
    def rejected(self) -> bool:
        return any(i.level == "error" for i in self.issues)

    def issue(self, ctx: Context, field_key: str | None, message: str, level: str = "error") -> None:
        """Attach a message to the cell of ``field_key`` (or to the row when it has no column)."""
        col = self.columns.get(field_key or "")
        if col is None:
            self.issues.append(Issue("", "", "", message, level))
            return
        value = self.cells[col] if col < len(self.cells) else None
        header = ctx.options.headers.get(col, "")
        self.issues.append(Issue(column_letter(col), header, show(value, limit=80), message, level))

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def read_row(ctx: Context, number: int, cells: list[Any]) -> Row:
    """Parse every mapped cell of a row and resolve its region."""
    row = Row(number, cells)
    for col, spec in sorted(ctx.options.mapping.items()):
        if spec.field in row.columns and spec.field in row.values:
            continue  # two columns mapped to one field: the first filled one counts
        row.columns[spec.field] = col
        raw = unneutralise(cells[col]) if col < len(cells) else None
        result = ctx.parse(spec, raw)
        if not result.ok:
            row.issue(ctx, spec.field, result.message or "Isi sel tidak dapat dibaca.")
        elif not result.missing:
            row.values[spec.field] = result.value
            if result.warning:
                row.issue(ctx, spec.field, result.warning, "warning")
    _check_row(ctx, row)
    if not row.rejected:
        row.region = _region(ctx, row)
    return row


def _parse(ctx: Context, spec: ColumnSpec, raw: Any) -> Parsed[Any]:
    key = spec.field
    if key == "kbli":
        return _parse_kbli(ctx, raw)
    if key == "kelompok":
        found = parsers.parse_choice(raw, ctx.group_choices, label="Kelompok komoditas")
        return Parsed.success(int(found.value)) if found.ok and found.value is not None else found
    if key == "bentuk_usaha":
        return parsers.parse_choice(raw, LEGAL_FORMS, label="Bentuk usaha")
    if key in _MAX_LENGTH:
        result = parsers.parse_text(raw, _MAX_LENGTH[key])
        if key == "email" and result.ok and not result.missing:
            return parsers.parse_email(raw)
        return result
    return parse_cell(FIELDS_BY_KEY[key], raw, spec.multiplier)


_KBLI_DIGITS_RE = re.compile(r"^\s*([0-9]{2,5})(?![0-9])")


def _parse_kbli(ctx: Context, raw: Any) -> Parsed[str]:
    """A KBLI code known to the registry: five digits, or a shorter level (our export writes "10")."""
    if is_missing(raw):
        return Parsed.empty()
    found = _KBLI_DIGITS_RE.match(show(raw, limit=200))
    if found:
        return _kbli_known(ctx, raw, found.group(1))
    parsed = parsers.parse_kbli(raw)  # "KBLI 10792 - Industri kerupuk" and the like
    if not parsed.ok or parsed.value is None:
        return parsed
    return _kbli_known(ctx, raw, parsed.value)


def _kbli_known(ctx: Context, raw: Any, code: str) -> Parsed[str]:
    if code in ctx.kbli_groups:
        return Parsed.success(code)
    for size in (4, 3, 2):
        if code[:size] in ctx.kbli_groups:
            return Parsed.success(
                code[:size],
                warning=f"KBLI {code} belum ada di tabel KBLI sistem; dicatat sebagai {code[:size]}.",
            )
    return Parsed.fail(f"KBLI '{show(raw)}' tidak dikenal; industri pengolahan memakai kode 10–33.")


def _check_row(ctx: Context, row: Row) -> None:
    """Rules that concern a row as a whole: required fields per kind, totals, the year."""
    name = row.get("nama_usaha")
    if _is_total_row(row):
        row.issue(
            ctx, "nama_usaha", "Baris ini berisi jumlah/total, bukan data satu usaha; baris tidak diimpor."
        )
        return
    if "nama_usaha" not in row.columns:
        row.issue(ctx, None, "Kolom nama usaha belum dipetakan.")
    elif name is None and not _has_error(row, ctx, "nama_usaha"):
        row.issue(ctx, "nama_usaha", "Nama usaha wajib diisi.")
    if ctx.kind in ("produk", "laporan") and not row.get("produk"):
        row.issue(
            ctx,
            "produk" if "produk" in row.columns else None,
            "Nama produk wajib diisi pada impor per produk.",
        )
    if row.get("nik") and not row.get("nama_pemilik"):
        row.issue(
            ctx, "nik", "NIK diisi tanpa nama pemilik; NIK hanya dipakai untuk mencocokkan usaha.", "warning"
        )
    _check_workforce(ctx, row)
    row.year = row.get("tahun_data") or ctx.options.year
    needs_year = ctx.kind == "laporan" or any(
        row.get(k) is not None for k in ("tenaga_kerja_l", "tenaga_kerja_p", "investasi", "nilai_produksi")
    )
    if needs_year:
        if row.year is None:
            row.issue(
                ctx,
                "tahun_data",
                "Tahun data belum diketahui; isi kolom tahun data atau pilih tahun saat impor.",
            )
        elif not 2000 <= row.year <= 2100:
            row.issue(ctx, "tahun_data", f"Tahun data {row.year} di luar rentang 2000–2100.")
    if ctx.kind == "laporan" and row.get("produk") and row.get("kapasitas") is None:
        row.issue(
            ctx,
            "kapasitas" if "kapasitas" in row.columns else None,
            "Jumlah produksi wajib diisi pada impor laporan tahunan.",
        )
    if row.get("kapasitas") is not None and row.get("kapasitas") >= _MAX_CAPACITY:
        row.issue(ctx, "kapasitas", "Kapasitas terlalu besar; periksa isinya.")
    for key in ("tenaga_kerja_l", "tenaga_kerja_p", "tenaga_kerja"):
        if (row.get(key) or 0) > _MAX_WORKFORCE:
            row.issue(
                ctx,
                key,
                f"Jumlah tenaga kerja {row.get(key)} tidak masuk akal untuk satu usaha; periksa isinya.",
            )
            row.values.pop(key)


def _is_total_row(row: Row) -> bool:
    """A totals line ("JUMLAH", "Total") in the name column or, when that is empty, in any cell."""
    name = row.get("nama_usaha")
    texts = [name] if name else [c for c in row.cells if isinstance(c, str)]
    return any(_TOTAL_ROW_RE.match(text) for text in texts)


def _has_error(row: Row, ctx: Context, key: str) -> bool:
    col = row.columns.get(key)
    letter = column_letter(col) if col is not None else ""
    return any(i.level == "error" and i.column == letter for i in row.issues)


def _check_workforce(ctx: Context, row: Row) -> None:
    male, female, total = row.get("tenaga_kerja_l"), row.get("tenaga_kerja_p"), row.get("tenaga_kerja")
    if total is None:
        return
    if male is None and female is None:
        row.issue(
            ctx,
            "tenaga_kerja",
            f"Jumlah tenaga kerja {total} tidak disimpan: sistem mencatat tenaga kerja laki-laki dan perempuan "
            "terpisah. Isi kolom TK L dan TK P.",
            "warning",
        )
    elif (male or 0) + (female or 0) != total:
        row.issue(
            ctx,
            "tenaga_kerja",
            f"Jumlah tenaga kerja {total} tidak sama dengan L + P ({(male or 0) + (female or 0)}); "
            "yang disimpan adalah L dan P.",
            "warning",
        )


def _region(ctx: Context, row: Row) -> RegionResult:
    texts = {key: row.get(key) for key in ("kode_desa", "kecamatan", "desa", "alamat")}
    if not any(texts.values()):
        return RegionResult()
    return ctx.resolver.resolve(
        code=texts["kode_desa"], kecamatan=texts["kecamatan"], desa=texts["desa"], address=texts["alamat"]
    )


# --------------------------------------------------------------------------------------------
# Step 2: matching
# --------------------------------------------------------------------------------------------


def _product_key(name: str) -> str:
    return " ".join(str(name).casefold().split())


def match_row(ctx: Context, row: Row) -> None:
    """Find (or register) the business of a row; reject duplicates, out-of-scope and unplaceable rows."""
    region = row.region or RegionResult()
    match = ctx.index.find(
        name=row.get("nama_usaha", ""),
        record_id=row.get("id_simpul"),
        nib=row.get("nib", ""),
        nik=row.get("nik", ""),
        owner=row.get("nama_pemilik", ""),
        desa_id=region.desa,
    )
    row.match = match
    for message in match.warnings:
        row.issue(ctx, "id_simpul", message, "warning")
    if match.ref is None:
        _register_new(ctx, row, region)
    else:
        _check_existing(ctx, row, region, match.ref)
    if row.rejected:
        return
    ref = row.ref
    assert ref is not None
    if ref.first_row is None:
        ref.first_row = row.number
    ctx.index.add_owner(ref, row.get("nama_pemilik"), row.get("nik"))
    if region.desa:
        ctx.index.moved(ref, region.desa)
    if row.get("nib") and not ref.nib:
        ctx.index.nib_changed(ref, row.get("nib"))


def _add_region_issues(ctx: Context, row: Row, region: RegionResult, *, fatal: bool) -> None:
    for issue in region.issues:
        level = issue.level if fatal or issue.field != "alamat" else "warning"
        message = issue.message
        if level == "warning" and issue.level == "error":
            message += " Wilayah usaha tidak diubah."
        row.issue(ctx, issue.field, message, level)


def _register_new(ctx: Context, row: Row, region: RegionResult) -> None:
    _add_region_issues(ctx, row, region, fatal=True)
    if row.rejected:
        return
    if region.desa is None:
        row.issue(
            ctx,
            "desa" if "desa" in row.columns else None,
            "Wilayah usaha baru belum diketahui: isi kolom kecamatan dan desa/kelurahan, atau alamat yang "
            "menyebut keduanya.",
        )
        return
    if not _in_scope(ctx, row, region.kecamatan):
        return
    ref = Ref(
        pk=None,
        name_key=name_key(row.get("nama_usaha", "")),
        desa_id=region.desa,
        nib=row.get("nib", ""),
        owners=[],
        products={},
        reports={},
    )
    ctx.index.add(ref)
    row.ref = ref
    row.is_new = True
    _check_duplicate_parts(ctx, row, ref)


def _check_existing(ctx: Context, row: Row, region: RegionResult, ref: Ref) -> None:
    # A region column that cannot be read is a cell error; an address that names no region is not,
    # because the business already has its desa.
    _add_region_issues(ctx, row, region, fatal=False)
    current_kec = ref.desa_id.rsplit(".", 1)[0]
    if not _in_scope(ctx, row, current_kec, existing=True):
        return
    if region.kecamatan and region.kecamatan != current_kec and not _in_scope(ctx, row, region.kecamatan):
        return
    if region.kecamatan and not region.desa and region.kecamatan != current_kec:
        row.issue(
            ctx,
            "kecamatan" if "kecamatan" in row.columns else "alamat",
            f"Kecamatan di berkas ({ctx.resolver.name(region.kecamatan)}) berbeda dengan yang tercatat "
            f"({ctx.resolver.name(current_kec)}), tetapi desanya tidak diketahui; wilayah tidak diubah.",
            "warning",
        )
    if ctx.kind == "usaha" and ref.first_row is not None:
        row.issue(
            ctx,
            "nama_usaha",
            f"Usaha ini sudah ada di baris {ref.first_row} berkas ini (cocok menurut {_how(row.match)}); "
            "baris ini tidak diimpor agar tidak ganda. Gabungkan isinya ke baris pertama bila perlu.",
        )
        return
    row.ref = ref
    _check_duplicate_parts(ctx, row, ref)


def _check_duplicate_parts(ctx: Context, row: Row, ref: Ref) -> None:
    """In produk/laporan files the same product (and year) twice for one business is a duplicate."""
    product = row.get("produk")
    if ctx.kind == "usaha" or not product:
        return
    key: Any = _product_key(product) if ctx.kind == "produk" else (_product_key(product), row.year)
    first = ref.seen_products.get(key)
    if first is not None:
        what = "Produk ini" if ctx.kind == "produk" else f"Produksi produk ini untuk tahun {row.year}"
        row.issue(
            ctx,
            "produk",
            f"{what} sudah ada di baris {first} untuk usaha yang sama; baris ini tidak diimpor agar tidak ganda.",
        )
        row.ref = None
        return
    ref.seen_products[key] = row.number


def _in_scope(ctx: Context, row: Row, kecamatan: str | None, *, existing: bool = False) -> bool:
    if ctx.scope is None or kecamatan is None or kecamatan in ctx.scope:
        return True
    where = "Usaha ini tercatat di" if existing else "Wilayah baris ini:"
    row.issue(
        ctx,
        "kecamatan" if "kecamatan" in row.columns else ("desa" if "desa" in row.columns else "alamat"),
        f"{where} Kecamatan {ctx.resolver.name(kecamatan)}, di luar wilayah tugas Anda ({ctx.scope_names()}); "
        "baris tidak diimpor.",
    )
    return False


def _how(match: Match | None) -> str:
    return {
        "id": "ID Simpul",
        "nib": "NIB",
        "nik": "NIK pemilik",
        "pemilik": "nama pemilik dan nama usaha",
        "desa": "nama usaha di desa yang sama",
    }.get(match.how if match else "", "nama")


# --------------------------------------------------------------------------------------------
# Step 3: loading what the batch touches
# --------------------------------------------------------------------------------------------


def load_batch(ctx: Context, rows: list[Row]) -> dict[str, Any]:
    """Model objects of the matched businesses and owners: a fixed number of queries per batch."""
    from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, ProduksiProduk, Usaha

    live = [r for r in rows if r.ref is not None and not r.rejected]
    refs = {id(r.ref): r.ref for r in live if r.ref.pk is not None and r.ref.obj is None}
    by_pk = {ref.pk: ref for ref in refs.values()}
    niks = {r.get("nik") for r in live if r.get("nik")}
    pelaku_by_nik = {p.nik: p for p in Pelaku.objects.filter(nik__in=niks)} if niks else {}
    if not by_pk:
        return {"pelaku_by_nik": pelaku_by_nik}
    for usaha in Usaha.objects.filter(pk__in=by_pk):
        ref = by_pk[usaha.pk]
        ref.obj, ref.owners, ref.products, ref.reports = usaha, [], {}, {}
    for link in Kepemilikan.objects.filter(usaha_id__in=by_pk).select_related("pelaku").order_by("pk"):
        by_pk[link.usaha_id].owners.append(link.pelaku)  # type: ignore[union-attr]
    if any(r.get("produk") for r in live):
        for produk in Produk.objects.filter(usaha_id__in=by_pk).order_by("pk"):
            by_pk[produk.usaha_id].products.setdefault(_product_key(produk.name), produk)  # type: ignore[union-attr]
    years = {r.year for r in live if r.year}
    if years:
        reports = list(LaporanTahunan.objects.filter(usaha_id__in=by_pk, year__in=years))
        for report in reports:
            report._import_lines = {}
            by_pk[report.usaha_id].reports[report.year] = report  # type: ignore[index]
        if ctx.kind == "laporan" and reports:
            by_report = {report.pk: report for report in reports}
            for line in ProduksiProduk.objects.filter(laporan_id__in=by_report, produk__isnull=False):
                by_report[line.laporan_id]._import_lines[line.produk_id] = line
    return {"pelaku_by_nik": pelaku_by_nik}


# --------------------------------------------------------------------------------------------
# Step 4: applying values
# --------------------------------------------------------------------------------------------


class Plan:
    """Objects a batch creates or changes, in the order they must be written."""

    ORDER = ("pelaku", "usaha", "kepemilikan", "produk", "laporan", "produksi")

    def __init__(self) -> None:
        self.new: dict[str, list[Any]] = {name: [] for name in self.ORDER}
        self.changed: dict[str, dict[int, tuple[Any, set[str]]]] = {name: {} for name in self.ORDER}
        #: Businesses created by the batch, with their refs (owners, products, reports in memory).
        self.new_refs: list[Ref] = []
        #: Existing businesses a row changed, and those whose yearly figures changed (id → object).
        self.changed_usaha: dict[int, Any] = {}
        self.rescale: dict[int, Any] = {}
        #: Reports whose production lines changed (their production value is the lines' sum).
        self.touched_reports: dict[int, Any] = {}

    def create(self, name: str, obj: Any) -> None:
        self.new[name].append(obj)

    def change(self, name: str, obj: Any, fields: Iterable[str]) -> None:
        if getattr(obj, "_import_new", False):
            return  # a new object is written whole; no update needed
        _obj, known = self.changed[name].setdefault(id(obj), (obj, set()))
        known.update(f.removesuffix("_id") for f in fields)


class Applier:
    """Applies one row's values to the batch's objects and decides the row's outcome."""

    def __init__(self, ctx: Context, plan: Plan, loaded: Mapping[str, Any]) -> None:
        self.ctx = ctx
        self.plan = plan
        self.pelaku_by_nik: dict[str, Any] = dict(loaded.get("pelaku_by_nik", {}))

    def apply(self, row: Row) -> RowResult:
        if row.ref is None and not row.rejected:
            row.issue(self.ctx, None, "Baris tidak dapat dicocokkan dengan usaha mana pun.")
        if row.rejected or row.ref is None:
            return RowResult(
                row.number,
                REJECTED,
                row.issues,
                self._display(row) if self.ctx.options.collect_values else None,
            )
        self.changes = 0
        self.created_primary = False
        usaha = self._usaha(row)
        self._owner(row, usaha)
        produk = self._produk(row, usaha) if row.get("produk") else None
        self._report(row, usaha, produk)
        if (self.changes or self.created_primary) and not getattr(usaha, "_import_new", False):
            self.plan.changed_usaha[id(usaha)] = usaha
        if self.created_primary:
            outcome = CREATED
        elif self.changes:
            outcome = UPDATED
        else:
            outcome = UNCHANGED
        values = self._display(row) if self.ctx.options.collect_values else None
        return RowResult(row.number, outcome, row.issues, values)

    # ---- generic helpers ------------------------------------------------------------------

    def _set(
        self, row: Row, ref: Ref, obj: Any, attr: str, value: Any, model: str, source: str, track: str = ""
    ) -> bool:
        """Set ``obj.attr`` to ``value`` when it differs.

        In files with several rows per business, the first row that states a business-level
        value wins; a later row that disagrees is flagged instead of silently overwriting it.
        """
        if value is None:
            return False
        key = f"{track or model}:{attr}"
        first = ref.set_by.setdefault(key, row.number)
        if _same(getattr(obj, attr), value):
            return False
        if first != row.number:
            row.issue(
                self.ctx,
                source,
                f"{field_label(source)} berbeda dengan baris {first} untuk usaha yang sama; nilai baris {first} "
                "yang dipakai.",
                "warning",
            )
            return False
        setattr(obj, attr, value)
        self.plan.change(model, obj, [attr])
        self.changes += 1
        return True

    # ---- the business ----------------------------------------------------------------------

    def _usaha(self, row: Row) -> Any:
        from simpul.registry.models import Usaha

        ref = row.ref
        assert ref is not None
        created_now = ref.obj is None
        if created_now:
            usaha = fastwrite.new(
                Usaha,
                name=row.get("nama_usaha"),
                desa_id=ref.desa_id,
                kecamatan_id=ref.desa_id.rsplit(".", 1)[0],
                source=Usaha.Source.IMPOR,
            )
            usaha._import_new = True
            ref.obj = usaha
            self.plan.create("usaha", usaha)
            self.plan.new_refs.append(ref)
            if self.ctx.kind == "usaha":
                self.created_primary = True
            else:
                self.changes += 1
        usaha = ref.obj
        # The file may rename a business it identifies by ID, NIB or NIK; a business found by its
        # similar name keeps the registered spelling (the difference is what matched it).
        if row.match is not None and row.match.strong:
            self._set(row, ref, usaha, "name", row.get("nama_usaha"), "usaha", "nama_usaha")
        elif created_now:
            ref.set_by.setdefault("usaha:name", row.number)
        self._set(row, ref, usaha, "legal_form", row.get("bentuk_usaha"), "usaha", "bentuk_usaha")
        self._set(row, ref, usaha, "nib", row.get("nib"), "usaha", "nib")
        self._set(row, ref, usaha, "npwp", row.get("npwp"), "usaha", "npwp")
        own_classification = self.ctx.kind == "usaha" or not usaha.kbli_id
        if own_classification:
            self._set(row, ref, usaha, "kbli_id", row.get("kbli"), "usaha", "kbli")
        group = row.get("kelompok")
        if group is None and row.get("kbli") and not usaha.group_id:
            group = self.ctx.kbli_groups.get(row.get("kbli")[:2])
        if self.ctx.kind == "usaha" or not usaha.group_id:
            self._set(row, ref, usaha, "group_id", group, "usaha", "kelompok")
        self._set(row, ref, usaha, "address", row.get("alamat"), "usaha", "alamat")
        region = row.region
        if (
            region is not None
            and region.desa
            and self._set(row, ref, usaha, "desa_id", region.desa, "usaha", "desa")
        ):
            usaha.kecamatan_id = region.desa.rsplit(".", 1)[0]
            self.plan.change("usaha", usaha, ["kecamatan_id"])
        self._phone(row, ref, usaha)
        self._set(row, ref, usaha, "email", row.get("email"), "usaha", "email")
        self._set(row, ref, usaha, "year_founded", row.get("tahun_berdiri"), "usaha", "tahun_berdiri")
        return usaha

    def _phone(self, row: Row, ref: Ref, usaha: Any) -> None:
        """Mobile numbers are WhatsApp numbers in practice; landlines go to the phone field.

        A number already stored in either field is unchanged, whichever field holds it.
        """
        number = row.get("telepon")
        if not number or number in (usaha.whatsapp, usaha.phone):
            if number:
                ref.set_by.setdefault("whatsapp", row.number)
            return
        attr = "whatsapp" if number.startswith("+628") else "phone"
        self._set(row, ref, usaha, attr, number, "usaha", "telepon")

    # ---- the owner -------------------------------------------------------------------------

    def _owner(self, row: Row, usaha: Any) -> None:
        from simpul.registry.models import Kepemilikan, Pelaku

        name, nik, gender = row.get("nama_pemilik"), row.get("nik"), row.get("jenis_kelamin")
        if not name:
            return
        ref = row.ref
        assert ref is not None and ref.owners is not None
        person = next((p for p in ref.owners if nik and p.nik == nik), None)
        if person is None:
            key = person_key(name)
            person = next(
                (p for p in ref.owners if person_key(p.name) == key and (not nik or not p.nik)), None
            )
        if person is not None:
            # A person found by NIK keeps the registry's spelling of the name ("H. Ahmad" / "Ahmad").
            if nik and not person.nik:
                holder = self.pelaku_by_nik.get(nik) or self.ctx.new_pelaku.get(nik)
                if holder is not None and holder is not person:
                    row.issue(
                        self.ctx,
                        "nik",
                        f"NIK ini sudah tercatat untuk {holder.name}; NIK tidak ditambahkan ke {person.name}.",
                        "warning",
                    )
                    nik = None
            self._set_person(person, "nik", nik)
            self._set_person(person, "gender", gender)
            return
        person = self.pelaku_by_nik.get(nik) if nik else None
        if person is None and nik:
            person = self.ctx.new_pelaku.get(nik)
        if person is None:
            person = fastwrite.new(Pelaku, name=name, nik=nik or "", gender=gender or "")
            person._import_new = True
            self.plan.create("pelaku", person)
            if nik:
                self.ctx.new_pelaku[nik] = person
        else:
            self._set_person(person, "gender", gender)
        ref.owners.append(person)
        link = fastwrite.new(Kepemilikan)
        fastwrite.attach(link, "usaha", usaha)
        fastwrite.attach(link, "pelaku", person)
        self.plan.create("kepemilikan", link)
        self.changes += 1

    def _set_person(self, person: Any, attr: str, value: Any) -> None:
        if value and not _same(getattr(person, attr), value):
            setattr(person, attr, value)
            self.plan.change("pelaku", person, [attr])
            self.changes += 1

    # ---- products, reports, production lines -------------------------------------------------

    def _produk(self, row: Row, usaha: Any) -> Any:
        from simpul.registry.models import Produk

        ref = row.ref
        assert ref is not None and ref.products is not None
        key = _product_key(row.get("produk"))
        produk = ref.products.get(key)
        if produk is None:
            produk = fastwrite.new(Produk, name=row.get("produk"))
            fastwrite.attach(produk, "usaha", usaha)
            produk._import_new = True
            ref.products[key] = produk
            self.plan.create("produk", produk)
            if self.ctx.kind == "produk":
                self.created_primary = True
            else:
                self.changes += 1
        unit, capacity = self._unit_and_quantity(row)
        group = row.get("kelompok")
        if group is None and row.get("kbli"):
            group = self.ctx.kbli_groups.get(row.get("kbli")[:2])
        updates: dict[str, Any] = {"unit": unit, "group_id": group}
        if self.ctx.kind == "produk":
            updates["kbli_id"] = row.get("kbli")
        if self.ctx.kind != "laporan":
            updates["capacity_per_year"] = capacity
        price = row.get("harga")
        if price is not None:
            price = price.quantize(_RUPIAH, ROUND_HALF_UP)
            updates["price_min"] = price
            updates["price_max"] = price
        for attr, value in updates.items():
            if value is not None and not _same(getattr(produk, attr), value):
                setattr(produk, attr, value)
                self.plan.change("produk", produk, [attr])
                self.changes += 1
        return produk

    def _unit_and_quantity(self, row: Row) -> tuple[str | None, Decimal | None]:
        quantity = row.get("kapasitas")
        code = row.get("satuan")
        if code is None:
            return None, quantity.quantize(_HUNDREDTH, ROUND_HALF_UP) if quantity is not None else None
        rule = unit_rule(code)
        if rule.note:
            row.issue(self.ctx, "satuan", rule.note, "warning")
        if quantity is not None:
            quantity = (quantity * rule.factor).quantize(_HUNDREDTH, ROUND_HALF_UP)
        return rule.unit, quantity

    def _report(self, row: Row, usaha: Any, produk: Any) -> None:
        from simpul.registry.models import LaporanTahunan

        values = {
            "workforce_male": row.get("tenaga_kerja_l"),
            "workforce_female": row.get("tenaga_kerja_p"),
            "investment_machines": _rupiah(row.get("investasi")),
        }
        if self.ctx.kind != "laporan":
            values["production_value"] = _rupiah(row.get("nilai_produksi"))
        wants_line = self.ctx.kind == "laporan" and produk is not None
        if row.year is None or (not wants_line and all(v is None for v in values.values())):
            return
        ref = row.ref
        assert ref is not None and ref.reports is not None
        report = ref.reports.get(row.year)
        if report is None:
            report = fastwrite.new(LaporanTahunan, year=row.year)
            fastwrite.attach(report, "usaha", usaha)
            report._import_new = True
            report._import_lines = {}
            ref.reports[row.year] = report
            self.plan.create("laporan", report)
            if self.ctx.kind == "laporan" and produk is None:
                self.created_primary = True
            else:
                self.changes += 1
        sources = {
            "workforce_male": "tenaga_kerja_l",
            "workforce_female": "tenaga_kerja_p",
            "investment_machines": "investasi",
            "production_value": "nilai_produksi",
        }
        before = self.changes
        for attr, value in values.items():
            self._set(row, ref, report, attr, value, "laporan", sources[attr], track=f"laporan{row.year}")
        if wants_line:
            self._line(row, report, produk)
        if self.changes != before or getattr(report, "_import_new", False):
            self.plan.rescale[id(usaha)] = usaha
            if wants_line:
                self.plan.touched_reports[id(report)] = report

    def _line(self, row: Row, report: Any, produk: Any) -> None:
        from simpul.registry.models import ProduksiProduk

        unit, volume = self._unit_and_quantity(row)
        lines = report._import_lines
        line = lines.get(produk.pk) if produk.pk else lines.get(("new", id(produk)))
        if line is None:
            line = fastwrite.new(ProduksiProduk, volume=volume or Decimal(0), unit=unit or "buah")
            fastwrite.attach(line, "laporan", report)
            fastwrite.attach(line, "produk", produk)
            line.value = _rupiah(row.get("nilai_produksi"))
            line._import_new = True
            lines[produk.pk if produk.pk else ("new", id(produk))] = line
            self.plan.create("produksi", line)
            self.created_primary = True
            return
        for attr, value in (
            ("volume", volume),
            ("unit", unit),
            ("value", _rupiah(row.get("nilai_produksi"))),
        ):
            if value is not None and not _same(getattr(line, attr), value):
                setattr(line, attr, value)
                self.plan.change("produksi", line, [attr])
                self.changes += 1

    # ---- display (preview) -------------------------------------------------------------------

    def _display(self, row: Row) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for key, value in row.values.items():
            out.append((field_label(key), _display_value(self.ctx, key, value)))
        if row.region is not None and row.region.description:
            out.append(("Wilayah", row.region.description))
        if (
            row.match is not None
            and row.match.ref is not None
            and row.match.ref.pk is not None
            and not row.is_new
        ):
            out.append(("Cocok dengan", f"usaha #{row.match.ref.pk} menurut {_how(row.match)}"))
        return out


def _display_value(ctx: Context, key: str, value: Any) -> str:
    spec = FIELDS_BY_KEY.get(key)
    if key == "kelompok":
        choice = ctx.group_choices.get(str(value))
        return choice[0] if choice else str(value)
    if spec is not None and spec.kind == "money" and isinstance(value, Decimal):
        return "Rp" + f"{int(value):,}".replace(",", ".")
    if key == "satuan":
        return unit_rule(value).unit
    return str(value)


def _rupiah(value: Decimal | None) -> Decimal | None:
    return value.quantize(_RUPIAH, ROUND_HALF_UP) if value is not None else None


def _same(current: Any, new: Any) -> bool:
    """Equal for the purpose of "unchanged": text compared with whitespace squashed, numbers by value."""
    if isinstance(new, str):
        return " ".join(str(current or "").split()) == " ".join(new.split())
    if isinstance(new, Decimal | int) and current is not None and not isinstance(current, str):
        return Decimal(current) == Decimal(new)
    return current == new


# --------------------------------------------------------------------------------------------
# Writing a batch
# --------------------------------------------------------------------------------------------


def write_plan(ctx: Context, plan: Plan) -> None:
    """Write a batch's objects with their history rows; derived fields follow.  Call inside atomic()."""
    from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, ProduksiProduk, Usaha

    models = {
        "pelaku": Pelaku,
        "usaha": Usaha,
        "kepemilikan": Kepemilikan,
        "produk": Produk,
        "laporan": LaporanTahunan,
        "produksi": ProduksiProduk,
    }
    user = ctx.user if getattr(ctx.user, "pk", None) else None
    now = timezone.now()
    _prepare_new(plan)
    for name in Plan.ORDER:
        model = models[name]
        fastwrite.insert(model, plan.new[name], user=user, reason=ctx.reason)
        changed = list(plan.changed[name].values())
        if changed:
            objs = [obj for obj, _fields in changed]
            fields = sorted({f for _obj, fs in changed for f in fs})
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                for obj in objs:
                    obj.updated_at = now
                fields.append("updated_at")
            fastwrite.update(model, objs, fields, user=user, reason=ctx.reason)
    _derived(ctx, plan)


def _prepare_new(plan: Plan) -> None:
    """Scale and completeness of new businesses, from what the batch holds in memory.

    Signals compute these on single saves; bulk inserts skip signals, and computing them here
    saves an UPDATE of every new business right after its INSERT.
    """
    for ref in plan.new_refs:
        usaha = ref.obj
        reports = [r for _year, r in sorted((ref.reports or {}).items())]
        usaha.apply_scale(reports[-1] if reports else None)
        owners = ref.owners or []
        facts = {
            "owners": bool(owners),
            "owner_nik": any(person.nik for person in owners),
            "products": bool(ref.products),
            "reports": bool(reports),
            "legal": False,
        }
        usaha.completeness = completeness_score(usaha, facts)


def completeness_score(usaha: Any, facts: dict[str, bool]) -> int:
    """The registry's completeness score for facts known without a query."""
    from simpul.registry import completeness

    return completeness._score(completeness._checks(usaha, facts)).score


def _derived(ctx: Context, plan: Plan) -> None:
    """Production value from production lines, scale and completeness of existing businesses."""
    from simpul.registry import completeness
    from simpul.registry.models import LaporanTahunan, ProduksiProduk, Usaha

    reports = [r for r in plan.touched_reports.values() if r.pk is not None]
    if ctx.kind == "laporan" and reports:
        sums = (
            ProduksiProduk.objects.filter(laporan_id__in=[r.pk for r in reports], value__isnull=False)
            .values("laporan_id")
            .annotate(total=Sum("value"))
        )
        totals = {item["laporan_id"]: item["total"] for item in sums}
        changed = []
        for report in reports:
            total = totals.get(report.pk)
            if total is not None and report.production_value != total:
                report.production_value = total
                changed.append(report)
        LaporanTahunan.objects.bulk_update(changed, ["production_value"], batch_size=500)
    rescale = {u.pk: u for u in plan.rescale.values() if u.pk is not None}
    if rescale:
        latest: dict[int, Any] = {}
        for report in LaporanTahunan.objects.filter(usaha_id__in=rescale, archived_at=None).order_by("year"):
            latest[report.usaha_id] = report
        scaled = []
        for pk, usaha in rescale.items():
            before = (usaha.scale, usaha.scale_reason)
            usaha.apply_scale(latest.get(pk))
            if (usaha.scale, usaha.scale_reason) != before:
                scaled.append(usaha)
        Usaha.objects.bulk_update(scaled, ["scale", "scale_reason"], batch_size=500)
    existing = [u.pk for u in plan.changed_usaha.values() if u.pk is not None]
    if existing:
        completeness.refresh_many(Usaha.objects.filter(pk__in=existing))


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------

ProgressCallback = Callable[[int], None]
BatchCallback = Callable[[BatchResult], None]


def process_batch(
    ctx: Context,
    index: int,
    batch: list[tuple[int, list[Any]]],
    *,
    write: bool,
    on_batch: BatchCallback | None,
) -> BatchResult:
    rows = [read_row(ctx, number, cells) for number, cells in batch]
    for row in rows:
        if not row.rejected:
            match_row(ctx, row)
    loaded = load_batch(ctx, rows)
    plan = Plan()
    applier = Applier(ctx, plan, loaded)
    result = BatchResult(index, [applier.apply(row) for row in rows])
    with transaction.atomic():
        if write:
            write_plan(ctx, plan)
        if on_batch is not None:
            on_batch(result)
    _after_batch(ctx, rows, write)
    return result


def _after_batch(ctx: Context, rows: list[Row], written: bool) -> None:
    """Give new businesses their keys and drop model objects, so memory stays flat."""
    # A dry run must remember the businesses it would create, since later rows may add to them.
    keep = ctx.options.dry_run and ctx.kind != "usaha"
    seen: set[int] = set()
    for row in rows:
        ref = row.ref
        if ref is None or id(ref) in seen:
            continue
        seen.add(id(ref))
        if written and ref.pk is None and ref.obj is not None:
            ref.pk = ref.obj.pk
            ctx.index.saved(ref)
        # Only businesses the dry run would create live on in memory; registered ones are read
        # again by the next batch that needs them, with whatever products and years it needs.
        ref.release(keep_objects=keep and ref.pk is None)
        if ctx.kind == "usaha":
            ref.set_by = {}
    if written:
        ctx.new_pelaku.clear()


def batched(rows: Iterable[tuple[int, list[Any]]], size: int) -> Iterator[list[tuple[int, list[Any]]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, max(size, 1))):
        yield batch


def run_import(
    source: Source,
    options: ImportOptions,
    *,
    progress: ProgressCallback | None = None,
    on_batch: BatchCallback | None = None,
    done: Mapping[int, BatchResult] | None = None,
) -> Summary:
    """Import the data rows of ``source`` as ``options`` say; returns the counts and flagged rows.

    ``done`` holds results of batches a previous, interrupted run already committed: those batches
    are matched again (so later rows still see them) but not written twice, and their stored
    results are reported instead of "unchanged".
    """
    if not any(spec.field == "nama_usaha" for spec in options.mapping.values()):
        raise MappingError("Kolom nama usaha belum dipetakan; pilih kolom yang berisi nama usaha.")
    ctx = Context(options)
    summary = Summary()
    reader = iter_data_rows(source, options)
    rows: Iterator[tuple[int, list[Any]]] = reader
    if options.max_rows is not None:
        rows = islice(reader, options.max_rows)
    try:
        _run_batches(ctx, summary, rows, progress=progress, on_batch=on_batch, done=done)
    finally:
        reader.close()
    return summary


def _run_batches(
    ctx: Context,
    summary: Summary,
    rows: Iterator[tuple[int, list[Any]]],
    *,
    progress: ProgressCallback | None,
    on_batch: BatchCallback | None,
    done: Mapping[int, BatchResult] | None,
) -> None:
    options = ctx.options
    for index, batch in enumerate(batched(rows, options.batch_size)):
        stored = (done or {}).get(index)
        result = process_batch(
            ctx,
            index,
            batch,
            write=not options.dry_run and stored is None,
            on_batch=on_batch if stored is None else None,
        )
        for row_result in (stored or result).rows:
            summary.add(row_result, keep=options.collect_values)
        if progress is not None:
            progress(summary.rows)


def year_from_title(title: str | None) -> int | None:
    """The year a sheet's title names ("DATA IKM ... TAHUN 2023" → 2023), if exactly one."""
    years = set(_YEAR_RE.findall(title or ""))
    return int(years.pop()) if len(years) == 1 else None


def default_year() -> int:
    return dt.date.today().year
