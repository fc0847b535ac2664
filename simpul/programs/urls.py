from django.urls import path

from simpul.core.routing import entity_urls
from simpul.programs import views

app_name = "programs"

urlpatterns = [
    # Programs, activities, participation
    *entity_urls(
        "program",
        "programs:program",
        list_view=views.ProgramListView,
        detail_view=views.ProgramDetailView,
        edit_view=views.ProgramEditView,
        archive_view=views.ProgramArchiveView,
    ),
    path(
        "program/<int:parent_pk>/kegiatan/tambah/",
        views.KegiatanEditView.as_view(url_base="programs:kegiatan"),
        name="kegiatan_add",
    ),
    path(
        "kegiatan/<int:pk>/ubah/",
        views.KegiatanEditView.as_view(url_base="programs:kegiatan"),
        name="kegiatan_edit",
    ),
    path("program/<int:pk>/usulkan/", views.ProposeView.as_view(), name="propose"),
    path("program/<int:pk>/peserta/ekspor/", views.participants_export, name="participants_export"),
    path("program/<int:pk>/peserta/impor/", views.ImportView.as_view(), name="participants_import"),
    path("program/<int:pk>/peserta/impor/<int:job>/", views.import_status, name="import_status"),
    path("partisipasi/<int:pk>/status/", views.participation_status, name="participation_status"),
    path("partisipasi/<int:pk>/hasil/", views.OutcomeView.as_view(), name="participation_outcome"),
    # Reach
    path("jangkauan/", views.ReachView.as_view(), name="reach"),
    path(
        "jangkauan/belum-terjangkau/",
        views.NeverReachedView.as_view(url_base="registry:usaha"),
        name="never_reached",
    ),
    # Constraints
    path("kendala/rekap/", views.KendalaSummaryView.as_view(), name="kendala_summary"),
    *entity_urls(
        "kendala",
        "programs:kendala",
        list_view=views.KendalaListView,
        detail_view=views.KendalaDetailView,
        edit_view=views.KendalaEditView,
        archive_view=views.KendalaArchiveView,
    ),
    path("kendala/<int:pk>/teruskan/", views.kendala_route, name="kendala_route"),
    path("kendala/<int:pk>/tanggapi/", views.kendala_respond, name="kendala_respond"),
    # Partners
    *entity_urls(
        "mitra",
        "programs:mitra",
        list_view=views.MitraListView,
        detail_view=views.MitraDetailView,
        edit_view=views.MitraEditView,
        archive_view=views.MitraArchiveView,
    ),
    path("mitra/<int:pk>/pengguna/", views.mitra_link_user, name="mitra_link_user"),
    path("mitra/<int:pk>/pengguna/<int:link>/lepas/", views.mitra_unlink_user, name="mitra_unlink_user"),
    # Associations: the pengurus's screens first, so "anggota" is never read as an id
    path("asosiasi/anggota/", views.MemberListView.as_view(), name="member_list"),
    path("asosiasi/anggota/undang/", views.MemberInviteView.as_view(), name="member_invite"),
    path("asosiasi/anggota/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("asosiasi/anggota/<int:pk>/usulkan/", views.MemberProposeView.as_view(), name="member_propose"),
    path("asosiasi/anggota/<int:pk>/perubahan/", views.MemberChangeView.as_view(), name="member_change"),
    path(
        "asosiasi/anggota/<int:pk>/laporan/tambah/",
        views.MemberChangeView.as_view(),
        {"what": "laporan"},
        name="member_report_add",
    ),
    path(
        "asosiasi/anggota/<int:pk>/laporan/<int:laporan>/ubah/",
        views.MemberChangeView.as_view(),
        {"what": "laporan"},
        name="member_report_edit",
    ),
    *entity_urls(
        "asosiasi",
        "programs:asosiasi",
        list_view=views.AsosiasiListView,
        detail_view=views.AsosiasiDetailView,
        edit_view=views.AsosiasiEditView,
        archive_view=views.AsosiasiArchiveView,
    ),
    path("asosiasi/<int:pk>/anggota/tambah/", views.asosiasi_add_member, name="asosiasi_add_member"),
    path(
        "asosiasi/<int:pk>/anggota/<int:member>/hapus/",
        views.asosiasi_remove_member,
        name="asosiasi_remove_member",
    ),
    path("asosiasi/<int:pk>/pengurus/", views.asosiasi_link_user, name="asosiasi_link_user"),
    path(
        "asosiasi/<int:pk>/pengurus/<int:link>/lepas/",
        views.asosiasi_unlink_user,
        name="asosiasi_unlink_user",
    ),
    path("asosiasi/permohonan/<int:pk>/", views.membership_request_decide, name="membership_request_decide"),
]
