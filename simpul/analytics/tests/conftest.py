"""Known registry data for the analytics tests, small enough to add up by hand.

Two kecamatan (Kenduruan 35.23.01, Tuban 35.23.16), KBLI 10 (food) and 23
(non-metallic minerals), two years of reports:

| business | kecamatan | KBLI | 2024: L/P, production | 2025: L/P, production, export |
|---|---|---|---|---|
| a1 | 35.23.01 | 10 | 2/3, 100 jt | 3/3, 150 jt, export 20 jt |
| a2 | 35.23.01 | 23 | —           | 1/1, 50 jt |
| b1 | 35.23.16 | 10 | 4/0, 200 jt | 5/1, 300 jt (local 100 jt, other kab 200 jt) |
| b2 | 35.23.16 | 23 | —           | — |
| gone | 35.23.16 | 10 | archived: never counted |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from simpul.registry.models import LaporanTahunan, Legalitas, Usaha

DESA_A = "35.23.01.2001"
DESA_B = "35.23.16.1003"
KEC_A = "35.23.01"
KEC_B = "35.23.16"
JT = Decimal(1_000_000)


def business(name: str, desa: str, kbli: str, lat: str | None = None, lng: str | None = None) -> Usaha:
    return Usaha.objects.create(
        name=name,
        desa_id=desa,
        kbli_id=kbli,
        latitude=Decimal(lat) if lat else None,
        longitude=Decimal(lng) if lng else None,
    )


def report(
    usaha: Usaha, year: int, male: int, female: int, production_jt: int, **money_jt: int
) -> LaporanTahunan:
    return LaporanTahunan.objects.create(
        usaha=usaha,
        year=year,
        workforce_male=male,
        workforce_female=female,
        production_value=production_jt * JT,
        **{k: v * JT for k, v in money_jt.items()},
    )


@dataclass
class Known:
    a1: Usaha
    a2: Usaha
    b1: Usaha
    b2: Usaha
    gone: Usaha


def make_known() -> Known:
    a1 = business("Keripik Sari", DESA_A, "10", "-6.950000", "112.010000")
    a2 = business("Genteng Jaya", DESA_A, "23", "-6.951000", "112.012000")
    b1 = business("Kerupuk Bahari", DESA_B, "10", "-6.890000", "112.060000")
    b2 = business("Bata Merah", DESA_B, "23")
    gone = business("Tutup Lama", DESA_B, "10")
    report(a1, 2024, 2, 3, 100, investment_machines=40, investment_other=10)
    report(a1, 2025, 3, 3, 150, sales_export=20)
    report(a2, 2025, 1, 1, 50)
    report(b1, 2024, 4, 0, 200)
    report(b1, 2025, 5, 1, 300, sales_local=100, sales_other_kabupaten=200)
    report(gone, 2025, 50, 50, 9999)
    Legalitas.objects.create(usaha=a1, kind=Legalitas.Kind.PIRT, number="P-1")
    Legalitas.objects.create(usaha=a1, kind=Legalitas.Kind.HALAL, number="H-1", expires_on=date(2020, 1, 1))
    Legalitas.objects.create(usaha=b1, kind=Legalitas.Kind.HALAL, number="H-2")
    gone.archive()
    # Fixed completeness so averages are known (signals recompute it on every save above).
    for usaha, score in ((a1, 80), (a2, 60), (b1, 40), (b2, 20)):
        Usaha.objects.filter(pk=usaha.pk).update(completeness=score)
    return Known(a1, a2, b1, b2, gone)


@pytest.fixture
def known(db) -> Known:
    return make_known()
