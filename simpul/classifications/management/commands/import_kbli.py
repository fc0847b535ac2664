from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from simpul.classifications.loader import KbliFileError, import_kbli


class Command(BaseCommand):
    help = "Muat tabel KBLI 2020 resmi (CSV atau XLSX berisi kolom kode dan judul)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.exists():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        try:
            count = import_kbli(file)
        except KbliFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{count} kode KBLI industri pengolahan dimuat."))
