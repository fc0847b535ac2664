"""Generate a believable demo region, reproducible from a seed."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from simpul.core.demo import DemoContext, run_seeders


class Command(BaseCommand):
    help = "Buat data demo untuk satu wilayah (akun per peran, IKM, produk, laporan tahunan)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--region", default=settings.SIMPUL_HOME_REGION, help="Kode wilayah, mis. 35.23")
        parser.add_argument("--ikm", type=int, default=2000, help="Jumlah usaha IKM")
        parser.add_argument("--seed", type=int, default=1, help="Benih acak; sama benih, sama data")
        parser.add_argument("--if-empty", action="store_true", help="Lewati bila data demo sudah ada")

    def handle(self, *args, region: str, ikm: int, seed: int, if_empty: bool, **options) -> None:
        from simpul.regions.models import Region

        if not Region.objects.filter(code=region).exists():
            raise CommandError(f"Wilayah {region} belum dimuat. Jalankan dulu: python manage.py load_regions")
        if ikm < 0:
            raise CommandError("--ikm tidak boleh negatif.")
        from simpul.accounts.models import User

        if if_empty and User.objects.filter(username="admin").exists():
            self.stdout.write("Data demo sudah ada; dilewati.")
            return
        context = DemoContext(region=region, ikm=ikm, seed=seed, log=self.stdout.write)
        run_seeders(context)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
