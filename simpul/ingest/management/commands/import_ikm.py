"""`manage.py import_ikm FILE`: the web import journey on the command line.

The layout and mapping are found the same way as on the web (or taken from a saved template),
the run is stored as an ImportJob (its report can be downloaded from the web page afterwards),
and with --json exactly one JSON object is written to stdout:

    {"rows": N, "created": N, "updated": N, "unchanged": N, "rejected": N,
     "errors": [{"row": N, "column": "C", "value": "...", "message": "..."}]}

Row numbers are those the spreadsheet shows; "column" is the spreadsheet column letter.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.ingest import runs
from simpul.ingest.fields import KINDS, mapping_to_json
from simpul.ingest.models import ImportJob, MappingTemplate
from simpul.ingest.pipeline import MappingError
from simpul.ingest.sheet import SheetError


class TerminalProgress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: Any) -> None:
        self.total = max(total, 1)
        self.stream = stream
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * min(done, self.total) / self.total)
        percent = int(100 * min(done, self.total) / self.total)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {percent:3d}% {done}/{self.total} baris"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Impor data IKM dari berkas XLSX, XLS, ODS atau CSV (sama seperti impor di web)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Berkas yang diimpor.")
        parser.add_argument("--sheet", help="Nama lembar (bawaan: lembar yang paling mirip data IKM).")
        parser.add_argument("--mapping", help="Nama templat pemetaan kolom yang disimpan di web.")
        parser.add_argument(
            "--kind", choices=KINDS, default=None, help="Jenis data: usaha, produk atau laporan."
        )
        parser.add_argument("--year", type=int, help="Tahun data untuk tenaga kerja, investasi dan produksi.")
        parser.add_argument(
            "--user", help="Nama pengguna yang dicatat sebagai pengimpor (dan wilayah tugasnya)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Uji coba: laporkan semua tanpa menyimpan."
        )
        parser.add_argument(
            "--json", action="store_true", help="Tulis satu objek JSON hasil impor ke stdout."
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="Baris per batch (bawaan 1000).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas '{path}' tidak ditemukan.")
        user = self._user(options.get("user"))
        template = self._template(options.get("mapping"))
        kind = options["kind"] or (template.kind if template else "usaha")
        try:
            run = self._prepare(path, kind, options, template, user)
            progress = TerminalProgress(run.rows_total or 0, sys.stderr)
            summary = runs.execute(run, progress=progress, user=user)
            progress.close()
        except (SheetError, runs.LayoutError, MappingError) as exc:
            raise CommandError(str(exc)) from exc
        result = {
            "rows": summary.rows,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
            "errors": summary.errors(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        what = "Uji coba" if options["dry_run"] else "Impor"
        self.stdout.write(
            f"{what} {path.name}: {summary.rows} baris — {summary.created} dibuat, {summary.updated} diperbarui, "
            f"{summary.unchanged} tidak berubah, {summary.rejected} ditolak, {summary.doubtful} perlu dicek."
        )
        for error in result["errors"][:50]:
            self.stdout.write(f"  baris {error['row']} kolom {error['column'] or '-'}: {error['message']}")
        if len(result["errors"]) > 50:
            self.stdout.write(
                f"  ... dan {len(result['errors']) - 50} galat lain (lihat laporan impor #{run.pk})."
            )

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna '{username}' tidak ditemukan.")
        return user

    def _template(self, name: str | None) -> MappingTemplate | None:
        if not name:
            return None
        template = MappingTemplate.objects.filter(name=name).first()
        if template is None:
            names = ", ".join(MappingTemplate.objects.values_list("name", flat=True)) or "belum ada"
            raise CommandError(f"Templat pemetaan '{name}' tidak ditemukan; templat yang ada: {names}.")
        return template

    def _prepare(
        self, path: Path, kind: str, options: dict[str, Any], template: MappingTemplate | None, user: Any
    ) -> ImportJob:
        """A run over a stored copy of the file, laid out and mapped as the web would do it."""
        with path.open("rb") as handle:
            run = runs.create_run(handle, path.name, kind, user, sheet=options.get("sheet"))
        if template is not None:
            run.mapping = mapping_to_json(runs.template_mapping(run, template))
        if options.get("year"):
            run.year = options["year"]
        run.kind = kind
        run.dry_run = options["dry_run"]
        run.batch_size = max(1, options["batch_size"])
        run.status = ImportJob.Status.QUEUED
        run.save()
        return run
