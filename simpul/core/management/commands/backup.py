from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from simpul.core.backup import create_backup


class Command(BaseCommand):
    help = "Buat satu berkas cadangan (.zip) berisi seluruh basis data dan berkas unggahan."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", nargs="?", type=Path, help="Berkas tujuan (bawaan: var/backups/simpul-TANGGAL.zip)"
        )

    def handle(self, *args, file: Path | None = None, **options) -> None:
        target = file or Path(settings.VAR_DIR) / "backups" / f"simpul-{datetime.now():%Y%m%d-%H%M%S}.zip"
        manifest = create_backup(target)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan tersimpan di {target}: {rows} baris, {manifest['media_files']} berkas unggahan."
            )
        )
