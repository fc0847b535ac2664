"""The review page of candidate duplicate pairs, the merge, and "bukan duplikat".

Only office editors (admin, petugas) reach these screens, and every business
is fetched through `Usaha.objects.restrict(user, "change")`: a petugas
limited to some kecamatan sees, merges and dismisses only pairs whose two
businesses both lie there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.core.ids import parse_id
from simpul.core.roles import PERSONAL_DATA_ROLES, role_of
from simpul.core.scoping import can
from simpul.registry.duplicates import Pair, candidate_pairs, find_pairs, load_records
from simpul.registry.merge import MergeError, choose_survivor, merge, plan_merge
from simpul.registry.models import DuplicateDecision, Kepemilikan, Usaha

#: Pairs per page; each shows two records side by side.
PAGE_SIZE = 20


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; roles that may not change businesses get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.user, "change", Usaha):
            raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))
        return view(request, *args, **kwargs)

    return wrapped


@dataclass
class PairView:
    """A pair ready for the page: both records, the default survivor, and the rows to compare."""

    pair: Pair
    first: Usaha
    second: Usaha
    survivor: Usaha
    rows: list[dict[str, Any]]


class MergeForm(forms.Form):
    """The confirmed merge: which of the two survives, and an optional note for the record."""

    survivor = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Catatan (boleh kosong)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, pair: tuple[Usaha, Usaha], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(u.pk, str(u)) for u in pair]


def _comparable(queryset: QuerySet[Usaha]) -> QuerySet[Usaha]:
    """Businesses with what the side-by-side view shows, in one query plus one for the owners."""
    return (
        queryset.select_related("desa", "kecamatan", "kbli")
        .prefetch_related(
            Prefetch("kepemilikan", queryset=Kepemilikan.objects.select_related("pelaku").order_by("pk"))
        )
        .annotate(
            n_products=Count("produk", filter=Q(produk__archived_at=None), distinct=True),
            n_reports=Count("laporan", filter=Q(laporan__archived_at=None), distinct=True),
            n_certificates=Count("legalitas", filter=Q(legalitas__archived_at=None), distinct=True),
        )
    )


def _compare_rows(a: Usaha, b: Usaha, show_nik: bool) -> list[dict[str, Any]]:
    """Label and both values of each compared item; `differs` marks where the two disagree."""

    def owners(usaha: Usaha) -> str:
        people = []
        for ownership in usaha.kepemilikan.all():
            person = ownership.pelaku
            nik = person.nik if show_nik else person.nik_masked
            people.append(f"{person.name} (NIK {nik})" if nik else person.name)
        return "; ".join(people)

    def place(usaha: Usaha) -> str:
        return f"{usaha.desa.name}, {usaha.kecamatan.name}"

    items: list[tuple[str, Callable[[Usaha], Any]]] = [
        (_("NIB"), lambda u: u.nib),
        (_("Desa/kelurahan"), place),
        (_("Alamat"), lambda u: u.address),
        (_("WhatsApp"), lambda u: u.whatsapp),
        (_("Telepon"), lambda u: u.phone),
        (_("Pemilik"), owners),
        (_("KBLI utama"), lambda u: u.kbli or ""),
        (_("Produk"), lambda u: str(u.n_products)),
        (_("Laporan tahunan"), lambda u: str(u.n_reports)),
        (_("Legalitas"), lambda u: str(u.n_certificates)),
        (_("Kelengkapan"), lambda u: f"{u.completeness}%"),
        (_("Sumber data"), lambda u: u.get_source_display()),
        (_("Terverifikasi"), lambda u: _("ya") if u.is_verified else _("belum")),
        (_("Dicatat"), lambda u: date_format(u.created_at, "SHORT_DATE_FORMAT")),
    ]
    rows = []
    for label, read in items:
        left, right = read(a), read(b)
        rows.append({"label": label, "first": left, "second": right, "differs": str(left) != str(right)})
    return rows


def _pair_views(pairs: list[Pair], queryset: QuerySet[Usaha], show_nik: bool) -> list[PairView]:
    ids = {pk for pair in pairs for pk in pair.ids}
    records = {u.pk: u for u in _comparable(queryset.filter(pk__in=ids))}
    views = []
    for pair in pairs:
        first, second = records.get(pair.first), records.get(pair.second)
        if first is None or second is None:  # changed between the search and this read
            continue
        survivor, _duplicate = choose_survivor(first, second)
        views.append(PairView(pair, first, second, survivor, _compare_rows(first, second, show_nik)))
    return views


@editor_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Candidate pairs in the user's scope, best first, each with both records side by side."""
    scoped = Usaha.objects.restrict(request.user, "change")
    page = Paginator(candidate_pairs(scoped), PAGE_SIZE).get_page(request.GET.get("page"))
    show_nik = role_of(request.user) in PERSONAL_DATA_ROLES
    context = {"page": page, "pairs": _pair_views(list(page.object_list), scoped, show_nik)}
    return render(request, "registry/duplicates/list.html", context)


def _active_pair(request: HttpRequest, first: int, second: int) -> tuple[Usaha, Usaha]:
    """Both businesses of a pair within the user's scope, or 404."""
    if first == second:
        raise Http404(_("Sebuah usaha bukan pasangan bagi dirinya sendiri."))
    scoped = _comparable(Usaha.objects.restrict(request.user, "change"))
    return get_object_or_404(scoped, pk=first), get_object_or_404(scoped, pk=second)


def _list_url(page: str | None = None) -> str:
    url = reverse("registry:duplicate_list")
    return f"{url}?page={page}" if page and page.isdigit() else url


@editor_required
def duplicate_merge(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """GET: what the merge will do, for the chosen survivor. POST: do it, then show the survivor."""
    a, b = _active_pair(request, first, second)
    if a.merged_into_id or b.merged_into_id or a.is_archived or b.is_archived:
        messages.warning(
            request, _("Pasangan ini sudah tidak aktif: salah satunya diarsipkan atau digabung.")
        )
        return HttpResponseRedirect(_list_url())
    default_survivor, _duplicate = choose_survivor(a, b)
    if request.method == "POST":
        form = MergeForm(request.POST, pair=(a, b))
        if form.is_valid():
            survivor, duplicate = (a, b) if form.cleaned_data["survivor"] == a.pk else (b, a)
            try:
                plan = merge(survivor, duplicate, request.user, note=form.cleaned_data["note"])
            except MergeError as error:
                messages.error(request, str(error))
                return HttpResponseRedirect(_list_url())
            messages.success(request, _merged_message(plan.duplicate, len(plan.products), len(plan.reports)))
            return HttpResponseRedirect(survivor.get_absolute_url())
    else:
        chosen = _chosen_pk(request.GET.get("survivor"), (a, b), default_survivor)
        form = MergeForm(initial={"survivor": chosen}, pair=(a, b))
    chosen = _chosen_pk(form["survivor"].value(), (a, b), default_survivor)
    survivor, duplicate = (a, b) if chosen == a.pk else (b, a)
    show_nik = role_of(request.user) in PERSONAL_DATA_ROLES
    context = {
        "form": form,
        "survivor": survivor,
        "duplicate": duplicate,
        "plan": plan_merge(survivor, duplicate),
        "pair": _detected(a, b),
        "rows": _compare_rows(survivor, duplicate, show_nik),
        "first": a,
        "second": b,
    }
    return render(request, "registry/duplicates/merge.html", context)


def _chosen_pk(value: Any, pair: tuple[Usaha, Usaha], default: Usaha) -> int:
    """The survivor's id named in a request, when it is one of the pair; the default otherwise."""
    chosen = parse_id(value)
    return chosen if chosen in (pair[0].pk, pair[1].pk) else default.pk


def _detected(a: Usaha, b: Usaha) -> Pair | None:
    """The pair as the detector sees it (score and reasons), or None when it would not propose it."""
    records, owner_niks = load_records(Usaha.objects.filter(pk__in=[a.pk, b.pk]))
    pairs = find_pairs(records, owner_niks=owner_niks)
    return pairs[0] if pairs else None


def _merged_message(duplicate: Usaha, products: int, reports: int) -> str:
    return _(
        "“%(name)s” (#%(id)d) digabung ke data ini: %(products)d produk dan %(reports)d laporan tahunan dipindahkan."
    ) % {"name": duplicate.name, "id": duplicate.pk, "products": products, "reports": reports}


@require_POST
@editor_required
def duplicate_dismiss(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """Record that the two are different businesses, so the pair is not proposed again."""
    a, b = _active_pair(request, first, second)
    DuplicateDecision.record(a.pk, b.pk, DuplicateDecision.Verdict.NOT_DUPLICATE, request.user)
    messages.success(
        request,
        _("“%(a)s” dan “%(b)s” ditandai bukan duplikat; pasangan ini tidak akan diusulkan lagi.")
        % {"a": a.name, "b": b.name},
    )
    return HttpResponseRedirect(_list_url(request.POST.get("page")))
