"""Rebuild the public catalog's search tables from the registry (after a bulk import, or to repair them)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from simpul.market import catalog


class Command(BaseCommand):
    help = "Bangun ulang katalog publik dan indeks pencariannya dari basis data IKM."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.monotonic() - last[0] > 5 or done == total:
                last[0] = time.monotonic()
                self.stdout.write(f"  {done}/{total} produk")

        count = catalog.rebuild(progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Katalog dibangun ulang: {count} produk publik dalam {time.monotonic() - started:.1f} detik."
            )
        )
