"""Test data of sentra, kawasan and OVOP with known figures.

Kenduruan (35.23.01, the kecamatan of roles.petugas_kec): six food businesses
in desa Jlodro (35.23.01.2001), the first owned by roles.pelaku; sentra A
gathers five of them and kawasan A covers Jlodro and Sokogunung.
Tuban (35.23.16, the kecamatan of roles.petugas_other): one business, owned
by roles.pelaku_other, in sentra B and kawasan B.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from simpul.clusters.models import Kawasan, Keanggotaan, OvopAspect, OvopAssessment, Sentra
from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Usaha

DESA_A = "35.23.01.2001"  # Jlodro, Kenduruan
DESA_A2 = "35.23.01.2002"  # Sokogunung, Kenduruan
DESA_B = "35.23.16.1003"  # Tuban


class Clusters:
    def __init__(self, roles) -> None:
        OvopAspect.ensure_defaults()
        self.owner_a = Pelaku.objects.create(
            name="Siti Aminah",
            nik="3523014508900001",
            gender="P",
            phone="+6281234567001",
            account=roles.pelaku,
        )
        self.owner_b = Pelaku.objects.create(name="Bambang Sutejo", gender="L", account=roles.pelaku_other)
        self.a = [
            Usaha.objects.create(
                name=f"Tahu Jlodro {n}", desa_id=DESA_A, kbli_id="10", whatsapp="+6281299990001"
            )
            for n in range(1, 7)
        ]
        self.b = Usaha.objects.create(name="Gerabah Tanah Liat", desa_id=DESA_B, kbli_id="23")
        Kepemilikan.objects.create(usaha=self.a[0], pelaku=self.owner_a)
        Kepemilikan.objects.create(usaha=self.b, pelaku=self.owner_b)
        self.product_a = Produk.objects.create(usaha=self.a[0], name="Tahu putih", unit="buah")
        self.product_b = Produk.objects.create(usaha=self.b, name="Gentong", unit="buah")
        self.sentra_a = Sentra.objects.create(name="Sentra Tahu Jlodro", desa_id=DESA_A, kbli_id="10")
        Keanggotaan.objects.bulk_create(Keanggotaan(sentra=self.sentra_a, usaha=u) for u in self.a[:5])
        self.sentra_b = Sentra.objects.create(name="Sentra Gerabah Tuban", desa_id=DESA_B, kbli_id="23")
        Keanggotaan.objects.create(sentra=self.sentra_b, usaha=self.b)
        self.kawasan_a = Kawasan.objects.create(name="Kawasan Pangan Kenduruan", theme="pangan")
        self.kawasan_a.desa.set([DESA_A, DESA_A2])
        self.kawasan_a.sentra.set([self.sentra_a])
        self.kawasan_b = Kawasan.objects.create(name="Kawasan Gerabah Tuban", theme="gerabah")
        self.kawasan_b.desa.set([DESA_B])
        self.ovop_a = _assessment(self.a[0], self.product_a, 2025)
        self.ovop_b = _assessment(self.b, self.product_b, 2025)


def _assessment(usaha: Usaha, produk: Produk, year: int) -> OvopAssessment:
    return OvopAssessment.objects.create(
        usaha=usaha, produk=produk, year=year, rater_level="kabkota", rater_name="Tim", rater_agency="Dinas"
    )


def report(usaha: Usaha, year: int, male: int, female: int, value: int) -> LaporanTahunan:
    return LaporanTahunan.objects.create(
        usaha=usaha, year=year, workforce_male=male, workforce_female=female, production_value=Decimal(value)
    )


def certificate(usaha: Usaha, kind: str, expired: bool = False) -> Legalitas:
    today = timezone.localdate()
    return Legalitas.objects.create(
        usaha=usaha,
        kind=kind,
        number=f"{kind}-{usaha.pk}",
        expires_on=today - timedelta(days=1) if expired else None,
    )


@pytest.fixture
def clusters(roles) -> Clusters:
    return Clusters(roles)
