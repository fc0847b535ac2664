"""Officer screens of the registry; each view declares what differs from core's generic views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core import audit
from simpul.core.models import AuditEntry
from simpul.core.roles import PERSONAL_DATA_ROLES, role_of
from simpul.core.scoping import can
from simpul.core.views import ObjectArchiveView, ObjectDetailView, ObjectEditView, ObjectListView
from simpul.registry import completeness, history, panels
from simpul.registry.duplicates import likely_duplicates
from simpul.registry.filters import PelakuFilterSet, ProdukFilterSet, UsahaFilterSet
from simpul.registry.forms import LaporanForm, LegalitasForm, OwnerForm, PelakuForm, ProdukForm, UsahaForm
from simpul.registry.merge import merged_redirect, resolve_merged
from simpul.registry.models import LaporanTahunan, Legalitas, Pelaku, Produk, Usaha
from simpul.registry.tables import PelakuTable, ProdukTable, UsahaTable

_USAHA_LIST = Usaha.objects.select_related("kecamatan", "desa", "group")


class UsahaListView(ObjectListView):
    queryset = _USAHA_LIST
    table_class = UsahaTable
    filterset_class = UsahaFilterSet
    # The importer registers the export layout it reads back (core.export.register_layout).
    export_name = "usaha-ikm"


class UsahaDetailView(ObjectDetailView):
    queryset = Usaha.objects.select_related("kecamatan", "desa", "group", "kbli", "verified_by")
    template_name = "registry/usaha_detail.html"

    def get(self, request, *args, **kwargs):
        # A merged record's address keeps working: it leads to the survivor.
        survivor = resolve_merged(self.get_queryset(), kwargs["pk"])
        return merged_redirect(request, survivor) if survivor else super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        usaha = self.object
        reports = list(
            usaha.laporan.filter(archived_at=None).order_by("year").prefetch_related("destinations")
        )
        context.update(
            {
                "owners": usaha.kepemilikan.select_related("pelaku"),
                "show_nik": role_of(self.request.user) in PERSONAL_DATA_ROLES,
                "products": usaha.produk.filter(archived_at=None).select_related("group"),
                "reports": reports,
                "chart": _report_chart(reports),
                "chart_width": 20 + _CHART_STEP * max(len(reports), 1),
                "latest": reports[-1] if reports else None,
                "legal": usaha.legalitas.filter(archived_at=None).prefetch_related("products"),
                "assessment": completeness.assess(usaha),
                "history": history.for_usaha(usaha),
                "can_verify": can(self.request.user, "change", Usaha),
                "extra_tabs": panels.tabs(),
                "extra_panels": panels.panels(),
            }
        )
        return context


def _report_chart(reports: list[LaporanTahunan]) -> list[dict]:
    """Bars for the small chart of workers and production value over the years (SVG, no JS)."""
    if not reports:
        return []
    top_value = max((r.production_value or 0) for r in reports) or 1
    top_workers = max(r.workforce_total for r in reports) or 1
    bars = []
    for index, r in enumerate(reports):
        value_h = int(_CHART_HEIGHT * (r.production_value or 0) / top_value)
        workers_h = int(_CHART_HEIGHT * r.workforce_total / top_workers)
        x = 10 + index * _CHART_STEP
        bars.append(
            {
                "year": r.year,
                "value": r.production_value,
                "workers": r.workforce_total,
                "x": x,
                "x2": x + 26,
                "value_y": _CHART_HEIGHT + 5 - value_h,
                "value_h": value_h,
                "workers_y": _CHART_HEIGHT + 5 - workers_h,
                "workers_h": workers_h,
            }
        )
    return bars


_CHART_HEIGHT = 100
_CHART_STEP = 70


class UsahaEditView(ObjectEditView):
    """Create or edit a business; a new one may bring its owner, and likely duplicates are shown first."""

    queryset = Usaha.objects.all()
    form_class = UsahaForm
    template_name = "registry/usaha_edit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object is None:
            context.setdefault("owner_form", OwnerForm(self.request.POST or None))
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        owner_form = OwnerForm(request.POST) if self.object is None else None
        valid = form.is_valid() and (owner_form is None or owner_form.is_valid())
        if not valid:
            return self.render_to_response(self.get_context_data(form=form, owner_form=owner_form))
        if not request.POST.get("confirm_duplicate"):
            owner = owner_form.cleaned_data if owner_form else {}
            candidates = likely_duplicates(
                form.instance, owner_nik=owner.get("owner_nik", ""), owner_phone=owner.get("owner_phone", "")
            )
            if candidates:
                return self.render_to_response(
                    self.get_context_data(form=form, owner_form=owner_form, duplicates=candidates)
                )
        with transaction.atomic():
            response = self.form_valid(form)
            if owner_form is not None and self.object is not None and self.object.pk:
                owner_form.save_for(self.object)
        return response


class UsahaArchiveView(ObjectArchiveView):
    queryset = Usaha.objects.all()


@require_POST
def verify_usaha(request, pk: int):
    """An officer marks the record as verified (who and when are kept)."""
    if not can(request.user, "change", Usaha):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Anda tidak boleh memverifikasi data."))
    usaha = get_object_or_404(Usaha.objects.restrict(request.user, "change"), pk=pk)
    usaha.verified_by = request.user
    usaha.verified_at = timezone.now()
    usaha.save(update_fields=["verified_by", "verified_at", "updated_at"])
    messages.success(request, _("Data usaha ditandai terverifikasi."))
    return HttpResponseRedirect(usaha.get_absolute_url())


@require_POST
def reveal_nik(request, pk: int):
    """Show one person's full NIK to a role that may see it, after stating why; the view is logged."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import render

    if role_of(request.user) not in PERSONAL_DATA_ROLES:
        raise PermissionDenied(_("Peran Anda tidak boleh melihat NIK lengkap."))
    pelaku = get_object_or_404(Pelaku.objects.restrict(request.user, "view"), pk=pk)
    reason = request.POST.get("alasan", "").strip()
    if len(reason) < 5:
        return render(
            request,
            "registry/nik_reveal.html",
            {"pelaku": pelaku, "error": _("Tulis alasan melihat NIK.")},
            status=400,
        )
    audit.log(request, AuditEntry.Action.VIEW_PERSONAL, pelaku, reason=reason, field="nik")
    return render(request, "registry/nik_reveal.html", {"pelaku": pelaku, "nik": pelaku.nik})


class PelakuListView(ObjectListView):
    queryset = Pelaku.objects.all()
    table_class = PelakuTable
    filterset_class = PelakuFilterSet
    template_name = "registry/pelaku_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_find_nik"] = role_of(self.request.user) in PERSONAL_DATA_ROLES
        return context


@login_required
def find_by_nik(request):
    """/pelaku/cari-nik/: find a person from the NIK on their KTP.

    The NIK travels only in a POST body, never in a URL, and the answer is
    a redirect to the person's page (by id) or a page that does not repeat
    it in full. Every search is in the audit log. Only people within the
    officer's reach are found; the page never tells whether a NIK exists
    elsewhere.
    """
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect, render

    from simpul.core.personal import mask_nik
    from simpul.registry.validators import digits

    if role_of(request.user) not in PERSONAL_DATA_ROLES:
        raise PermissionDenied(_("Peran Anda tidak boleh mencari dengan NIK."))
    context: dict[str, Any] = {"typed": ""}
    if request.method == "POST":
        typed = request.POST.get("nik", "")
        number = digits(typed)
        context["typed"] = typed
        if len(number) != 16:
            context["error"] = _("NIK harus 16 angka; yang diisi %(count)s angka.") % {"count": len(number)}
            return render(request, "registry/pelaku_find_nik.html", context, status=400)
        found = Pelaku.objects.restrict(request.user, "view").filter(nik=number).first()
        audit.log(
            request,
            AuditEntry.Action.VIEW_PERSONAL,
            found,
            model=Pelaku,
            reason=_("Cari pelaku dengan NIK"),
            field="nik",
            searched=mask_nik(number),
            found=found is not None,
        )
        if found is not None:
            return redirect(found.get_absolute_url())
        context["missing"] = mask_nik(number)
    return render(request, "registry/pelaku_find_nik.html", context)


class PelakuDetailView(ObjectDetailView):
    queryset = Pelaku.objects.all()
    template_name = "registry/pelaku_detail.html"
    detail_fields = ["name", "gender", "birth_year", "phone", "email", "education"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["show_nik"] = role_of(self.request.user) in PERSONAL_DATA_ROLES
        context["businesses"] = Usaha.objects.restrict(self.request.user).filter(owners=self.object)
        return context


class PelakuEditView(ObjectEditView):
    queryset = Pelaku.objects.all()
    form_class = PelakuForm


class PelakuArchiveView(ObjectArchiveView):
    queryset = Pelaku.objects.all()


class ProdukListView(ObjectListView):
    queryset = Produk.objects.select_related("usaha", "group")
    table_class = ProdukTable
    filterset_class = ProdukFilterSet


class ProdukDetailView(ObjectDetailView):
    queryset = Produk.objects.select_related("usaha", "group", "kbli")
    template_name = "registry/produk_detail.html"
    detail_fields = [
        "usaha",
        "name",
        "description",
        "kbli",
        "group",
        "unit",
        "price_min",
        "price_max",
        "capacity_per_year",
        "in_catalog",
    ]


class ProdukEditView(ObjectEditView):
    queryset = Produk.objects.all()
    form_class = ProdukForm
    parent_queryset = Usaha.objects.all()
    parent_form_kwarg = "usaha"


class ProdukArchiveView(ObjectArchiveView):
    queryset = Produk.objects.all()


class LaporanEditView(ObjectEditView):
    queryset = LaporanTahunan.objects.all()
    form_class = LaporanForm
    parent_queryset = Usaha.objects.all()
    parent_form_kwarg = "usaha"


class LegalitasEditView(ObjectEditView):
    queryset = Legalitas.objects.all()
    form_class = LegalitasForm
    parent_queryset = Usaha.objects.all()
    parent_form_kwarg = "usaha"


class LegalitasArchiveView(ObjectArchiveView):
    queryset = Legalitas.objects.all()
