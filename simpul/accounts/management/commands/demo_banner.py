from django.conf import settings
from django.core.management.base import BaseCommand

from simpul.accounts.demo import DEMO_PASSWORD, demo_accounts


class Command(BaseCommand):
    help = "Tampilkan alamat situs dan akun demo (hanya dalam mode demo)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(self.style.SUCCESS("Simpul IKM berjalan di http://127.0.0.1:8000/"))
        accounts = demo_accounts()
        if not accounts:
            return
        self.stdout.write(f"Akun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for account in accounts:
            note = f" ({account.note})" if account.note else ""
            self.stdout.write(f"  {account.username:<12} {account.name}{note}")
        self.stdout.write(f"Wilayah demo: {settings.SIMPUL_HOME_REGION}")
