"""Apply the retention rules of docs/security.md: anonymise long-archived persons, drop old audit entries.

Meant to run daily from cron or a systemd timer. The period is
settings.SIMPUL_RETENTION_YEARS (environment SIMPUL_RETENTION_YEARS, 5 by
default). This command is the single sanctioned path by which audit
entries are deleted: `AuditEntry.delete()` refuses, and the command deletes
through the queryset (see subject.expired_audit).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from simpul.core import retention
from simpul.registry import subject


class Command(BaseCommand):
    help = (
        "Terapkan masa simpan: anonimkan pelaku yang seluruh usahanya sudah diarsipkan lebih lama dari "
        "SIMPUL_RETENTION_YEARS tahun, hapus catatan audit yang lebih tua dari masa itu, serta bersihkan "
        "berkas impor lama dan kontak pembeli lama menurut masa simpannya masing-masing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Tampilkan apa yang akan dilakukan tanpa mengubah apa pun."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        result = subject.apply_retention(dry_run=dry_run)
        # The other apps' rules (imported files, buyers' contacts), each with its own period.
        others = retention.run_rules(timezone.now(), dry_run=dry_run)
        cutoff = timezone.localtime(result.cutoff).strftime("%d-%m-%Y %H:%M")
        years = settings.SIMPUL_RETENTION_YEARS
        self.stdout.write(f"Masa simpan {years} tahun: batas {cutoff}.")
        if dry_run:
            self.stdout.write(f"Akan dianonimkan: {len(result.persons)} pelaku.")
            self.stdout.write(f"Akan dihapus: {result.audit_deleted} catatan audit.")
            for rule, count in others:
                self.stdout.write(f"Akan dibersihkan: {count} — {rule.label}.")
            if result.persons:
                # Record numbers only: names stay out of consoles and cron mail.
                self.stdout.write("Nomor pelaku: " + ", ".join(str(pk) for pk in result.persons))
            self.stdout.write(self.style.WARNING("Uji coba (--dry-run): tidak ada yang diubah."))
            return
        for rule, count in others:
            self.stdout.write(f"Dibersihkan: {count} — {rule.label}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {len(result.persons)} pelaku dianonimkan, "
                f"{result.audit_deleted} catatan audit dihapus."
            )
        )
