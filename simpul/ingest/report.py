"""The downloadable report of an import: rejected and doubtful rows, original values, reasons per cell.

The first sheet repeats each flagged row exactly as it was in the file, with two columns in front
(the spreadsheet row number and whether the row was rejected or only needs a look) and the reasons
at the end.  A cell with a problem is coloured and carries the reason as a comment.  The header
row uses the file's own column names, so an officer can correct the rows in this sheet and import
it again: the extra columns are not recognised as data and are ignored.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from simpul.core.export import neutralise
from simpul.ingest.fields import column_letter, field_label
from simpul.ingest.models import ImportJob
from simpul.ingest.pipeline import OUTCOME_LABELS, REJECTED
from simpul.ingest.sheet import read_rows

ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
WARNING_FILL = PatternFill("solid", fgColor="FFF3CD")
BOLD = Font(bold=True)
#: Headers of the columns the report adds; chosen so the importer does not take them for data.
ROW_HEADER, STATUS_HEADER, REASON_HEADER = "Baris", "Status impor", "Alasan"


def _header_texts(run: ImportJob, width: int) -> list[str]:
    """The file's own header per column; for a file without one, the field the column was mapped to."""
    mapping = run.column_mapping
    texts = []
    for col in range(width):
        text = (run.headers or {}).get(str(col))
        if not text and col in mapping:
            text = field_label(mapping[col].field)
        texts.append(text or f"Kolom {column_letter(col)}")
    return texts


def _cell(
    sheet: Any, value: Any, *, fill: PatternFill | None = None, note: str = "", bold: bool = False
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
    if fill is not None:
        cell.fill = fill
    if note:
        cell.comment = Comment(note[:2000], "Simpul IKM")
    if bold:
        cell.font = BOLD
    return cell


def build_report(run: ImportJob) -> bytes:
    """XLSX bytes of the report; reads the stored file once, streaming, for the original values."""
    flagged = {entry["row"]: entry for entry in run.flagged_rows()}
    with run.file.open("rb") as handle:
        rows = [
            (i + 1, list(cells))
            for i, cells in enumerate(read_rows(handle, run.sheet or None, filename=run.filename))
            if i + 1 in flagged
        ]
    width = max([len(cells) for _n, cells in rows] + [int(c) + 1 for c in (run.headers or {})] + [1])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Perlu diperbaiki")
    headers = [ROW_HEADER, STATUS_HEADER, *_header_texts(run, width), REASON_HEADER]
    sheet.append([_cell(sheet, text, bold=True) for text in headers])
    for number, cells in rows:
        entry = flagged[number]
        by_column: dict[str, list[tuple[str, str]]] = {}
        for column, _header, _value, message, level in entry["issues"]:
            by_column.setdefault(column, []).append((message, level))
        status = OUTCOME_LABELS[REJECTED] if entry["outcome"] == REJECTED else "Perlu dicek"
        out = [_cell(sheet, number), _cell(sheet, status)]
        for col in range(width):
            value = cells[col] if col < len(cells) else None
            notes = by_column.get(column_letter(col), [])
            fill = None
            if notes:
                fill = ERROR_FILL if any(level == "error" for _m, level in notes) else WARNING_FILL
            out.append(_cell(sheet, value, fill=fill, note="\n".join(m for m, _l in notes)))
        reasons = [
            (f"{column}: " if column else "") + message for column, _h, _v, message, _level in entry["issues"]
        ]
        out.append(_cell(sheet, "\n".join(reasons)))
        sheet.append(out)
    _summary_sheet(book, run)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary_sheet(book: Workbook, run: ImportJob) -> None:
    from simpul.ingest.runs import describe_mapping

    sheet = book.create_sheet("Ringkasan")
    kind = "Uji coba (tidak ada yang disimpan)" if run.dry_run else "Impor"
    lines: list[list[Any]] = [
        ["Berkas", run.filename],
        ["Lembar", run.sheet],
        ["Jenis", f"{kind} · {run.get_kind_display()}"],
        ["Baris data", run.processed],
        ["Dibuat", run.created],
        ["Diperbarui", run.updated],
        ["Tidak berubah", run.unchanged],
        ["Ditolak", run.rejected],
        ["Perlu dicek", run.doubtful],
        [],
        ["Kolom", "Judul di berkas", "Dipetakan ke"],
    ]
    lines += [list(item) for item in describe_mapping(run)]
    for line in lines:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in line])
