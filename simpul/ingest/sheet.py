"""Reading a spreadsheet and understanding its layout.

Three steps, each usable on its own:

1. :func:`read_rows` streams the cells of one sheet (xlsx/xlsm/xlsb/xls/ods via python-calamine,
   csv/tsv/txt via the csv module) as lists.  Row ``i`` of the result is spreadsheet row ``i + 1``
   and column ``j`` is spreadsheet column ``j`` (A = 0), so messages can cite "baris 5, kolom C".
2. :func:`find_header` looks at the first rows and finds the header row, skipping merged titles,
   two-row headers ("Tenaga Kerja" over "L | P | Jml") and a column-numbering row.
3. :func:`suggest_mapping` proposes which column holds which :class:`FieldSpec`, from the header
   text and from what the column contains, so files without any header still import.

No Django imports: the web import, the CLI and the benchmark share this module.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import os
import re
import statistics
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

import python_calamine
from rapidfuzz import fuzz, process

from simpul.ingest import parsers
from simpul.ingest.parsers import Parsed, is_missing, show

__all__ = [
    "IKM_FIELDS",
    "ColumnMatch",
    "FieldKind",
    "FieldSpec",
    "HeaderGuess",
    "SheetError",
    "check_zip_safety",
    "column_samples",
    "find_header",
    "guess_layout",
    "list_sheets",
    "missing_required",
    "parse_cell",
    "read_rows",
    "suggest_mapping",
]

Source = str | os.PathLike[str] | IO[bytes]

# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class SheetError(Exception):
    """A file or sheet that cannot be read.  ``str(error)`` is an Indonesian sentence for the officer.

    ``code`` lets callers react without parsing text: "unsupported", "empty", "empty_sheet",
    "not_found", "sheet_not_found", "corrupt", "encrypted", "html", "too_large".
    """

    def __init__(self, message: str, code: str = "corrupt") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --------------------------------------------------------------------------------------------
# Opening files
# --------------------------------------------------------------------------------------------

SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
DEFAULT_MAX_UNCOMPRESSED = 200 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# An encrypted .xlsx is an OLE container holding a stream with this (UTF-16) name.
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


@dataclass
class _Source:
    """A path or an open binary file, with the display name used in messages."""

    path: Path | None
    fileobj: IO[bytes] | None
    name: str

    @property
    def ext(self) -> str:
        return Path(self.name).suffix.casefold()

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """Binary handle positioned at the start; a caller's file object is rewound, not closed."""
        if self.fileobj is not None:
            self.fileobj.seek(0)
            yield self.fileobj
            self.fileobj.seek(0)
        else:
            assert self.path is not None
            with self.path.open("rb") as handle:
                yield handle

    def head(self, size: int = 8) -> bytes:
        with self.open() as handle:
            return handle.read(size) or b""

    def size(self) -> int:
        if self.path is not None:
            return self.path.stat().st_size
        with self.open() as handle:
            return handle.seek(0, io.SEEK_END)


def _source(path_or_file: Source, filename: str | None) -> _Source:
    if isinstance(path_or_file, str | os.PathLike):
        path = Path(path_or_file)
        if not path.is_file():
            raise SheetError(f"Berkas '{path.name}' tidak ditemukan.", "not_found")
        return _Source(path=path, fileobj=None, name=filename or path.name)
    name = filename or os.path.basename(str(getattr(path_or_file, "name", "") or ""))
    return _Source(path=None, fileobj=path_or_file, name=name or "berkas")


def _kind(src: _Source) -> Literal["book", "text"]:
    """Spreadsheet or delimited text, by extension; by content when there is no extension."""
    ext = src.ext
    if ext in SPREADSHEET_EXTENSIONS:
        return "book"
    if ext in TEXT_EXTENSIONS:
        return "text"
    if not ext:
        return "book" if src.head().startswith((_ZIP_MAGIC, _OLE_MAGIC)) else "text"
    raise SheetError(
        f"Jenis berkas '{ext}' tidak didukung; unggah berkas .xlsx, .xls, .ods atau .csv.", "unsupported"
    )


def check_zip_safety(
    file: IO[bytes],
    *,
    name: str = "berkas",
    max_total_bytes: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: int = 100,
    ratio_min_bytes: int = 10 * 1024 * 1024,
    max_members: int = 10_000,
) -> None:
    """Refuse a zip (xlsx/ods) that would expand to too much data.

    Rejects when the declared uncompressed total exceeds ``max_total_bytes``, or when any member
    larger than ``ratio_min_bytes`` is compressed more than ``max_ratio``:1 — real workbooks
    compress about 5–20:1.  The check reads the zip directory only; it decompresses nothing.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SheetError(f"Berkas '{name}' rusak atau bukan berkas Excel yang sah.", "corrupt") from exc
    if len(members) > max_members:
        raise SheetError(
            f"Berkas '{name}' berisi terlalu banyak bagian; berkas ditolak demi keamanan.", "too_large"
        )
    total = 0
    for member in members:
        total += member.file_size
        if total > max_total_bytes:
            limit_mb = max_total_bytes // (1024 * 1024)
            raise SheetError(
                f"Berkas '{name}' terlalu besar setelah dibuka (lebih dari {limit_mb} MB); pecah menjadi "
                "beberapa berkas.",
                "too_large",
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ratio_min_bytes and ratio > max_ratio:
            raise SheetError(
                f"Berkas '{name}' mencurigakan: isinya dimampatkan secara tidak wajar ({ratio:.0f}:1); "
                "berkas ditolak demi keamanan.",
                "too_large",
            )


def _is_encrypted_ole(src: _Source) -> bool:
    """True when an OLE container holds an encrypted OOXML package (a password-protected xlsx)."""
    overlap = len(_ENCRYPTED_MARK)
    tail = b""
    with src.open() as handle:
        while chunk := handle.read(1 << 20):
            if _ENCRYPTED_MARK in tail + chunk:
                return True
            tail = chunk[-overlap:]
    return False


def _open_book(src: _Source, max_uncompressed: int) -> python_calamine.CalamineWorkbook:
    """Validate the container, then let calamine parse it; every failure becomes a SheetError."""
    if src.size() == 0:
        raise SheetError(f"Berkas '{src.name}' kosong; tidak ada isi yang bisa dibaca.", "empty")
    head = src.head(512)
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(src):
            raise _password_error(src)
    elif head.startswith(_ZIP_MAGIC):
        with src.open() as handle:
            check_zip_safety(handle, name=src.name, max_total_bytes=max_uncompressed)
    elif head.lstrip().startswith(b"<"):
        raise SheetError(
            f"Berkas '{src.name}' sebenarnya halaman web (HTML), bukan berkas Excel; buka di Excel lalu "
            "simpan ulang sebagai .xlsx.",
            "html",
        )
    else:
        raise _corrupt(src)
    try:
        with src.open() as handle:
            # from_filelike sniffs the real format (an .xls renamed .xlsx still opens) and reads
            # the container eagerly, so the handle can be closed straight away.
            return python_calamine.CalamineWorkbook.from_filelike(handle)
    except python_calamine.PasswordError as exc:
        raise _password_error(src) from exc
    except Exception as exc:  # noqa: BLE001 - calamine raises several unrelated types on bad input
        raise _corrupt(src) from exc


def _password_error(src: _Source) -> SheetError:
    return SheetError(
        f"Berkas '{src.name}' dilindungi kata sandi; buka di Excel, hapus kata sandinya, lalu simpan ulang.",
        "encrypted",
    )


def _corrupt(src: _Source) -> SheetError:
    return SheetError(f"Berkas '{src.name}' rusak atau bukan berkas spreadsheet yang sah.", "corrupt")


def _worksheet_names(book: python_calamine.CalamineWorkbook, include_hidden: bool) -> list[str]:
    names = []
    for meta in book.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        if not include_hidden and meta.visible != python_calamine.SheetVisibleEnum.Visible:
            continue
        names.append(meta.name)
    return names


def list_sheets(
    path_or_file: Source,
    *,
    filename: str | None = None,
    include_hidden: bool = False,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> list[str]:
    """Names of the worksheets, in workbook order (hidden ones only if asked).

    A CSV has a single sheet, named after the file.
    """
    src = _source(path_or_file, filename)
    if _kind(src) == "text":
        return [Path(src.name).stem or "CSV"]
    book = _open_book(src, max_uncompressed)
    try:
        return _worksheet_names(book, include_hidden)
    finally:
        book.close()


def read_rows(
    path_or_file: Source,
    sheet: str | None = None,
    max_rows: int | None = None,
    *,
    filename: str | None = None,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> Iterator[list[Any]]:
    """Rows of one sheet as lists of cell values, streamed.

    ``path_or_file`` is a path or a binary file object (e.g. an upload); ``filename`` gives the
    extension when the object has no useful ``.name``.  ``sheet`` defaults to the first visible
    worksheet that has data; it is ignored for CSV.  Empty cells are None; whole numbers stored
    as floats by Excel come back as int; dates as ``date``/``datetime``; text unchanged (parsers
    trim it).  Rows may differ in length.  Problems with the file raise :class:`SheetError`
    when this function is called, not later while iterating.
    """
    src = _source(path_or_file, filename)
    rows = _csv_rows(src) if _kind(src) == "text" else _book_rows(src, sheet, max_uncompressed)
    return rows if max_rows is None else islice(rows, max(max_rows, 0))


def _book_rows(src: _Source, wanted: str | None, max_uncompressed: int) -> Iterator[list[Any]]:
    book = _open_book(src, max_uncompressed)
    try:
        data = _load_sheet(book, src, wanted)
    except BaseException:
        book.close()
        raise
    return _iter_sheet(book, data)


def _load_sheet(
    book: python_calamine.CalamineWorkbook, src: _Source, wanted: str | None
) -> python_calamine.CalamineSheet:
    if wanted is not None:
        if wanted not in book.sheet_names:
            names = ", ".join(book.sheet_names)
            raise SheetError(
                f"Lembar '{wanted}' tidak ditemukan; lembar yang ada: {names}.", "sheet_not_found"
            )
        data = _calamine_sheet(book, src, wanted)
        if data.start is None:
            raise SheetError(f"Lembar '{wanted}' kosong; tidak ada data yang bisa dibaca.", "empty_sheet")
        return data
    for name in _worksheet_names(book, include_hidden=False):
        data = _calamine_sheet(book, src, name)
        if data.start is not None:
            return data
    raise SheetError(f"Berkas '{src.name}' tidak berisi data di lembar mana pun.", "empty_sheet")


def _calamine_sheet(
    book: python_calamine.CalamineWorkbook, src: _Source, name: str
) -> python_calamine.CalamineSheet:
    try:
        return book.get_sheet_by_name(name)
    except Exception as exc:  # noqa: BLE001 - a broken sheet XML surfaces here
        raise _corrupt(src) from exc


def _iter_sheet(
    book: python_calamine.CalamineWorkbook, data: python_calamine.CalamineSheet
) -> Iterator[list[Any]]:
    # calamine trims empty leading rows and columns; pad them back so indices match the sheet.
    try:
        first_row, first_col = data.start or (0, 0)
        for _ in range(first_row):
            yield []
        pad: list[Any] = [None] * first_col
        for raw in data.iter_rows():
            yield pad + [_cell(value) for value in raw]
    finally:
        book.close()


def _cell(value: Any) -> Any:
    """Normalise a calamine value: '' → None, 39600.0 → 39600 (exact integers only)."""
    if isinstance(value, str):
        return value if value else None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _csv_rows(src: _Source) -> Iterator[list[Any]]:
    if src.size() == 0:
        raise SheetError(f"Berkas '{src.name}' kosong; tidak ada isi yang bisa dibaca.", "empty")
    encoding = _detect_encoding(src)
    with src.open() as handle:
        sample = handle.read(64 * 1024).decode(encoding, errors="replace")
    if not sample.strip().strip(",;\t\r\n\"'").strip():
        raise SheetError(f"Berkas '{src.name}' kosong; tidak ada isi yang bisa dibaca.", "empty")
    delimiter, skip_first = _sniff_delimiter(sample, src.ext)
    return _iter_csv(src, encoding, delimiter, skip_first)


def _detect_encoding(src: _Source) -> str:
    """utf-8 (with or without BOM), else Windows-1252, else latin-1 (which accepts any byte).

    The whole file is checked in chunks: one accented name on row 900 decides the encoding.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with src.open() as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _sniff_delimiter(sample: str, ext: str) -> tuple[str, bool]:
    """Delimiter among , ; and tab, and whether the first line is Excel's "sep=;" hint."""
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    hint = re.fullmatch(r"\s*sep=(.)\s*", first_line)
    if hint:
        return hint.group(1), True
    lines = sample.splitlines()[:30]
    if len(sample) >= 64 * 1024 and len(lines) > 1:
        lines = lines[:-1]  # the last line of a truncated sample may be cut mid-row
    best, best_score = ("\t" if ext == ".tsv" else ","), 0
    for delimiter in (",", ";", "\t"):
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in row)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        # A consistent field count across many lines is what distinguishes the real delimiter.
        score = counts.count(common) * (common - 1)
        if score > best_score:
            best, best_score = delimiter, score
    return best, False


def _iter_csv(src: _Source, encoding: str, delimiter: str, skip_first: bool) -> Iterator[list[Any]]:
    with src.open() as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            reader = csv.reader(text, delimiter=delimiter)
            if skip_first:
                next(reader, None)
            try:
                for row in reader:
                    yield [cell if cell != "" else None for cell in row]
            except csv.Error as exc:
                raise SheetError(
                    f"Berkas '{src.name}' rusak di sekitar baris {reader.line_num}: {exc}.", "corrupt"
                ) from exc
        finally:
            text.detach()  # leave the caller's file object open


# --------------------------------------------------------------------------------------------
# Field specifications
# --------------------------------------------------------------------------------------------

FieldKind = Literal[
    "text", "int", "number", "money", "phone", "nik", "nib", "npwp", "gender", "unit", "year", "choice",
    "region", "email", "kbli",
]  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """One importable field.

    ``synonyms`` are header texts that mean this field (compared case- and punctuation-insensitively,
    with money/unit notes such as "(Rp.000)" or "(orang)" ignored).  ``hint`` guides recognition
    by content for text-like fields: "address", "business_name", "person_name", "village",
    "district", "workforce_male", "workforce_female", "workforce_total", "capacity".
    """

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    kind: FieldKind = "text"
    required: bool = False
    choices: Mapping[str, Sequence[str]] | None = field(default=None, compare=False)
    max_length: int | None = 255
    hint: str | None = None


IKM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("nama_usaha", "Nama usaha", (
        "Nama Usaha", "Nama Perusahaan", "Nama IKM", "Nama Unit Usaha", "Nama Industri", "Nama UMKM",
        "Nama Badan Usaha", "Perusahaan", "Nama Perusahaan/Usaha", "Nama Usaha/Merek", "Nama Sentra/IKM",
        "Nama Toko", "Usaha", "Nama Perusahaan/IKM",
    ), required=True, hint="business_name"),
    FieldSpec("nama_pemilik", "Nama pemilik", (
        "Nama Pemilik", "Pemilik", "Nama Pemilik/Penanggung Jawab", "Penanggung Jawab", "Pimpinan",
        "Nama Pimpinan", "Nama Pengusaha", "Pengusaha", "Nama Pelaku Usaha", "Pemilik Usaha",
        "Nama Pengelola", "Pemilik/Pimpinan", "Nama Penanggung Jawab", "Nama Ketua",
    ), hint="person_name"),
    FieldSpec("nik", "NIK pemilik", (
        "NIK", "No. KTP", "Nomor KTP", "No KTP", "NIK Pemilik", "Nomor Induk Kependudukan", "NIK/KTP", "KTP",
    ), kind="nik"),
    FieldSpec("jenis_kelamin", "Jenis kelamin", (
        "Jenis Kelamin", "JK", "L/P", "Gender", "Jns Kelamin", "Kelamin", "Jenis Kelamin (L/P)", "Jenkel",
        "Jenis Kelamin Pemilik",
    ), kind="gender"),
    FieldSpec("alamat", "Alamat", (
        "Alamat", "Alamat Usaha", "Alamat Perusahaan", "Alamat Lengkap", "Alamat IKM", "Alamat Pabrik",
        "Lokasi", "Lokasi Usaha", "Alamat Tempat Usaha", "Jalan", "Alamat/Lokasi",
    ), hint="address"),
    FieldSpec("desa", "Desa/kelurahan", (
        "Desa", "Desa/Kel", "Desa/Kelurahan", "Kelurahan", "Kel.", "Kel/Desa", "Kelurahan/Desa", "Ds/Kel",
        "Desa/Kel.",
    ), kind="region", hint="village"),
    FieldSpec("kecamatan", "Kecamatan", ("Kecamatan", "Kec.", "Kec", "Kecamatan Lokasi"), kind="region",
              hint="district"),
    FieldSpec("telepon", "Nomor telepon", (
        "No. HP", "No HP", "No Telp/WA", "No. Telp", "Telepon", "Telp", "Nomor HP", "Nomor Telepon", "HP",
        "WA", "No. WA", "No WA", "Kontak", "Telp/HP", "HP/WA", "No. Telp/HP", "No. HP/WA", "Nomor Kontak",
        "Telepon/HP", "Handphone", "No Handphone",
    ), kind="phone"),
    FieldSpec("nib", "NIB", ("NIB", "Nomor Induk Berusaha", "No. NIB", "Nomor NIB", "NIB/Izin Usaha"),
              kind="nib"),
    FieldSpec("npwp", "NPWP", ("NPWP", "No. NPWP", "Nomor NPWP", "NPWP Usaha", "NPWP Perusahaan"),
              kind="npwp"),
    FieldSpec("kbli", "KBLI", ("KBLI", "Kode KBLI", "No. KBLI", "KBLI 2020", "Kode Usaha"), kind="kbli"),
    FieldSpec("kelompok", "Kelompok komoditas", (
        "Kelompok", "Kelompok Industri", "Komoditi", "Komoditas", "Cabang Industri", "Kelompok Komoditi",
        "Kelompok Komoditas", "Sektor", "Sektor Industri", "Jenis Industri", "Jenis Usaha", "Bidang Usaha",
    ), kind="choice", choices=parsers.KELOMPOK_IKM),
    FieldSpec("produk", "Produk", (
        "Produk", "Jenis Produk", "Nama Produk", "Produk Utama", "Hasil Produksi", "Jenis Barang",
        "Produk yang Dihasilkan", "Jenis Usaha", "Jenis Industri", "Komoditi/Produk",
        "Barang yang Dihasilkan",
    ), hint="product"),
    FieldSpec("satuan", "Satuan", (
        "Satuan", "Sat.", "Sat", "Satuan Produksi", "Satuan Kapasitas", "Satuan Kapasitas Produksi",
    ), kind="unit"),
    FieldSpec("kapasitas", "Kapasitas produksi per tahun", (
        "Kapasitas Produksi", "Kapasitas", "Kap. Produksi", "Kapasitas Produksi per Tahun", "Jumlah Produksi",
        "Volume Produksi", "Produksi per Tahun", "Kapasitas Terpasang", "Volume",
    ), kind="number", hint="capacity"),
    FieldSpec("tenaga_kerja_l", "Tenaga kerja laki-laki", (
        "TK L", "TK Laki-laki", "Tenaga Kerja Laki-laki", "Tenaga Kerja L", "TK Pria", "Jumlah TK L",
        "Jml TK L", "Tenaga Kerja Pria", "L",
    ), kind="int", hint="workforce_male"),
    FieldSpec("tenaga_kerja_p", "Tenaga kerja perempuan", (
        "TK P", "TK Perempuan", "Tenaga Kerja Perempuan", "Tenaga Kerja P", "TK Wanita", "Jumlah TK P",
        "Jml TK P", "Tenaga Kerja Wanita", "P",
    ), kind="int", hint="workforce_female"),
    FieldSpec("tenaga_kerja", "Jumlah tenaga kerja", (
        "Jumlah TK", "Tenaga Kerja", "Jumlah Tenaga Kerja", "TK", "Jml TK", "Total TK", "Tenaga Kerja Jumlah",
        "Tenaga Kerja Jml", "Tenaga Kerja Total", "Jumlah Karyawan", "Karyawan", "Jumlah Pekerja", "Pekerja",
    ), kind="int", hint="workforce_total"),
    FieldSpec("investasi", "Nilai investasi (Rp)", (
        "Nilai Investasi", "Investasi", "Modal", "Modal Usaha", "Nilai Aset", "Aset", "Investasi Mesin",
        "Nilai Investasi Mesin", "Total Investasi",
    ), kind="money"),
    FieldSpec("nilai_produksi", "Nilai produksi per tahun (Rp)", (
        "Nilai Produksi", "Omzet", "Omset", "Nilai Penjualan", "Omzet per Tahun", "Omset per Tahun",
        "Nilai Produksi per Tahun", "Penjualan", "Nilai Output",
    ), kind="money"),
    FieldSpec("tahun_berdiri", "Tahun berdiri", (
        "Tahun Berdiri", "Th Berdiri", "Thn Berdiri", "Tahun Mulai Usaha", "Tahun Pendirian", "Mulai Usaha",
        "Tahun", "Tahun Mulai", "Berdiri Sejak", "Tahun Usaha",
    ), kind="year"),
    FieldSpec("bentuk_usaha", "Bentuk usaha", (
        "Bentuk Usaha", "Badan Usaha", "Bentuk Badan Usaha", "Status Badan Hukum", "Badan Hukum",
        "Status Usaha", "Bentuk Badan Hukum",
    ), kind="choice", choices=parsers.BENTUK_USAHA),
    FieldSpec("email", "Email", ("Email", "E-mail", "Surel", "Alamat Email", "Alamat E-mail"), kind="email"),
    FieldSpec("keterangan", "Keterangan", ("Keterangan", "Ket.", "Ket", "Catatan", "Informasi Lain"),
              max_length=1000),
)  # fmt: skip


def parse_cell(spec: FieldSpec, value: Any, multiplier: int = 1) -> Parsed[Any]:
    """Parse one cell for ``spec``; a missing required value becomes a failure."""
    result = _parse_by_kind(spec, value, multiplier)
    return parsers.require(result, spec.label) if spec.required else result


_SIMPLE_PARSERS: dict[str, Callable[[Any], Parsed[Any]]] = {
    "int": parsers.parse_int,
    "number": parsers.parse_number,
    "phone": parsers.parse_phone,
    "nik": parsers.parse_nik,
    "nib": parsers.parse_nib,
    "npwp": parsers.parse_npwp,
    "gender": parsers.parse_gender,
    "unit": parsers.canonical_unit,
    "year": parsers.parse_year,
    "email": parsers.parse_email,
    "kbli": parsers.parse_kbli,
}


def _parse_by_kind(spec: FieldSpec, value: Any, multiplier: int) -> Parsed[Any]:
    if spec.kind in _SIMPLE_PARSERS:
        return _SIMPLE_PARSERS[spec.kind](value)
    if spec.kind == "money":
        return parsers.parse_money(value, multiplier)
    if spec.kind == "choice":
        return parsers.parse_choice(value, spec.choices or {}, label=spec.label)
    return parsers.parse_text(value, spec.max_length)


def missing_required(
    mapping: Mapping[int, ColumnMatch], fields: Sequence[FieldSpec] = IKM_FIELDS
) -> list[FieldSpec]:
    """Required fields that no column is mapped to."""
    mapped = {match.field for match in mapping.values()}
    return [spec for spec in fields if spec.required and spec.key not in mapped]


# --------------------------------------------------------------------------------------------
# Header text matching
# --------------------------------------------------------------------------------------------

# Notes in parentheses that say the unit, not the field: "(Rp.000)", "(orang)", "(per tahun)".
_NOTE_WORDS = frozenset(
    {
        "rp", "rupiah", "000", "juta", "jt", "ribu", "rb", "miliar", "milyar", "m", "orang", "org", "jiwa",
        "unit", "buah", "bh", "kg", "ton", "th", "thn", "tahun", "per", "x", "1", "dalam", "ribuan", "jutaan",
        "satuan", "pcs", "ltr", "liter", "bulan", "bln", "hari", "tahunan", "angka", "digit", "16", "13",
        "15", "wajib", "diisi", "opsional",
    }
)  # fmt: skip
_RUNNING_NUMBER_HEADERS = frozenset({"no", "nomor", "no urut", "nomor urut", "nmr", "urut", "no ur"})
HEADER_MATCH_MIN = 0.75


def _words(text: str) -> list[str]:
    text = text.casefold().replace("&", " dan ")
    return re.sub(r"[^0-9a-z]+", " ", text).split()


def _norm_header(text: Any) -> str:
    """Comparable form of a header: lower case, no punctuation, unit notes in brackets removed."""
    if text is None:
        return ""
    raw = show(text, limit=300)

    def note(match: re.Match[str]) -> str:
        inner = _words(match.group(1))
        return " " if all(word in _NOTE_WORDS for word in inner) else " " + " ".join(inner) + " "

    raw = re.sub(r"[(\[]([^)\]]*)[)\]]", note, raw)
    words = _words(raw)
    if len(words) > 1 and all(len(w) == 1 for w in words) and len(words) <= 3 and "l" not in words:
        return "".join(words)  # "N.I.K." → "nik"; but "L/P" stays "l p"
    return " ".join(words)


class _Synonym(NamedTuple):
    norm: str
    tokens: tuple[str, ...]
    text: str
    field: int


class _HeaderHit(NamedTuple):
    score: float
    synonym: str
    exact: bool


class _FieldIndex:
    """Normalised synonyms of a field list, with a cache of header lookups."""

    def __init__(self, fields: tuple[FieldSpec, ...]) -> None:
        self.fields = fields
        self.synonyms: list[_Synonym] = []
        for pos, spec in enumerate(fields):
            for text in dict.fromkeys((*spec.synonyms, spec.label)):
                norm = _norm_header(text)
                if norm:
                    self.synonyms.append(_Synonym(norm, tuple(norm.split()), text, pos))
        self.norms = [syn.norm for syn in self.synonyms]
        self._cache: dict[str, dict[int, _HeaderHit]] = {}

    def match(self, header: Any) -> dict[int, _HeaderHit]:
        """Field position → best hit for one header text (empty when nothing is close)."""
        norm = _norm_header(header)
        if norm not in self._cache:
            if len(self._cache) > 20_000:  # data cells pass through here too; keep memory bounded
                self._cache.clear()
            self._cache[norm] = self._match(norm) if norm else {}
        return self._cache[norm]

    def _match(self, norm: str) -> dict[int, _HeaderHit]:
        hits: dict[int, _HeaderHit] = {}

        def offer(pos: int, hit: _HeaderHit) -> None:
            if hit.score >= HEADER_MATCH_MIN and (pos not in hits or hit.score > hits[pos].score):
                hits[pos] = hit

        tokens = tuple(norm.split())
        for syn in self.synonyms:
            if syn.norm == norm:
                offer(syn.field, _HeaderHit(1.0, syn.text, True))
            elif len(syn.norm) >= 2 and _contains(tokens, syn.tokens):
                # "Nama Perusahaan/Usaha" contains "nama perusahaan"; longer overlaps score higher.
                offer(syn.field, _HeaderHit(0.75 + 0.2 * len(syn.tokens) / len(tokens), syn.text, False))
        if len(norm) > 3:
            for _, score, i in process.extract(
                norm, self.norms, scorer=fuzz.token_sort_ratio, score_cutoff=85, limit=5
            ):
                syn = self.synonyms[i]
                offer(syn.field, _HeaderHit(0.9 * score / 100, syn.text, False))
        return hits

    def best(self, header: Any) -> tuple[int, _HeaderHit] | None:
        hits = self.match(header)
        if not hits:
            return None
        pos = max(hits, key=lambda p: (hits[p].score, -p))
        return pos, hits[pos]


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


@functools.lru_cache(maxsize=16)
def _index_for(fields: tuple[FieldSpec, ...]) -> _FieldIndex:
    return _FieldIndex(fields)


def _is_running_number_header(text: Any) -> bool:
    return _norm_header(text) in _RUNNING_NUMBER_HEADERS or show(text).strip() == "#"


# --------------------------------------------------------------------------------------------
# Finding the header row
# --------------------------------------------------------------------------------------------


@dataclass
class HeaderGuess:
    """Where the header and the data are.

    Row and column indices are 0-based positions in the rows given to :func:`find_header`
    (with :func:`read_rows`, row ``i`` is spreadsheet row ``i + 1``, column 0 is column A).

    ``header_row`` is None when no header row was recognised; then ``columns`` is empty and the
    columns must be recognised from their content.  ``columns`` maps column index → header text;
    for a two-row header the texts are combined ("Tenaga Kerja L").  ``header_rows`` lists every
    row used as header.  ``matched`` counts distinct fields recognised in the header.
    ``title`` joins the merged title rows above the data, e.g. "DATA IKM KABUPATEN X 2023".
    ``first_column`` is the first column holding anything (leading empty columns are skipped).
    """

    header_row: int | None
    data_start: int
    columns: dict[int, str] = field(default_factory=dict)
    header_rows: tuple[int, ...] = ()
    matched: int = 0
    title: str | None = None
    first_column: int = 0
    reason: str = ""


def _present(row: Sequence[Any]) -> dict[int, Any]:
    return {col: value for col, value in enumerate(row) if not is_missing(value)}


def _is_textual(value: Any) -> bool:
    return isinstance(value, str) and not parsers.parse_number(value).ok


def _row_fields(cells: Mapping[int, Any], index: _FieldIndex) -> tuple[set[int], int]:
    """Distinct fields matched by a row's cells, and how many cells were recognised at all."""
    fields: set[int] = set()
    recognised = 0
    for value in cells.values():
        if not isinstance(value, str):
            continue
        best = index.best(value)
        if best is not None:
            fields.add(best[0])
            recognised += 1
        elif _is_running_number_header(value):
            recognised += 1
    return fields, recognised


def find_header(
    rows: Iterable[Sequence[Any]], fields: Sequence[FieldSpec] = IKM_FIELDS, *, max_scan: int = 20
) -> HeaderGuess:
    """Find the header row among the first ``max_scan`` rows.

    A candidate row needs at least two cells naming known fields, mostly text, and at least
    40% of its cells recognised; the row naming the most distinct fields wins (earliest on ties).
    Rows with a single filled cell are treated as merged titles.  A second header row directly
    below (sub-columns under a merged parent) is combined when that recognises more fields, and
    a row numbering the columns "1, 2, 3..." is skipped.
    """
    head = [list(row) for row in islice(rows, max_scan)]
    index = _index_for(tuple(fields))
    present = [_present(row) for row in head]
    filled = [cols for cols in present if cols]
    first_column = min((min(cols) for cols in filled), default=0)

    best: tuple[float, int, int] | None = None  # (score, row, distinct fields)
    for i, cells in enumerate(present):
        if len(cells) < 2:
            continue
        found, recognised = _row_fields(cells, index)
        text_share = sum(_is_textual(v) for v in cells.values()) / len(cells)
        if len(found) < 2 or recognised < 0.4 * len(cells) or text_share < 0.6:
            continue
        score = len(found) + 0.5 * text_share
        if best is None or score > best[0]:
            best = (score, i, len(found))

    if best is None:
        start = next((i for i, cells in enumerate(present) if len(cells) >= 2), 0)
        if start < len(present) and _looks_like_plain_header(present, start):
            matched = len(_row_fields(present[start], index)[0])
            best = (0.0, start, matched)
        else:
            return HeaderGuess(
                header_row=None,
                data_start=start,
                title=_title(present[:start]),
                first_column=first_column,
                reason="Tidak ditemukan baris judul kolom yang dikenali; kolom akan dikenali dari isinya.",
            )

    _, row, matched = best
    columns = {col: show(value, limit=200) for col, value in present[row].items()}
    header_rows: tuple[int, ...] = (row,)
    after = row + 1
    if after < len(head) and _looks_like_subheader(present[row], present[after]):
        combined = _combine_header_rows(present[row], present[after])
        combined_matched = len(_row_fields(combined, index)[0])
        if combined_matched > matched:
            columns, matched, header_rows, after = combined, combined_matched, (row, after), after + 1
    if after < len(head) and _is_numbering_row(present[after]):
        after += 1
    while after < len(head) and not present[after]:
        after += 1
    rows_text = " dan ".join(str(r + 1) for r in header_rows)
    return HeaderGuess(
        header_row=row,
        data_start=after,
        columns=columns,
        header_rows=header_rows,
        matched=matched,
        title=_title(present[:row]),
        first_column=first_column,
        reason=f"Judul kolom ditemukan di baris {rows_text}; {matched} kolom dikenali.",
    )


def _looks_like_plain_header(present: Sequence[Mapping[int, Any]], row: int) -> bool:
    """A header with unfamiliar names: distinct short texts over columns that hold numbers or dates.

    Without this, a sheet whose column names we do not know would have its header read as data.
    """
    cells = present[row]
    texts = [show(v, limit=200) for v in cells.values()]
    if not all(_is_textual(v) and len(t) <= 60 for v, t in zip(cells.values(), texts, strict=True)):
        return False
    if len({t.casefold() for t in texts}) < len(texts):
        return False
    below = [r for r in present[row + 1 : row + 11] if r]
    if not below:
        return False
    contrast = 0
    for col in cells:
        values = [r[col] for r in below if col in r]
        if values and sum(not _is_textual(v) for v in values) > len(values) / 2:
            contrast += 1
    return contrast >= max(1, 0.2 * len(cells))


def _title(rows_above: Sequence[Mapping[int, Any]]) -> str | None:
    texts = [show(next(iter(cells.values())), limit=200) for cells in rows_above if len(cells) == 1]
    return " / ".join(texts) or None


def _looks_like_subheader(parent: Mapping[int, Any], child: Mapping[int, Any]) -> bool:
    """A short all-text row with cells under the gaps of a merged parent header."""
    if not child:
        return False
    if not all(_is_textual(v) and len(str(v)) <= 40 for v in child.values()):
        return False
    return any(col not in parent for col in child)


def _combine_header_rows(parent: Mapping[int, Any], child: Mapping[int, Any]) -> dict[int, str]:
    """Prefix each sub-header with the merged parent it sits under ("Tenaga Kerja" + "L")."""
    combined: dict[int, str] = {}
    carry: str | None = None
    for col in range(max([*parent, *child]) + 1):
        top = show(parent[col], limit=200) if col in parent else None
        sub = show(child[col], limit=200) if col in child else None
        if top is not None:
            carry = top
        elif sub is None:
            carry = None  # a gap in both rows ends the merged span
        if sub is not None:
            combined[col] = f"{carry} {sub}" if carry else sub
        elif top is not None:
            combined[col] = top
    return combined


def _is_numbering_row(cells: Mapping[int, Any]) -> bool:
    """Government tables often number their columns "(1) (2) (3)" under the header."""
    if len(cells) < 3:
        return False
    numbers = []
    for value in cells.values():
        text = show(value).strip("() ")
        if not (text.isascii() and text.isdigit()):
            return False
        numbers.append(int(text))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


# --------------------------------------------------------------------------------------------
# Recognising columns
# --------------------------------------------------------------------------------------------


class ColumnMatch(NamedTuple):
    """Suggested field for a column.

    ``confidence`` is 0..1; ``reason`` a short Indonesian phrase for the officer;
    ``multiplier`` the money unit announced by the header (1000 for "(Rp.000)"), else 1.
    """

    field: str
    confidence: float
    reason: str
    multiplier: int = 1


MIN_CONFIDENCE = 0.3
SAMPLE_LIMIT = 50
_ID_NOISE_RE = re.compile(r"[\s.\-/'`]")
_ADDRESS_RE = re.compile(
    r"\b(?:jl|jln|jalan|gg|gang|rt|rw|dusun|dsn|dukuh|desa|ds|kel|kelurahan|kec|kecamatan|perum|perumahan|"
    r"blok|komplek|kompleks|lingkungan|lingk|kp|kampung)\b|\bno\.?\s*[0-9]",
    re.I,
)
_BUSINESS_RE = re.compile(
    r"^(?:ud|cv|pt|kub|koperasi|kop|toko|usaha|ikm|umkm|home\s*industr[iy]|industri|pd|sentra|kelompok|"
    r"rumah|dapur|warung|kedai|bengkel|konveksi|penjahit|mebel)\b|\b(?:jaya|makmur|abadi|sejahtera|mandiri|"
    r"sentosa|barokah|berkah|lestari|sumber|rejeki|rezeki|mulia|snack|bakery|batik|kerupuk|krupuk|keripik|"
    r"kripik|tempe|tahu|konveksi|mebel|furniture|craft|food|collection)\b",
    re.I,
)
_PERSON_TITLE_RE = re.compile(
    r"^(?:h|hj|haji|hajjah|bpk|bapak|pak|ibu|bu|ny|nyonya|sdr|sdri|drs|dra|dr|ir)\b\.?|,\s*(?:s|a|m|d)\.?\s?[a-z]",
    re.I,
)
_VILLAGE_RE = re.compile(r"^(?:desa|ds|kel|kelurahan|dusun|dsn)\b\.?", re.I)
_DISTRICT_RE = re.compile(r"^(?:kec|kecamatan)\b\.?", re.I)
_NAME_CHARS_RE = re.compile(r"[A-Za-z][A-Za-z .,'&/\-]*")


class _Profile:
    """What a column's sample values look like, computed once and shared by all detectors."""

    def __init__(self, values: Sequence[Any]) -> None:
        self.all_values = list(values)
        self.values = [v for v in self.all_values if not is_missing(v)][:SAMPLE_LIMIT]
        self.n = len(self.values)

    def share(self, test: Callable[[Any], bool]) -> float:
        """Fraction of the present values passing ``test``."""
        if not self.n:
            return 0.0
        return sum(1 for v in self.values if test(v)) / self.n

    @functools.cached_property
    def texts(self) -> list[str]:
        return [parsers.parse_text(v, None).value or "" for v in self.values]

    @functools.cached_property
    def digits(self) -> list[str | None]:
        """Digit string of each value when it is a whole number or a separated ID, else None."""
        out: list[str | None] = []
        for value in self.values:
            if isinstance(value, bool):
                out.append(None)
            elif isinstance(value, int):
                out.append(str(abs(value)))
            elif isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
                out.append(str(int(abs(value))))
            elif isinstance(value, str):
                stripped = _ID_NOISE_RE.sub("", value).lstrip("+")
                out.append(stripped if stripped.isascii() and stripped.isdigit() else None)
            else:
                out.append(None)
        return out

    @functools.cached_property
    def numbers(self) -> list[Decimal | None]:
        return [parsers.parse_number(v, allow_negative=True).value for v in self.values]

    def digit_share(self, lengths: Iterable[int]) -> float:
        wanted = set(lengths)
        return sum(1 for d in self.digits if d is not None and len(d) in wanted) / self.n if self.n else 0.0

    @functools.cached_property
    def name_like(self) -> float:
        """Share of short alphabetic phrases (names of people, businesses or places)."""

        def ok(text: str) -> bool:
            if not _NAME_CHARS_RE.fullmatch(text) or not 2 < len(text) <= 60 or len(text.split()) > 6:
                return False
            letters = [ch for ch in text.casefold() if ch.isalpha()]
            vowels = sum(ch in "aeiou" for ch in letters) / len(letters)
            return 0.2 <= vowels <= 0.7  # Indonesian words alternate vowels; random tokens rarely do

        return sum(1 for t in self.texts if ok(t)) / self.n if self.n else 0.0

    @functools.cached_property
    def distinct(self) -> float:
        return len({t.casefold() for t in self.texts}) / self.n if self.n else 0.0

    @functools.cached_property
    def running_number(self) -> bool:
        """1, 2, 3, ... in order: the "No" column."""
        numbers = [n for n in self.numbers if n is not None]
        if self.n < 3 or len(numbers) < self.n or not 0 <= numbers[0] <= 1000:
            return False  # consecutive years or phone numbers are data, not row numbers
        return all(b - a == 1 for a, b in zip(numbers, numbers[1:], strict=False))


class _Clue(NamedTuple):
    score: float
    reason: str


def _evidence(profile: _Profile) -> float:
    """Fewer samples, weaker conclusions: one value is a hint, four or more are evidence."""
    return min(1.0, 0.6 + 0.1 * profile.n)


def _content_clue(spec: FieldSpec, profile: _Profile) -> _Clue | None:
    """What the column's values say about ``spec`` (None when they say nothing)."""
    if profile.n == 0:
        return None
    detector = _DETECTORS_BY_KIND.get(spec.kind) or _DETECTORS_BY_HINT.get(spec.hint or "")
    if detector is None:
        return None
    clue = detector(spec, profile)
    if clue is None:
        return None
    return _Clue(clue.score * _evidence(profile), clue.reason)


def _detect_nik(spec: FieldSpec, p: _Profile) -> _Clue | None:
    share = p.digit_share([16])
    if share < 0.6:
        return None
    valid = p.share(lambda v: parsers.parse_nik(v).ok)
    return _Clue(0.6 + 0.3 * valid, "isi kolom berupa 16 angka (NIK)") if valid >= 0.5 else None


def _detect_nib(spec: FieldSpec, p: _Profile) -> _Clue | None:
    share = p.digit_share([13])
    return _Clue(0.85 * share, "isi kolom berupa 13 angka (NIB)") if share >= 0.6 else None


def _detect_npwp(spec: FieldSpec, p: _Profile) -> _Clue | None:
    formatted = p.share(
        lambda v: isinstance(v, str) and re.fullmatch(r"\s*\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}\s*", v)
    )
    share = max(p.digit_share([15]), formatted)
    return _Clue(0.85 * share, "isi kolom berupa 15 angka (NPWP)") if share >= 0.6 else None


def _phone_shaped(digits: str | None) -> bool:
    if digits is None:
        return False
    return (
        (digits.startswith("0") and 9 <= len(digits) <= 13)
        or (digits.startswith("62") and 10 <= len(digits) <= 15)
        or (digits.startswith("8") and 9 <= len(digits) <= 12)
    )


def _detect_phone(spec: FieldSpec, p: _Profile) -> _Clue | None:
    if sum(_phone_shaped(d) for d in p.digits) < 0.5 * p.n:
        return None
    share = p.share(lambda v: parsers.parse_phone(v).ok)
    return _Clue(0.8 * share, "isi kolom berupa nomor telepon") if share >= 0.6 else None


def _short_text_share(p: _Profile, max_len: int) -> float:
    return p.share(lambda v: isinstance(v, str) and len(v.strip()) <= max_len)


def _detect_gender(spec: FieldSpec, p: _Profile) -> _Clue | None:
    if _short_text_share(p, 12) < 0.8:  # cheap filter before parsing every value
        return None
    share = p.share(lambda v: isinstance(v, str) and len(v.strip()) <= 12 and parsers.parse_gender(v).ok)
    return _Clue(0.85 * share, "isi kolom berupa L/P (jenis kelamin)") if share >= 0.8 else None


def _detect_unit(spec: FieldSpec, p: _Profile) -> _Clue | None:
    if _short_text_share(p, 20) < 0.7:
        return None
    share = p.share(lambda v: isinstance(v, str) and parsers.canonical_unit(v).ok)
    return _Clue(0.8 * share, "isi kolom berupa nama satuan") if share >= 0.7 else None


def _detect_year(spec: FieldSpec, p: _Profile) -> _Clue | None:
    last = dt.date.today().year

    def year_like(digits: str | None) -> bool:
        return digits is not None and len(digits) == 4 and 1950 <= int(digits) <= last

    share = sum(year_like(d) for d in p.digits) / p.n
    return _Clue(0.75 * share, "isi kolom berupa tahun") if share >= 0.8 else None


def _detect_email(spec: FieldSpec, p: _Profile) -> _Clue | None:
    if sum("@" in t for t in p.texts) < 0.6 * p.n:
        return None
    share = p.share(lambda v: parsers.parse_email(v).ok)
    return _Clue(0.9 * share, "isi kolom berupa alamat email") if share >= 0.6 else None


def _detect_kbli(spec: FieldSpec, p: _Profile) -> _Clue | None:
    def kbli_like(text: str) -> bool:
        found = re.match(r"\s*(\d{5})(?!\d)", text)
        return bool(found) and 10 <= int(found.group(1)[:2]) <= 33  # type: ignore[union-attr]

    share = sum(kbli_like(t) for t in p.texts) / p.n
    return _Clue(0.6 * share, "isi kolom berupa kode KBLI 5 angka") if share >= 0.7 else None


def _detect_choice(spec: FieldSpec, p: _Profile) -> _Clue | None:
    if not spec.choices:
        return None
    choices = spec.choices
    if _short_text_share(p, 60) < 0.6:
        return None
    share = p.share(lambda v: isinstance(v, str) and parsers.parse_choice(v, choices).ok)
    return _Clue(0.75 * share, f"isi kolom berupa pilihan {spec.label.lower()}") if share >= 0.6 else None


def _detect_money(spec: FieldSpec, p: _Profile) -> _Clue | None:
    written = p.share(
        lambda v: isinstance(v, str) and bool(re.search(r"\brp|\d\s*(?:jt|juta|rb|ribu)\b", v, re.I))
    )
    if written >= 0.5:
        return _Clue(0.7 * written, "isi kolom berupa nilai rupiah")
    numbers = [n for n in p.numbers if n is not None]
    if len(numbers) < 0.8 * p.n:
        return None
    # Amounts are round (15.000.000, 2.500); random or measured numbers rarely are.
    round_share = sum(1 for n in numbers if n == n.to_integral_value() and n % 100 == 0) / len(numbers)
    if round_share >= 0.6 and statistics.median(numbers) >= 1000:
        return _Clue(0.4, "isi kolom berupa angka besar yang bulat (nilai rupiah)")
    return None


def _detect_address(spec: FieldSpec, p: _Profile) -> _Clue | None:
    share = sum(1 for t in p.texts if _ADDRESS_RE.search(t)) / p.n
    return _Clue(0.8 * share, "isi kolom berupa alamat (Jl./RT/Desa)") if share >= 0.5 else None


def _detect_business(spec: FieldSpec, p: _Profile) -> _Clue | None:
    # Names start with a letter; "13911 - Industri batik" is a KBLI code with its title.
    marked = sum(1 for t in p.texts if t[:1].isalpha() and _BUSINESS_RE.search(t)) / p.n
    if marked >= 0.3:
        return _Clue(0.45 + 0.35 * marked, "isi kolom mirip nama usaha (UD, CV, Toko...)")
    if p.name_like >= 0.8 and p.distinct >= 0.6:
        return _Clue(0.35, "isi kolom berupa nama")
    return None


def _detect_person(spec: FieldSpec, p: _Profile) -> _Clue | None:
    if p.name_like < 0.8 or p.distinct < 0.6:
        return None
    titled = sum(1 for t in p.texts if _PERSON_TITLE_RE.search(t)) / p.n
    marked = sum(1 for t in p.texts if _BUSINESS_RE.search(t)) / p.n
    if marked >= 0.3:
        return None
    return _Clue(0.35 + 0.3 * titled, "isi kolom berupa nama orang")


def _detect_region(pattern: re.Pattern[str], what: str) -> Callable[[FieldSpec, _Profile], _Clue | None]:
    def detect(spec: FieldSpec, p: _Profile) -> _Clue | None:
        prefixed = sum(1 for t in p.texts if pattern.match(t)) / p.n
        if prefixed >= 0.5:
            return _Clue(0.75 * prefixed, f"isi kolom diawali '{what}'")
        if p.n >= 5 and p.name_like >= 0.8 and p.distinct <= 0.6:
            return _Clue(0.32, "isi kolom berupa nama wilayah yang berulang")
        return None

    return detect


_DETECTORS_BY_KIND: dict[str, Callable[[FieldSpec, _Profile], _Clue | None]] = {
    "nik": _detect_nik,
    "nib": _detect_nib,
    "npwp": _detect_npwp,
    "phone": _detect_phone,
    "gender": _detect_gender,
    "unit": _detect_unit,
    "year": _detect_year,
    "email": _detect_email,
    "kbli": _detect_kbli,
    "choice": _detect_choice,
    "money": _detect_money,
}
_DETECTORS_BY_HINT: dict[str, Callable[[FieldSpec, _Profile], _Clue | None]] = {
    "address": _detect_address,
    "business_name": _detect_business,
    "person_name": _detect_person,
    "village": _detect_region(_VILLAGE_RE, "Desa/Kel."),
    "district": _detect_region(_DISTRICT_RE, "Kec."),
}


def _compatibility(spec: FieldSpec, profile: _Profile) -> float:
    """Share of sample values the field's parser accepts (1.0 when there are no samples).

    Text fields accept anything, so for them only text (not numbers) counts as compatible.
    """
    values = profile.values[:20]
    if not values:
        return 1.0
    if spec.kind in ("text", "region"):
        return sum(1 for v in values if _is_textual(v)) / len(values)
    return sum(1 for v in values if parse_cell(spec, v).ok) / len(values)


class _Candidate(NamedTuple):
    score: float
    column: int
    field: int
    reason: str


def _header_candidates(
    column: int, header: Any, profile: _Profile, index: _FieldIndex
) -> dict[int, _Candidate]:
    out: dict[int, _Candidate] = {}
    for pos, hit in index.match(header).items():
        spec = index.fields[pos]
        score = hit.score * (0.6 + 0.4 * _compatibility(spec, profile))
        verb = "sama dengan" if hit.exact else "mirip"
        out[pos] = _Candidate(score, column, pos, f"judul kolom {verb} '{hit.synonym}'")
    return out


def _column_candidates(column: int, header: Any, profile: _Profile, index: _FieldIndex) -> list[_Candidate]:
    by_header = _header_candidates(column, header, profile, index) if header else {}
    out = []
    for pos, spec in enumerate(index.fields):
        clue = _content_clue(spec, profile)
        from_header = by_header.get(pos)
        if from_header and clue:
            # Header and content agree: more certain than either alone.
            score = min(1.0, max(from_header.score, clue.score) + 0.05)
            out.append(_Candidate(score, column, pos, f"{from_header.reason}; {clue.reason}"))
        elif from_header:
            out.append(from_header)
        elif clue:
            out.append(_Candidate(clue.score, column, pos, clue.reason))
    return [c for c in out if c.score >= MIN_CONFIDENCE]


def _workforce_triples(
    profiles: Mapping[int, _Profile], index: _FieldIndex, taken: set[int]
) -> list[_Candidate]:
    """Three adjacent count columns where the third is the sum of the first two: L, P, total."""
    hints = {spec.hint: pos for pos, spec in enumerate(index.fields)}
    wanted = ("workforce_male", "workforce_female", "workforce_total")
    if not all(h in hints for h in wanted):
        return []
    out: list[_Candidate] = []
    for col in sorted(profiles):
        cols = (col, col + 1, col + 2)
        if any(c in taken or c not in profiles for c in cols):
            continue
        if any(sum(n is not None for n in profiles[c].numbers) < 0.6 * max(profiles[c].n, 1) for c in cols):
            continue
        rows = list(zip(*(profiles[c].all_values for c in cols), strict=False))[: SAMPLE_LIMIT * 2]
        sums = [tuple(parsers.parse_int(v).value for v in row) for row in rows]
        complete = [s for s in sums if None not in s]
        if len(complete) < 2 or len(complete) < 0.6 * len(rows):
            continue
        adds_up = sum(1 for a, b, c in complete if a + b == c and c <= 100_000) / len(complete)  # type: ignore[operator]
        if adds_up >= 0.8 and any(c for _, _, c in complete):
            reason = "tiga kolom angka dengan kolom ketiga = jumlah dua kolom sebelumnya (TK L, P, jumlah)"
            out += [_Candidate(0.7, c, hints[h], reason) for c, h in zip(cols, wanted, strict=True)]
    return out


def suggest_mapping(
    header_texts: Mapping[int, Any] | Sequence[Any] | None,
    sample_columns: Mapping[int, Sequence[Any]] | Sequence[Sequence[Any]],
    fields: Sequence[FieldSpec] = IKM_FIELDS,
) -> dict[int, ColumnMatch]:
    """Propose column index → field, from header texts and sample values.

    ``header_texts`` is :attr:`HeaderGuess.columns` (or a list by column; None/empty when the file
    has no header).  ``sample_columns`` maps column index → values of that column for the same
    sample rows in the same order (see :func:`column_samples`).  Each field is used at most once
    and each column gets at most one field: the highest-scoring pairs win.  Suggestions below
    0.3 confidence are dropped.  The "No" column (1, 2, 3...) is never mapped.
    """
    headers = _as_mapping(header_texts or {})
    samples = _as_mapping(sample_columns)
    index = _index_for(tuple(fields))
    profiles = {col: _Profile(samples.get(col, ())) for col in sorted(set(headers) | set(samples))}

    candidates: list[_Candidate] = []
    skipped: set[int] = set()
    for col, profile in profiles.items():
        header = headers.get(col)
        if _is_running_number_header(header) or (not index.match(header) and profile.running_number):
            skipped.add(col)
            continue
        candidates += _column_candidates(col, header, profile, index)
    candidates += _workforce_triples(profiles, index, skipped)

    chosen = _assign(candidates)
    _add_capacity_beside_unit(chosen, profiles, index, skipped)
    result = {}
    for col, cand in sorted(chosen.items()):
        spec = index.fields[cand.field]
        multiplier = parsers.money_unit_from_header(headers.get(col)) if spec.kind == "money" else 1
        result[col] = ColumnMatch(spec.key, round(cand.score, 2), cand.reason, multiplier)
    return result


def _as_mapping(data: Mapping[int, Any] | Sequence[Any]) -> dict[int, Any]:
    return dict(data) if isinstance(data, Mapping) else dict(enumerate(data))


def _assign(candidates: Iterable[_Candidate]) -> dict[int, _Candidate]:
    """Greedy one-to-one assignment, best score first; ties go to the leftmost column and the
    earlier field (so of two name-like columns the first is the business, the second the owner)."""
    chosen: dict[int, _Candidate] = {}
    used: set[int] = set()
    for cand in sorted(candidates, key=lambda c: (-c.score, c.column, c.field)):
        if cand.column in chosen or cand.field in used:
            continue
        chosen[cand.column] = cand
        used.add(cand.field)
    return chosen


def _add_capacity_beside_unit(
    chosen: dict[int, _Candidate], profiles: Mapping[int, _Profile], index: _FieldIndex, skipped: set[int]
) -> None:
    """Capacity is a bare number, recognisable only by sitting next to the unit column.

    That position is stronger evidence than a weak guess from the numbers alone (round numbers
    look like money), so such a guess on the neighbouring column is replaced.
    """
    score = 0.45
    used = {cand.field for cand in chosen.values()}
    capacity = next((p for p, s in enumerate(index.fields) if s.hint == "capacity" and p not in used), None)
    unit_col = next((c for c, cand in chosen.items() if index.fields[cand.field].kind == "unit"), None)
    if capacity is None or unit_col is None:
        return
    for col in (unit_col - 1, unit_col + 1):
        profile = profiles.get(col)
        if col in skipped or profile is None or profile.n == 0:
            continue
        if col in chosen and chosen[col].score >= score:
            continue
        if sum(n is not None for n in profile.numbers) >= 0.8 * profile.n:
            chosen[col] = _Candidate(score, col, capacity, "kolom angka di samping kolom satuan (kapasitas)")
            return


# --------------------------------------------------------------------------------------------
# Convenience
# --------------------------------------------------------------------------------------------


def column_samples(rows: Iterable[Sequence[Any]], start: int = 0, limit: int = 200) -> dict[int, list[Any]]:
    """Column index → values of rows ``start .. start+limit`` (row-aligned; short rows give None).

    Blank rows are skipped so a gap in the sheet does not waste the sample.
    """
    picked = [list(row) for row in islice(rows, start, None) if _present(row)]
    picked = picked[:limit]
    width = max((len(row) for row in picked), default=0)
    return {col: [row[col] if col < len(row) else None for row in picked] for col in range(width)}


def guess_layout(
    rows: Sequence[Sequence[Any]], fields: Sequence[FieldSpec] = IKM_FIELDS, *, sample_size: int = 200
) -> tuple[HeaderGuess, dict[int, ColumnMatch]]:
    """find_header + column_samples + suggest_mapping on the first rows of a sheet.

    Pass the first few hundred rows (``list(read_rows(path, max_rows=300))``).
    """
    guess = find_header(rows, fields)
    samples = column_samples(rows, guess.data_start, sample_size)
    return guess, suggest_mapping(guess.columns, samples, fields)
