"""The import journey: upload → columns → preview → dry run → import → result and report.

Plain function views.  Every bad file ends on the page it came from with a clear message and
HTTP 200; only admin and petugas reach these pages, and each sees the imports they started
(admin sees all).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.roles import Role, role_of
from simpul.core.scoping import can
from simpul.ingest import runs
from simpul.ingest.fields import FIELDS_BY_KEY, column_letter, field_label
from simpul.ingest.forms import MappingForm, UploadForm
from simpul.ingest.models import ImportJob, MappingTemplate
from simpul.ingest.parsers import is_missing, money_unit_from_header, show
from simpul.ingest.pipeline import OUTCOME_LABELS, MappingError
from simpul.ingest.report import build_report
from simpul.ingest.sheet import SheetError, read_rows

View = Callable[..., HttpResponse]


def importer_required(view: View) -> View:
    """Only admin and petugas import; others get 403, visitors the login page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.user, "add", ImportJob):
            raise PermissionDenied(_("Hanya admin dan petugas yang dapat mengimpor data."))
        return view(request, *args, **kwargs)

    return wrapped


def _runs_for(user: Any) -> QuerySet[ImportJob]:
    runs_qs = ImportJob.objects.restrict(user, "view")
    if role_of(user) != Role.ADMIN:
        runs_qs = runs_qs.filter(created_by=user)
    return runs_qs


def _get_run(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(_runs_for(request.user), pk=pk)


# --------------------------------------------------------------------------------------------
# Upload
# --------------------------------------------------------------------------------------------


@importer_required
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            run = runs.create_run(file, file.name, form.cleaned_data["kind"], request.user)
        except (SheetError, runs.LayoutError) as exc:
            form.add_error("file", str(exc))
        except Exception:  # noqa: BLE001 - an unforeseen file must still get a sentence, not a 500
            form.add_error(
                "file",
                _(
                    "Berkas tidak dapat dibaca. Buka di Excel, simpan ulang sebagai .xlsx, lalu unggah kembali."
                ),
            )
        else:
            return redirect("ingest:mapping", run.pk)
    recent = _runs_for(request.user).select_related("created_by")[:15]
    context = {"form": form, "recent": recent, "max_upload_mb": settings.SIMPUL_MAX_UPLOAD_MB}
    return render(request, "ingest/upload.html", context)


# --------------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------------


def _sheet_rows(run: ImportJob, limit: int = runs.LAYOUT_ROWS) -> list[list[Any]]:
    try:
        with run.file.open("rb") as handle:
            return [
                list(r) for r in read_rows(handle, run.sheet or None, max_rows=limit, filename=run.filename)
            ]
    except SheetError:
        return []


def _columns(run: ImportJob, rows: list[list[Any]]) -> list[int]:
    """Columns worth showing: those with a header, a suggestion, a mapping or data."""
    cols = {int(c) for c in run.headers} | {int(c) for c in run.suggestions} | set(run.column_mapping)
    for row in rows[run.data_start :]:
        cols.update(i for i, v in enumerate(row) if not is_missing(v))
    return sorted(cols)


def _samples(run: ImportJob, rows: list[list[Any]], col: int, count: int = 3) -> list[str]:
    out = []
    for row in rows[run.data_start :]:
        if col < len(row) and not is_missing(row[col]):
            out.append(show(row[col], limit=40))
            if len(out) == count:
                break
    return out


@importer_required
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    if run.status != ImportJob.Status.DRAFT:
        return redirect("ingest:result", run.pk)
    rows = _sheet_rows(run)
    columns = _columns(run, rows)
    form = MappingForm(request.POST or None, run=run, columns=columns)
    if request.method == "POST" and form.is_valid():
        response = _mapping_action(request, run, form, request.POST.get("action", "preview"))
        if response is not None:
            return response
        if not form.errors:
            # The layout, template or saved mapping changed what the page shows: build it afresh.
            rows = _sheet_rows(run)
            columns = _columns(run, rows)
            form = MappingForm(run=run, columns=columns)
    context = {
        "run": run,
        "form": form,
        "columns": [
            {
                "col": col,
                "letter": column_letter(col),
                "header": run.headers.get(str(col), ""),
                "samples": _samples(run, rows, col),
                "suggestion": _suggestion(run, col),
                "select": select,
                "multiplier": multiplier,
                "money": _is_money(run, col),
            }
            for col, select, multiplier in form.column_fields()
        ],
        "header_display": run.header_row + 1 if run.header_row is not None else None,
    }
    return render(request, "ingest/mapping.html", context)


def _suggestion(run: ImportJob, col: int) -> dict[str, Any] | None:
    found = run.suggestions.get(str(col))
    if not found:
        return None
    return {**found, "label": field_label(found["field"]), "percent": round(100 * found["confidence"])}


def _is_money(run: ImportJob, col: int) -> bool:
    """Whether the money-unit select is worth showing: a money field, or a header naming a unit."""
    spec = run.column_mapping.get(col)
    suggested = (run.suggestions.get(str(col)) or {}).get("field")
    fields = [key for key in (spec.field if spec else None, suggested) if key]
    if any(FIELDS_BY_KEY[key].kind == "money" for key in fields if key in FIELDS_BY_KEY):
        return True
    return money_unit_from_header(run.headers.get(str(col))) != 1


def _mapping_action(
    request: HttpRequest, run: ImportJob, form: MappingForm, action: str
) -> HttpResponse | None:
    """Carry out the button the officer pressed; a response ends the request, None re-renders."""
    data = form.cleaned_data
    run.kind = data["kind"]
    run.year = data.get("year") or run.year
    if action == "relayout":
        header = data.get("header_row")
        try:
            runs.relayout(run, data.get("sheet") or run.sheet, header - 1 if header else None)
        except SheetError as exc:
            messages.error(request, str(exc))
            return None
        run.save()
        messages.info(request, _("Lembar dibaca ulang; periksa lagi pemetaan kolomnya."))
        return None
    if action == "apply_template":
        template = data.get("template")
        if template is None:
            messages.error(request, _("Pilih templat yang akan diterapkan."))
            return None
        count = runs.apply_template(run, template)
        run.save()
        messages.success(
            request,
            _("Templat '%(name)s' diterapkan pada %(count)d kolom.") % {"name": template, "count": count},
        )
        return None
    if not form.validate_mapping():
        return None
    run.mapping = {str(c): {"field": s.field, "multiplier": s.multiplier} for c, s in form.mapping().items()}
    run.save()
    if action == "save_template":
        name = (data.get("template_name") or "").strip()
        if not name:
            messages.error(request, _("Isi nama templat."))
            return None
        runs.save_template(run, name, request.user)
        messages.success(request, _("Pemetaan disimpan sebagai templat '%(name)s'.") % {"name": name})
        return None
    return redirect("ingest:preview", run.pk)


# --------------------------------------------------------------------------------------------
# Preview, runs, results
# --------------------------------------------------------------------------------------------


@importer_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    error = None
    summary = None
    try:
        summary = runs.preview(run, request.user)
    except (SheetError, MappingError) as exc:
        error = str(exc)
    mapped = {spec.field for spec in run.column_mapping.values()}
    warnings = []
    if not mapped & {"kode_desa", "desa", "kecamatan", "alamat"}:
        warnings.append(
            _(
                "Tidak ada kolom wilayah (kecamatan, desa atau alamat) yang dipetakan: usaha baru akan ditolak, "
                "hanya usaha yang sudah terdaftar yang dapat diperbarui."
            )
        )
    results = summary.preview if summary else []
    labels = _preview_labels(run, results)
    rows = []
    for result in results:
        values = dict(result.values or [])
        rows.append(
            {
                "result": result,
                "label": OUTCOME_LABELS[result.outcome],
                "cells": [values.get(label, "") for label in labels],
            }
        )
    context = {"run": run, "labels": labels, "rows": rows, "error": error, "warnings": warnings}
    return render(request, "ingest/preview.html", context)


def _preview_labels(run: ImportJob, results: list[Any]) -> list[str]:
    """Columns of the preview table: mapped fields in file order, then the region and the match."""
    labels = [field_label(spec.field) for _col, spec in sorted(run.column_mapping.items())]
    for result in results:
        for label, _value in result.values or []:
            if label not in labels:
                labels.append(label)
    return labels


@importer_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    dry_run = request.POST.get("mode") == "dry_run"
    try:
        started = runs.start(run, dry_run=dry_run, user=request.user)
    except (SheetError, MappingError) as exc:
        messages.error(request, str(exc))
        return redirect("ingest:preview", run.pk)
    return redirect("ingest:result", started.pk)


@importer_required
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    if runs.can_resume(run):
        runs.resume(run, request.user)
        messages.info(request, _("Impor dilanjutkan; baris yang sudah tersimpan tidak diimpor dua kali."))
    return redirect("ingest:result", run.pk)


def _result_context(run: ImportJob) -> dict[str, Any]:
    flagged = []
    for entry in runs.flagged_preview(run):
        flagged.append(
            {
                "row": entry["row"],
                "status": OUTCOME_LABELS["rejected"] if entry["outcome"] == "rejected" else _("Perlu dicek"),
                "rejected": entry["outcome"] == "rejected",
                "issues": [
                    {"column": c, "header": h, "value": v, "message": m, "level": lvl}
                    for c, h, v, m, lvl in entry["issues"]
                ],
            }
        )
    return {"run": run, "flagged": flagged, "can_resume": runs.can_resume(run)}


@importer_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    if run.status == ImportJob.Status.DRAFT:
        return redirect("ingest:mapping", run.pk)
    return render(request, "ingest/result.html", _result_context(run))


@importer_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx; when the run is over the whole page reloads with the result."""
    run = _get_run(request, pk)
    response = render(request, "ingest/_progress.html", {"run": run})
    if run.finished and request.headers.get("HX-Request") and request.GET.get("polling"):
        response["HX-Refresh"] = "true"
    return response


@importer_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    try:
        content = build_report(run)
    except SheetError as exc:
        messages.error(request, str(exc))
        return redirect("ingest:result", run.pk)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-{run.pk}.xlsx"'
    return response


@importer_required
@require_POST
def delete_template(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(MappingTemplate.objects.restrict(request.user, "archive"), pk=pk)
    if role_of(request.user) != Role.ADMIN and template.created_by_id != request.user.pk:
        raise PermissionDenied(_("Hanya pembuat templat atau admin yang dapat menghapusnya."))
    template.delete()
    messages.success(request, _("Templat dihapus."))
    return redirect("ingest:upload")
