"""Pages of the analysis module: dashboard, indicator tables, runs, featured products, reports.

Every view states the model and action it needs (`@requires`); anonymous
visitors go to the login page, other roles get 403. Objects are always read
through `restrict()`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.analytics import criteria, cube, dashboard, explain, imports, indicators, reports, runs
from simpul.analytics.forms import (
    AhpRunForm,
    FeatureForm,
    IndicatorImportForm,
    KajianForm,
    RegistryTableForm,
    SectorRunForm,
)
from simpul.analytics.methods import MethodError
from simpul.analytics.models import AnalysisRun, FeaturedProduct, IndicatorTable
from simpul.analytics.optional import kawasan_choices, kawasan_names
from simpul.core.export import Column, xlsx_response
from simpul.core.models import Job
from simpul.core.roles import Role, role_of
from simpul.core.scoping import can

View = Callable[..., HttpResponse]


def requires(model: type, action: str = "view") -> Callable[[View], View]:
    """Let the view run only for roles that may do `action` on `model`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, action, model):
                raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _tables(request: HttpRequest):
    return IndicatorTable.objects.restrict(request.user, "view").filter(archived_at=None)


def _runs(request: HttpRequest, action: str = "view"):
    return AnalysisRun.objects.restrict(request.user, action).filter(archived_at=None)


def _abilities(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "can_add_table": can(user, "add", IndicatorTable),
        "can_add_run": can(user, "add", AnalysisRun),
        "can_feature": can(user, "add", FeaturedProduct),
        "can_archive_run": can(user, "archive", AnalysisRun),
        "can_archive_table": can(user, "archive", IndicatorTable),
        "pdf_available": reports.pdf_available(),
    }


# ---------------------------------------------------------------------------
# Overview and dashboard
# ---------------------------------------------------------------------------


@requires(AnalysisRun)
def home(request: HttpRequest) -> HttpResponse:
    """Pick a method, see recent tables and runs."""
    context = {
        "tables": _tables(request).annotate(n_values=Count("values")).order_by("-created_at")[:8],
        "runs": _runs(request).select_related("created_by")[:8],
        "featured": FeaturedProduct.objects.restrict(request.user).filter(archived_at=None)[:8],
        "methods": explain.METHODS,
        **_abilities(request),
    }
    return render(request, "analytics/home.html", context)


@requires(AnalysisRun)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The pimpinan's dashboard, filtered by tahun, kecamatan and kelompok.

    Access follows the analysis module (office roles); owners see their own
    business elsewhere, not the region's figures. A POST (admin, petugas) queues a
    rebuild of the summary tables the figures come from.
    """
    if request.method == "POST":
        return _dashboard_refresh(request)
    data = dashboard.build(request.user, dashboard.parse_filters(request.GET))
    context = {
        "d": data,
        "charts": dashboard.charts_for(data),
        "no_boundaries": explain.NO_BOUNDARIES,
        "sources": explain.DASHBOARD_SOURCES,
        "query": request.GET.urlencode(),
        "can_refresh": role_of(request.user) in (Role.ADMIN, Role.PETUGAS) and cube.in_use(),
        **_abilities(request),
    }
    return render(request, "analytics/dashboard.html", context)


def _dashboard_refresh(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in (Role.ADMIN, Role.PETUGAS):
        raise PermissionDenied
    cube.start(request.user)
    messages.info(request, _("Ringkasan dasbor sedang diperbarui; muat ulang halaman ini sebentar lagi."))
    return redirect("analytics:dashboard")


@require_POST
@requires(AnalysisRun, "export")
def dashboard_report(request: HttpRequest) -> HttpResponse:
    """Start the dashboard report job for the filter shown."""
    fmt = request.POST.get("format", "xlsx")
    if fmt not in reports.FORMATS or (fmt == "pdf" and not reports.pdf_available()):
        messages.error(request, _("Format laporan tidak tersedia."))
        return redirect("analytics:dashboard")
    filters = dashboard.parse_filters(request.POST)
    job = reports.start_report(request.user, "dasbor", fmt, filters=filters.as_dict())
    return redirect("analytics:report", pk=job.pk)


# ---------------------------------------------------------------------------
# Indicator tables
# ---------------------------------------------------------------------------


@requires(IndicatorTable)
def indicator_list(request: HttpRequest) -> HttpResponse:
    tables = (
        _tables(request)
        .annotate(n_values=Count("values"))
        .select_related("created_by")
        .order_by("-created_at")
    )
    return render(request, "analytics/indicator_list.html", {"tables": tables, **_abilities(request)})


@requires(IndicatorTable)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_object_or_404(_tables(request), pk=pk)
    years, rows = indicators.pivot(table)
    if request.GET.get("export") == "xlsx":
        if not can(request.user, "export", IndicatorTable):
            raise PermissionDenied(_("Anda tidak boleh mengekspor data ini."))
        columns = [Column(_("Wilayah"), lambda r: r["region"]), Column(_("Sektor"), lambda r: r["sector"])]
        columns += [Column(str(y), (lambda r, i=i: r["cells"][i])) for i, y in enumerate(years)]
        return xlsx_response(rows, columns, f"indikator-{table.pk}")
    context = {"table": table, "years": years, "rows": rows, "runs": table.runs.filter(archived_at=None)[:10]}
    return render(request, "analytics/indicator_detail.html", {**context, **_abilities(request)})


@requires(IndicatorTable, "add")
def indicator_build(request: HttpRequest) -> HttpResponse:
    """Build a table from the registry (aggregate queries, no query per business)."""
    form = RegistryTableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        table = indicators.build_registry_table(
            form.spec(), request.user, form.cleaned_data["name"], form.cleaned_data["notes"]
        )
        messages.success(request, _("Tabel indikator dibuat dari basis data IKM."))
        return redirect(table)
    return render(request, "analytics/indicator_build.html", {"form": form})


@requires(IndicatorTable, "add")
def indicator_import(request: HttpRequest) -> HttpResponse:
    """Import a table from XLSX/CSV; any row error means nothing is saved."""
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = imports.read_indicator_file(
            data["file"],
            filename=data["file"].name,
            layout=data["layout"],
            default_region=data["default_region"],
        )
        if outcome.ok:
            table = _save_import(request, data, outcome)
            messages.success(
                request,
                _("%(n)d nilai diimpor (tata letak %(layout)s).")
                % {"n": len(outcome.values), "layout": outcome.layout},
            )
            for warning in outcome.warnings[:10]:
                messages.warning(request, warning)
            return redirect(table)
    context = {
        "form": form,
        "outcome": outcome,
        "errors": outcome.errors[: imports.MAX_LISTED_ERRORS] if outcome else [],
        "more_errors": max(len(outcome.errors) - imports.MAX_LISTED_ERRORS, 0) if outcome else 0,
    }
    return render(request, "analytics/indicator_import.html", context)


@transaction.atomic
def _save_import(
    request: HttpRequest, data: dict[str, Any], outcome: imports.ImportOutcome
) -> IndicatorTable:
    table = IndicatorTable.objects.create(
        name=data["name"],
        source=IndicatorTable.Source.IMPORT,
        measure=data["measure"],
        unit=data["unit"],
        sector_kind=data["sector_kind"],
        region_level=data["region_level"],
        citation=data["citation"],
        notes=data["notes"],
        spec={"import": {"file": data["file"].name, "layout": outcome.layout, "warnings": outcome.warnings}},
        created_by=request.user,
    )
    indicators.save_values(
        table,
        (
            indicators.Cell(v.region, v.region, v.sector, v.sector_label, v.year, v.value)
            for v in outcome.values
        ),
    )
    return table


@require_POST
@requires(IndicatorTable, "archive")
def indicator_archive(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_object_or_404(IndicatorTable.objects.restrict(request.user, "archive"), pk=pk)
    table.archive()
    messages.success(request, _("Tabel diarsipkan; analisis yang memakainya tetap tersimpan."))
    return redirect("analytics:indicator_list")


# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------


@requires(AnalysisRun)
def run_list(request: HttpRequest) -> HttpResponse:
    items = _runs(request).select_related("created_by")
    method = request.GET.get("metode")
    if method in AnalysisRun.Method.values:
        items = items.filter(method=method)
    return render(
        request,
        "analytics/run_list.html",
        {"runs": items[:200], "method": method, "methods": AnalysisRun.Method.choices, **_abilities(request)},
    )


def _compute_or_error(
    form, method: str, parameters: dict[str, Any], inputs: dict[str, Any]
) -> dict[str, Any] | None:
    try:
        return runs.compute(method, parameters, inputs)
    except MethodError as exc:
        form.add_error(None, str(exc))
        return None


def _save_or_preview(
    request: HttpRequest, form, method: str, parameters: dict[str, Any], inputs: dict[str, Any], table_ids=()
) -> tuple[HttpResponse | None, dict[str, Any] | None]:
    """Compute; on "Simpan" store the run and redirect, else return the preview results."""
    results = _compute_or_error(form, method, parameters, inputs)
    if results is None or request.POST.get("action") != "save":
        return None, results
    run = runs.save_run(
        method,
        form.cleaned_data["title"],
        parameters,
        inputs,
        results,
        request.user,
        notes=form.cleaned_data.get("notes", ""),
        table_ids=table_ids,
    )
    messages.success(request, _("Analisis tersimpan sebagai #%(pk)s.") % {"pk": run.pk})
    return redirect(run), results


@requires(AnalysisRun, "add")
def run_sector(request: HttpRequest) -> HttpResponse:
    """LQ / shift-share / Klassen from indicator tables."""
    tables = _tables(request)
    initial = {"methods": request.GET.getlist("metode") or ["lq"]}
    form = SectorRunForm(request.POST or None, tables=tables, initial=initial)
    results = None
    if request.method == "POST" and form.is_valid():
        chosen = {t.pk: t for t in tables.filter(pk__in=form.table_ids())}
        try:
            inputs = runs.sector_inputs(form.parameters, chosen)
        except (MethodError, KeyError) as exc:
            form.add_error(None, str(exc) if isinstance(exc, MethodError) else _("Tabel tidak ditemukan."))
        else:
            response, results = _save_or_preview(
                request, form, AnalysisRun.Method.SECTOR, form.parameters, inputs, form.table_ids()
            )
            if response:
                return response
            results = (
                {"results": results, "inputs": inputs, "parameters": form.parameters} if results else None
            )
    context = {"form": form, "preview": results, "has_tables": tables.exists(), "methods": explain.METHODS}
    return render(request, "analytics/run_sector.html", context)


@requires(AnalysisRun, "add")
def run_ahp(request: HttpRequest) -> HttpResponse:
    """AHP priorities of a pairwise comparison matrix."""
    form = AhpRunForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        parameters = {"methods": ["ahp"]}
        response, results = _save_or_preview(request, form, AnalysisRun.Method.AHP, parameters, form.inputs)
        if response:
            return response
    return render(
        request,
        "analytics/run_ahp.html",
        {"form": form, "preview": results, "method": explain.METHODS["ahp"]},
    )


def _candidate_count(request: HttpRequest) -> int:
    raw = request.POST.get("kandidat") or request.GET.get("kandidat") or "6"
    return int(raw) if raw.isdigit() else 6


@requires(AnalysisRun, "add")
def run_kajian(request: HttpRequest) -> HttpResponse:
    """Kajian produk unggulan: weigh the criteria, score candidates with MPE or Bayes."""
    count = _candidate_count(request)
    if request.method == "POST" and request.POST.get("action") == "rows":
        # "Tambah baris": show the form again, unvalidated, with four more candidate rows.
        kept = {
            key: request.POST.getlist(key) if key == "selected" else value
            for key, value in request.POST.items()
        }
        form = KajianForm(initial=kept, candidates=count + 4)
        return render(request, "analytics/run_kajian.html", _kajian_context(form, None))
    initial = {"scoring": request.GET.get("metode")} if request.GET.get("metode") in ("mpe", "bayes") else {}
    form = KajianForm(request.POST or None, candidates=count, initial=initial)
    results = None
    if request.method == "POST" and form.is_valid():
        response, results = _save_or_preview(
            request, form, AnalysisRun.Method.KAJIAN, form.parameters, form.inputs
        )
        if response:
            return response
    return render(request, "analytics/run_kajian.html", _kajian_context(form, results))


def _kajian_context(form: KajianForm, results: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "form": form,
        "preview": results,
        "criteria": criteria.CRITERIA,
        "aspects": criteria.ASPECTS,
        "permendagri": explain.PERMENDAGRI,
        "methods": explain.METHODS,
    }


@requires(AnalysisRun)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(_runs(request).select_related("created_by"), pk=pk)
    return _run_page(request, run)


def _run_page(
    request: HttpRequest, run: AnalysisRun, feature_form: FeatureForm | None = None
) -> HttpResponse:
    """A run's page; `feature_form` is a refused form to show again with what was typed (400)."""
    featured = list(run.featured.filter(archived_at=None))
    ranking = run.results.get("ranking", [])
    refused = feature_form is not None
    if feature_form is None and (
        run.method == AnalysisRun.Method.KAJIAN and can(request.user, "add", FeaturedProduct)
    ):
        feature_form = FeatureForm(
            ranking=ranking,
            kawasan=kawasan_choices(),
            initial={"year": run.created_at.year, "products": [e["alternative"] for e in ranking[:3]]},
        )
    context = {
        "run": run,
        "facts": reports.run_facts(run),
        "explanations": [
            explain.METHODS[c] for c in run.parameters.get("methods", []) if c in explain.METHODS
        ],
        "permendagri": explain.PERMENDAGRI if run.method == AnalysisRun.Method.KAJIAN else "",
        "criteria": criteria.CRITERIA,
        "featured": featured,
        "featured_names": {f.name for f in featured},
        "feature_form": feature_form,
        "others": _runs(request).filter(method=run.method).exclude(pk=run.pk)[:20],
        "reproduction": request.session.pop(f"analytics-reproduce-{run.pk}", None),
        **_abilities(request),
    }
    return render(request, "analytics/run_detail.html", context, status=400 if refused else 200)


@require_POST
@requires(AnalysisRun)
def run_reproduce(request: HttpRequest, pk: int) -> HttpResponse:
    """Recompute a saved run from its snapshot and say whether the result and the data are unchanged."""
    run = get_object_or_404(_runs(request), pk=pk)
    outcome = runs.reproduce(run)
    request.session[f"analytics-reproduce-{run.pk}"] = {
        "identical": outcome.identical,
        "data_changed": outcome.data_changed,
        "error": outcome.error,
        "differences": outcome.differences,
    }
    return redirect(run)


@require_POST
@requires(AnalysisRun, "archive")
def run_archive(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(AnalysisRun.objects.restrict(request.user, "archive"), pk=pk)
    run.archive()
    messages.success(request, _("Analisis diarsipkan."))
    return redirect("analytics:run_list")


@requires(AnalysisRun)
def run_compare(request: HttpRequest) -> HttpResponse:
    """Two runs side by side on their main figure."""
    visible = _runs(request)
    a = get_object_or_404(visible, pk=request.GET.get("a") or 0)
    b = get_object_or_404(visible, pk=request.GET.get("b") or 0)
    what, rows = runs.compare(a, b)
    return render(request, "analytics/run_compare.html", {"a": a, "b": b, "what": what, "rows": rows})


@require_POST
@requires(AnalysisRun, "export")
def run_report(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(_runs(request, "export"), pk=pk)
    fmt = request.POST.get("format", "xlsx")
    if fmt not in reports.FORMATS or (fmt == "pdf" and not reports.pdf_available()):
        messages.error(request, _("Format laporan tidak tersedia."))
        return redirect(run)
    job = reports.start_report(request.user, "run", fmt, run_id=run.pk)
    return redirect("analytics:report", pk=job.pk)


@require_POST
@requires(FeaturedProduct, "add")
def run_feature(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark ranked products of a kajian as the region's featured products."""
    run = get_object_or_404(_runs(request).filter(method=AnalysisRun.Method.KAJIAN), pk=pk)
    ranking = run.results.get("ranking", [])
    form = FeatureForm(request.POST, ranking=ranking, kawasan=kawasan_choices())
    if not form.is_valid():
        messages.error(request, _("Pilih produk dan isi tahun penetapan."))
        return _run_page(request, run, form)
    by_name = {e["alternative"]: e for e in ranking}
    existing = set(run.featured.filter(archived_at=None).values_list("name", flat=True))
    created = [
        FeaturedProduct(
            name=name,
            year=form.cleaned_data["year"],
            run=run,
            rank=by_name[name]["rank"],
            score=by_name[name]["total"],
            legal_basis=form.cleaned_data["legal_basis"],
            kawasan_id=form.cleaned_data["kawasan"],
            reason=_("Peringkat %(rank)s dari %(n)s pada kajian '%(title)s'.")
            % {"rank": by_name[name]["rank"], "n": len(ranking), "title": run.title},
        )
        for name in form.cleaned_data["products"]
        if name not in existing
    ]
    FeaturedProduct.objects.bulk_create(created)
    messages.success(request, _("%(n)d produk ditetapkan sebagai produk unggulan.") % {"n": len(created)})
    return redirect("analytics:featured_list")


# ---------------------------------------------------------------------------
# Featured products
# ---------------------------------------------------------------------------


@requires(FeaturedProduct)
def featured_list(request: HttpRequest) -> HttpResponse:
    items = list(
        FeaturedProduct.objects.restrict(request.user)
        .filter(archived_at=None)
        .select_related("run", "kbli", "group")
    )
    names = kawasan_names({f.kawasan_id for f in items if f.kawasan_id})
    for item in items:
        item.kawasan_name = names.get(item.kawasan_id, "")
    return render(
        request,
        "analytics/featured_list.html",
        {"items": items, "can_archive": can(request.user, "archive", FeaturedProduct)},
    )


@require_POST
@requires(FeaturedProduct, "archive")
def featured_archive(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FeaturedProduct.objects.restrict(request.user, "archive"), pk=pk)
    item.archive()
    messages.success(
        request, _("'%(name)s' tidak lagi tercatat sebagai produk unggulan.") % {"name": item.name}
    )
    return redirect("analytics:featured_list")


# ---------------------------------------------------------------------------
# Report jobs
# ---------------------------------------------------------------------------


def _report_job(request: HttpRequest, pk: int) -> Job:
    if not request.user.is_authenticated:
        raise PermissionDenied
    jobs = Job.objects.filter(kind=reports.JOB_KIND)
    if role_of(request.user) != Role.ADMIN:
        jobs = jobs.filter(created_by=request.user)
    return get_object_or_404(jobs, pk=pk)


@requires(AnalysisRun)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a report job; the partial is polled by htmx until the file is ready."""
    job = _report_job(request, pk)
    template = "analytics/report_progress.html" if request.htmx else "analytics/report.html"
    return render(request, template, {"job": job})


@requires(AnalysisRun)
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _report_job(request, pk)
    if job.status != Job.Status.DONE or not job.output:
        raise Http404(_("Laporan belum siap."))
    filename = job.result.get("filename") or job.output.name.rsplit("/", 1)[-1]
    content_type = reports.XLSX_TYPE if filename.endswith(".xlsx") else "application/pdf"
    return FileResponse(
        job.output.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
