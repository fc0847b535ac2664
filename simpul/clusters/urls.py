from django.urls import path

from simpul.clusters import views
from simpul.core.routing import entity_urls

app_name = "clusters"

urlpatterns = [
    *entity_urls(
        "sentra",
        "clusters:sentra",
        list_view=views.SentraListView,
        detail_view=views.SentraDetailView,
        edit_view=views.SentraEditView,
        archive_view=views.SentraArchiveView,
    ),
    path("sentra/<int:pk>/anggota/", views.sentra_members_add, name="sentra_members_add"),
    path(
        "sentra/<int:pk>/anggota/<int:usaha_pk>/keluar/",
        views.sentra_member_remove,
        name="sentra_member_remove",
    ),
    path(
        "sentra/<int:parent_pk>/fasilitas/tambah/",
        views.FasilitasEditView.as_view(url_base="clusters:fasilitas"),
        name="fasilitas_add",
    ),
    path(
        "fasilitas/<int:pk>/ubah/",
        views.FasilitasEditView.as_view(url_base="clusters:fasilitas"),
        name="fasilitas_edit",
    ),
    path(
        "fasilitas/<int:pk>/arsip/",
        views.FasilitasArchiveView.as_view(url_base="clusters:fasilitas"),
        name="fasilitas_archive",
    ),
    path(
        "sentra/<int:parent_pk>/foto/tambah/",
        views.SentraFotoEditView.as_view(url_base="clusters:sentrafoto"),
        name="sentrafoto_add",
    ),
    path("usaha/<int:pk>/sentra/tambah/", views.usaha_sentra_add, name="usaha_sentra_add"),
    *entity_urls(
        "kawasan",
        "clusters:kawasan",
        list_view=views.KawasanListView,
        detail_view=views.KawasanDetailView,
        edit_view=views.KawasanEditView,
        archive_view=views.KawasanArchiveView,
    ),
    path(
        "kawasan/<int:parent_pk>/foto/tambah/",
        views.KawasanFotoEditView.as_view(url_base="clusters:kawasanfoto"),
        name="kawasanfoto_add",
    ),
    # OVOP: an assessment is added from its business's page (the product belongs to it).
    path("ovop/lembar/", views.OvopSheetView.as_view(), name="ovop_sheet"),
    path("ovop/lembar/", views.OvopSheetView.as_view(), name="ovop_aspect_list"),
    *entity_urls(
        "ovop/aspek",
        "clusters:ovop_aspect",
        edit_view=views.OvopAspectEditView,
        archive_view=views.OvopAspectArchiveView,
    ),
    path(
        "usaha/<int:parent_pk>/ovop/tambah/",
        views.OvopEditView.as_view(url_base="clusters:ovop"),
        name="ovop_add",
    ),
    *entity_urls(
        "ovop",
        "clusters:ovop",
        list_view=views.OvopListView,
        detail_view=views.OvopDetailView,
        archive_view=views.OvopArchiveView,
    ),
    path("ovop/<int:pk>/ubah/", views.OvopEditView.as_view(url_base="clusters:ovop"), name="ovop_edit"),
    path("peta/", views.MapView.as_view(), name="map"),
    path("peta/usaha.json", views.map_usaha, name="map_usaha"),
    path("peta/sentra.json", views.map_sentra, name="map_sentra"),
    path("peta/kawasan.json", views.map_kawasan, name="map_kawasan"),
]
