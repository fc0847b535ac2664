"""The life of a demand: posted, verified, forwarded, answered, closed — and counted as absorption."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from simpul.market import absorption, demand
from simpul.market.models import Penawaran, Penerusan, Permintaan

from .conftest import KEC_A, PLANTED_NIK


def form_data(**overrides) -> dict:
    data = {
        "product": "Keripik singkong",
        "specification": "Pedas manis, kemasan 250 g",
        "quantity": "500",
        "unit": "kg",
        "delivery_place": "Hotel Pantai, Tuban",
        "delivery_kecamatan": KEC_A,
        "deadline": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "required_certificates": ["halal"],
        "budget": "20000000",
        "buyer_kind": "hotel",
        "buyer_organisation": "Hotel Pantai",
        "buyer_name": "Bu Ani",
        "buyer_email": "ani@hotelpantai.id",
        "buyer_phone": "0812 7777 0002",
        "agree": "on",
    }
    data.update(overrides)
    return data


def post_demand(client, **overrides) -> tuple[Permintaan, str]:
    response = client.post(reverse("market:demand_create"), form_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = client.get(response["Location"])
    link = page.context["link"]
    return Permintaan.objects.latest("pk"), link


def test_a_buyer_posts_and_keeps_a_private_link(client, market):
    item, link = post_demand(client)
    assert item.status == Permintaan.Status.MENUNGGU
    assert item.buyer_phone == "+6281277770002"
    assert item.required_certificates == ["halal"]
    assert link in mail.outbox[0].body
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in item.token_hash  # only a keyed hash is stored
    private = client.get(link)
    assert private.status_code == 200
    assert private["Referrer-Policy"] == "no-referrer"
    assert "sedang diperiksa petugas" in private.content.decode()
    # The link is shown once.
    assert client.get(reverse("market:demand_posted")).status_code == 302
    assert client.get(reverse("market:demand_private", args=["salah"])).status_code == 404


def test_the_form_requires_a_way_to_reach_the_buyer_and_a_future_deadline(client, market):
    response = client.post(
        reverse("market:demand_create"),
        form_data(
            buyer_email="", buyer_phone="", deadline=(timezone.localdate() - timedelta(days=1)).isoformat()
        ),
    )
    errors = response.context["form"].errors
    assert "buyer_phone" in errors and "deadline" in errors
    response = client.post(reverse("market:demand_create"), form_data(website="http://spam"))
    assert response.status_code == 200 and not Permintaan.objects.exists()


def test_a_demand_is_public_only_after_verification(client, market, roles):
    item, _link = post_demand(client)
    assert client.get(item.get_public_url()).status_code == 404
    assert item.product not in client.get(reverse("market:demand_public_list")).content.decode()
    demand.verify(item, roles.petugas)
    page = client.get(item.get_public_url()).content.decode()
    assert "Hotel Pantai" in page
    assert "Bu Ani" not in page and "77770002" not in page and "ani@hotelpantai.id" not in page
    with pytest.raises(demand.DemandError):
        demand.verify(item, roles.petugas)


def test_a_rejected_demand_tells_the_buyer_why(client, market, roles):
    item, link = post_demand(client)
    with pytest.raises(demand.DemandError):
        demand.reject(item, roles.petugas, "  ")
    demand.reject(item, roles.petugas, "Permintaan tidak jelas.")
    assert "Permintaan tidak jelas." in client.get(link).content.decode()
    assert client.get(item.get_public_url()).status_code == 404


def test_the_whole_journey_through_the_screens(client, market, roles):
    item, link = post_demand(client)
    officer = client.__class__()
    officer.force_login(roles.petugas)
    detail = reverse("market:demand_detail", args=[item.pk])
    assert officer.post(reverse("market:demand_verify", args=[item.pk]), {"kbli": "10"}).status_code == 302
    item.refresh_from_db()
    assert item.status == Permintaan.Status.TERBUKA and item.kbli_id == "10"
    page = officer.get(detail)
    candidates = [c.usaha for c in page.context["candidates"]]
    assert candidates[0] == market.sari
    officer.post(reverse("market:demand_forward", args=[item.pk]), {"usaha": [market.sari.pk]})
    forward = Penerusan.objects.get(permintaan=item)
    # The score is kept as it was when forwarded: 60 days make 329 of the 500 kg (13 of 20 points).
    assert forward.score == page.context["candidates"][0].score == 93
    assert forward.explanation[2]["points"] == 13

    owner = client.__class__()
    owner.force_login(roles.pelaku)
    listing = owner.get(reverse("market:owner_demands")).content.decode()
    assert "Keripik singkong" in listing
    offer_url = reverse("market:owner_demand", args=[forward.pk])
    response = owner.post(
        offer_url,
        {
            "produk": market.keripik.pk,
            "price_per_unit": "38000",
            "quantity": "500",
            "note": "Siap kirim",
            "action": "offer",
        },
    )
    assert response.status_code == 302
    offer = Penawaran.objects.get()
    assert (offer.usaha, offer.price_per_unit, offer.status) == (market.sari, Decimal(38000), "diajukan")

    buyer_page = client.get(link).content.decode()
    assert "UD Sari Rasa" in buyer_page and "38.000" in buyer_page
    assert "wa.me/6281211110001" in buyer_page
    assert PLANTED_NIK not in buyer_page and "81399990001" not in buyer_page

    officer.post(
        reverse("market:demand_outcome", args=[item.pk]),
        {
            f"deal_{offer.pk}": "on",
            f"value_{offer.pk}": "19000000",
            f"delivered_{offer.pk}": timezone.localdate().isoformat(),
            "note": "Lancar",
        },
    )
    item.refresh_from_db()
    offer.refresh_from_db()
    assert item.status == Permintaan.Status.SELESAI and item.outcome == "transaksi"
    assert offer.status == Penawaran.Status.DIPILIH and offer.deal_value == Decimal(19_000_000)
    figures = absorption.market_absorption(year=timezone.localdate().year)
    assert (figures.demands, figures.deals, figures.businesses, figures.value, figures.delivered_value) == (
        1,
        1,
        1,
        Decimal(19_000_000),
        Decimal(19_000_000),
    )
    assert absorption.market_absorption(kecamatan="35.23.16").value == 0
    assert absorption.market_absorption(kecamatan="35.23").value == Decimal(19_000_000)
    # A closed demand takes no more offers.
    response = owner.post(
        offer_url, {"produk": market.keripik.pk, "price_per_unit": "1", "quantity": "1", "action": "offer"}
    )
    assert Penawaran.objects.get().price_per_unit == Decimal(38000)


def test_only_forwarded_businesses_can_offer_and_only_with_their_products(market, roles):
    item = Permintaan.objects.create(
        product="Batik",
        quantity=Decimal(10),
        unit="lembar",
        delivery_place="Kantor",
        buyer_kind="pemerintah",
        buyer_organisation="Setda",
        buyer_name="Pak Budi",
        token_hash="h1",
    )
    with pytest.raises(demand.DemandError):
        demand.forward(item, [market.lestari.pk], roles.petugas)  # not verified yet
    demand.verify(item, roles.petugas)
    with pytest.raises(demand.DemandError):
        demand.forward(item, [market.closed.pk], roles.petugas)  # closed business
    with pytest.raises(demand.DemandError):
        demand.forward(item, [market.lestari.pk], roles.petugas_kec)  # outside the officer's kecamatan
    [forward] = demand.forward(item, [market.lestari.pk], roles.petugas)
    assert demand.forward(item, [market.lestari.pk], roles.petugas) == []  # forwarding twice adds nothing
    with pytest.raises(demand.DemandError):
        demand.submit_offer(
            forward, roles.pelaku_other, {"produk": market.keripik, "price_per_unit": 1, "quantity": 1}
        )
    offer = demand.submit_offer(
        forward,
        roles.pelaku_other,
        {"produk": market.batik, "price_per_unit": Decimal(400_000), "quantity": Decimal(10)},
    )
    demand.withdraw_offer(offer)
    assert list(demand.buyer_offers(item)) == []


def test_owners_are_told_by_mail_when_a_demand_reaches_them(market, roles):
    roles.pelaku.email = "siti@contoh.id"
    roles.pelaku.save()
    item = Permintaan.objects.create(
        product="Keripik",
        quantity=Decimal(10),
        unit="kg",
        delivery_place="Hotel",
        buyer_kind="hotel",
        buyer_organisation="Hotel",
        buyer_name="X",
        token_hash="h2",
    )
    demand.verify(item, roles.petugas)
    demand.forward(item, [market.sari.pk], roles.petugas)
    assert mail.outbox[-1].to == ["siti@contoh.id"]


def test_a_contact_message_reaches_the_owner_and_the_officers(client, market, roles):
    roles.pelaku.email = "siti@contoh.id"
    roles.pelaku.save()
    roles.petugas_kec.email = "kec@dinas.go.id"
    roles.petugas_kec.save()
    roles.petugas_other.email = "lain@dinas.go.id"
    roles.petugas_other.save()
    url = reverse("market:contact", args=[market.sari.pk])
    response = client.post(
        url,
        {
            "produk": market.keripik.pk,
            "name": "Pak Pembeli",
            "email": "beli@contoh.id",
            "body": "Berapa harga grosir?",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#kontak")
    assert set(mail.outbox[-1].to) >= {"siti@contoh.id", "kec@dinas.go.id"}
    assert "lain@dinas.go.id" not in mail.outbox[-1].to
    owner = client.__class__()
    owner.force_login(roles.pelaku)
    assert "Berapa harga grosir?" in owner.get(reverse("market:owner_inbox")).content.decode()
    officer = client.__class__()
    officer.force_login(roles.petugas_kec)
    assert "Berapa harga grosir?" in officer.get(reverse("market:inbox")).content.decode()
    other = client.__class__()
    other.force_login(roles.petugas_other)
    assert "Berapa harga grosir?" not in other.get(reverse("market:inbox")).content.decode()


def test_public_forms_are_rate_limited(client, market):
    url = reverse("market:contact", args=[market.sari.pk])
    for _ in range(5):
        client.post(url, {"name": "A", "email": "a@contoh.id", "body": "Halo"})
    response = client.post(url, {"name": "A", "email": "a@contoh.id", "body": "Halo"})
    assert response.status_code == 200
    assert "Terlalu banyak pesan" in response.content.decode()


def test_a_merged_duplicate_hands_its_demands_offers_and_messages_to_the_survivor(market, roles):
    from simpul.market.models import PesanKatalog
    from simpul.registry.merge import merge
    from simpul.registry.models import Kepemilikan, Usaha

    twin = Usaha.objects.create(name="UD. SARI RASA", desa_id=market.sari.desa_id, kbli_id="10")
    Kepemilikan.objects.create(usaha=twin, pelaku=market.owner)
    item = Permintaan.objects.create(
        product="Keripik",
        quantity=Decimal(10),
        unit="kg",
        delivery_place="Hotel",
        buyer_kind="hotel",
        buyer_organisation="Hotel",
        buyer_name="X",
        token_hash="m1",
    )
    demand.verify(item, roles.petugas)
    [forward] = demand.forward(item, [twin.pk], roles.petugas)
    demand.submit_offer(forward, roles.pelaku, {"price_per_unit": Decimal(5), "quantity": Decimal(10)})
    PesanKatalog.objects.create(usaha=twin, sender_name="Pembeli", body="Halo")
    merge(market.sari, twin, roles.petugas)
    assert Penerusan.objects.get().usaha == market.sari
    assert Penawaran.objects.get().usaha == market.sari
    assert PesanKatalog.objects.get().usaha == market.sari
