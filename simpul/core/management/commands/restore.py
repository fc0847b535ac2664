from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from simpul.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Pulihkan berkas cadangan ke basis data kosong yang sudah dimigrasi (jalankan migrate dulu)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            manifest = restore_backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Cadangan {manifest['created']} dipulihkan."))
