"""URLs of the market: the public site under /katalog/, office pages under /pemasaran/, owners under /saya/."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from simpul.market.sitemaps import SITEMAPS
from simpul.market.views import officer, owner, public

app_name = "market"

urlpatterns = [
    # Public site
    path("katalog/", public.catalog, name="catalog"),
    path("katalog/ekspor.csv", public.catalog_export, name="catalog_export"),
    path("katalog/produk/<slug:slug>-<int:pk>/", public.product, name="product"),
    path("katalog/usaha/<slug:slug>-<int:pk>/", public.business, name="business"),
    path("katalog/usaha/<int:pk>/kontak/", public.contact_maker, name="contact"),
    path("katalog/sentra/", public.sentra_list, name="sentra_list"),
    path("katalog/sentra/<slug:slug>/", public.sentra, name="sentra"),
    path("katalog/kawasan/", public.kawasan_list, name="kawasan_list"),
    path("katalog/kawasan/<slug:slug>/", public.kawasan, name="kawasan"),
    path("katalog/pameran/", public.showcase_list, name="showcase_list"),
    path("katalog/pameran/<slug:slug>/", public.showcase_page, name="showcase"),
    path("katalog/pameran/<slug:slug>/katalog.pdf", public.showcase_pdf, name="showcase_pdf"),
    path("katalog/permintaan/", public.demand_public_list, name="demand_public_list"),
    path("katalog/permintaan/baru/", public.demand_create, name="demand_create"),
    path("katalog/permintaan/terkirim/", public.demand_posted, name="demand_posted"),
    path("katalog/permintaan/pribadi/<str:token>/", public.demand_private, name="demand_private"),
    path("katalog/permintaan/<slug:slug>-<int:pk>/", public.demand_public, name="demand_public"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "market:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", public.robots_txt, name="robots"),
    # Office
    path(
        "pemasaran/permintaan/",
        officer.PermintaanListView.as_view(url_base="market:demand"),
        name="demand_list",
    ),
    path("pemasaran/permintaan/<int:pk>/", officer.demand_detail, name="demand_detail"),
    path("pemasaran/permintaan/<int:pk>/verifikasi/", officer.demand_verify, name="demand_verify"),
    path("pemasaran/permintaan/<int:pk>/tolak/", officer.demand_reject, name="demand_reject"),
    path("pemasaran/permintaan/<int:pk>/teruskan/", officer.demand_forward, name="demand_forward"),
    path("pemasaran/permintaan/<int:pk>/hasil/", officer.demand_outcome, name="demand_outcome"),
    path("pemasaran/kesiapan-e-katalog/", officer.readiness_list, name="readiness"),
    path("pemasaran/pesan/", officer.inbox, name="inbox"),
    path("pemasaran/pesan/<int:pk>/dibaca/", officer.message_read, name="message_read"),
    path("pemasaran/pameran/", officer.showcase_list, name="showcase_list_manage"),
    path("pemasaran/pameran/tambah/", officer.showcase_add, name="showcase_add"),
    path("pemasaran/pameran/<int:pk>/", officer.showcase_manage, name="showcase_manage"),
    # Owners
    path("saya/permintaan-pembeli/", owner.owner_demands, name="owner_demands"),
    path("saya/permintaan-pembeli/<int:pk>/", owner.owner_demand, name="owner_demand"),
    path("saya/pesan-pembeli/", owner.owner_inbox, name="owner_inbox"),
]
