"""Import runs as the web journey and the command line use them.

Reading an upload's layout, applying and saving mapping templates, previewing, starting a run in
the background and executing it with its results stored batch by batch.  Views and the command
stay thin: they call these functions and show what comes back.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

from django.core.files.base import File
from django.db.models import F
from django.utils import timezone

from simpul.ingest import pipeline, signals
from simpul.ingest.fields import (
    FIELDS_BY_KEY,
    ColumnSpec,
    column_letter,
    fields_for,
    header_key,
    mapping_from_json,
    mapping_to_json,
)
from simpul.ingest.models import ImportChunk, ImportJob, MappingTemplate
from simpul.ingest.pipeline import BatchResult, ImportOptions, Issue, RowResult, Summary
from simpul.ingest.sheet import (
    HeaderGuess,
    SheetError,
    column_samples,
    find_header,
    list_sheets,
    read_rows,
    suggest_mapping,
)

LAYOUT_ROWS = 300
MAX_SHEETS_TRIED = 10
#: A sheet this wide where (almost) nothing is recognised is noise, not an IKM table.
NOISE_WIDTH = 60


class LayoutError(Exception):
    """A readable file whose content is not an IKM table; the message is for the officer."""


@dataclass
class Layout:
    """Where the data of a sheet is and what its columns probably hold."""

    sheet: str
    guess: HeaderGuess
    suggestions: dict[int, Any]
    width: int


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


def _head(source: Any, filename: str, sheet: str | None) -> list[list[Any]]:
    return [list(row) for row in read_rows(source, sheet or None, max_rows=LAYOUT_ROWS, filename=filename)]


def detect_layout(
    source: Any, filename: str, kind: str, sheet: str | None = None
) -> tuple[list[str], Layout]:
    """Sheets of the file and the layout of the chosen (or most promising) sheet.

    Raises :class:`SheetError` for unreadable files and :class:`LayoutError` when no sheet holds
    recognisable IKM columns.
    """
    sheets = list_sheets(source, filename=filename)
    if not sheets:
        raise SheetError(f"Berkas '{filename}' tidak berisi lembar kerja.", "empty_sheet")
    candidates = [sheet] if sheet else sheets[:MAX_SHEETS_TRIED]
    best: Layout | None = None
    first_error: SheetError | None = None
    for name in candidates:
        try:
            layout = layout_of(source, filename, kind, name if len(sheets) > 1 or sheet else None)
        except SheetError as exc:
            first_error = first_error or exc
            continue
        if best is None or _score(layout) > _score(best):
            best = layout
    if best is None:
        raise first_error or SheetError(
            f"Berkas '{filename}' tidak berisi data di lembar mana pun.", "empty_sheet"
        )
    _check_recognisable(best)
    if len(sheets) == 1:
        best.sheet = sheets[0]
    return sheets, best


def layout_of(
    source: Any, filename: str, kind: str, sheet: str | None, header_row: int | None = -1
) -> Layout:
    """Layout of one sheet; ``header_row`` None forces "no header", -1 lets it be found."""
    rows = _head(source, filename, sheet)
    if not any(any(cell is not None for cell in row) for row in rows):
        raise SheetError(
            f"Lembar '{sheet or filename}' kosong; tidak ada data yang bisa dibaca.", "empty_sheet"
        )
    fields = fields_for(kind)
    guess = find_header(rows, fields) if header_row == -1 else _forced_header(rows, header_row)
    samples = column_samples(rows, guess.data_start)
    suggestions = suggest_mapping(guess.columns, samples, fields)
    width = max((len(row) for row in rows), default=0)
    return Layout(sheet or "", guess, suggestions, width)


def _forced_header(rows: list[list[Any]], header_row: int | None) -> HeaderGuess:
    """The officer's choice of header row (None: the file has no header)."""
    from simpul.ingest.parsers import is_missing, show

    if header_row is None or header_row >= len(rows):
        return HeaderGuess(header_row=None, data_start=0, reason="Berkas dianggap tanpa baris judul kolom.")
    columns = {col: show(v, limit=200) for col, v in enumerate(rows[header_row]) if not is_missing(v)}
    return HeaderGuess(
        header_row=header_row,
        data_start=header_row + 1,
        columns=columns,
        header_rows=(header_row,),
        reason=f"Baris judul kolom ditetapkan di baris {header_row + 1}.",
    )


def _score(layout: Layout) -> float:
    fields = {match.field for match in layout.suggestions.values()}
    return len(fields) + (5 if "nama_usaha" in fields else 0)


def _check_recognisable(layout: Layout) -> None:
    recognised = len(layout.suggestions)
    where = f"lembar '{layout.sheet}'" if layout.sheet else "berkas ini"
    if layout.width >= NOISE_WIDTH and recognised <= 2:
        raise LayoutError(
            f"{where.capitalize()} berisi {layout.width} kolom, tetapi hampir tidak ada yang dikenali sebagai data "
            "IKM. Pastikan Anda mengunggah lembar data IKM (dengan kolom seperti Nama Usaha, Pemilik, Alamat, "
            "Kecamatan), bukan lembar rekap atau lampiran."
        )
    if recognised == 0:
        raise LayoutError(
            f"Tidak ada kolom yang dikenali di {where}. Pastikan berkas berisi data IKM dengan judul kolom seperti "
            "Nama Usaha, Nama Pemilik, Alamat, Desa dan Kecamatan."
        )


def apply_layout(run: ImportJob, layout: Layout) -> None:
    """Store a detected layout on a draft run: header, suggestions and the suggested mapping."""
    guess = layout.guess
    run.sheet = layout.sheet
    run.header_row = guess.header_row
    run.data_start = guess.data_start
    run.title = (guess.title or "")[:300]
    run.headers = {str(col): text for col, text in guess.columns.items()}
    run.suggestions = {
        str(col): {
            "field": m.field,
            "confidence": m.confidence,
            "reason": m.reason,
            "multiplier": m.multiplier,
        }
        for col, m in layout.suggestions.items()
    }
    run.mapping = mapping_to_json(
        {col: ColumnSpec(m.field, m.multiplier) for col, m in layout.suggestions.items()}
    )
    if run.year is None:
        run.year = pipeline.year_from_title(guess.title) or pipeline.default_year()


def create_run(upload: IO[bytes], filename: str, kind: str, user: Any, sheet: str | None = None) -> ImportJob:
    """Check an upload and keep it as a draft run with its detected layout.

    Raises SheetError or LayoutError with the officer's message; nothing is stored then.
    """
    sheets, layout = detect_layout(upload, filename, kind, sheet)
    run = ImportJob(filename=os.path.basename(filename)[:255], kind=kind, created_by=user, sheets=sheets)
    apply_layout(run, layout)
    upload.seek(0)
    run.file.save(os.path.basename(filename), File(upload, name=filename), save=False)
    run.save()
    return run


def relayout(run: ImportJob, sheet: str | None, header_row: int | None) -> None:
    """Read the layout again after the officer chose another sheet or header row."""
    with run.file.open("rb") as handle:
        layout = layout_of(handle, run.filename, run.kind, sheet or None, header_row)
    layout.sheet = sheet or run.sheet
    apply_layout(run, layout)


# --------------------------------------------------------------------------------------------
# Mapping templates
# --------------------------------------------------------------------------------------------


def _column_key(run: ImportJob, col: int) -> str:
    text = run.headers.get(str(col))
    return header_key(text) if text else f"#{col}"


def save_template(run: ImportJob, name: str, user: Any) -> MappingTemplate:
    mapping = {
        _column_key(run, col): {"field": spec.field, "multiplier": spec.multiplier}
        for col, spec in run.column_mapping.items()
    }
    template, _created = MappingTemplate.objects.update_or_create(
        name=name, defaults={"mapping": mapping, "kind": run.kind, "created_by": user}
    )
    return template


def template_mapping(run: ImportJob, template: MappingTemplate) -> dict[int, ColumnSpec]:
    """The template's mapping for this file's columns; columns the template does not know stay unmapped."""
    stored = template.mapping or {}
    columns = {int(c) for c in run.headers} | {int(c) for c in run.suggestions} | set(run.column_mapping)
    columns |= {int(key[1:]) for key in stored if key.startswith("#") and key[1:].isdigit()}
    out: dict[int, ColumnSpec] = {}
    for col in sorted(columns):
        entry = stored.get(_column_key(run, col))
        if entry and entry.get("field") in FIELDS_BY_KEY:
            out[col] = ColumnSpec(entry["field"], int(entry.get("multiplier") or 1))
    return out


def apply_template(run: ImportJob, template: MappingTemplate) -> int:
    mapping = template_mapping(run, template)
    run.mapping = mapping_to_json(mapping)
    run.kind = template.kind
    return len(mapping)


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


def options_for(run: ImportJob, user: Any = None, **extra: Any) -> ImportOptions:
    return ImportOptions(
        kind=run.kind,
        mapping=mapping_from_json(run.mapping),
        data_start=run.data_start,
        headers={int(col): text for col, text in (run.headers or {}).items()},
        sheet=run.sheet or None,
        filename=run.filename,
        year=run.year,
        dry_run=run.dry_run,
        user=user if user is not None else run.created_by,
        batch_size=run.batch_size,
        **extra,
    )


def preview(run: ImportJob, user: Any, limit: int = 20) -> Summary:
    """The first rows as they would be stored (a dry run of ``limit`` rows)."""
    options = options_for(run, user, max_rows=limit, collect_values=True)
    options.dry_run = True
    with run.file.open("rb") as handle:
        return pipeline.run_import(handle, options)


def _chunk_issues(result: BatchResult) -> list[dict[str, Any]]:
    return [
        {
            "row": row.row,
            "outcome": row.outcome,
            "issues": [[i.column, i.header, i.value, i.message, i.level] for i in row.issues],
        }
        for row in result.rows
        if row.issues
    ]


def _stored_batches(run: ImportJob) -> dict[int, BatchResult]:
    """Results of batches an interrupted earlier attempt of this run committed.

    Only flagged rows are stored with their row numbers; the others are rebuilt from the
    outcome letters, which is all a summary needs of them.
    """
    out: dict[int, BatchResult] = {}
    letters = {"c": pipeline.CREATED, "u": pipeline.UPDATED, "n": pipeline.UNCHANGED, "r": pipeline.REJECTED}
    for chunk in run.chunks.all():
        rows = [
            RowResult(entry["row"], entry["outcome"], [Issue(*issue) for issue in entry["issues"]])
            for entry in chunk.issues
        ]
        remaining = Counter(chunk.outcomes)
        remaining.subtract(row.code for row in rows)
        for letter, count in remaining.items():
            rows += [RowResult(0, letters[letter.lower()]) for _ in range(max(count, 0))]
        out[chunk.index] = BatchResult(chunk.index, rows)
    return out


def execute(run: ImportJob, progress: Callable[[int], None] | None = None, user: Any = None) -> Summary:
    """Run an import to the end, storing each batch's results with its data.

    Safe to call again after an interruption: committed batches are kept, the rest is done.
    """
    done = _stored_batches(run)
    ImportJob.objects.filter(pk=run.pk).update(status=ImportJob.Status.RUNNING, message="")
    options = options_for(run, user)
    if not run.rows_total:
        with run.file.open("rb") as handle:
            run.rows_total = pipeline.count_data_rows(handle, options)
        ImportJob.objects.filter(pk=run.pk).update(rows_total=run.rows_total)

    def on_batch(result: BatchResult) -> None:
        # Runs inside the batch's transaction: the results exist exactly when the data does.
        codes = "".join(row.code for row in result.rows)
        ImportChunk.objects.create(
            run=run,
            index=result.index,
            first_row=result.rows[0].row if result.rows else 0,
            last_row=result.rows[-1].row if result.rows else 0,
            outcomes=codes,
            issues=_chunk_issues(result),
        )
        counts = {key: 0 for key in ("created", "updated", "unchanged", "rejected", "doubtful")}
        for row in result.rows:
            counts[row.outcome] += 1
            counts["doubtful"] += row.doubtful
        ImportJob.objects.filter(pk=run.pk).update(**{k: F(k) + v for k, v in counts.items()})

    try:
        with run.file.open("rb") as handle:
            summary = pipeline.run_import(handle, options, progress=progress, on_batch=on_batch, done=done)
    except (SheetError, pipeline.MappingError) as exc:
        _finish(run, ImportJob.Status.FAILED, str(exc))
        raise
    except Exception:
        _finish(
            run,
            ImportJob.Status.FAILED,
            "Impor terhenti karena galat sistem; jalankan ulang untuk melanjutkan.",
        )
        raise
    run.refresh_from_db()
    for key, value in summary.counts().items():
        if key != "rows":
            setattr(run, key, value)
    run.rows_total = summary.rows
    run.status = ImportJob.Status.DONE
    run.finished_at = timezone.now()
    run.message = ""
    run.save()
    signals.import_finished.send(sender=ImportJob, run=run)
    return summary


def _finish(run: ImportJob, status: str, message: str) -> None:
    ImportJob.objects.filter(pk=run.pk).update(status=status, message=message, finished_at=timezone.now())


def clone(run: ImportJob, user: Any) -> ImportJob:
    """A new run over the same stored file and mapping (the real import after a dry run)."""
    copy = ImportJob(
        file=run.file.name,
        filename=run.filename,
        sheet=run.sheet,
        sheets=run.sheets,
        header_row=run.header_row,
        data_start=run.data_start,
        title=run.title,
        headers=run.headers,
        mapping=run.mapping,
        suggestions=run.suggestions,
        kind=run.kind,
        year=run.year,
        batch_size=run.batch_size,
        created_by=user,
        source_run=run,
    )
    copy.save()
    return copy


def start(run: ImportJob, *, dry_run: bool, user: Any) -> ImportJob:
    """Queue a run as a background job; a run that already ran is copied first."""
    from simpul.core import jobs

    if run.status != ImportJob.Status.DRAFT:
        run = clone(run, user)
    run.dry_run = dry_run
    run.status = ImportJob.Status.QUEUED
    run.save(update_fields=["dry_run", "status", "updated_at"])
    what = "Uji coba impor" if dry_run else "Impor"
    job = jobs.start("impor_ikm", f"{what} {run.filename}"[:200], user, import_id=run.pk)
    ImportJob.objects.filter(pk=run.pk).update(job=job)
    run.refresh_from_db()
    return run


def resume(run: ImportJob, user: Any) -> ImportJob:
    """Start an interrupted or failed run again; its committed batches are kept."""
    from simpul.core import jobs

    ImportJob.objects.filter(pk=run.pk).update(status=ImportJob.Status.QUEUED, message="")
    job = jobs.start("impor_ikm", f"Lanjutkan impor {run.filename}"[:200], user, import_id=run.pk)
    ImportJob.objects.filter(pk=run.pk).update(job=job)
    run.refresh_from_db()
    return run


def can_resume(run: ImportJob, stale_after_seconds: int = 600) -> bool:
    """A failed run, or one that has shown no progress for a while (its worker was stopped)."""
    if run.status == ImportJob.Status.FAILED:
        return True
    if run.status in (ImportJob.Status.RUNNING, ImportJob.Status.QUEUED):
        return (timezone.now() - run.updated_at).total_seconds() > stale_after_seconds
    return False


def flagged_preview(run: ImportJob, limit: int = 200) -> list[dict[str, Any]]:
    """The first flagged rows for the result page."""
    return list(islice(run.flagged_rows(), limit))


def describe_mapping(run: ImportJob) -> list[tuple[str, str, str]]:
    """(column letter, header, field label) for the summary sheet of the report."""
    from simpul.ingest.fields import field_label

    return [
        (column_letter(col), run.headers.get(str(col), ""), field_label(spec.field))
        for col, spec in sorted(run.column_mapping.items())
    ]
