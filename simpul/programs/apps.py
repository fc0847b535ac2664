from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "simpul.programs"
    label = "programs"
    verbose_name = _("Program, kendala dan mitra")

    def ready(self) -> None:
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import OFFICE_ROLES, Role
        from simpul.programs import imports, seed  # noqa: F401  registers the job handler and the seeder
        from simpul.registry import panels

        panels.register(panels.Panel("program", _("Program & kendala"), "programs/usaha_tab.html", order=10))
        editors = frozenset({Role.ADMIN, Role.PETUGAS})
        register(
            MenuItem(_("Program"), "programs:program_list", OFFICE_ROLES | {Role.ASOSIASI}, order=40),
            MenuItem(_("Jangkauan"), "programs:reach", OFFICE_ROLES, order=41),
            MenuItem(
                _("Kendala"), "programs:kendala_list", OFFICE_ROLES | {Role.MITRA, Role.PELAKU}, order=42
            ),
            MenuItem(_("Mitra"), "programs:mitra_list", editors | {Role.PIMPINAN}, order=43),
            MenuItem(_("Asosiasi"), "programs:asosiasi_list", OFFICE_ROLES, order=44),
            MenuItem(_("Anggota"), "programs:member_list", frozenset({Role.ASOSIASI}), order=39),
        )
