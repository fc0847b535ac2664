from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import User
from simpul.regions.models import Region


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa lagi, huruf besar dan kecil dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin dinas."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Kata sandi")


class UserForm(forms.ModelForm):
    kecamatan = forms.ModelMultipleChoiceField(
        queryset=Region.objects.none(),
        required=False,
        label=_("Kecamatan tugas"),
        help_text=_("Hanya untuk petugas; kosongkan bila melayani seluruh wilayah."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "organisation",
            "kecamatan",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = Region.objects.within(settings.SIMPUL_HOME_REGION).kecamatan()

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if user.pk is None:
            # New accounts set their password through the reset link.
            user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user
