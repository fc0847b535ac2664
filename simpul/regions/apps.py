from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "simpul.regions"
    label = "regions"
    verbose_name = _("Wilayah")

    def ready(self) -> None:
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import Role

        register(
            MenuItem(
                _("Wilayah"),
                "regions:region_list",
                frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN}),
                order=80,
            )
        )
