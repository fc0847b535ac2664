"""Who reaches what: the public site for everyone, office pages for the office, /saya/ for owners."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.market import demand
from simpul.market.models import Penawaran, Permintaan, PesanKatalog, Showcase


@pytest.fixture
def forwarded(market, roles):
    item = Permintaan.objects.create(
        product="Keripik singkong",
        quantity=Decimal(100),
        unit="kg",
        delivery_place="Hotel",
        buyer_kind="hotel",
        buyer_organisation="Hotel Pantai",
        buyer_name="Bu Ani",
        buyer_phone="+6281277770002",
        token_hash="p1",
    )
    demand.verify(item, roles.petugas)
    [forward] = demand.forward(item, [market.sari.pk], roles.petugas)
    demand.submit_offer(
        forward,
        roles.pelaku,
        {"produk": market.keripik, "price_per_unit": Decimal(1), "quantity": Decimal(1)},
    )
    PesanKatalog.objects.create(usaha=market.sari, sender_name="Pembeli", body="Halo")
    market.item, market.forward = item, forward
    return market


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


OFFICE_PAGES = [
    ("market:demand_list", []),
    ("market:readiness", []),
    ("market:inbox", []),
    ("market:showcase_list_manage", []),
    ("market:showcase_add", []),
]


@pytest.mark.parametrize(("name", "args"), OFFICE_PAGES)
def test_visitors_are_sent_to_log_in_and_owners_are_refused_office_pages(forwarded, roles, name, args):
    url = reverse(name, args=args)
    assert as_user(None).get(url).status_code == 302
    assert as_user(roles.pelaku).get(url).status_code == 403
    assert as_user(roles.mitra).get(url).status_code == 403
    assert as_user(roles.petugas).get(url).status_code == 200


def test_the_office_demand_page_is_not_the_public_one(forwarded, roles):
    url = reverse("market:demand_detail", args=[forwarded.item.pk])
    assert as_user(None).get(url).status_code == 302
    assert as_user(roles.pelaku).get(url).status_code == 403
    assert "Bu Ani" in as_user(roles.petugas).get(url).content.decode()
    # The pimpinan reads demands but not the buyer's personal contact, and changes nothing.
    page = as_user(roles.pimpinan).get(url)
    assert page.status_code == 200 and "Bu Ani" not in page.content.decode()
    assert (
        as_user(roles.pimpinan)
        .post(reverse("market:demand_forward", args=[forwarded.item.pk]), {"usaha": [forwarded.lestari.pk]})
        .status_code
        == 403
    )


def test_the_pimpinan_may_not_export_npwp_nor_read_buyer_messages(forwarded, roles):
    pimpinan = as_user(roles.pimpinan)
    assert pimpinan.get(reverse("market:readiness")).status_code == 200
    assert pimpinan.get(reverse("market:readiness"), {"export": "xlsx"}).status_code == 403
    assert pimpinan.get(reverse("market:inbox")).status_code == 403


def test_an_owner_sees_only_what_was_sent_to_their_businesses(forwarded, roles):
    url = reverse("market:owner_demand", args=[forwarded.forward.pk])
    assert as_user(roles.pelaku).get(url).status_code == 200
    assert as_user(roles.pelaku_other).get(url).status_code == 404
    assert (
        "Keripik singkong"
        not in as_user(roles.pelaku_other).get(reverse("market:owner_demands")).content.decode()
    )
    assert as_user(roles.petugas).get(url).status_code == 403
    assert "Halo" not in as_user(roles.pelaku_other).get(reverse("market:owner_inbox")).content.decode()
    message = PesanKatalog.objects.get()
    assert (
        as_user(roles.pelaku_other).post(reverse("market:message_read", args=[message.pk])).status_code == 404
    )
    as_user(roles.pelaku).post(reverse("market:message_read", args=[message.pk]))
    assert PesanKatalog.objects.get().read_by == roles.pelaku


def test_a_kecamatan_officer_cannot_reach_other_kecamatan_messages(forwarded, roles):
    PesanKatalog.objects.create(usaha=forwarded.lestari, sender_name="X", body="Untuk Tuban")
    message = PesanKatalog.objects.get(usaha=forwarded.lestari)
    assert (
        as_user(roles.petugas_kec).post(reverse("market:message_read", args=[message.pk])).status_code == 404
    )


def test_showcases_are_edited_by_officers_only(forwarded, roles):
    showcase = Showcase.objects.create(name="Pameran Rahasia", is_public=False)
    url = reverse("market:showcase_manage", args=[showcase.pk])
    assert as_user(roles.pimpinan).get(url).status_code == 403
    assert as_user(roles.petugas).get(url).status_code == 200
    assert as_user(None).get(reverse("market:showcase", args=[showcase.slug])).status_code == 404


def test_the_scoped_api_is_closed_to_visitors_and_scoped_for_owners(forwarded, roles):
    assert as_user(None).get("/api/permintaan/").status_code in (401, 403)
    assert as_user(None).get("/api/penawaran/").status_code in (401, 403)
    own = as_user(roles.pelaku).get("/api/permintaan/").json()["results"]
    assert [row["id"] for row in own] == [forwarded.item.pk]
    assert own[0]["buyer_phone"] == "+6281277770002"  # forwarded to them: they may call the buyer
    assert as_user(roles.pelaku_other).get("/api/permintaan/").json()["results"] == []
    assert as_user(roles.pelaku_other).get("/api/penawaran/").json()["results"] == []
    pimpinan = as_user(roles.pimpinan).get(f"/api/permintaan/{forwarded.item.pk}/").json()
    assert pimpinan["buyer_phone"] is None and pimpinan["buyer_name"] is None
    assert (
        as_user(roles.pelaku)
        .post(
            f"/api/permintaan/{forwarded.item.pk}/teruskan/", {"usaha": [1]}, content_type="application/json"
        )
        .status_code
        == 403
    )


def test_officers_verify_rank_and_forward_through_the_api(market, roles):
    officer = as_user(roles.petugas)
    response = officer.post(
        "/api/permintaan/",
        {
            "product": "Batik tulis",
            "quantity": "20",
            "unit": "lembar",
            "delivery_place": "Setda",
            "buyer_kind": "pemerintah",
            "buyer_organisation": "Setda",
            "buyer_name": "Pak Budi",
            "buyer_phone": "+6281200000009",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["private_token"]
    pk = response.json()["id"]
    assert officer.post(f"/api/permintaan/{pk}/verifikasi/").json()["status"] == "terbuka"
    ranked = officer.get(f"/api/permintaan/{pk}/kandidat/").json()
    assert ranked[0]["usaha_name"] == "Batik Gedog Lestari"
    assert {r["label"] for r in ranked[0]["reasons"]} == {
        "Produk",
        "KBLI",
        "Kapasitas",
        "Sertifikat",
        "Jarak",
    }
    forwarded = officer.post(
        f"/api/permintaan/{pk}/teruskan/", {"usaha": [market.lestari.pk]}, content_type="application/json"
    )
    assert forwarded.json() == {"forwarded": [market.lestari.pk]}


def test_the_public_api_is_read_only(market):
    client = as_user(None)
    assert client.get("/api/katalog/produk/").status_code == 200
    assert client.post("/api/katalog/produk/", {}).status_code in (403, 405)
    assert client.post("/api/katalog/usaha/", {}).status_code in (403, 405)
    assert client.get("/api/katalog/usaha/").status_code == 200
    assert Penawaran.objects.count() == 0
