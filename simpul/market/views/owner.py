"""Owner self-service pages of the market: demands forwarded to my businesses, my offers, buyers' messages.

The registry's self-service already uses /saya/permintaan/<id>/ for change
requests ("permintaan perubahan"), so buyer demand lives at
/saya/permintaan-pembeli/.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from simpul.market import demand
from simpul.market.forms import OfferForm
from simpul.market.models import Penawaran
from simpul.market.views.officer import _inbox
from simpul.registry.selfservice_views import owner_required


@owner_required
def owner_demands(request: HttpRequest) -> HttpResponse:
    forwards = list(demand.forwarded_to_owner(request.user))
    offers = {
        (o.permintaan_id, o.usaha_id): o
        for o in Penawaran.objects.restrict(request.user, "view").filter(
            permintaan_id__in=[f.permintaan_id for f in forwards]
        )
    }
    rows = [(f, offers.get((f.permintaan_id, f.usaha_id))) for f in forwards]
    return render(request, "market/owner_demands.html", {"rows": rows})


@owner_required
@require_http_methods(["GET", "POST"])
def owner_demand(request: HttpRequest, pk: int) -> HttpResponse:
    penerusan = get_object_or_404(demand.forwarded_to_owner(request.user), pk=pk)
    item = penerusan.permintaan
    offer = (
        Penawaran.objects.restrict(request.user, "view")
        .filter(permintaan=item, usaha=penerusan.usaha)
        .first()
    )
    products = demand.owner_products(penerusan)
    form = OfferForm(request.POST or None, instance=offer, products=products)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw" and offer is not None:
                demand.withdraw_offer(offer)
                messages.success(request, _("Penawaran ditarik."))
                return redirect("market:owner_demand", pk=penerusan.pk)
            if form.is_valid():
                demand.submit_offer(penerusan, request.user, form.cleaned_data)
                messages.success(request, _("Penawaran terkirim. Pembeli dan petugas dapat melihatnya."))
                return redirect("market:owner_demand", pk=penerusan.pk)
        except demand.DemandError as exc:
            messages.error(request, str(exc))
    elif penerusan.seen_at is None:
        from django.utils import timezone

        type(penerusan).objects.filter(pk=penerusan.pk).update(seen_at=timezone.now())
    return render(
        request,
        "market/owner_demand.html",
        {"penerusan": penerusan, "item": item, "offer": offer, "form": form, "open": item.is_open},
    )


@owner_required
def owner_inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request, "market/owner_inbox.html")
