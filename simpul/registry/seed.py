"""Demo data for the registry: businesses, owners, products with photos, yearly figures, certificates.

Everything comes from one seeded random generator, so `seed_demo --seed 1`
always yields the same region. Businesses are generated and written in
batches (`DemoContext.batch`, 5,000 by default) with their owners,
ownership links, consent records, products, three years of figures and
certificates; derived fields (scale from the latest report, completeness)
are computed while generating, so a batch is written once and never read
back. Only a batch is held at a time: the nation's 4.4 million businesses
generate in the same memory as a kabupaten's 50,000.

Rows go through `simpul.core.bulkload` (COPY on PostgreSQL). The keys of
businesses and owners are reserved first (`reserve_ids`), since the
children point to them and COPY returns no ids; the children's own keys
are left to the database. Like `bulk_create`, this writes no history rows:
demo data has no past.
"""

from __future__ import annotations

import bisect
import functools
import io
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from simpul.classifications.models import Kbli
from simpul.core.bulkload import reserve_ids, write_rows
from simpul.core.demo import DemoContext, seeder
from simpul.registry import completeness, seed_places
from simpul.registry.models import Gender, Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Unit, Usaha
from simpul.registry.models_consent import ConsentRecord, Purpose
from simpul.registry.scale import derive_scale

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


#: Columns each table is written with (the rest take their model defaults, see bulkload).
USAHA_FIELDS = [
    "id",
    "name",
    "legal_form",
    "nib",
    "kbli_id",
    "group_id",
    "address",
    "desa_id",
    "kecamatan_id",
    "latitude",
    "longitude",
    "whatsapp",
    "year_founded",
    "status",
    "source",
    "scale",
    "scale_reason",
    "completeness",
]
PELAKU_FIELDS = [
    "id",
    "name",
    "nik",
    "gender",
    "birth_year",
    "phone",
    "education",
    "consent_catalog",
    "consent_partner_contact",
]
KEPEMILIKAN_FIELDS = ["usaha_id", "pelaku_id"]
CONSENT_FIELDS = ["pelaku_id", "purpose", "granted", "channel"]
PRODUK_FIELDS = [
    "usaha_id",
    "name",
    "kbli_id",
    "group_id",
    "unit",
    "price_min",
    "price_max",
    "capacity_per_year",
    "in_catalog",
    "photo",
    "description",
]
LAPORAN_FIELDS = [
    "usaha_id",
    "year",
    "workforce_male",
    "workforce_female",
    "investment_machines",
    "investment_other",
    "investment_land_buildings",
    "production_value",
    "raw_material_value",
    "sales_local",
    "sales_other_kabupaten",
    "sales_other_province",
    "sales_export",
    "export_countries",
]
LEGALITAS_FIELDS = ["usaha_id", "kind", "number", "issuer", "issued_on", "expires_on"]
_U = {name: index for index, name in enumerate(USAHA_FIELDS)}
#: A NIK's serial has four digits; past that many owners in one kecamatan the NIK is left empty (never reused).
NIK_SERIALS = 9999


@dataclass
class Batch:
    """The rows of one batch of businesses, ready to write."""

    usaha: list[tuple] = field(default_factory=list)
    pelaku: list[tuple] = field(default_factory=list)
    kepemilikan: list[tuple] = field(default_factory=list)
    consent: list[tuple] = field(default_factory=list)
    produk: list[tuple] = field(default_factory=list)
    laporan: list[tuple] = field(default_factory=list)
    legalitas: list[tuple] = field(default_factory=list)
    twins: int = 0

    def tables(self) -> list[tuple[type, list[str], list[tuple]]]:
        """Parents first (SQLite checks keys at commit, PostgreSQL too, but the order reads naturally)."""
        return [
            (Usaha, USAHA_FIELDS, self.usaha),
            (Pelaku, PELAKU_FIELDS, self.pelaku),
            (Kepemilikan, KEPEMILIKAN_FIELDS, self.kepemilikan),
            (ConsentRecord, CONSENT_FIELDS, self.consent),
            (Produk, PRODUK_FIELDS, self.produk),
            (LaporanTahunan, LAPORAN_FIELDS, self.laporan),
            (Legalitas, LEGALITAS_FIELDS, self.legalitas),
        ]


def _phone(context: DemoContext) -> str:
    return f"+62{context.rng.choice(OPERATORS)}{context.rng.randrange(10**8):08d}"


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


@functools.cache
def _completeness(*flags: bool) -> int:
    """The score `completeness` would store, from what the generator knows (memoised: 2^11 cases at most).

    Goes through completeness's own checks so the two cannot drift apart.
    """
    nib, kbli, address, point, phone, founded, owners, nik, products, reports, legal = flags
    usaha = SimpleNamespace(
        nib=nib,
        kbli_id=kbli,
        address=address,
        latitude=0 if point else None,
        longitude=0 if point else None,
        whatsapp=phone,
        phone="",
        year_founded=founded,
    )
    facts = {"owners": owners, "owner_nik": nik, "products": products, "reports": reports, "legal": legal}
    return completeness._score(completeness._checks(usaha, facts)).score


def _nik_serials() -> dict[str, int]:
    """The largest NIK serial already used per kecamatan, so a second demo in one database adds, never collides.

    One pass over the owners' NIKs (none in a fresh database); keeps one number per kecamatan.
    """
    serials: dict[str, int] = {}
    for nik in Pelaku.objects.exclude(nik="").values_list("nik", flat=True).iterator(chunk_size=10_000):
        prefix, serial = nik[:6], nik[12:16]
        if len(nik) == 16 and serial.isdigit():
            serials[prefix] = max(serials.get(prefix, 0), int(serial))
    return serials


class Generator:
    """Makes the rows of one batch of businesses at a time; keeps only small lookups between batches."""

    def __init__(self, context: DemoContext, places: seed_places.Places) -> None:
        self.context = context
        self.places = places
        self.groups = dict(Kbli.objects.filter(level=2).values_list("code", "group_id"))
        self.today = timezone.localdate()
        self.this_year = self.today.year
        self.serials = _nik_serials()  # NIK prefix (kecamatan) → last serial used: a few thousand keys
        self.photos: dict[tuple[str, str], str] = {}
        self.education = list(Pelaku.Education.values)
        self.statuses = list(Usaha.Status.values)

    def batches(self, total: int) -> Iterator[Batch]:
        """Batches of `context.batch` businesses, made only when asked for.

        One in a hundred businesses is also entered a second time (a likely
        duplicate for the officers to resolve), evenly spaced, so neither the
        data nor the keys depend on the batch size.
        """
        twins = max(1, total // 100) if total else 0
        size = max(1, self.context.batch)
        for start in range(0, total, size):
            end = min(total, start + size)
            doubled = [index * twins // total != (index + 1) * twins // total for index in range(start, end)]
            yield self.batch(doubled)

    def batch(self, doubled: list[bool]) -> Batch:
        """One batch; `doubled[n]` says whether its n-th business gets a duplicate right after it."""
        usaha_ids = iter(reserve_ids(Usaha, len(doubled) + sum(doubled)))
        pelaku_ids = reserve_ids(Pelaku, len(doubled))
        batch = Batch(twins=sum(doubled))
        for pelaku_id, twin in zip(pelaku_ids, doubled, strict=True):
            self.business(batch, next(usaha_ids), pelaku_id)
            if twin:
                self.twin(batch, next(usaha_ids), batch.usaha[-1], batch.pelaku[-1])
        return batch

    def _division(self, kabupaten: str) -> tuple[str, list]:
        cumulative = self.places.divisions[kabupaten]
        index = bisect.bisect_right(cumulative, self.context.rng.random() * cumulative[-1])
        division, _weight, products = CATALOGUE[min(index, len(CATALOGUE) - 1)]
        return division, products

    def _nik(self, kecamatan: str, gender: str, birth: date) -> str:
        prefix = kecamatan.replace(".", "")
        serial = self.serials.get(prefix, 0) + 1
        if serial > NIK_SERIALS:
            return ""
        self.serials[prefix] = serial
        day = birth.day + (40 if gender == Gender.P else 0)
        return f"{prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"

    def _photo(self, division: str, label: str) -> str:
        key = (division, label)
        if key not in self.photos:
            self.photos[key] = _photo(division, label)
        return self.photos[key]

    def business(self, batch: Batch, usaha_id: int, pelaku_id: int) -> None:
        context, rng = self.context, self.context.rng
        code = self.places.pick_desa(rng)
        kecamatan = code.rsplit(".", 1)[0]
        division, catalogue = self._division(code[:5])
        gender = Gender.P if rng.random() < 0.45 else Gender.L
        person_name = context.faker.name_female() if gender == Gender.P else context.faker.name_male()
        birth = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        nik = self._nik(kecamatan, gender, birth) if rng.random() < 0.85 else ""
        phone = _phone(context)
        consent_catalog = rng.random() < 0.9
        consent_partner = rng.random() < 0.7
        batch.pelaku.append(
            (
                pelaku_id,
                person_name,
                nik,
                gender,
                birth.year,
                phone,
                rng.choice(self.education),
                consent_catalog,
                consent_partner,
            )
        )
        batch.kepemilikan.append((usaha_id, pelaku_id))
        for purpose, granted in (
            (Purpose.CATALOG, consent_catalog),
            (Purpose.PARTNER_CONTACT, consent_partner),
        ):
            if granted:
                batch.consent.append((pelaku_id, purpose, True, "formulir pendataan"))
        name = (rng.choice(NAME_PREFIX) + rng.choice(NAME_WORDS) + " " + person_name.split()[0]).strip()
        nib = f"{rng.randrange(10**13):013d}" if rng.random() < 0.6 else ""
        address = f"{context.faker.street_address()} RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 5):02d}"
        latitude, longitude = self.places.point(rng, code) if rng.random() < 0.7 else (None, None)
        whatsapp = phone if rng.random() < 0.8 else ""
        group = self.groups.get(division)
        self.products(batch, usaha_id, name, division, group, catalogue)
        scale = self.reports(batch, usaha_id)
        legal = self.certificates(batch, usaha_id, nib, division)
        score = _completeness(
            bool(nib),
            True,
            True,
            latitude is not None,
            bool(whatsapp),
            True,
            True,
            bool(nik),
            True,
            True,
            legal,
        )
        batch.usaha.append(
            (
                usaha_id,
                name,
                _legal_form(name),
                nib,
                division,
                group,
                address,
                code,
                kecamatan,
                latitude,
                longitude,
                whatsapp,
                rng.randint(1985, self.this_year - 1),
                rng.choices(self.statuses, weights=[90, 7, 3])[0],
                rng.choice([Usaha.Source.PENDATAAN, Usaha.Source.IMPOR, Usaha.Source.MANDIRI]),
                scale.scale if scale else "",
                scale.reason if scale else "",
                score,
            )
        )

    def products(
        self, batch: Batch, usaha_id: int, maker: str, division: str, group, catalogue: list
    ) -> None:
        rng = self.context.rng
        for name, unit, low, high in rng.sample(catalogue, k=min(len(catalogue), rng.randint(1, 3))):
            price = rng.randint(low, high)
            batch.produk.append(
                (
                    usaha_id,
                    name,
                    division,
                    group,
                    Unit(unit),
                    price,
                    int(price * rng.uniform(1, 1.4)),
                    rng.randint(100, 50_000),
                    rng.random() < 0.6,
                    self._photo(division, name),
                    f"{name} buatan {maker}.",
                )
            )

    def reports(self, batch: Batch, usaha_id: int):
        """Three years of figures, growing a little each year; returns the scale of the latest."""
        rng = self.context.rng
        workers = max(1, int(rng.lognormvariate(1.3, 0.8)))
        investment = int(rng.lognormvariate(17.2, 1.1)) // 1000 * 1000
        machines, other = round(investment * 0.7), round(investment * 0.3)
        male = female = 0
        exporter = False
        for year in range(self.this_year - 3, self.this_year):
            offset = year - self.this_year + 3
            growth = 1 + 0.06 * offset
            value = round(investment * rng.uniform(0.8, 3.0) * growth)
            local = rng.randint(40, 90) / 100
            male = max(0, int(workers * rng.uniform(0.3, 0.7)))
            female = workers - male
            outside = value * (1 - local)
            land = round(investment * rng.uniform(0.5, 2))
            # About one in twenty starts exporting in some year and keeps on; the others sell at home.
            # (The draw is made every year, so the rest of the demo stays as the seed made it before.)
            starts_exporting = rng.random() < 0.05
            exporter = exporter or starts_exporting
            batch.laporan.append(
                (
                    usaha_id,
                    year,
                    male,
                    female,
                    machines,
                    other,
                    land,
                    value,
                    round(value * 0.45),
                    round(value * local),
                    round(outside * 0.7),
                    round(outside * (0.25 if exporter else 0.3)),
                    round(outside * 0.05) if exporter else 0,
                    "Malaysia, Singapura" if exporter else "",
                )
            )
        return derive_scale(male + female, Decimal(machines + other))

    def certificates(self, batch: Batch, usaha_id: int, nib: str, division: str) -> bool:
        """NIB and the certificates usual for the division; returns whether the business holds any."""
        rng = self.context.rng
        before = len(batch.legalitas)
        if nib:
            batch.legalitas.append((usaha_id, Legalitas.Kind.NIB, nib, "OSS RBA", None, None))
        food = division in ("10", "11")
        for kind, chance, issuer, years in [
            (Legalitas.Kind.PIRT, 0.5 if food else 0, "Dinas Kesehatan", 5),
            (Legalitas.Kind.HALAL, 0.3 if food else 0, "BPJPH", 4),
            (Legalitas.Kind.BPOM, 0.04 if food else 0, "BPOM", 5),
            (Legalitas.Kind.HKI, 0.1, "DJKI", 10),
            (Legalitas.Kind.SNI, 0.03, "LSPro", 4),
        ]:
            if rng.random() < chance:
                issued = self.today - timedelta(days=rng.randint(30, 365 * years))
                batch.legalitas.append(
                    (
                        usaha_id,
                        kind,
                        f"{kind.upper()}-{rng.randint(100000, 999999)}",
                        issuer,
                        issued,
                        issued + timedelta(days=365 * years),
                    )
                )
        return len(batch.legalitas) > before

    def twin(self, batch: Batch, twin_id: int, usaha: tuple, owner: tuple) -> None:
        """The same business entered a second time (an import) with a small spelling difference."""
        rng = self.context.rng
        name = usaha[_U["name"]]
        name = name.replace("UD ", "UD. ").upper() if rng.random() < 0.5 else name + " "
        whatsapp = usaha[_U["whatsapp"]]
        score = _completeness(
            False, True, True, False, bool(whatsapp), False, True, bool(owner[2]), False, False, False
        )
        batch.usaha.append(
            (
                twin_id,
                name,
                Usaha.LegalForm.PERORANGAN,
                "",
                usaha[_U["kbli_id"]],
                usaha[_U["group_id"]],
                usaha[_U["address"]],
                usaha[_U["desa_id"]],
                usaha[_U["kecamatan_id"]],
                None,
                None,
                whatsapp,
                None,
                Usaha.Status.AKTIF,
                Usaha.Source.IMPOR,
                "",
                "",
                score,
            )
        )
        batch.kepemilikan.append((twin_id, owner[0]))


def _legal_form(name: str) -> str:
    if name.startswith("UD"):
        return Usaha.LegalForm.UD
    return Usaha.LegalForm.CV if name.startswith("CV") else Usaha.LegalForm.PERORANGAN


def write(batch: Batch, stats: dict[str, dict]) -> None:
    """Write one batch in one transaction, adding rows and seconds per table to `stats`."""
    with transaction.atomic():
        for model, fields, rows in batch.tables():
            started = time.perf_counter()
            write_rows(model, fields, rows)
            entry = stats.setdefault(model._meta.db_table, {"rows": 0, "seconds": 0.0})
            entry["rows"] += len(rows)
            entry["seconds"] += time.perf_counter() - started


@seeder(20, "usaha IKM, pemilik, produk, laporan tahunan, legalitas")
def seed_registry(context: DemoContext) -> None:
    if context.ikm <= 0:
        return
    places = seed_places.load(context, [weight for _d, weight, _p in CATALOGUE])
    if places is None:
        context.log("  wilayah tidak memuat desa; usaha tidak dibuat")
        return
    stats = context.shared.setdefault("tables", {})
    generator = Generator(context, places)
    done, twins, batches, generating = 0, 0, 0, 0.0
    step = max(context.batch, context.ikm // 10)
    started = time.perf_counter()
    for batch in generator.batches(context.ikm):
        generating += time.perf_counter() - started
        write(batch, stats)
        previous, done = done, done + len(batch.usaha) - batch.twins
        twins, batches = twins + batch.twins, batches + 1
        if context.ikm >= 50_000 and done // step != previous // step:
            context.log(f"  {done:,} / {context.ikm:,} usaha".replace(",", "."))
        started = time.perf_counter()
    context.shared["batches"] = batches
    context.shared["generate_seconds"] = round(generating, 2)
    rows = {
        model: stats.get(model._meta.db_table, {}).get("rows", 0)
        for model in (Produk, LaporanTahunan, Legalitas)
    }
    context.log(
        f"  {done} usaha, {rows[Produk]} produk, {rows[LaporanTahunan]} laporan, "
        f"{rows[Legalitas]} legalitas, {twins} calon duplikat"
    )
