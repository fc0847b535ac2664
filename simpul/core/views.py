"""Generic views that every entity declares rather than rewrites.

A concrete view sets `queryset` (a ScopedQuerySet) and what differs: a
table, a filterset, a form, the fields to show. Access is checked in
`dispatch` and every object is fetched through `restrict()`, so a view can
neither skip the role check nor reach a row outside the user's scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.edit import ModelFormMixin, ProcessFormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from simpul.core import audit
from simpul.core.export import Column, csv_response, layout_for, xlsx_response
from simpul.core.models import AuditEntry, Job
from simpul.core.navigation import home_for
from simpul.core.personal import has_personal_data, mask_nik, mask_phone, personal_fields
from simpul.core.scoping import can


class ScopedViewMixin:
    """Checks the role may do `action` and fetches rows through restrict()."""

    queryset = None
    action = "view"
    #: Name of the URL namespace and prefix for this entity, e.g. "regions:region".
    url_base: str = ""

    def get_action(self) -> str:
        return self.action

    @property
    def model(self):  # noqa: D401 - a property so subclasses only declare queryset
        if self.queryset is None:
            raise ImproperlyConfigured(f"{self.__class__.__name__} must declare a queryset")
        return self.queryset.model

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, self.get_action(), self.model):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.queryset.all().restrict(self.request.user, self.get_action())

    def url_for(self, suffix: str, *args: Any) -> str:
        return reverse(f"{self.url_base}_{suffix}", args=args)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "model_meta": self.model._meta,
                "url_base": self.url_base,
                "can_add": can(user, "add", self.model) and self._has_url("add"),
                "can_change": can(user, "change", self.model) and self._has_url("edit"),
                "can_archive": can(user, "archive", self.model) and self._has_url("archive"),
                "can_export": can(user, "export", self.model),
            }
        )
        return context

    def _has_url(self, suffix: str) -> bool:
        from django.urls import NoReverseMatch

        try:
            reverse(f"{self.url_base}_{suffix}", args=[0] if suffix in ("edit", "archive") else [])
        except NoReverseMatch:
            return False
        return True


class ObjectListView(ScopedViewMixin, SingleTableMixin, FilterView):
    """List with search, filters, sorting, pagination and export of the current filter."""

    template_name = "core/object_list.html"
    # The table paginates; leaving paginate_by unset stops ListView from
    # paginating (and counting) the same queryset a second time.
    paginate_by = None
    table_pagination = {"per_page": 50}
    #: Columns of the XLSX/CSV export; the importer reads this layout back.
    export_columns: list[Column] | None = None
    export_name: str = ""

    def get_queryset(self):
        qs = super().get_queryset()
        if hasattr(self.model, "archived_at") and self.request.GET.get("arsip") != "1":
            qs = qs.filter(archived_at__isnull=True)
        return qs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("export")
        if fmt in ("xlsx", "csv"):
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def get_export_columns(self) -> list[Column]:
        if self.export_columns is not None:
            return self.export_columns
        registered = layout_for(self.model._meta.label)
        if registered is not None:
            return registered
        table = self.get_table_class()
        return [
            Column(str(col.verbose_name), _accessor(name))
            for name, col in table.base_columns.items()
            if col.visible and name not in ("actions",)
        ]

    def export(self, fmt: str) -> HttpResponse:
        if not can(self.request.user, "export", self.model):
            raise PermissionDenied(_("Anda tidak boleh mengekspor data ini."))
        self.action = "export"
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        name = self.export_name or slugify(str(self.model._meta.verbose_name_plural))
        columns = self.get_export_columns()
        personal = has_personal_data(self.model)
        audit.log(
            self.request,
            AuditEntry.Action.EXPORT_PERSONAL if personal else AuditEntry.Action.EXPORT,
            model=self.model,
            format=fmt,
            query=self.request.GET.urlencode(),
        )
        if fmt == "csv":
            return csv_response(queryset.iterator(chunk_size=2000), columns, name)
        return xlsx_response(queryset.iterator(chunk_size=2000), columns, name)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context["query_string"] = query.urlencode()
        context["show_archived"] = self.request.GET.get("arsip") == "1"
        context["has_archive"] = hasattr(self.model, "archived_at")
        return context


def _accessor(name: str):
    def read(obj: Any) -> Any:
        value = obj
        for part in name.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
            if callable(value) and not hasattr(value, "all"):
                value = value()
        if hasattr(value, "all"):
            return ", ".join(str(v) for v in value.all())
        return value if isinstance(value, (int, float)) else str(value)

    return read


class ObjectDetailView(ScopedViewMixin, DetailView):
    """A record's page: its declared fields and, when kept, its history."""

    template_name = "core/object_detail.html"
    #: Field names shown in the summary; defaults to all concrete fields.
    detail_fields: list[str] | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        names = self.detail_fields or [
            f.name for f in self.model._meta.concrete_fields if f.name not in ("id", "archived_at")
        ]
        rows = []
        for name in names:
            field = self.model._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if display else getattr(obj, name)
            rows.append((field.verbose_name, value))
        context["rows"] = rows
        if hasattr(obj, "history"):
            context["history"] = _history_rows(obj)
        return context


def _history_rows(obj: Any, limit: int = 50) -> list[dict]:
    """Each change of a record: who, when, and each field's before → after."""
    records = list(obj.history.select_related("history_user").order_by("-history_date")[: limit + 1])
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                (c.field, _masked(obj, c.field, c.old), _masked(obj, c.field, c.new)) for c in delta.changes
            ]
        rows.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": record.get_history_type_display(),
                "changes": changes,
                "reason": record.history_change_reason,
            }
        )
    return rows


def _masked(obj: Any, field: str, value: Any) -> Any:
    """History never shows an identifier whole: NIK and phone numbers are masked as on the record page."""
    kind = personal_fields(obj).get(field, "")
    if not value or not isinstance(value, str):
        return value
    if kind == "NIK":
        return mask_nik(value)
    if "telepon" in kind or "WhatsApp" in kind:
        return mask_phone(value)
    return value


class ObjectEditView(ScopedViewMixin, TemplateResponseMixin, ModelFormMixin, ProcessFormView):
    """Create (no pk) or edit (pk) through the entity's form, within the user's scope."""

    template_name = "core/object_edit.html"
    form_class = None
    #: For records created under a parent (a product under its business): the
    #: parent's queryset and the form keyword that receives it. The parent is
    #: fetched through restrict(user, "change"), so the parent's scope applies.
    parent_queryset = None
    parent_form_kwarg = ""

    def get_action(self) -> str:
        return "change" if self.kwargs.get("pk") is not None else "add"

    def get_parent(self):
        if self.parent_queryset is None:
            return None
        if not hasattr(self, "_parent"):
            if "parent_pk" in self.kwargs:
                parent_qs = self.parent_queryset.all().restrict(self.request.user, "change")
                self._parent = get_object_or_404(parent_qs, pk=self.kwargs["parent_pk"])
            else:
                self._parent = getattr(self.object, self.parent_form_kwarg, None) if self.object else None
        return self._parent

    def get_object(self, queryset=None):
        if self.kwargs.get("pk") is None:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if "user" in getattr(self.form_class, "accepts", ()):
            kwargs["user"] = self.request.user
        if self.parent_form_kwarg:
            kwargs[self.parent_form_kwarg] = self.get_parent()
        return kwargs

    def form_valid(self, form):
        with transaction.atomic():
            conflict = self._edited_meanwhile()
            if conflict:
                form.add_error(None, conflict)
                return self.form_invalid(form)
            self.object = form.save()
            # A record saved outside the user's scope (e.g. a petugas placing a
            # business in another kecamatan) is refused, not silently stored.
            if (
                not self.queryset.model.objects.restrict(self.request.user, "change")
                .filter(pk=self.object.pk)
                .exists()
            ):
                transaction.set_rollback(True)
                form.add_error(
                    None, _("Data ini berada di luar wilayah tugas Anda, sehingga tidak disimpan.")
                )
                return self.form_invalid(form)
        messages.success(self.request, _("Data tersimpan."))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        if hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return self.url_for("list")

    def _edited_meanwhile(self) -> str | None:
        """A message when someone saved this record after the user opened the form.

        The form carries the record's `updated_at` as it was when opened; a
        newer one in the database means the second editor would overwrite
        the first without knowing. Their input stays in the form.
        """
        if self.object is None or not hasattr(self.object, "updated_at"):
            return None
        opened = self.request.POST.get("_versi", "")
        current = (
            type(self.object)
            ._base_manager.select_for_update()
            .filter(pk=self.object.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if not opened or current is None or opened == current.isoformat():
            return None
        self.object.updated_at = current  # the next submit, made knowingly, goes through
        who = _last_editor(self.object)
        when = timezone.localtime(current).strftime("%d-%m-%Y %H:%M")
        if who:
            message = _(
                "Data ini sudah diubah oleh %(who)s pada %(when)s sejak Anda membukanya. Perubahan Anda belum "
                "disimpan: periksa isian Anda, lalu simpan lagi bila tetap ingin menimpanya."
            )
        else:
            message = _(
                "Data ini sudah diubah pada %(when)s sejak Anda membukanya. Perubahan Anda belum disimpan: "
                "periksa isian Anda, lalu simpan lagi bila tetap ingin menimpanya."
            )
        return message % {"who": who, "when": when}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_new"] = self.object is None
        context["parent"] = self.get_parent()
        if self.object is not None and getattr(self.object, "updated_at", None):
            context["edit_version"] = self.object.updated_at.isoformat()
        return context


def _last_editor(obj: Any) -> str:
    history = getattr(obj, "history", None)
    if history is None:
        return ""
    last = history.select_related("history_user").order_by("-history_date").first()
    return str(last.history_user) if last and last.history_user else ""


class ObjectArchiveView(ScopedViewMixin, View):
    """Archive (or restore) a record after confirmation; nothing is deleted."""

    action = "archive"
    template_name = "core/object_archive.html"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object()
        return render(request, self.template_name, {"object": obj, "model_meta": self.model._meta})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object()
        if obj.is_archived:
            obj.restore()
            messages.success(request, _("Data dikembalikan dari arsip."))
        else:
            obj.archive()
            messages.success(request, _("Data diarsipkan."))
        if hasattr(obj, "get_absolute_url"):
            return HttpResponseRedirect(obj.get_absolute_url())
        return HttpResponseRedirect(self.url_for("list"))


class HomeView(TemplateView):
    template_name = "core/home.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        landing = home_for(request.user)
        if landing:
            return HttpResponseRedirect(landing)
        return super().dispatch(request, *args, **kwargs)


def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress; polled by htmx until the job is finished."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    jobs = Job.objects.all()
    if not request.user.is_superuser and getattr(request.user, "role", "") != "admin":
        jobs = jobs.filter(created_by=request.user)
    job = get_object_or_404(jobs, pk=pk)
    template = "core/job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})
