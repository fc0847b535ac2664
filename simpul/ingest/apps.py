from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "simpul.ingest"
    label = "ingest"
    verbose_name = _("Impor data")

    def ready(self) -> None:
        from simpul.core import retention
        from simpul.core.export import register_layout
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import Role
        from simpul.ingest import jobs  # noqa: F401  registers the "impor_ikm" job handler
        from simpul.ingest.export import usaha_export_columns
        from simpul.ingest.retention import clear_import_files

        retention.register(
            "ingest.files",
            _("berkas impor yang selesai lebih dari SIMPUL_IMPORT_FILE_DAYS hari"),
            clear_import_files,
        )
        # The business list exports in the layout this importer reads back unchanged.
        register_layout("registry.Usaha", usaha_export_columns)

        register(MenuItem(_("Impor data"), "ingest:upload", frozenset({Role.ADMIN, Role.PETUGAS}), order=40))
