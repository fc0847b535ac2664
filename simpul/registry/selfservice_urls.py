"""URLs of owner self-service, inside the "registry" namespace.

Officers: `invite_create` (button on a business page), `changerequest_list`
(menu). Owners: `self_home` (menu). Everyone with an invitation: `invite_code`.
"""

from django.urls import path

from simpul.registry import selfservice_views as views

urlpatterns = [
    # Officers
    path("usaha/<int:pk>/undang/", views.invite_create, name="invite_create"),
    path("usaha/undangan/<int:pk>/", views.invite_sent, name="invite_sent"),
    path("usaha/perubahan/", views.changerequest_list, name="changerequest_list"),
    path("usaha/perubahan/<int:pk>/", views.changerequest_detail, name="changerequest_detail"),
    path("usaha/perubahan/<int:pk>/setujui/", views.changerequest_approve, name="changerequest_approve"),
    path("usaha/perubahan/<int:pk>/tolak/", views.changerequest_reject, name="changerequest_reject"),
    path("perubahan/<int:pk>/foto/", views.changerequest_photo, name="changerequest_photo"),
    # Invitations; "akun/" comes before the token pattern, which would match it too.
    path("undangan/", views.invite_code, name="invite_code"),
    path("undangan/akun/", views.invite_accept_code, name="invite_accept_code"),
    path("undangan/<str:token>/", views.invite_accept, name="invite_accept"),
    # Owners
    path("saya/", views.self_home, name="self_home"),
    path("saya/usaha/<int:pk>/", views.self_usaha, name="self_usaha"),
    path("saya/usaha/<int:pk>/profil/", views.self_profile, name="self_profile"),
    path("saya/usaha/<int:pk>/produk/tambah/", views.self_produk_add, name="self_produk_add"),
    path("saya/produk/<int:pk>/ubah/", views.self_produk_edit, name="self_produk_edit"),
    path("saya/usaha/<int:pk>/laporan/tambah/", views.self_laporan_add, name="self_laporan_add"),
    path("saya/laporan/<int:pk>/ubah/", views.self_laporan_edit, name="self_laporan_edit"),
    path("saya/permintaan/<int:pk>/", views.self_request, name="self_request"),
    path("saya/permintaan/<int:pk>/batal/", views.self_request_withdraw, name="self_request_withdraw"),
]
