"""Market test data: makers in two kecamatan with published and unpublished products.

Every owner carries a NIK and a private phone number that must never reach
a public page (`PLANTED`); the businesses publish their own WhatsApp numbers.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Usaha
from simpul.registry.models_consent import Purpose, set_consent

DESA_A = "35.23.01.2001"  # Kenduruan (the kecamatan of roles.petugas_kec)
DESA_B = "35.23.16.1003"  # Tuban
KEC_A, KEC_B = "35.23.01", "35.23.16"

#: Personal data planted in the registry; none of it may appear on a public page.
PLANTED_NIK = "3523015508850007"
PLANTED_PHONE = "+6281399990001"
PLANTED_PHONE_DIGITS = "81399990001"  # how the number reads in every format (0813…, 62813…, +62 813…)
PLANTED_FIGURE = "987654321"  # a yearly production value: an internal figure
PLANTED = (PLANTED_NIK, PLANTED_PHONE_DIGITS, PLANTED_FIGURE, "987.654.321")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The throttles and DRF's anonymous rate limit live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


class Market:
    """Makers and products with known names, prices, capacities and certificates."""

    def __init__(self, roles) -> None:
        self.roles = roles
        self.owner = Pelaku.objects.create(
            name="Siti Aminah", nik=PLANTED_NIK, gender="P", phone=PLANTED_PHONE, account=roles.pelaku
        )
        self.other_owner = Pelaku.objects.create(
            name="Bambang Wijaya",
            nik="3523161203800002",
            gender="L",
            phone="+6285200000002",
            account=roles.pelaku_other,
        )
        self.owner_no_account = Pelaku.objects.create(
            name="Pak Darto", nik="3523011507700003", phone="+6281355550003"
        )
        # Every owner here agreed to the catalog (before their businesses exist: no refresh is pending).
        for person in (self.owner, self.other_owner, self.owner_no_account):
            set_consent(person, Purpose.CATALOG, True, channel="uji")
        # Sari Rasa: the demo owner's business, food, halal and PIRT, in Kenduruan.
        self.sari = self.business(
            "UD Sari Rasa",
            DESA_A,
            "10",
            self.owner,
            whatsapp="+6281211110001",
            lat="-6.900000",
            lng="112.050000",
            npwp=PLANTED_NIK,
        )
        self.keripik = self.product(self.sari, "Keripik singkong balado", "kg", 30_000, 45_000, 2_000)
        self.tempe = self.product(self.sari, "Kripik tempe", "kg", 40_000, 60_000, 800)
        self.hidden = self.product(self.sari, "Resep rahasia", "kg", 1, 1, 1, in_catalog=False)
        self.certify(self.sari, "halal")
        self.certify(self.sari, "pirt")
        LaporanTahunan.objects.create(
            usaha=self.sari,
            year=2025,
            workforce_male=2,
            workforce_female=5,
            production_value=Decimal(PLANTED_FIGURE),
        )
        # Batik Gedog Lestari: textiles in Tuban, no certificates.
        self.lestari = self.business(
            "Batik Gedog Lestari",
            DESA_B,
            "13",
            self.other_owner,
            whatsapp="+6281211110002",
            phone="+62356321000",
            lat="-6.950000",
            lng="112.150000",
        )
        self.batik = self.product(self.lestari, "Batik tulis gedog", "lembar", 350_000, 900_000, 600)
        self.tenun = self.product(self.lestari, "Kain tenun ikat", "lembar", 250_000, 500_000, 300)
        # A potter with no WhatsApp; and a closed business whose product must not show.
        self.gerabah_maker = self.business("Gerabah Tanah Liat", DESA_B, "23", self.owner_no_account)
        self.gerabah = self.product(self.gerabah_maker, "Gerabah hias", "buah", 15_000, 80_000, 10_000)
        self.closed = self.business("Kerupuk Tutup", DESA_A, "10", self.owner_no_account, status="tutup")
        self.closed_product = self.product(self.closed, "Kerupuk udang", "kg", 50_000, 60_000, 1000)

    def business(
        self, name, desa, kbli, owner, *, whatsapp="", phone="", lat=None, lng=None, status="aktif", npwp=""
    ):
        usaha = Usaha.objects.create(
            name=name,
            desa_id=desa,
            kbli_id=kbli,
            whatsapp=whatsapp,
            phone=phone,
            status=status,
            npwp=npwp,
            latitude=Decimal(lat) if lat else None,
            longitude=Decimal(lng) if lng else None,
            address="Jl. Rahasia No. 7 RT 01/RW 02",
        )
        if owner is not None:
            Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
        return usaha

    def consenting_owner(self, usaha, name: str) -> Pelaku:
        """A new owner of `usaha` who agreed to the catalog."""
        person = Pelaku.objects.create(name=name)
        set_consent(person, Purpose.CATALOG, True, channel="uji")
        Kepemilikan.objects.create(usaha=usaha, pelaku=person)
        return person

    def product(self, usaha, name, unit, low, high, capacity, *, in_catalog=True):
        return Produk.objects.create(
            usaha=usaha,
            name=name,
            unit=unit,
            price_min=Decimal(low),
            price_max=Decimal(high),
            capacity_per_year=Decimal(capacity),
            in_catalog=in_catalog,
            kbli_id=usaha.kbli_id,
            description=f"{name} buatan {usaha.name}.",
        )

    def certify(self, usaha, kind, *, products=(), expired=False):
        today = timezone.localdate()
        legal = Legalitas.objects.create(
            usaha=usaha,
            kind=kind,
            number=f"{kind.upper()}-0001",
            issued_on=today - timedelta(days=400),
            expires_on=today - timedelta(days=1) if expired else today + timedelta(days=700),
        )
        if products:
            legal.products.set(products)
        return legal


@pytest.fixture
def market(roles) -> Market:
    return Market(roles)
