from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "simpul.registry"
    label = "registry"
    verbose_name = _("Basis data IKM")

    def ready(self) -> None:
        import simpul.registry.seed_selfservice  # noqa: F401  registers the self-service demo seeder
        from simpul.core.navigation import MenuItem, register, set_home
        from simpul.core.roles import Role
        from simpul.registry import seed, signals  # noqa: F401  registers the seeder and signal handlers

        office = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
        register(
            MenuItem(_("Usaha IKM"), "registry:usaha_list", office, order=10),
            MenuItem(_("Pelaku"), "registry:pelaku_list", frozenset({Role.ADMIN, Role.PETUGAS}), order=11),
            MenuItem(_("Produk"), "registry:produk_list", office, order=12),
            MenuItem(
                _("Duplikat"), "registry:duplicate_list", frozenset({Role.ADMIN, Role.PETUGAS}), order=13
            ),
            MenuItem(
                _("Permintaan perubahan"),
                "registry:changerequest_list",
                frozenset({Role.ADMIN, Role.PETUGAS}),
                order=14,
            ),
            MenuItem(_("Usaha saya"), "registry:self_home", frozenset({Role.PELAKU}), order=5),
            MenuItem(_("Persetujuan data"), "registry:my_consent", frozenset({Role.PELAKU}), order=6),
            MenuItem(_("Data saya"), "registry:my_data", frozenset({Role.PELAKU}), order=7),
            MenuItem(
                _("Permintaan subjek data"),
                "registry:subject_list",
                frozenset({Role.ADMIN, Role.PETUGAS}),
                order=15,
            ),
        )
        set_home(Role.PELAKU, "registry:self_home")
