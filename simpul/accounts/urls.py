from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from simpul.accounts import otp_views, views
from simpul.core.routing import entity_urls

app_name = "accounts"

_reset = {"template_name": "accounts/form_page.html"}

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("masuk/kode/", otp_views.login_code, name="login_code"),
    path("2fa/", otp_views.two_factor, name="two_factor"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/message.html"),
        name="password_change_done",
    ),
    path(
        "lupa-sandi/",
        auth_views.PasswordResetView.as_view(
            **_reset,
            email_template_name="accounts/password_reset_email.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/message.html"),
        name="password_reset_done",
    ),
    path(
        "atur-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            **_reset, success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "atur-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/message.html"),
        name="password_reset_complete",
    ),
    *entity_urls(
        "pengguna",
        "accounts:user",
        list_view=views.UserListView,
        detail_view=views.UserDetailView,
        edit_view=views.UserEditView,
        archive_view=views.UserArchiveView,
    ),
]
