"""Rebuild the dashboard's summary tables now (for cron, e.g. nightly)."""

from django.core.management.base import BaseCommand

from simpul.analytics import cube


class Command(BaseCommand):
    help = "Bangun ulang tabel ringkasan dasbor dari data registri (untuk cron, mis. tiap malam)."

    def handle(self, *args, **options) -> None:
        seconds = cube.refresh()
        parts = ", ".join(f"{name} {value:.2f} s" for name, value in seconds.items() if name != "total")
        self.stdout.write(f"Ringkasan dasbor diperbarui dalam {seconds['total']:.2f} detik ({parts}).")
