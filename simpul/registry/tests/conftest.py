"""Registry test data: two businesses in two kecamatan, each with its own owner account."""

from __future__ import annotations

from decimal import Decimal

import pytest

from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, Usaha

DESA_A = "35.23.01.2001"  # Kenduruan: the kecamatan of roles.petugas_kec
DESA_B = "35.23.16.1003"  # Tuban: the kecamatan of roles.petugas_other


class Registry:
    def __init__(self, roles) -> None:
        self.owner_a = Pelaku.objects.create(
            name="Siti Aminah",
            nik="3523014508900001",
            gender="P",
            phone="+6281234567001",
            account=roles.pelaku,
        )
        self.owner_b = Pelaku.objects.create(name="Bambang", gender="L", account=roles.pelaku_other)
        self.a = Usaha.objects.create(
            name="Keripik Sari Rasa", desa_id=DESA_A, kbli_id="10", nib="1234567890123"
        )
        self.b = Usaha.objects.create(name="Gerabah Tanah Liat", desa_id=DESA_B, kbli_id="23")
        Kepemilikan.objects.create(usaha=self.a, pelaku=self.owner_a)
        Kepemilikan.objects.create(usaha=self.b, pelaku=self.owner_b)
        self.product_a = Produk.objects.create(usaha=self.a, name="Keripik singkong balado", unit="kg")
        self.report_a = LaporanTahunan.objects.create(
            usaha=self.a,
            year=2025,
            workforce_male=2,
            workforce_female=3,
            investment_machines=Decimal(40_000_000),
            investment_other=Decimal(10_000_000),
            production_value=Decimal(150_000_000),
        )


@pytest.fixture
def registry(roles) -> Registry:
    return Registry(roles)
