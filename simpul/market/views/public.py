"""The public site: catalog, product and business pages, sentra and kawasan, showcases, buyer demand.

No login is needed and none changes what is shown: every page reads through
`publication`, as an anonymous visitor would, even for a logged-in officer.
"""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.classifications.models import CommodityGroup
from simpul.core.export import neutralise
from simpul.core.ids import parse_id
from simpul.market import contact, demand, jsonld, publication, search, showcase, throttle
from simpul.market.filters import CatalogFilterSet
from simpul.market.forms import ContactForm, DemandForm
from simpul.registry.models import Produk, Usaha
from simpul.registry.selfservice import whatsapp_url

PER_PAGE = 24
#: Deep pages of a search are not useful to people and costly to compute; the sitemap covers every product.
MAX_PAGE = 100
EXPORT_LIMIT = 5000
#: Contact messages and demands a visitor may send per hour.
CONTACT_LIMIT, DEMAND_LIMIT = 5, 5
SESSION_POSTED = "market_permintaan_baru"


def _absolute(request: HttpRequest):
    return request.build_absolute_uri


def business_url(usaha: Usaha) -> str:
    return reverse("market:business", kwargs={"slug": slugify(usaha.name)[:80] or "usaha", "pk": usaha.pk})


def _public_business(pk: int) -> Usaha:
    fields = [f for f in publication.PUBLIC_USAHA_FIELDS if f not in ("desa", "kecamatan", "kbli", "group")]
    qs = (
        publication.public_businesses()
        .select_related("desa", "kecamatan", "group", "kbli")
        .only(
            "pk",
            "updated_at",
            *fields,
            "desa__name",
            "desa__code",
            "kecamatan__name",
            "kecamatan__code",
            "group__name",
            "kbli__code",
            "kbli__title",
        )
    )
    return get_object_or_404(qs, pk=pk)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(MAX_PAGE, int(request.GET.get("page", 1))))
    except ValueError:
        return 1


# ---------------------------------------------------------------------------
# Catalog
# ---------------------------------------------------------------------------


def run_catalog_search(request: HttpRequest) -> tuple[CatalogFilterSet, search.Search]:
    """The visitor's filters and query applied to the public catalog (shared by the page, export and API)."""
    filterset = CatalogFilterSet(request.GET, queryset=publication.public_catalog())
    valid = filterset.is_valid()
    entries = filterset.qs if valid else filterset.queryset
    data = filterset.form.cleaned_data if valid else {}
    return filterset, search.run(data.get("q") or "", entries, data.get("urut") or "")


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    filterset, found = run_catalog_search(request)
    page = Paginator(found.results, PER_PAGE).get_page(_page_number(request))
    query = (filterset.form.cleaned_data.get("q") if filterset.is_valid() else "") or ""
    highlights, groups = [], []
    if not query and not filterset.active_count and page.number == 1:
        # The landing page: OVOP products first, and the commodity groups to browse by.
        highlights = list(
            publication.public_catalog().filter(ovop_stars__gt=0).order_by("-ovop_stars", "-rank")[:8]
        )
        groups = list(CommodityGroup.objects.active().order_by("order", "name"))
    office = settings.SIMPUL_OFFICE_NAME
    title = _("Hasil pencarian “%(q)s”") % {"q": query} if query else _("Katalog produk IKM")
    return render(
        request,
        "market/catalog.html",
        {
            "filter": filterset,
            "page": page,
            "search": found,
            "query": query,
            "highlights": highlights,
            "groups": groups,
            "last_page": min(page.paginator.num_pages, MAX_PAGE),
            "page_title": title,
            "meta_description": _(
                "Temukan produk industri kecil dan menengah binaan %(office)s: makanan, kerajinan, batik, "
                "dan lainnya, langsung dari pembuatnya."
            )
            % {"office": office},
            "noindex": bool(request.GET),
        },
    )


@require_GET
def catalog_export(request: HttpRequest) -> StreamingHttpResponse:
    """The current search as CSV (public fields only), for buyers and procurement officers."""
    _filterset, found = run_catalog_search(request)
    absolute = _absolute(request)
    header = [
        _("Produk"),
        _("Pembuat"),
        _("Kecamatan"),
        _("Desa"),
        _("Satuan"),
        _("Harga terendah (Rp)"),
        _("Harga tertinggi (Rp)"),
        _("Kapasitas per tahun"),
        _("Sertifikat"),
        _("Bintang OVOP"),
        _("Tautan"),
    ]

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for entry in found.results[:EXPORT_LIMIT]:
            yield writer.writerow(
                [
                    neutralise(v) if isinstance(v, str) else ("" if v is None else v)
                    for v in (
                        entry.name,
                        entry.usaha_name,
                        entry.kecamatan_name,
                        entry.desa_name,
                        entry.unit,
                        entry.price_min,
                        entry.price_max,
                        entry.capacity_per_year,
                        entry.certificates.upper(),
                        entry.ovop_stars or "",
                        absolute(entry.get_absolute_url()),
                    )
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="katalog-ikm.csv"'
    return response


def _whatsapp_link(request: HttpRequest, usaha: Usaha, about: str, path: str) -> str:
    if not usaha.whatsapp:
        return ""
    text = _(
        "Halo %(usaha)s, saya melihat %(about)s di katalog %(office)s (%(url)s). Apakah masih tersedia?"
    ) % {
        "usaha": usaha.name.strip(),
        "about": about,
        "office": settings.SIMPUL_OFFICE_NAME,
        "url": request.build_absolute_uri(path),
    }
    return whatsapp_url(usaha.whatsapp, text)


def _sentra_of(usaha_id: int):
    sentra = publication.public_sentra()
    return [] if sentra is None else list(sentra.filter(keanggotaan__usaha_id=usaha_id).order_by("name"))


@require_GET
def product(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    entry = get_object_or_404(publication.public_catalog().select_related("group"), pk=pk)
    if slug != entry.slug:
        return HttpResponsePermanentRedirect(entry.get_absolute_url())
    produk = (
        Produk.objects.select_related("kbli")
        .prefetch_related("fotos")
        .only("pk", "description", "photo", "kbli__code", "kbli__title")
        .get(pk=pk)
    )
    usaha = _public_business(entry.usaha_id)
    certificates = (
        publication.public_certificates()
        .filter(usaha_id=entry.usaha_id)
        .filter(Q(products__isnull=True) | Q(products=pk))
        .distinct()
        .only("kind", "number", "issuer", "expires_on")
    )
    others = (
        publication.public_catalog()
        .filter(usaha_id=entry.usaha_id)
        .exclude(pk=pk)
        .order_by("-rank", "name_key")[:6]
    )
    absolute = _absolute(request)
    description = produk.description or _("%(name)s buatan %(usaha)s, %(kec)s.") % {
        "name": entry.name,
        "usaha": entry.usaha_name,
        "kec": entry.kecamatan_name,
    }
    return render(
        request,
        "market/product.html",
        {
            "entry": entry,
            "produk": produk,
            "usaha": usaha,
            "usaha_url": business_url(usaha),
            "certificates": list(certificates),
            "others": list(others),
            "sentra": _sentra_of(entry.usaha_id),
            "whatsapp_link": _whatsapp_link(request, usaha, entry.name, entry.get_absolute_url()),
            "contact_form": ContactForm(),
            "structured": jsonld.product(entry, description, absolute),
            "page_title": f"{entry.name} · {entry.usaha_name}",
            "meta_description": description[:160],
            "og_image": absolute(entry.photo_url) if entry.photo else "",
            "og_type": "product",
            "canonical": absolute(entry.get_absolute_url()),
        },
    )


@require_GET
def business(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    usaha = _public_business(pk)
    canonical_path = business_url(usaha)
    if request.path != canonical_path:
        return HttpResponsePermanentRedirect(canonical_path)
    entries = list(publication.public_catalog().filter(usaha_id=pk).order_by("-rank", "name_key"))
    absolute = _absolute(request)
    place = f"{usaha.desa.name}, {usaha.kecamatan.name}"
    return render(
        request,
        "market/business.html",
        {
            "usaha": usaha,
            "entries": entries,
            "sentra": _sentra_of(pk),
            "whatsapp_link": _whatsapp_link(request, usaha, usaha.name.strip(), canonical_path),
            "contact_form": ContactForm(),
            "structured": jsonld.business(usaha, entries, absolute(canonical_path), absolute),
            "page_title": f"{usaha.name.strip()} · {place}",
            "meta_description": _("%(usaha)s, IKM di %(place)s: %(products)s.")
            % {
                "usaha": usaha.name.strip(),
                "place": place,
                "products": ", ".join(e.name for e in entries[:6]),
            },
            "og_image": absolute(entries[0].photo_url) if entries and entries[0].photo else "",
            "canonical": absolute(canonical_path),
            "marketplace_links": [
                line.strip()
                for line in (usaha.marketplace or "").splitlines()
                if line.strip().startswith("http")
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def contact_maker(request: HttpRequest, pk: int) -> HttpResponse:
    """The contact form of a business (its product and business pages post here)."""
    usaha = _public_business(pk)
    produk_id = parse_id(request.POST.get("produk") or request.GET.get("produk"))
    entry = None
    if produk_id:
        entry = publication.public_catalog().filter(pk=produk_id, usaha_id=pk).first()
    back = entry.get_absolute_url() if entry else business_url(usaha)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(request, "kontak", CONTACT_LIMIT, 3600):
            form.add_error(None, _("Terlalu banyak pesan dari alamat Anda. Coba lagi nanti."))
        else:
            data = form.cleaned_data
            produk = Produk.objects.filter(pk=entry.pk).first() if entry else None
            contact.send(
                usaha, produk, name=data["name"], email=data["email"], phone=data["phone"], body=data["body"]
            )
            messages.success(request, _("Pesan Anda terkirim kepada pembuat dan petugas dinas."))
            return redirect(back + "#kontak")
    return render(
        request,
        "market/contact.html",
        {
            "usaha": usaha,
            "entry": entry,
            "form": form,
            "back": back,
            "page_title": _("Hubungi %(u)s") % {"u": usaha.name},
            "noindex": True,
        },
    )


# ---------------------------------------------------------------------------
# Sentra and kawasan (clusters app)
# ---------------------------------------------------------------------------


def _clusters_or_404():
    if not publication.clusters_installed():
        raise Http404(_("Halaman sentra dan kawasan belum tersedia."))


def _map_data(obj) -> dict[str, Any]:
    return {"lat": obj.latitude, "lng": obj.longitude, "area": getattr(obj, "area_geojson", "")}


@require_GET
def sentra_list(request: HttpRequest) -> HttpResponse:
    _clusters_or_404()
    items = publication.public_sentra().select_related("kecamatan", "desa").order_by("name")
    return render(
        request,
        "market/cluster_list.html",
        {
            "items": items,
            "kind": "sentra",
            "page_title": _("Sentra IKM"),
            "meta_description": _(
                "Sentra IKM: kelompok usaha sejenis di satu tempat, yang dapat dikunjungi dan dihubungi."
            ),
        },
    )


@require_GET
def sentra(request: HttpRequest, slug: str) -> HttpResponse:
    _clusters_or_404()
    item = get_object_or_404(
        publication.public_sentra().select_related("kecamatan", "desa", "group"), slug=slug
    )
    products = (
        publication.public_catalog().filter(publication.sentra_business_q(item)).order_by("-rank", "name_key")
    )
    kawasan = publication.public_kawasan().filter(sentra=item).order_by("name")
    return render(
        request,
        "market/sentra.html",
        {
            "item": item,
            "products": products[:48],
            "product_count": products.count(),
            "photos": item.fotos.all()[:8],
            "facilities": item.fasilitas.filter(archived_at=None)[:20],
            "kawasan": kawasan,
            "map": _map_data(item),
            "page_title": item.name,
            "meta_description": (item.description or item.product_focus or item.name)[:160],
            "og_image": request.build_absolute_uri(item.photo.url) if item.photo else "",
            "canonical": request.build_absolute_uri(request.path),
        },
    )


@require_GET
def kawasan_list(request: HttpRequest) -> HttpResponse:
    _clusters_or_404()
    items = publication.public_kawasan().order_by("name")
    return render(
        request,
        "market/cluster_list.html",
        {
            "items": items,
            "kind": "kawasan",
            "page_title": _("Kawasan produk unggulan"),
            "meta_description": _(
                "Kawasan produk unggulan: desa-desa penghasil produk khas yang dapat dikunjungi."
            ),
        },
    )


@require_GET
def kawasan(request: HttpRequest, slug: str) -> HttpResponse:
    _clusters_or_404()
    item = get_object_or_404(publication.public_kawasan(), slug=slug)
    catalog_entries = publication.public_catalog()
    featured_ids = list(item.products.values_list("pk", flat=True))
    featured = list(catalog_entries.filter(pk__in=featured_ids).order_by("-rank")[:12])
    products = (
        catalog_entries.filter(publication.kawasan_business_q(item))
        .exclude(pk__in=featured_ids)
        .order_by("-rank", "name_key")
    )
    return render(
        request,
        "market/kawasan.html",
        {
            "item": item,
            "featured": featured,
            "products": products[:36],
            "product_count": products.count() + len(featured),
            "desa": item.desa.select_related("parent").order_by("name"),
            "sentra": publication.public_sentra().filter(kawasan=item).order_by("name"),
            "photos": item.fotos.all()[:8],
            "map": _map_data(item),
            "page_title": item.name,
            "meta_description": (item.description or item.theme)[:160],
            "og_image": request.build_absolute_uri(item.photo.url) if item.photo else "",
            "canonical": request.build_absolute_uri(request.path),
        },
    )


# ---------------------------------------------------------------------------
# Exhibition showcases
# ---------------------------------------------------------------------------


@require_GET
def showcase_list(request: HttpRequest) -> HttpResponse:
    items = publication.public_showcases().order_by("-starts_on", "name")
    return render(request, "market/showcase_list.html", {"items": items, "page_title": _("Pameran")})


@require_GET
def showcase_page(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(publication.public_showcases(), slug=slug)
    entries = showcase.entries_of(item)
    return render(
        request,
        "market/showcase.html",
        {
            "item": item,
            "entries": entries,
            "page_title": item.name,
            "meta_description": (item.description or _("Produk IKM di %(name)s.") % {"name": item.name})[
                :160
            ],
            "og_image": request.build_absolute_uri(entries[0].photo_url)
            if entries and entries[0].photo
            else "",
            "canonical": request.build_absolute_uri(request.path),
        },
    )


@require_GET
def showcase_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(publication.public_showcases(), slug=slug)
    response = HttpResponse(showcase.pdf(item, request.build_absolute_uri), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="katalog-{item.slug}.pdf"'
    return response


# ---------------------------------------------------------------------------
# Buyer demand
# ---------------------------------------------------------------------------


@require_GET
def demand_public_list(request: HttpRequest) -> HttpResponse:
    items = publication.public_demands().filter(status="terbuka").order_by("-verified_at", "-pk")
    page = Paginator(items, 20).get_page(_page_number(request))
    return render(
        request,
        "market/demand_public_list.html",
        {
            "page": page,
            "page_title": _("Permintaan pembeli"),
            "meta_description": _(
                "Kebutuhan pembeli yang dapat dipasok IKM: instansi, hotel, industri dan eksportir."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def demand_create(request: HttpRequest) -> HttpResponse:
    form = DemandForm(request.POST or None, initial={"product": request.GET.get("produk", "")[:200]})
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(request, "permintaan", DEMAND_LIMIT, 3600):
            form.add_error(None, _("Terlalu banyak permintaan dari alamat Anda. Coba lagi nanti."))
        else:
            posted = demand.post(
                form.save(commit=False),
                private_path=lambda token: request.build_absolute_uri(
                    reverse("market:demand_private", args=[token])
                ),
            )
            # The token is shown once on the next page, then forgotten by the server.
            request.session[SESSION_POSTED] = posted.token
            return redirect("market:demand_posted")
    return render(
        request,
        "market/demand_form.html",
        {
            "form": form,
            "page_title": _("Pasang permintaan"),
            "meta_description": _(
                "Cari pemasok IKM lokal: tulis kebutuhan Anda, petugas dinas meneruskannya ke IKM yang cocok."
            ),
        },
    )


@require_GET
def demand_posted(request: HttpRequest) -> HttpResponse:
    token = request.session.pop(SESSION_POSTED, None)
    if not token:
        return redirect("market:demand_create")
    link = request.build_absolute_uri(reverse("market:demand_private", args=[token]))
    return render(
        request,
        "market/demand_posted.html",
        {"link": link, "page_title": _("Permintaan terkirim"), "noindex": True},
    )


@require_GET
def demand_public(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(publication.public_demands(), pk=pk)
    if slug != item.slug:
        return HttpResponsePermanentRedirect(item.get_public_url())
    return render(
        request,
        "market/demand_public.html",
        {
            "item": item,
            "page_title": _("Dicari: %(p)s") % {"p": item.product},
            "meta_description": _("%(org)s mencari %(p)s. Hubungi petugas dinas untuk menjadi pemasok.")
            % {"org": item.buyer_organisation, "p": item.product},
            "canonical": request.build_absolute_uri(item.get_public_url()),
        },
    )


@require_GET
def demand_private(request: HttpRequest, token: str) -> HttpResponse:
    """The buyer's own page: status and offers, reached only through the link given at posting."""
    item = demand.find_by_token(token)
    if item is None:
        raise Http404(_("Tautan tidak dikenal."))
    offers = list(demand.buyer_offers(item)) if item.verified_at else []
    public_ids = set(
        publication.public_businesses()
        .filter(pk__in=[o.usaha_id for o in offers])
        .values_list("pk", flat=True)
    )
    rows = []
    for offer in offers:
        usaha = offer.usaha
        rows.append(
            {
                "offer": offer,
                "usaha_url": business_url(usaha) if usaha.pk in public_ids else "",
                "whatsapp": _whatsapp_link(request, usaha, item.product, item.get_public_url())
                if usaha.whatsapp
                else "",
                "phone": usaha.phone,
            }
        )
    response = render(
        request,
        "market/demand_private.html",
        {"item": item, "rows": rows, "page_title": item.product, "noindex": True},
    )
    # The token is in the URL: do not leak it to other sites through the Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------------------
# Robots
# ---------------------------------------------------------------------------


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /akun/",
        "Disallow: /api/",
        "Disallow: /saya/",
        "Disallow: /pemasaran/",
        "Disallow: /katalog/permintaan/pribadi/",
        f"Sitemap: {request.build_absolute_uri(reverse('market:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
