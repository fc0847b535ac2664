from django.urls import include, path

from simpul.core.routing import entity_urls
from simpul.registry import consent_views, views

app_name = "registry"

urlpatterns = [
    *entity_urls(
        "usaha",
        "registry:usaha",
        list_view=views.UsahaListView,
        detail_view=views.UsahaDetailView,
        edit_view=views.UsahaEditView,
        archive_view=views.UsahaArchiveView,
    ),
    path("usaha/<int:pk>/verifikasi/", views.verify_usaha, name="usaha_verify"),
    path("pelaku/<int:pk>/nik/", views.reveal_nik, name="pelaku_nik"),
    path("pelaku/cari-nik/", views.find_by_nik, name="pelaku_find_nik"),
    path("pelaku/<int:pk>/persetujuan/", consent_views.record_consent, name="pelaku_consent"),
    path("saya/persetujuan/", consent_views.my_consent, name="my_consent"),
    path(
        "usaha/<int:parent_pk>/produk/tambah/",
        views.ProdukEditView.as_view(url_base="registry:produk"),
        name="produk_add",
    ),
    path(
        "usaha/<int:parent_pk>/laporan/tambah/",
        views.LaporanEditView.as_view(url_base="registry:laporan"),
        name="laporan_add",
    ),
    path(
        "laporan/<int:pk>/ubah/",
        views.LaporanEditView.as_view(url_base="registry:laporan"),
        name="laporan_edit",
    ),
    path(
        "usaha/<int:parent_pk>/legalitas/tambah/",
        views.LegalitasEditView.as_view(url_base="registry:legalitas"),
        name="legalitas_add",
    ),
    path(
        "legalitas/<int:pk>/ubah/",
        views.LegalitasEditView.as_view(url_base="registry:legalitas"),
        name="legalitas_edit",
    ),
    path(
        "legalitas/<int:pk>/arsip/",
        views.LegalitasArchiveView.as_view(url_base="registry:legalitas"),
        name="legalitas_archive",
    ),
    *entity_urls(
        "pelaku",
        "registry:pelaku",
        list_view=views.PelakuListView,
        detail_view=views.PelakuDetailView,
        edit_view=views.PelakuEditView,
        archive_view=views.PelakuArchiveView,
    ),
    *entity_urls(
        "produk",
        "registry:produk",
        list_view=views.ProdukListView,
        detail_view=views.ProdukDetailView,
        archive_view=views.ProdukArchiveView,
    ),
    path(
        "produk/<int:pk>/ubah/", views.ProdukEditView.as_view(url_base="registry:produk"), name="produk_edit"
    ),
    # Feature modules of the registry with their own URL files.
    path("", include("simpul.registry.duplicate_urls")),
    path("", include("simpul.registry.selfservice_urls")),
    path("", include("simpul.registry.subject_urls")),
]
