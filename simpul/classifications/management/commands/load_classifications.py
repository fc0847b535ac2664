from django.core.management.base import BaseCommand

from simpul.classifications.loader import load_shipped


class Command(BaseCommand):
    help = "Muat KBLI 2020 Kategori C (golongan pokok 10–33) dan kelompok komoditas bawaan."

    def handle(self, *args, **options) -> None:
        count = load_shipped()
        self.stdout.write(self.style.SUCCESS(f"{count} kode KBLI bawaan dimuat."))
