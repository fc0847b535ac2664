from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "simpul.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import Role

        register(MenuItem(_("Log audit"), "core:audit_list", frozenset({Role.ADMIN}), order=95))
