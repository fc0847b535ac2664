from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationsConfig(AppConfig):
    name = "simpul.classifications"
    label = "classifications"
    verbose_name = _("Klasifikasi")

    def ready(self) -> None:
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import Role

        office = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
        register(
            MenuItem(_("KBLI"), "classifications:kbli_list", office, order=81),
            MenuItem(_("Kelompok komoditas"), "classifications:group_list", office, order=82),
        )
