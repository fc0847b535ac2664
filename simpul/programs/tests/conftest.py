"""A small world for the programs tests: four businesses, two partners, two associations, cases, a program.

* A — "Keripik Sari Rasa", Kenduruan (35.23.01), KBLI 10, owned by Siti (P, account roles.pelaku),
  NIB 1234567890123, latest report 2025: 2 men, 3 women. Member of "Asosiasi IKM Uji" (pengurus roles.asosiasi).
* B — "Gerabah Tanah Liat", Tuban (35.23.16), KBLI 23, owned by Bambang (L).
* C — "Tempe Murni", Kenduruan, KBLI 10, owned by Joko (L); member of the *other* association.
* D — "Tahu Lama", Kenduruan, KBLI 10, closed (tutup).

Partners: a bank (roles.mitra answers for it) and PLN. Cases: A's capital problem routed to the
bank, B's power problem routed to PLN, C's marketing problem not routed yet.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from simpul.programs.models import (
    AnggotaAsosiasi,
    Asosiasi,
    Kegiatan,
    Kendala,
    Mitra,
    MitraUser,
    PengurusAsosiasi,
    Program,
)
from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Usaha

DESA_A = "35.23.01.2001"  # Jlodro, Kenduruan: the kecamatan of roles.petugas_kec
DESA_A2 = "35.23.01.2002"  # Sokogunung, Kenduruan
DESA_B = "35.23.16.1003"  # Tuban: the kecamatan of roles.petugas_other
NIK_A = "3523014508900001"


class World:
    def __init__(self, roles) -> None:
        self.roles = roles
        self.owner_a = Pelaku.objects.create(name="Siti Aminah", nik=NIK_A, gender="P", account=roles.pelaku)
        self.owner_b = Pelaku.objects.create(name="Bambang", gender="L", account=roles.pelaku_other)
        self.owner_c = Pelaku.objects.create(name="Joko", gender="L")
        self.a = Usaha.objects.create(
            name="Keripik Sari Rasa", desa_id=DESA_A, kbli_id="10", nib="1234567890123"
        )
        self.b = Usaha.objects.create(name="Gerabah Tanah Liat", desa_id=DESA_B, kbli_id="23")
        self.c = Usaha.objects.create(name="Tempe Murni", desa_id=DESA_A2, kbli_id="10")
        self.d = Usaha.objects.create(
            name="Tahu Lama", desa_id=DESA_A, kbli_id="10", status=Usaha.Status.TUTUP
        )
        for usaha, owner in ((self.a, self.owner_a), (self.b, self.owner_b), (self.c, self.owner_c)):
            Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
        LaporanTahunan.objects.create(usaha=self.a, year=2024, workforce_male=9, workforce_female=9)
        LaporanTahunan.objects.create(usaha=self.a, year=2025, workforce_male=2, workforce_female=3)
        LaporanTahunan.objects.create(usaha=self.c, year=2025, workforce_male=1, workforce_female=0)

        self.bank = Mitra.objects.create(name="Bank Uji", kind=Mitra.Kind.BANK)
        self.pln = Mitra.objects.create(name="PLN Uji", kind=Mitra.Kind.PLN)
        MitraUser.objects.create(mitra=self.bank, user=roles.mitra)

        self.asosiasi = Asosiasi.objects.create(name="Asosiasi IKM Uji")
        self.other_asosiasi = Asosiasi.objects.create(name="Kelompok WUB Lain", kind=Asosiasi.Kind.WUB)
        PengurusAsosiasi.objects.create(asosiasi=self.asosiasi, user=roles.asosiasi, position="Ketua")
        AnggotaAsosiasi.objects.create(asosiasi=self.asosiasi, usaha=self.a)
        AnggotaAsosiasi.objects.create(asosiasi=self.other_asosiasi, usaha=self.c)

        self.case_a = Kendala.objects.create(
            usaha=self.a, kind=Kendala.Kind.PERMODALAN, description="Butuh modal kerja.", mitra=self.bank
        )
        self.case_b = Kendala.objects.create(
            usaha=self.b, kind=Kendala.Kind.LISTRIK, description="Daya listrik kurang.", mitra=self.pln
        )
        self.case_c = Kendala.objects.create(
            usaha=self.c, kind=Kendala.Kind.PEMASARAN, description="Penjualan turun."
        )

        self.halal = Program.objects.create(
            name="Fasilitasi Halal",
            kind=Program.Kind.SERTIFIKASI,
            certificate_kind="halal",
            year=2025,
            budget=Decimal(10_000_000),
            quota=10,
            status=Program.Status.BERJALAN,
            no_repeat_years=3,
        )
        self.halal.eligible_kbli.set(["10"])
        self.halal_day = Kegiatan.objects.create(program=self.halal, name="Pendampingan halal angkatan 1")


@pytest.fixture
def world(roles) -> World:
    return World(roles)


def make_program(
    kind: str = Program.Kind.SERTIFIKASI, year: int = 2023, **fields
) -> tuple[Program, Kegiatan]:
    """Another program with one activity (certification programs default to halal)."""
    if kind == Program.Kind.SERTIFIKASI:
        fields.setdefault("certificate_kind", "halal")
    fields.setdefault("name", f"Program {kind} {year}")
    program = Program.objects.create(kind=kind, year=year, **fields)
    return program, Kegiatan.objects.create(program=program, name=f"Kegiatan {program.name}")
