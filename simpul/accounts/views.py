from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy

from simpul.accounts import otp
from simpul.accounts.demo import DEMO_PASSWORD, demo_accounts
from simpul.accounts.filters import UserFilterSet
from simpul.accounts.forms import LoginForm, UserForm
from simpul.accounts.models import User
from simpul.accounts.tables import UserTable
from simpul.core.views import ObjectArchiveView, ObjectDetailView, ObjectEditView, ObjectListView


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = demo_accounts()
        context["demo_password"] = DEMO_PASSWORD
        return context

    def form_valid(self, form):
        user = form.get_user()
        if otp.is_enabled(user):
            # Right password, but no login yet: the code step (otp_views.login_code) finishes it.
            otp.begin_login(self.request, user, self.get_success_url())
            return HttpResponseRedirect(reverse("accounts:login_code"))
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:password_change_done")


class UserListView(ObjectListView):
    queryset = otp.with_two_factor(User.objects.all())
    table_class = UserTable
    filterset_class = UserFilterSet

    def get_table_kwargs(self):
        # Whether each account has two-factor login on (otp.py), beside the declared columns.
        return {"extra_columns": [("two_factor", otp.two_factor_column())]}

    def get_queryset(self):
        # Users are deactivated rather than archived; show everyone.
        return self.queryset.all().restrict(self.request.user, self.get_action())


class UserDetailView(ObjectDetailView):
    queryset = User.objects.prefetch_related("kecamatan")
    detail_fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "phone",
        "role",
        "organisation",
        "is_active",
        "last_login",
    ]


class UserEditView(ObjectEditView):
    queryset = User.objects.all()
    form_class = UserForm


class UserArchiveView(ObjectArchiveView):
    queryset = User.objects.all()
