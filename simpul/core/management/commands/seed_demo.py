"""Generate a believable demo region, reproducible from a seed.

Small demos: `--ikm 2000 --region 35.23`. Data at scale: `--size kabupaten`
(50,000 businesses in the home kabupaten), `--size provinsi` (1,000,000 over
the home province, Jawa Timur unless SIMPUL_HOME_REGION says otherwise) or
`--size nasional` (4,400,000 over all 514 kabupaten/kota). Businesses are
streamed in batches, so memory does not grow with the size; on PostgreSQL
they are loaded with COPY.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from simpul.core.demo import NATIONAL, SIZES, DemoContext, apps, default_region, run_seeders

SMALL_DEFAULT = 2000


class Command(BaseCommand):
    help = (
        "Buat data demo (akun per peran, IKM, produk, laporan tahunan, program, sentra, katalog). "
        "Demo kecil: --ikm 2000 --region 35.23. Data skala besar: --size kabupaten (50.000 usaha di "
        "kabupaten asal), --size provinsi (1.000.000 usaha di provinsi asal, bawaan 35 Jawa Timur) atau "
        "--size nasional (4.400.000 usaha di seluruh 514 kabupaten/kota). Seluruh Indonesia: --region "
        '"" atau --region nasional. Data dibuat dan ditulis per kelompok, jadi memori tidak ikut membesar; '
        "di PostgreSQL dimuat dengan COPY."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            help="Ukuran siap pakai: kabupaten (50.000), provinsi (1.000.000) atau nasional (4.400.000)",
        )
        parser.add_argument(
            "--region",
            default=None,
            help=f'Kode wilayah, mis. 35.23; "" atau "{NATIONAL}" untuk seluruh Indonesia '
            f"(bawaan: {settings.SIMPUL_HOME_REGION}, atau menurut --size)",
        )
        parser.add_argument(
            "--ikm",
            type=int,
            default=None,
            help=f"Jumlah usaha IKM (bawaan {SMALL_DEFAULT}, atau menurut --size)",
        )
        parser.add_argument("--seed", type=int, default=1, help="Benih acak; sama benih, sama data")
        parser.add_argument("--batch", type=int, default=5000, help="Usaha per kelompok tulis (bawaan 5000)")
        parser.add_argument(
            "--skip",
            default="",
            help="Lewati data demo aplikasi ini, dipisah koma (mis. market: tanpa membangun ulang katalog publik)",
        )
        parser.add_argument("--if-empty", action="store_true", help="Lewati bila data demo sudah ada")
        parser.add_argument(
            "--stats", default="", help="Tulis waktu per tahap dan baris per tabel ke berkas JSON ini"
        )

    def handle(self, *args, size, region, ikm, seed, batch, skip, if_empty, stats, **options) -> None:
        region, ikm = self._resolve(size, region, ikm)
        if batch < 1:
            raise CommandError("--batch harus paling sedikit 1.")
        skipped = frozenset(app.strip() for app in skip.split(",") if app.strip())
        if unknown := skipped - set(apps()):
            raise CommandError(
                f"--skip: aplikasi tidak dikenal {', '.join(sorted(unknown))}; pilihan: {', '.join(apps())}"
            )
        from simpul.accounts.models import User

        if if_empty and User.objects.filter(username="admin").exists():
            self.stdout.write("Data demo sudah ada; dilewati.")
            return
        context = DemoContext(
            region=region, ikm=ikm, seed=seed, log=self.stdout.write, batch=batch, skip=skipped
        )
        started = time.monotonic()
        run_seeders(context)
        self._vacuum(context)
        if stats:
            self._write_stats(Path(stats), context, time.monotonic() - started)
        self.stdout.write(self.style.SUCCESS("Data demo siap."))

    def _vacuum(self, context: DemoContext) -> None:
        """After a large load on PostgreSQL: fresh planner statistics and visibility map.

        Without them the first queries (often a bench's) plan on empty-table
        estimates and cannot use index-only scans. Skipped inside a
        transaction (tests), where VACUUM is not allowed.
        """
        if connection.vendor != "postgresql" or connection.in_atomic_block or context.ikm < 50_000:
            return
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        context.shared.setdefault("seconds", {})["vacuum"] = round(time.monotonic() - started, 2)

    def _resolve(self, size: str | None, region: str | None, ikm: int | None) -> tuple[str, int]:
        """The region and number of businesses from --size, --region and --ikm (explicit values win)."""
        from simpul.regions.models import Region

        if region is None:
            region = (
                default_region(size, settings.SIMPUL_HOME_REGION) if size else settings.SIMPUL_HOME_REGION
            )
        if region == NATIONAL:
            region = ""
        if ikm is None:
            ikm = SIZES[size][0] if size else SMALL_DEFAULT
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"Wilayah {region} belum dimuat. Jalankan dulu: python manage.py load_regions")
        if not region and not Region.objects.exists():
            raise CommandError("Wilayah belum dimuat. Jalankan dulu: python manage.py load_regions")
        if ikm < 0:
            raise CommandError("--ikm tidak boleh negatif.")
        return region, ikm

    def _write_stats(self, path: Path, context: DemoContext, seconds: float) -> None:
        """Timings for the bench (bench/seed.py): per seeder, per table written, and this process's peak memory."""
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        payload = {
            "region": context.region or NATIONAL,
            "businesses": context.ikm,
            "batch": context.batch,
            "batches": context.shared.get("batches", 0),
            "seconds": round(seconds, 2),
            "seeders": context.shared.get("seconds", {}),
            "skipped": sorted(context.skip),
            "generate_seconds": context.shared.get("generate_seconds", 0),
            "tables": {
                table: {"rows": entry["rows"], "seconds": round(entry["seconds"], 2)}
                for table, entry in context.shared.get("tables", {}).items()
            },
            "peak_rss_mb": round(peak_kb / 1024, 1),
        }
        path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
