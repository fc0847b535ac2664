from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "simpul.analytics"
    label = "analytics"
    verbose_name = _("Analisis dan dasbor")

    def ready(self) -> None:
        # Imported for their side effects: job handlers, the demo seeder, the refresh after imports.
        from simpul.analytics import cube, reports, seed, signals  # noqa: F401
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import OFFICE_ROLES

        register(
            MenuItem(_("Dasbor"), "analytics:dashboard", OFFICE_ROLES, order=5),
            MenuItem(_("Analisis"), "analytics:home", OFFICE_ROLES, order=40),
        )
