"""Office screens of sentra, kawasan, OVOP and the map; each declares what differs from core's views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from simpul.clusters import mapdata, rollup
from simpul.clusters.filters import KawasanFilterSet, MapFilterSet, OvopFilterSet, SentraFilterSet
from simpul.clusters.forms import (
    FasilitasForm,
    KawasanForm,
    KawasanFotoForm,
    MemberAddForm,
    OvopAspectForm,
    OvopForm,
    SentraForm,
    SentraFotoForm,
    ThresholdForm,
    UsahaSentraForm,
    desa_groups,
)
from simpul.clusters.models import (
    FasilitasSentra,
    Kawasan,
    KawasanFoto,
    Keanggotaan,
    OvopAspect,
    OvopAssessment,
    OvopStarRule,
    Sentra,
    SentraFoto,
)
from simpul.clusters.tables import KawasanTable, OvopTable, SentraTable
from simpul.core.export import Column
from simpul.core.scoping import can
from simpul.core.views import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
)
from simpul.regions.models import Region
from simpul.registry.models import Produk, Usaha


def _require(request: HttpRequest, action: str, model) -> None:
    """Function views' role check, the same rule as ScopedViewMixin.dispatch."""
    if not can(request.user, action, model):
        raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))


# --- Sentra -----------------------------------------------------------------

_SENTRA_LIST = Sentra.objects.select_related("desa", "kecamatan", "group").with_counts()


class SentraListView(ObjectListView):
    queryset = _SENTRA_LIST
    table_class = SentraTable
    filterset_class = SentraFilterSet
    export_name = "sentra-ikm"

    def get_export_columns(self) -> list[Column]:
        # Built per request so the headers follow the user's language.
        return [
            Column(_("Nama sentra"), lambda s: s.name),
            Column(_("Produk utama"), lambda s: s.product_focus),
            Column(_("Kode desa"), lambda s: s.desa_id),
            Column(_("Desa"), lambda s: s.desa.name),
            Column(_("Kecamatan"), lambda s: s.kecamatan.name),
            Column(_("KBLI"), lambda s: s.kbli_id),
            Column(_("Kelompok"), lambda s: s.group.name if s.group_id else ""),
            Column(_("Anggota"), lambda s: s.n_members),
            Column(_("Unit aktif"), lambda s: s.n_active),
            Column(
                _("Syarat ≥5 unit"),
                lambda s: _("ya") if Sentra.meets_rule(s.n_active) else _("tidak"),
            ),
            Column(_("Status"), lambda s: s.get_status_display()),
            Column(_("Lintang"), lambda s: s.latitude),
            Column(_("Bujur"), lambda s: s.longitude),
        ]


class SentraDetailView(ObjectDetailView):
    queryset = Sentra.objects.select_related("desa", "kecamatan", "kbli", "group", "coordinator")
    template_name = "clusters/sentra_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sentra = self.object
        members = list(
            sentra.keanggotaan.select_related("usaha__desa", "usaha__group").order_by("usaha__name")
        )
        active = sum(
            1 for m in members if m.usaha.status == Usaha.Status.AKTIF and m.usaha.archived_at is None
        )
        may_change = Sentra.objects.restrict(self.request.user, "change").filter(pk=sentra.pk).exists()
        context.update(
            {
                "members": members,
                "active_members": active,
                "rule_met": Sentra.meets_rule(active),
                "min_members": Sentra.MIN_MEMBERS,
                "figures": rollup.sentra_figures(sentra),
                "facilities": sentra.fasilitas.filter(archived_at=None),
                "photos": sentra.fotos.all(),
                "kawasan": sentra.kawasan.filter(archived_at=None),
                "may_change": may_change,
                "member_form": MemberAddForm(sentra=sentra, user=self.request.user) if may_change else None,
            }
        )
        return context


class SentraEditView(ObjectEditView):
    queryset = Sentra.objects.all()
    form_class = SentraForm
    template_name = "clusters/sentra_edit.html"


class SentraArchiveView(ObjectArchiveView):
    queryset = Sentra.objects.all()


def _sentra_to_change(request: HttpRequest, pk: int) -> Sentra:
    _require(request, "change", Sentra)
    return get_object_or_404(Sentra.objects.restrict(request.user, "change"), pk=pk)


@require_POST
def sentra_members_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the checked businesses to the sentra, from the sentra's page."""
    sentra = _sentra_to_change(request, pk)
    form = MemberAddForm(request.POST, sentra=sentra, user=request.user)
    if form.is_valid():
        added = form.save()
        messages.success(request, _("%(n)s usaha ditambahkan sebagai anggota.") % {"n": added})
    else:
        messages.error(request, _("Pilih usaha yang akan ditambahkan."))
    return HttpResponseRedirect(sentra.get_absolute_url() + "#anggota")


@require_POST
def sentra_member_remove(request: HttpRequest, pk: int, usaha_pk: int) -> HttpResponse:
    """End a business's membership (the business itself stays in the registry)."""
    sentra = _sentra_to_change(request, pk)
    deleted, _rows = Keanggotaan.objects.filter(sentra=sentra, usaha_id=usaha_pk).delete()
    if deleted:
        messages.success(request, _("Usaha dikeluarkan dari sentra."))
    return HttpResponseRedirect(sentra.get_absolute_url() + "#anggota")


def usaha_sentra_add(request: HttpRequest, pk: int) -> HttpResponse:
    """From a business's page: choose a sentra for it to join (GET shows the choice, POST joins)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require(request, "change", Sentra)
    usaha = get_object_or_404(Usaha.objects.restrict(request.user, "view"), pk=pk)
    form = UsahaSentraForm(request.POST or None, usaha=usaha, user=request.user)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(
            request,
            _("%(usaha)s menjadi anggota %(sentra)s.") % {"usaha": usaha, "sentra": membership.sentra},
        )
        return HttpResponseRedirect(_safe_next(request) or usaha.get_absolute_url())
    return render(request, "clusters/usaha_sentra_add.html", {"usaha": usaha, "form": form})


def _safe_next(request: HttpRequest) -> str:
    """The page to return to, only when it is on this site (never an open redirect)."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else ""


class FasilitasEditView(ObjectEditView):
    queryset = FasilitasSentra.objects.all()
    form_class = FasilitasForm
    parent_queryset = Sentra.objects.all()
    parent_form_kwarg = "sentra"
    template_name = "clusters/child_edit.html"


class FasilitasArchiveView(ObjectArchiveView):
    queryset = FasilitasSentra.objects.all()


class SentraFotoEditView(ObjectEditView):
    queryset = SentraFoto.objects.all()
    form_class = SentraFotoForm
    parent_queryset = Sentra.objects.all()
    parent_form_kwarg = "sentra"
    template_name = "clusters/child_edit.html"


# --- Kawasan ----------------------------------------------------------------


class KawasanListView(ObjectListView):
    queryset = Kawasan.objects.with_counts()
    table_class = KawasanTable
    filterset_class = KawasanFilterSet
    export_name = "kawasan-produk-unggulan"


class KawasanDetailView(ObjectDetailView):
    queryset = Kawasan.objects.all()
    template_name = "clusters/kawasan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kawasan = self.object
        desa = list(kawasan.desa.select_related("parent").order_by("code"))
        chosen = list(kawasan.products.select_related("usaha").filter(archived_at=None))
        context.update(
            {
                "desa": desa,
                "sentra": kawasan.sentra.filter(archived_at=None).select_related("desa").with_counts(),
                "figures": rollup.kawasan_figures(kawasan),
                "products": chosen or _kawasan_catalog(kawasan),
                "products_chosen": bool(chosen),
                "photos": kawasan.fotos.all(),
            }
        )
        return context


def _kawasan_catalog(kawasan: Kawasan, limit: int = 12) -> list[Produk]:
    """Without a chosen list, the catalog products of the kawasan's businesses stand in."""
    return list(
        Produk.objects.filter(usaha__in=rollup.kawasan_businesses(kawasan), in_catalog=True, archived_at=None)
        .select_related("usaha")
        .order_by("name")[:limit]
    )


class KawasanEditView(ObjectEditView):
    """Create or edit a kawasan; `?desa=…&desa=…` (from the map page) prefills the desa and their sentra."""

    queryset = Kawasan.objects.all()
    form_class = KawasanForm
    template_name = "clusters/kawasan_edit.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        codes = self.request.GET.getlist("desa")
        if self.kwargs.get("pk") is None and codes:
            valid = list(Region.objects.home().desa().filter(code__in=codes).values_list("code", flat=True))
            initial["desa"] = valid
            initial["sentra"] = list(
                Sentra.objects.restrict(self.request.user, "view")
                .filter(desa_id__in=valid, archived_at=None)
                .values_list("pk", flat=True)
            )
        return initial


class KawasanArchiveView(ObjectArchiveView):
    queryset = Kawasan.objects.all()


class KawasanFotoEditView(ObjectEditView):
    queryset = KawasanFoto.objects.all()
    form_class = KawasanFotoForm
    parent_queryset = Kawasan.objects.all()
    parent_form_kwarg = "kawasan"
    template_name = "clusters/child_edit.html"


# --- OVOP -------------------------------------------------------------------


class OvopListView(ObjectListView):
    queryset = OvopAssessment.objects.select_related("produk", "usaha", "desa")
    table_class = OvopTable
    filterset_class = OvopFilterSet
    template_name = "clusters/ovop_list.html"
    export_name = "ovop"


class OvopDetailView(ObjectDetailView):
    queryset = OvopAssessment.objects.select_related("produk", "usaha", "desa", "kecamatan")
    template_name = "clusters/ovop_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scores = list(self.object.scores.select_related("aspect"))
        labels = dict(OvopAspect.Group.choices)
        groups: dict[str, list] = {}
        for score in scores:
            groups.setdefault(labels.get(score.aspect.group, score.aspect.group), []).append(score)
        context["score_groups"] = list(groups.items())
        context["total_points"] = sum((s.points for s in scores), 0)
        context["total_max"] = sum((s.max_points for s in scores), 0)
        return context


class OvopEditView(ObjectEditView):
    queryset = OvopAssessment.objects.all()
    form_class = OvopForm
    parent_queryset = Usaha.objects.all()
    parent_form_kwarg = "usaha"
    template_name = "clusters/ovop_edit.html"


class OvopArchiveView(ObjectArchiveView):
    queryset = OvopAssessment.objects.all()


class OvopSheetView(ScopedViewMixin, TemplateView):
    """The assessment sheet: aspects with points and weights, and the star thresholds (admin edits)."""

    queryset = OvopAspect.objects.all()
    template_name = "clusters/ovop_sheet.html"
    url_base = "clusters:ovop_aspect"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        aspects = list(self.queryset.order_by("order", "pk"))
        active = [a for a in aspects if a.active and a.archived_at is None]
        labels = dict(OvopAspect.Group.choices)
        context.update(
            {
                "aspects": aspects,
                "group_labels": labels,
                "max_total": sum(a.max_points * a.weight for a in active),
                "thresholds": sorted(OvopStarRule.table().items()),
                "threshold_form": kwargs.get("threshold_form") or ThresholdForm(),
                "can_edit_thresholds": can(self.request.user, "change", OvopStarRule),
            }
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, "change", OvopStarRule)
        form = ThresholdForm(request.POST)
        if form.is_valid():
            form.save()
            messages.success(request, _("Ambang bintang tersimpan."))
            return HttpResponseRedirect(reverse("clusters:ovop_sheet"))
        return self.render_to_response(self.get_context_data(threshold_form=form))


class OvopAspectEditView(ObjectEditView):
    queryset = OvopAspect.objects.all()
    form_class = OvopAspectForm


class OvopAspectArchiveView(ObjectArchiveView):
    queryset = OvopAspect.objects.all()


# --- Map --------------------------------------------------------------------


class MapView(ScopedViewMixin, TemplateView):
    """Businesses, sentra and kawasan on one map; data comes from the JSON endpoints below."""

    queryset = Sentra.objects.all()
    template_name = "clusters/map.html"
    url_base = "clusters:kawasan"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset = MapFilterSet(self.request.GET or None, queryset=Sentra.objects.none())
        query = self.request.GET.urlencode()
        may_create = can(self.request.user, "add", Kawasan)
        context.update(
            {
                "filter": filterset,
                "query": query,
                "data_urls": {
                    "usaha": reverse("clusters:map_usaha"),
                    "sentra": reverse("clusters:map_sentra"),
                    "kawasan": reverse("clusters:map_kawasan"),
                },
                "can_add_kawasan": may_create,
                "desa_groups": desa_groups() if may_create else [],
                "map_labels": _map_labels(),
            }
        )
        return context


def _map_labels() -> dict[str, str]:
    """Texts the map script shows, translated here (the script itself holds no user-facing text)."""
    return {
        "usaha": _("Usaha IKM"),
        "sentra": _("Sentra"),
        "kawasan": _("Kawasan"),
        "desa": _("Desa"),
        "kecamatan": _("Kecamatan"),
        "kbli": _("KBLI"),
        "group": _("Kelompok"),
        "status": _("Status"),
        "members": _("Anggota"),
        "active": _("unit aktif"),
        "rule_met": _("syarat ≥5 unit terpenuhi"),
        "rule_not_met": _("syarat ≥5 unit belum terpenuhi"),
        "theme": _("Tema"),
        "desa_count": _("desa"),
        "sentra_count": _("sentra"),
        "open": _("Buka halaman"),
        "pick_desa": _("Pilih desa ini untuk kawasan"),
        "loaded": _("Ditampilkan: {usaha} usaha, {sentra} sentra, {kawasan} kawasan"),
        "failed": _("Data peta gagal dimuat."),
    }


def _map_json(request: HttpRequest, key: str, builder) -> JsonResponse:
    # The map is an office screen; a JSON caller without the role gets 403, not a login page.
    if not can(request.user, "view", Sentra):
        return JsonResponse({"detail": _("Anda tidak memiliki akses.")}, status=403)
    items = builder(request.user, request.GET)
    return JsonResponse({"count": len(items), key: items})


@require_GET
def map_usaha(request: HttpRequest) -> JsonResponse:
    return _map_json(request, "usaha", mapdata.usaha_points)


@require_GET
def map_sentra(request: HttpRequest) -> JsonResponse:
    return _map_json(request, "sentra", mapdata.sentra_points)


@require_GET
def map_kawasan(request: HttpRequest) -> JsonResponse:
    return _map_json(request, "kawasan", mapdata.kawasan_areas)
