"""Demo data: a few sentra from the demo businesses, two kawasan with tourism information, OVOP ratings.

Runs after the registry seeder. Sentra gather businesses of one KBLI division
in one kecamatan (the desa where most of them are is the sentra's desa); the
last one is kept below five units so the rule shows "belum terpenuhi".
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from simpul.clusters import ovop
from simpul.clusters.models import (
    FasilitasSentra,
    Kawasan,
    Keanggotaan,
    OvopAspect,
    OvopAssessment,
    OvopScore,
    OvopStarRule,
    Sentra,
)
from simpul.core.demo import DemoContext, seeder
from simpul.regions.models import Region
from simpul.registry.models import Kepemilikan, Produk, Usaha

#: Name and product focus of a sentra by KBLI division.
SENTRA_KIND = {
    "10": ("Sentra Olahan Pangan", "keripik, kerupuk dan olahan ikan"),
    "11": ("Sentra Minuman Tradisional", "legen, jahe instan dan sirup siwalan"),
    "13": ("Sentra Batik Gedog", "batik tulis gedog dan tenun"),
    "14": ("Sentra Konveksi", "kaos dan seragam"),
    "15": ("Sentra Kerajinan Kulit", "tas dan sandal kulit"),
    "16": ("Sentra Anyaman Bambu dan Kayu", "anyaman bambu dan kerajinan kayu jati"),
    "23": ("Sentra Gerabah dan Bata", "gerabah, genteng dan batu bata"),
    "25": ("Sentra Pandai Besi", "alat pertanian dan teralis"),
    "31": ("Sentra Mebel Jati", "kursi dan lemari jati"),
    "32": ("Sentra Kerajinan Kerang", "kerajinan kerang dan sapu ijuk"),
}
FACILITIES = [
    (FasilitasSentra.Kind.UPT, "Rumah produksi bersama"),
    (FasilitasSentra.Kind.MESIN, "Mesin pengemas vakum"),
    (FasilitasSentra.Kind.SHOWROOM, "Galeri produk sentra"),
    (FasilitasSentra.Kind.GUDANG, "Gudang bahan baku bersama"),
]
RATERS = {
    ovop.LEVEL_KABKOTA: "Dinas Perindustrian Kabupaten",
    ovop.LEVEL_PROVINSI: "Dinas Perindustrian dan Perdagangan Provinsi",
    ovop.LEVEL_KEMENTERIAN: "Ditjen IKMA, Kementerian Perindustrian",
}


@seeder(40, "sentra, kawasan produk unggulan, OVOP")
def seed_clusters(context: DemoContext) -> None:
    OvopAspect.ensure_defaults()
    rows = list(
        Usaha.objects.filter(archived_at=None, status=Usaha.Status.AKTIF, kbli__isnull=False)
        # One kabupaten (the demo's focus), so the work stays the same at a province's or the nation's size.
        .filter(desa__code__startswith=f"{context.focus}.")
        .values_list("pk", "desa_id", "kecamatan_id", "kbli_id", "latitude", "longitude")
        .order_by("pk")
    )
    if not rows:
        context.log("  belum ada usaha; sentra tidak dibuat")
        return
    sentra = _seed_sentra(context, rows)
    kawasan = _seed_kawasan(context, sentra)
    rated = _seed_ovop(context, sentra)
    context.log(f"  {len(sentra)} sentra, {len(kawasan)} kawasan, {rated} penilaian OVOP")


def _seed_sentra(context: DemoContext, rows: list[tuple]) -> list[Sentra]:
    rng = context.rng
    groups: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        groups[(row[2], row[3][:2])].append(row)
    wanted = max(3, min(6, len(rows) // 300))
    chosen, divisions = [], set()
    # Largest groups first, one sentra per division; all but the last meet the rule of five.
    for (kecamatan, division), members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        if division in divisions or division not in SENTRA_KIND or len(members) < Sentra.MIN_MEMBERS:
            continue
        chosen.append((kecamatan, division, members))
        divisions.add(division)
        if len(chosen) == wanted:
            break
    names = dict(Region.objects.filter(code__in={r[1] for r in rows}).values_list("code", "name"))
    created = []
    this_year = timezone.localdate().year
    for index, (_kecamatan, division, members) in enumerate(chosen):
        desa = Counter(m[1] for m in members).most_common(1)[0][0]
        # Same-desa businesses first; the last sentra stays under five to show the rule unmet.
        members = sorted(members, key=lambda m: (m[1] != desa, m[0]))
        last = index == len(chosen) - 1 and len(chosen) > 2
        size = Sentra.MIN_MEMBERS - 1 if last else min(len(members), rng.randint(6, 14))
        picked = members[:size]
        points = [(m[4], m[5]) for m in picked if m[4] is not None and m[5] is not None]
        title, focus = SENTRA_KIND[division]
        sentra = Sentra.objects.create(
            name=f"{title} {names.get(desa, '')}".strip(),
            description=f"Sentra {focus} di Desa {names.get(desa, '')}: {len(picked)} unit usaha sejenis.",
            kbli_id=division,
            product_focus=focus,
            desa_id=desa,
            latitude=_mean([p[0] for p in points]),
            longitude=_mean([p[1] for p in points]),
            status=Sentra.Status.AKTIF,
            established_year=rng.randint(1995, this_year - 2),
            is_public=rng.random() < 0.8,
            photo=_picture(f"sentra-{division}", title),
        )
        Keanggotaan.objects.bulk_create(Keanggotaan(sentra=sentra, usaha_id=m[0]) for m in picked)
        coordinator = (
            Kepemilikan.objects.filter(usaha_id=picked[0][0]).select_related("pelaku").first()
            if picked
            else None
        )
        if coordinator is not None:
            sentra.coordinator = coordinator.pelaku
            sentra.save(update_fields=["coordinator"])
        FasilitasSentra.objects.bulk_create(
            FasilitasSentra(sentra=sentra, kind=kind, name=name, year=rng.randint(2015, this_year - 1))
            for kind, name in rng.sample(FACILITIES, k=rng.randint(1, 3))
        )
        created.append(sentra)
    return created


def _mean(values: list) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.000001"))


def _seed_kawasan(context: DemoContext, sentra: list[Sentra]) -> list[Kawasan]:
    """Two kawasan around the first two sentra, each with its desa's neighbours and tourism information."""
    rng = context.rng
    created = []
    for number, anchor in enumerate(sentra[:2], start=1):
        neighbours = list(
            Region.objects.filter(parent_id=anchor.kecamatan_id).exclude(code=anchor.desa_id).order_by("code")
        )
        desa = [anchor.desa_id] + [d.code for d in rng.sample(neighbours, k=min(2, len(neighbours)))]
        theme = anchor.product_focus
        kecamatan = anchor.kecamatan.name
        kawasan = Kawasan.objects.create(
            name=f"Kawasan {SENTRA_KIND[anchor.kbli_id[:2]][0].replace('Sentra ', '')} {kecamatan}",
            theme=theme,
            description=f"Kawasan produk unggulan {theme} di Kecamatan {kecamatan}, ditetapkan dengan peraturan bupati.",
            legal_kind=Kawasan.LegalKind.PERBUP,
            legal_number=f"{10 + number} Tahun {timezone.localdate().year - 2}",
            legal_date=timezone.localdate()
            .replace(month=3, day=15 + number)
            .replace(year=timezone.localdate().year - 2),
            partners="\n".join(
                [
                    "Dinas Kebudayaan dan Pariwisata",
                    "Asosiasi Biro Perjalanan Wisata (ASITA)",
                    "Bank Jatim – KUR",
                    f"Kelompok sadar wisata Kecamatan {kecamatan}",
                ]
            ),
            attractions=(
                f"Melihat langsung proses pembuatan {theme} di rumah-rumah produksi, "
                "galeri sentra, dan belajar membuat sendiri bersama perajin."
            ),
            directions=(
                f"Dari pusat kota ± {rng.randint(10, 35)} km ke arah Kecamatan {kecamatan}; "
                "jalan kabupaten beraspal, bus wisata dapat parkir di balai desa."
            ),
            opening_hours="Senin–Sabtu 08.00–16.00; Minggu dengan janji",
            visitor_contact=f"Pokdarwis {kecamatan}",
            latitude=anchor.latitude,
            longitude=anchor.longitude,
            is_public=True,
            photo=_picture(f"kawasan-{number}", f"Kawasan {theme}"),
        )
        kawasan.desa.set(desa)
        kawasan.sentra.set([anchor])
        created.append(kawasan)
    return created


def _seed_ovop(context: DemoContext, sentra: list[Sentra]) -> int:
    """Ratings over three years for a product of one member in each sentra, rising as they improve."""
    rng = context.rng
    aspects = list(OvopAspect.objects.filter(active=True, archived_at=None))
    thresholds = OvopStarRule.table()
    this_year = timezone.localdate().year
    products = [
        Produk.objects.filter(usaha__sentra_keanggotaan__sentra=s, archived_at=None)
        .select_related("usaha")
        .first()
        for s in sentra
    ]
    rated = 0
    for produk in filter(None, products):
        quality = rng.uniform(0.25, 0.6)
        for year in range(this_year - 3, this_year):
            quality = min(0.98, quality + rng.uniform(0.02, 0.12))
            scores = [
                (a, Decimal(round(a.max_points * min(1.0, max(0.0, quality + rng.uniform(-0.1, 0.1))))))
                for a in aspects
            ]
            lines = [ovop.ScoreLine(points, a.max_points, a.weight) for a, points in scores]
            stars = ovop.stars_for(ovop.weighted_percent(lines), thresholds)
            level = ovop.level_for(stars)
            assessment = OvopAssessment.objects.create(
                usaha=produk.usaha,
                produk=produk,
                desa_id=produk.usaha.desa_id,
                year=year,
                rater_level=level,
                rater_name=context.faker.name(),
                rater_agency=RATERS[level],
                assessed_on=timezone.localdate().replace(year=year, month=9, day=20),
                is_public=True,
            )
            OvopScore.objects.bulk_create(
                OvopScore(
                    assessment=assessment, aspect=a, points=points, max_points=a.max_points, weight=a.weight
                )
                for a, points in scores
            )
            assessment.rate(thresholds)
            rated += 1
    return rated


def _picture(key: str, label: str) -> str:
    """A generated picture (one per kind), so the demo pages and catalog have photos."""
    path = f"demo/clusters/{key}.png"
    if default_storage.exists(path):
        return path
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 360), "#0b5563")
    draw = ImageDraw.Draw(image)
    draw.rectangle([24, 24, 616, 336], outline="white", width=4)
    draw.text((48, 170), label, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return default_storage.save(path, ContentFile(buffer.getvalue()))
