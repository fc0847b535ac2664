"""Demo data for the registry: businesses, owners, products with photos, yearly figures, certificates.

Everything comes from one seeded random generator, so `seed_demo --seed 1`
always yields the same region. Rows are bulk-inserted; derived fields
(scale, completeness) are computed in bulk afterwards.
"""

from __future__ import annotations

import io
import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from simpul.classifications.models import Kbli
from simpul.core.demo import DemoContext, seeder
from simpul.regions.models import Region
from simpul.registry import completeness
from simpul.registry.models import Gender, Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Unit, Usaha
from simpul.registry.models_consent import ConsentRecord, Purpose

# (KBLI division, weight, products with their unit and price range in Rupiah)
CATALOGUE = [
    (
        "10",
        38,
        [
            ("Keripik singkong", "kg", 25_000, 45_000),
            ("Kerupuk ikan", "kg", 40_000, 70_000),
            ("Tempe", "buah", 3_000, 6_000),
            ("Tahu", "buah", 1_000, 2_500),
            ("Roti manis", "buah", 2_000, 5_000),
            ("Kue kering", "kg", 60_000, 120_000),
            ("Abon ikan", "kg", 120_000, 180_000),
            ("Terasi", "kg", 50_000, 90_000),
            ("Sambal kemasan", "botol", 15_000, 30_000),
        ],
    ),
    (
        "11",
        6,
        [
            ("Minuman jahe instan", "bungkus", 10_000, 25_000),
            ("Legen kemasan", "botol", 5_000, 10_000),
            ("Sirup siwalan", "botol", 15_000, 30_000),
        ],
    ),
    ("13", 8, [("Batik gedog", "lembar", 150_000, 900_000), ("Kain tenun", "lembar", 200_000, 750_000)]),
    ("14", 8, [("Kaos sablon", "buah", 35_000, 75_000), ("Seragam sekolah", "set", 90_000, 180_000)]),
    ("15", 4, [("Tas kulit", "buah", 150_000, 450_000), ("Sandal kulit", "pasang", 60_000, 150_000)]),
    ("16", 8, [("Anyaman bambu", "buah", 20_000, 150_000), ("Kerajinan kayu jati", "buah", 50_000, 500_000)]),
    (
        "23",
        10,
        [
            ("Gerabah", "buah", 10_000, 80_000),
            ("Batu bata merah", "buah", 600, 900),
            ("Genteng", "buah", 1_500, 3_000),
            ("Batu kapur olahan", "ton", 250_000, 400_000),
        ],
    ),
    (
        "25",
        6,
        [
            ("Alat pertanian pandai besi", "buah", 50_000, 200_000),
            ("Teralis besi", "meter", 250_000, 450_000),
        ],
    ),
    ("31", 7, [("Kursi jati", "buah", 400_000, 2_500_000), ("Lemari kayu", "buah", 1_500_000, 6_000_000)]),
    ("32", 5, [("Kerajinan kerang", "buah", 15_000, 100_000), ("Sapu ijuk", "buah", 15_000, 30_000)]),
]
NAME_PREFIX = ["", "UD ", "UD ", "CV ", "", "Home Industri ", "", "Kelompok "]
NAME_WORDS = [
    "Sumber Rejeki",
    "Maju Jaya",
    "Barokah",
    "Sri Rejeki",
    "Lancar",
    "Makmur",
    "Berkah",
    "Sejahtera",
    "Karya Mandiri",
    "Putra",
    "Cahaya",
    "Mekar Sari",
    "Sentosa",
    "Tunas",
    "Mulia",
    "Harapan",
]
OPERATORS = ["812", "813", "821", "852", "857", "878", "896", "838"]
PHOTO_COLOURS = {
    "10": "#c8781e",
    "11": "#3c8dbc",
    "13": "#8e44ad",
    "14": "#2c3e50",
    "15": "#7b4b2a",
    "16": "#9a7d0a",
    "23": "#b03a2e",
    "25": "#566573",
    "31": "#6e2c00",
    "32": "#138d75",
}


def _phone(context: DemoContext) -> str:
    return "+62" + context.rng.choice(OPERATORS) + "".join(str(context.rng.randint(0, 9)) for _ in range(8))


def _nik(context: DemoContext, kecamatan: str, gender: str, birth: date, serial: int) -> str:
    day = birth.day + (40 if gender == Gender.P else 0)
    return f"{kecamatan.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10000:04d}"


def _photo(division: str, label: str) -> str:
    """A generated product picture, one per product kind, reused by every product of that kind."""
    path = f"demo/produk/{division}-{zlib.crc32(label.encode()):08x}.png"
    if default_storage.exists(path):
        return path
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), PHOTO_COLOURS.get(division, "#0b5563"))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 460, 300], outline="white", width=4)
    draw.text((40, 140), label, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return default_storage.save(path, ContentFile(buffer.getvalue()))


def _pick_division(context: DemoContext) -> tuple[str, list]:
    weights = [w for _d, w, _p in CATALOGUE]
    division, _w, products = context.rng.choices(CATALOGUE, weights=weights)[0]
    return division, products


@seeder(20, "usaha IKM, pemilik, produk, laporan tahunan, legalitas")
def seed_registry(context: DemoContext) -> None:
    if context.ikm <= 0:
        return
    rng = context.rng
    desa = list(Region.objects.within(context.region).desa().values_list("code", flat=True))
    if not desa:
        context.log("  wilayah tidak memuat desa; usaha tidak dibuat")
        return
    groups = dict(Kbli.objects.filter(level=2).values_list("code", "group_id"))
    this_year = timezone.localdate().year
    businesses, owners, division_of, products_of = [], [], [], []
    for index in range(context.ikm):
        division, products = _pick_division(context)
        gender = Gender.P if rng.random() < 0.45 else Gender.L
        person_name = context.faker.name_female() if gender == Gender.P else context.faker.name_male()
        code = rng.choice(desa)
        kecamatan = code.rsplit(".", 1)[0]
        birth = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        owners.append(
            Pelaku(
                name=person_name,
                nik=_nik(context, kecamatan, gender, birth, index + 1) if rng.random() < 0.85 else "",
                gender=gender,
                birth_year=birth.year,
                phone=_phone(context),
                education=rng.choice(list(Pelaku.Education.values)),
                consent_catalog=rng.random() < 0.9,
                consent_partner_contact=rng.random() < 0.7,
            )
        )
        name = (rng.choice(NAME_PREFIX) + rng.choice(NAME_WORDS) + " " + person_name.split()[0]).strip()
        businesses.append(
            Usaha(
                name=name,
                legal_form=Usaha.LegalForm.UD
                if name.startswith("UD")
                else (Usaha.LegalForm.CV if name.startswith("CV") else Usaha.LegalForm.PERORANGAN),
                nib="".join(str(rng.randint(0, 9)) for _ in range(13)) if rng.random() < 0.6 else "",
                kbli_id=division,
                group_id=groups.get(division),
                address=f"{context.faker.street_address()} RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 5):02d}",
                desa_id=code,
                kecamatan_id=kecamatan,
                latitude=Decimal(f"{-6.90 + rng.uniform(-0.25, 0.15):.6f}") if rng.random() < 0.7 else None,
                longitude=Decimal(f"{112.05 + rng.uniform(-0.35, 0.30):.6f}") if rng.random() < 0.7 else None,
                whatsapp=owners[-1].phone if rng.random() < 0.8 else "",
                year_founded=rng.randint(1985, this_year - 1),
                status=rng.choices(list(Usaha.Status.values), weights=[90, 7, 3])[0],
                source=rng.choice([Usaha.Source.PENDATAAN, Usaha.Source.IMPOR, Usaha.Source.MANDIRI]),
            )
        )
        division_of.append(division)
        products_of.append(products)
    _insert(context, businesses, owners, division_of, products_of, this_year)


def _insert(context, businesses, owners, division_of, products_of, this_year) -> None:
    rng = context.rng
    Usaha.objects.bulk_create(businesses, batch_size=1000)
    Pelaku.objects.bulk_create(owners, batch_size=1000)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(pelaku=p, purpose=purpose, granted=True, channel="formulir pendataan")
            for p in owners
            for purpose, granted in (
                (Purpose.CATALOG, p.consent_catalog),
                (Purpose.PARTNER_CONTACT, p.consent_partner_contact),
            )
            if granted
        ],
        batch_size=2000,
    )
    Kepemilikan.objects.bulk_create(
        [Kepemilikan(usaha=u, pelaku=p) for u, p in zip(businesses, owners, strict=True)], batch_size=2000
    )
    products, reports, legal = [], [], []
    for usaha, division, catalogue in zip(businesses, division_of, products_of, strict=True):
        for name, unit, low, high in rng.sample(catalogue, k=min(len(catalogue), rng.randint(1, 3))):
            price = rng.randint(low, high)
            products.append(
                Produk(
                    usaha=usaha,
                    name=name,
                    kbli_id=division,
                    group_id=usaha.group_id,
                    unit=Unit(unit),
                    price_min=Decimal(price),
                    price_max=Decimal(int(price * rng.uniform(1, 1.4))),
                    capacity_per_year=Decimal(rng.randint(100, 50_000)),
                    in_catalog=rng.random() < 0.6,
                    photo=_photo(division, name),
                    description=f"{name} buatan {usaha.name}.",
                )
            )
        workers = max(1, int(rng.lognormvariate(1.3, 0.8)))
        investment = Decimal(int(rng.lognormvariate(17.2, 1.1)) // 1000 * 1000)
        for year in range(this_year - 3, this_year):
            growth = Decimal(str(1 + 0.06 * (year - this_year + 3)))
            value = (investment * Decimal(str(rng.uniform(0.8, 3.0))) * growth).quantize(Decimal(1))
            local = Decimal(rng.randint(40, 90)) / 100
            reports.append(
                LaporanTahunan(
                    usaha=usaha,
                    year=year,
                    workforce_male=max(0, int(workers * rng.uniform(0.3, 0.7))),
                    workforce_female=max(0, workers - int(workers * rng.uniform(0.3, 0.7))),
                    investment_machines=(investment * Decimal("0.7")).quantize(Decimal(1)),
                    investment_other=(investment * Decimal("0.3")).quantize(Decimal(1)),
                    investment_land_buildings=(investment * Decimal(str(rng.uniform(0.5, 2)))).quantize(
                        Decimal(1)
                    ),
                    production_value=value,
                    raw_material_value=(value * Decimal("0.45")).quantize(Decimal(1)),
                    sales_local=(value * local).quantize(Decimal(1)),
                    sales_other_kabupaten=(value * (1 - local) * Decimal("0.7")).quantize(Decimal(1)),
                    sales_other_province=(value * (1 - local) * Decimal("0.25")).quantize(Decimal(1)),
                    sales_export=(value * (1 - local) * Decimal("0.05")).quantize(Decimal(1)),
                    export_countries="Malaysia, Singapura" if rng.random() < 0.05 else "",
                )
            )
        legal.extend(_certificates(context, usaha, division))
    Produk.objects.bulk_create(products, batch_size=2000)
    LaporanTahunan.objects.bulk_create(reports, batch_size=2000)
    Legalitas.objects.bulk_create(legal, batch_size=2000)
    _derive(businesses)
    twins = _twins(context, businesses, owners)
    context.log(
        f"  {len(businesses)} usaha, {len(products)} produk, {len(reports)} laporan, "
        f"{len(legal)} legalitas, {twins} calon duplikat"
    )


def _certificates(context: DemoContext, usaha: Usaha, division: str) -> list[Legalitas]:
    rng = context.rng
    today = timezone.localdate()
    found = []
    if usaha.nib:
        found.append(Legalitas(usaha=usaha, kind=Legalitas.Kind.NIB, number=usaha.nib, issuer="OSS RBA"))
    food = division in ("10", "11")
    for kind, chance, issuer, years in [
        (Legalitas.Kind.PIRT, 0.5 if food else 0, "Dinas Kesehatan", 5),
        (Legalitas.Kind.HALAL, 0.3 if food else 0, "BPJPH", 4),
        (Legalitas.Kind.BPOM, 0.04 if food else 0, "BPOM", 5),
        (Legalitas.Kind.HKI, 0.1, "DJKI", 10),
        (Legalitas.Kind.SNI, 0.03, "LSPro", 4),
    ]:
        if rng.random() < chance:
            issued = today - timedelta(days=rng.randint(30, 365 * years))
            found.append(
                Legalitas(
                    usaha=usaha,
                    kind=kind,
                    number=f"{kind.upper()}-{rng.randint(100000, 999999)}",
                    issuer=issuer,
                    issued_on=issued,
                    expires_on=issued + timedelta(days=365 * years),
                )
            )
    return found


def _derive(businesses: list[Usaha]) -> None:
    """Scale from each business's latest report, then completeness, in bulk."""
    ids = [u.pk for u in businesses]
    latest = {}
    for report in LaporanTahunan.objects.filter(usaha_id__in=ids).order_by("usaha_id", "year"):
        latest[report.usaha_id] = report
    for usaha in businesses:
        usaha.apply_scale(latest.get(usaha.pk))
    Usaha.objects.bulk_update(businesses, ["scale", "scale_reason"], batch_size=2000)
    completeness.refresh_many(Usaha.objects.filter(pk__in=ids))


def _twins(context: DemoContext, businesses: list[Usaha], owners: list[Pelaku]) -> int:
    """About one in a hundred businesses is entered a second time with a small spelling difference."""
    rng = context.rng
    count = max(1, len(businesses) // 100)
    for usaha, owner in rng.sample(list(zip(businesses, owners, strict=True)), k=min(count, len(businesses))):
        twin = Usaha.objects.create(
            name=usaha.name.replace("UD ", "UD. ").upper() if rng.random() < 0.5 else usaha.name + " ",
            desa_id=usaha.desa_id,
            kbli_id=usaha.kbli_id,
            address=usaha.address,
            whatsapp=usaha.whatsapp,
            source=Usaha.Source.IMPOR,
        )
        Kepemilikan.objects.create(usaha=twin, pelaku=owner)
    return count
