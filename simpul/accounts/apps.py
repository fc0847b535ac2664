from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "simpul.accounts"
    label = "accounts"
    verbose_name = _("Pengguna")

    def ready(self) -> None:
        from simpul.accounts import seed  # noqa: F401  registers the demo seeder
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import Role

        register(
            MenuItem(_("Pengguna"), "accounts:user_list", frozenset({Role.ADMIN}), order=90),
            MenuItem(_("Keamanan akun / 2FA"), "accounts:two_factor", frozenset({Role.ADMIN}), order=91),
        )
