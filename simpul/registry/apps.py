from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "simpul.registry"
    label = "registry"
    verbose_name = _("Basis data IKM")

    def ready(self) -> None:
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import Role
        from simpul.registry import seed, signals  # noqa: F401  registers the seeder and signal handlers

        office = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
        register(
            MenuItem(_("Usaha IKM"), "registry:usaha_list", office, order=10),
            MenuItem(_("Pelaku"), "registry:pelaku_list", frozenset({Role.ADMIN, Role.PETUGAS}), order=11),
            MenuItem(_("Produk"), "registry:produk_list", office, order=12),
        )
