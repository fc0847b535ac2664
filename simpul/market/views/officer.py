"""Office pages: demands (verify, match, forward, outcome), procurement readiness, catalog inbox, showcases.

Every object comes through `restrict()`; the office-only check sits in
front of pages whose model anonymous visitors may also read (a verified
demand is public, but its office page is not).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.ids import parse_id
from simpul.core.roles import OFFICE_ROLES, PERSONAL_DATA_ROLES, role_of
from simpul.core.scoping import can
from simpul.core.views import ObjectListView
from simpul.market import demand, matching, publication, readiness, search, showcase
from simpul.market.filters import PermintaanFilterSet, home_kecamatan
from simpul.market.forms import OutcomeForm, RejectForm, ShowcaseForm, VerifyForm
from simpul.market.models import Permintaan, PesanKatalog, Showcase
from simpul.market.tables import PermintaanTable

View = Callable[..., HttpResponse]


def _deny(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))


def office_required(view: View) -> View:
    """Admin, petugas and pimpinan only (each action then checks its own permission)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if role_of(request.user) not in OFFICE_ROLES:
            return _deny(request)
        return view(request, *args, **kwargs)

    return wrapper


def _permintaan(request: HttpRequest, pk: int, action: str = "view") -> Permintaan:
    if not can(request.user, action, Permintaan):
        raise PermissionDenied(_("Anda tidak boleh mengubah permintaan."))
    qs = Permintaan.objects.restrict(request.user, action).select_related(
        "delivery_kecamatan", "kbli", "group", "verified_by"
    )
    return get_object_or_404(qs, pk=pk)


# ---------------------------------------------------------------------------
# Demands
# ---------------------------------------------------------------------------


class PermintaanListView(ObjectListView):
    queryset = Permintaan.objects.all()
    table_class = PermintaanTable
    filterset_class = PermintaanFilterSet
    export_name = "permintaan-pembeli"

    def dispatch(self, request, *args, **kwargs):
        # Anonymous visitors may read verified demands on the public site, not here.
        if role_of(request.user) not in OFFICE_ROLES:
            return _deny(request)
        return super().dispatch(request, *args, **kwargs)


@office_required
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _permintaan(request, pk))


def _detail_page(request: HttpRequest, item: Permintaan, refused: dict | None = None) -> HttpResponse:
    """The demand's page; `refused` holds a form that was sent back, shown again as typed (400)."""
    editor = can(request.user, "change", Permintaan)
    ranked = (
        matching.candidates(item, request.user) if item.status == Permintaan.Status.TERBUKA and editor else []
    )
    forwards = list(item.penerusan.select_related("usaha", "usaha__kecamatan").order_by("-score"))
    forwarded_ids = {f.usaha_id for f in forwards}
    offers = list(item.penawaran.select_related("usaha", "produk").order_by("price_per_unit"))
    return render(
        request,
        "market/demand_detail.html",
        {
            "item": item,
            "editor": editor,
            "show_contact": demand.may_see_buyer_contact(request.user, item),
            "candidates": ranked,
            "groups": matching.group_suggestions(item, ranked) if ranked else [],
            "forwarded_ids": forwarded_ids,
            "forwards": forwards,
            "offers": offers,
            "verify_form": VerifyForm(initial={"kbli": item.kbli_id}),
            "reject_form": RejectForm(),
            "outcome_form": OutcomeForm(offers=[o for o in offers if o.status != o.Status.DITARIK]),
            **(refused or {}),
        },
        status=400 if refused else 200,
    )


def _step(request: HttpRequest, pk: int, run: Callable[[Permintaan], str]) -> HttpResponse:
    item = _permintaan(request, pk, "change")
    try:
        messages.success(request, run(item))
    except demand.DemandError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("market:demand_detail", args=[item.pk]))


@require_POST
@office_required
def demand_verify(request: HttpRequest, pk: int) -> HttpResponse:
    form = VerifyForm(request.POST)

    def run(item: Permintaan) -> str:
        if not form.is_valid():
            raise demand.DemandError(_("Periksa isian verifikasi."))
        data = form.cleaned_data
        if data["delivery_latitude"] is not None and data["delivery_longitude"] is not None:
            item.delivery_latitude, item.delivery_longitude = (
                data["delivery_latitude"],
                data["delivery_longitude"],
            )
        demand.verify(item, request.user, kbli_id=data["kbli"].code if data["kbli"] else None)
        return _("Permintaan diverifikasi dan tampil di situs publik.")

    return _step(request, pk, run)


@require_POST
@office_required
def demand_reject(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")

    def run(item: Permintaan) -> str:
        demand.reject(item, request.user, reason)
        return _("Permintaan ditolak.")

    return _step(request, pk, run)


@require_POST
@office_required
def demand_forward(request: HttpRequest, pk: int) -> HttpResponse:
    ids = [number for v in request.POST.getlist("usaha") if (number := parse_id(v)) is not None]

    def run(item: Permintaan) -> str:
        created = demand.forward(item, ids, request.user)
        return _("Permintaan diteruskan kepada %(n)s usaha.") % {"n": len(created)}

    return _step(request, pk, run)


@require_POST
@office_required
def demand_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    item = _permintaan(request, pk, "change")
    form = OutcomeForm(request.POST, offers=item.penawaran.exclude(status="ditarik"))
    if not form.is_valid():
        # Shown again with what was typed and each field's own message.
        return _detail_page(request, item, {"outcome_form": form})

    def run(item: Permintaan) -> str:
        demand.record_outcome(item, request.user, form.deals(), form.cleaned_data["note"])
        return _("Hasil permintaan dicatat.")

    return _step(request, pk, run)


# ---------------------------------------------------------------------------
# Procurement readiness
# ---------------------------------------------------------------------------


@office_required
def readiness_list(request: HttpRequest) -> HttpResponse:
    products = readiness.candidates(request.user)
    status = request.GET.get("status", "")
    kecamatan = request.GET.get("kecamatan", "")
    query = request.GET.get("q", "").strip()
    if status == "siap":
        products = products.filter(ready=True)
    elif status == "belum":
        products = products.filter(ready=False)
    if kecamatan:
        products = products.filter(usaha__kecamatan_id=kecamatan)
    if query:
        products = products.filter(Q(name__icontains=query) | Q(usaha__name__icontains=query))
    if request.GET.get("export") == "xlsx":
        # The submission sheet carries NIB and NPWP (an individual's NPWP is their NIK).
        if role_of(request.user) not in PERSONAL_DATA_ROLES:
            raise PermissionDenied(_("Anda tidak boleh mengekspor data ini."))
        slugs = dict(
            publication.public_catalog().filter(pk__in=products.values("pk")).values_list("pk", "slug")
        )

        def link_for(produk) -> str:
            slug = slugs.get(produk.pk)
            if slug is None:
                return ""
            return request.build_absolute_uri(
                reverse("market:product", kwargs={"slug": slug, "pk": produk.pk})
            )

        return readiness.xlsx(products, link_for)
    page = Paginator(products, 50).get_page(request.GET.get("page"))
    rows = [(p, readiness.missing(p)) for p in page.object_list]
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "market/readiness.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "kecamatan": kecamatan,
            "query": query,
            "kecamatan_list": home_kecamatan(),
            "ready_count": readiness.candidates(request.user).filter(ready=True).count(),
            "can_export": role_of(request.user) in PERSONAL_DATA_ROLES,
            "query_string": query_string.urlencode(),
        },
    )


# ---------------------------------------------------------------------------
# Catalog inbox
# ---------------------------------------------------------------------------


def _inbox(request: HttpRequest, template: str) -> HttpResponse:
    messages_qs = PesanKatalog.objects.restrict(request.user, "view").select_related(
        "usaha", "produk", "read_by"
    )
    if request.GET.get("belum") == "1":
        messages_qs = messages_qs.filter(read_at=None)
    page = Paginator(messages_qs, 30).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "unread_only": request.GET.get("belum") == "1"})


def inbox(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "view", PesanKatalog) or role_of(request.user) not in OFFICE_ROLES:
        return _deny(request)
    return _inbox(request, "market/inbox.html")


@require_POST
def message_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a message read (officers and the owner it was sent to)."""
    if not can(request.user, "change", PesanKatalog):
        return _deny(request)
    message = get_object_or_404(PesanKatalog.objects.restrict(request.user, "change"), pk=pk)
    if message.read_at is None:
        PesanKatalog.objects.filter(pk=message.pk).update(read_at=timezone.now(), read_by=request.user)
    fallback = reverse("market:owner_inbox" if role_of(request.user) == "pelaku" else "market:inbox")
    return redirect(request.POST.get("next") if _safe_next(request) else fallback)


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


# ---------------------------------------------------------------------------
# Showcases
# ---------------------------------------------------------------------------


def _showcase_editor(request: HttpRequest) -> HttpResponse | None:
    if not can(request.user, "change", Showcase) or role_of(request.user) not in OFFICE_ROLES:
        return _deny(request)
    return None


def showcase_list(request: HttpRequest) -> HttpResponse:
    denied = _showcase_editor(request)
    if denied:
        return denied
    items = (
        Showcase.objects.restrict(request.user, "change")
        .filter(archived_at=None)
        .order_by("-starts_on", "name")
    )
    return render(request, "market/showcase_manage_list.html", {"items": items})


def showcase_add(request: HttpRequest) -> HttpResponse:
    denied = _showcase_editor(request)
    if denied:
        return denied
    form = ShowcaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        item = form.save()
        if item.kegiatan_id:
            showcase.set_products(item, showcase.exhibitor_products(item.kegiatan_id))
        messages.success(request, _("Etalase pameran dibuat. Tambahkan produknya."))
        return redirect("market:showcase_manage", pk=item.pk)
    return render(request, "market/showcase_form.html", {"form": form})


def showcase_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Details of a showcase, its products, and a catalog search to add more."""
    denied = _showcase_editor(request)
    if denied:
        return denied
    item = get_object_or_404(Showcase.objects.restrict(request.user, "change"), pk=pk)
    form = ShowcaseForm(request.POST or None, instance=item)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        current = list(item.items.values_list("produk_id", flat=True))
        if action == "save" and form.is_valid():
            form.save()
            messages.success(request, _("Etalase disimpan."))
        elif action == "add":
            added = [int(v) for v in request.POST.getlist("produk") if v.isdigit() and int(v) not in current]
            showcase.set_products(item, current + added)
            messages.success(request, _("%(n)s produk ditambahkan.") % {"n": len(added)})
        elif action == "remove":
            gone = {int(v) for v in request.POST.getlist("produk") if v.isdigit()}
            showcase.set_products(item, [p for p in current if p not in gone])
            messages.success(request, _("Produk dihapus dari etalase."))
        elif action == "import" and item.kegiatan_id:
            found = showcase.exhibitor_products(item.kegiatan_id)
            showcase.set_products(item, current + [p for p in found if p not in current])
            messages.success(request, _("Produk peserta pameran ditambahkan."))
        if action != "save" or form.is_valid():
            return redirect("market:showcase_manage", pk=item.pk)
    query = request.GET.get("q", "").strip()
    found = search.run(query, publication.public_catalog()).results[:24] if query else []
    return render(
        request,
        "market/showcase_manage.html",
        {"item": item, "form": form, "entries": showcase.entries_of(item), "query": query, "found": found},
    )
