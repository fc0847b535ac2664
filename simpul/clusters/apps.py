from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "simpul.clusters"
    label = "clusters"
    verbose_name = _("Sentra, kawasan dan OVOP")

    def ready(self) -> None:
        from simpul.clusters import seed  # noqa: F401  registers the demo seeder
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import OFFICE_ROLES
        from simpul.registry import panels

        panels.register(
            panels.Panel("clusters", _("Sentra dan OVOP"), "clusters/usaha_panel.html", place="panel")
        )

        register(
            MenuItem(_("Sentra"), "clusters:sentra_list", OFFICE_ROLES, order=30),
            MenuItem(_("Kawasan"), "clusters:kawasan_list", OFFICE_ROLES, order=31),
            MenuItem(_("OVOP"), "clusters:ovop_list", OFFICE_ROLES, order=32),
            MenuItem(_("Peta"), "clusters:map", OFFICE_ROLES, order=33),
        )
