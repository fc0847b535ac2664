"""Demo data of the market: the public catalog, buyer demands at each stage, offers, a showcase, messages.

Runs after the registry (20), the owner self-service (30) and the clusters
(when installed), so the catalog includes their OVOP ratings. Every step
goes through the same services as the screens (simpul.market.demand).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from simpul.accounts.models import User
from simpul.core.demo import DemoContext, seeder
from simpul.market import catalog, contact, demand, matching, publication, showcase
from simpul.market.models import Permintaan, Showcase
from simpul.registry.models import Pelaku, Produk, Usaha
from simpul.registry.models_consent import Purpose, set_consent

#: (product, quantity, unit, buyer kind, organisation, certificates, days to deadline, stage)
DEMANDS = [
    ("Keripik singkong", 500, "kg", "hotel", "Hotel Mutiara Pantura", ["pirt"], 45, "deal"),
    ("Batik gedog", 120, "lembar", "pemerintah", "Sekretariat Daerah (seragam ASN)", [], 60, "offers"),
    ("Genteng", 20_000, "buah", "industri", "PT Griya Bangun Persada", ["sni"], 90, "forwarded"),
    ("Kerupuk ikan", 2, "ton", "eksportir", "CV Samudra Ekspor", ["halal", "pirt"], 75, "open"),
    ("Abon ikan", 150, "kg", "ritel", "Toko Oleh-oleh Bumi Wali", ["halal"], 30, "pending"),
]


def _officer() -> User | None:
    return User.objects.filter(username="petugas").first() or User.objects.filter(role="admin").first()


def _owner_business(context: DemoContext) -> Usaha | None:
    """The business of the demo "pelaku" account, linked here when the self-service seeder did not."""
    owner = User.objects.filter(username="pelaku").first()
    if owner is None:
        return None
    business = (
        Usaha.objects.filter(owners__account=owner, status="aktif", archived_at=None).order_by("pk").first()
    )
    if business is None:
        with_product = Exists(Produk.objects.filter(usaha=OuterRef("pk"), archived_at=None))
        business = (
            Usaha.objects.filter(status="aktif", archived_at=None, merged_into=None, owners__account=None)
            .filter(with_product)
            .filter(kecamatan__in=context.focus_regions().kecamatan())
            .order_by("pk")
            .first()
        )
        if business is None:
            return None
        pelaku = business.owners.order_by("pk").first()
        if pelaku is None:
            pelaku = Pelaku.objects.create(name=owner.get_full_name() or owner.username)
            business.owners.add(pelaku)
        pelaku.account = owner
        pelaku.save(update_fields=["account", "updated_at"])
    # Make sure the owner agreed to the catalog and has something in it, so every journey of the demo works.
    for person in business.owners.filter(consent_catalog=False):
        set_consent(person, Purpose.CATALOG, True, channel="demo")
    Produk.objects.filter(usaha=business, archived_at=None).update(in_catalog=True)
    catalog.refresh_businesses([business.pk])
    return business


def _post(context: DemoContext, row: tuple, days_ago: int) -> Permintaan:
    product, quantity, unit, kind, organisation, certificates, deadline_days, _stage = row
    today = timezone.localdate()
    kecamatan = context.focus_regions().kecamatan().order_by("code").values_list("code", flat=True)
    posted = demand.post(
        Permintaan(
            product=product,
            specification=f"{product} kualitas baik, kemasan rapi, siap kirim bertahap.",
            quantity=Decimal(quantity),
            unit=unit,
            delivery_place=f"{organisation}, {context.faker.city()}",
            delivery_kecamatan_id=context.rng.choice(list(kecamatan)) if kecamatan else None,
            deadline=today + timedelta(days=deadline_days),
            required_certificates=certificates,
            budget=None,
            buyer_kind=kind,
            buyer_organisation=organisation,
            buyer_name=context.faker.name(),
            buyer_email=f"pembeli{context.rng.randint(100, 999)}@contoh.id",
            buyer_phone="+62811" + "".join(str(context.rng.randint(0, 9)) for _ in range(7)),
        )
    )
    Permintaan.objects.filter(pk=posted.permintaan.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return posted.permintaan


def _offer(context: DemoContext, item: Permintaan, penerusan, owner: User | None) -> None:
    produk = Produk.objects.filter(usaha=penerusan.usaha, archived_at=None).order_by("pk").first()
    price = (produk.price_min if produk and produk.price_min else Decimal(10_000)) * Decimal("0.9")
    demand.submit_offer(
        penerusan,
        owner,
        {
            "produk": produk,
            "price_per_unit": price.quantize(Decimal(1)),
            "quantity": item.quantity,
            "ready_by": item.deadline,
            "note": "Harga grosir, termasuk kemasan.",
        },
    )


def _seed_demands(context: DemoContext, officer: User, owner_business: Usaha | None) -> int:
    owner = User.objects.filter(username="pelaku").first()
    made = 0
    for index, row in enumerate(DEMANDS):
        stage = row[-1]
        item = _post(context, row, days_ago=40 - index * 7)
        made += 1
        if stage == "pending":
            continue
        demand.verify(item, officer)
        if stage == "open":
            continue
        ranked = matching.candidates(item, officer, limit=5)
        chosen = [c.usaha.pk for c in ranked[:4]]
        if stage == "offers" and owner_business is not None and owner_business.pk not in chosen:
            # The demo owner receives one demand to answer (the browser journey starts there).
            chosen.append(owner_business.pk)
        if not chosen:
            continue
        rows = demand.forward(item, chosen, officer)
        if stage == "forwarded":
            continue
        for penerusan in rows[:3]:
            if owner_business is not None and penerusan.usaha_id == owner_business.pk:
                continue  # left for the demo owner to answer
            _offer(context, item, penerusan, owner)
        if stage == "deal":
            offers = list(item.penawaran.order_by("price_per_unit"))
            if offers:
                best = offers[0]
                delivered = timezone.localdate() - timedelta(days=3)
                demand.record_outcome(
                    item,
                    officer,
                    [
                        demand.Deal(
                            best.pk, (best.price_per_unit * best.quantity).quantize(Decimal(1)), delivered
                        )
                    ],
                    "Pesanan pertama; pembeli berminat pesan rutin tiap bulan.",
                )
    return made


def _seed_showcase(context: DemoContext, officer: User) -> Showcase:
    year = timezone.localdate().year
    item, _created = Showcase.objects.get_or_create(
        name=f"Pameran Produk Unggulan Daerah {year}",
        defaults={
            "description": "Produk IKM terpilih: makanan khas, batik, kerajinan kayu dan bambu.",
            "place": "Gedung Pertemuan Kabupaten",
            "city": "Tuban",
            "starts_on": timezone.localdate() + timedelta(days=14),
            "ends_on": timezone.localdate() + timedelta(days=17),
            "created_by": officer,
        },
    )
    chosen, seen_names = [], set()
    for entry in publication.public_catalog().order_by("-rank", "pk")[:200]:
        if entry.name in seen_names:
            continue
        seen_names.add(entry.name)
        chosen.append(entry.pk)
        if len(chosen) >= 12:
            break
    showcase.set_products(item, chosen)
    return item


def _seed_messages(context: DemoContext, business: Usaha | None) -> int:
    if business is None:
        return 0
    produk = Produk.objects.filter(usaha=business, in_catalog=True, archived_at=None).first()
    contact.send(
        business,
        produk,
        name=context.faker.name(),
        email="pembeli.katering@contoh.id",
        phone="",
        body="Apakah bisa kirim 50 bungkus setiap minggu? Mohon info harga grosir.",
    )
    return 1


def _progress(context: DemoContext) -> Callable[[int, int], None]:
    """Log the rebuild of a large catalog every tenth (at a province's size it takes minutes)."""
    shown = [0]

    def report(done: int, total: int) -> None:
        tenth = done * 10 // total if total >= 100_000 else 0
        if tenth > shown[0]:
            shown[0] = tenth
            context.log(f"  katalog: {done:,} / {total:,} produk".replace(",", "."))

    return report


@seeder(60, "pemasaran: katalog publik, permintaan pembeli, penawaran, etalase pameran")
def seed_market(context: DemoContext) -> None:
    # The only step that grows with the registry: every public product and its search terms.
    count = catalog.rebuild(progress=_progress(context))
    officer = _officer()
    if officer is None:
        context.log(f"  katalog: {count} produk; tidak ada akun petugas, permintaan tidak dibuat")
        return
    business = _owner_business(context)
    demands = _seed_demands(context, officer, business)
    item = _seed_showcase(context, officer)
    sent = _seed_messages(context, business)
    context.log(
        f"  katalog: {count} produk publik, {demands} permintaan, etalase “{item.name}” "
        f"({item.items.count()} produk), {sent} pesan"
    )
