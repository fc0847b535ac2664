"""Demo accounts, one per role, shown on the console and the login page in demo mode."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from simpul.core.roles import Role

DEMO_PASSWORD = "simpul-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    name: str
    note: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("admin", Role.ADMIN, "Admin Dinas"),
    DemoAccount("petugas", Role.PETUGAS, "Petugas Lapangan", "seluruh wilayah"),
    DemoAccount("petugas.kec", Role.PETUGAS, "Petugas Kecamatan", "satu kecamatan"),
    DemoAccount("pimpinan", Role.PIMPINAN, "Kepala Dinas"),
    DemoAccount("asosiasi", Role.ASOSIASI, "Pengurus Asosiasi"),
    DemoAccount("mitra", Role.MITRA, "Mitra (Bank)"),
    DemoAccount("pelaku", Role.PELAKU, "Pelaku IKM"),
]


def demo_accounts() -> list[DemoAccount]:
    return DEMO_ACCOUNTS if settings.SIMPUL_DEMO else []


def create_demo_accounts(kecamatan_code: str | None = None) -> list[str]:
    """Create (or reset) the demo accounts; returns the usernames."""
    from simpul.accounts.models import User

    names = []
    for account in DEMO_ACCOUNTS:
        first, _, last = account.name.partition(" ")
        user, _created = User.objects.get_or_create(username=account.username)
        user.role = account.role
        user.first_name, user.last_name = first, last
        user.is_staff = account.role == Role.ADMIN
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        if account.username == "petugas.kec" and kecamatan_code:
            user.kecamatan.set([kecamatan_code])
        names.append(user.username)
    return names
