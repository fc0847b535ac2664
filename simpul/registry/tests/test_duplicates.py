"""Duplicate detection, the review page, "bukan duplikat", and merging two records of one business."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.registry import duplicates
from simpul.registry.duplicates import PairRecord, candidate_pairs, find_pairs, name_key, name_similarity
from simpul.registry.merge import MergeError, choose_survivor, merge, merged_redirect, resolve_merged
from simpul.registry.models import (
    DuplicateDecision,
    Kepemilikan,
    LaporanTahunan,
    Legalitas,
    Pelaku,
    Produk,
    ProduksiProduk,
    Usaha,
)

pytestmark = pytest.mark.django_db

KEC = "35.23.01"  # the kecamatan of roles.petugas_kec
DESA = "35.23.01.2001"
DESA_NEAR = "35.23.01.2002"  # same kecamatan, another desa
DESA_OTHER_KEC = "35.23.16.1003"  # the kecamatan of roles.petugas_other
NIK_A = "3523014508900001"
NIK_B = "3523014508900002"


def usaha(name: str, desa: str = DESA, **fields) -> Usaha:
    return Usaha.objects.create(name=name, desa_id=desa, **fields)


def own(business: Usaha, person: Pelaku) -> Kepemilikan:
    return Kepemilikan.objects.create(usaha=business, pelaku=person)


def pair_ids(pairs) -> set[tuple[int, int]]:
    return {p.ids for p in pairs}


def ids(a: Usaha, b: Usaha) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))


def all_pairs():
    return candidate_pairs(Usaha.objects.all())


# --- Detection ---------------------------------------------------------------------------------


def test_the_same_nib_makes_a_pair_whatever_the_names_and_places():
    a = usaha("Keripik Sari Rasa", nib="1234567890123")
    b = usaha("Gerabah Tanah Liat", desa=DESA_OTHER_KEC, nib="1234567890123")
    (pair,) = all_pairs()
    assert pair.ids == ids(a, b)
    assert pair.score == 100
    assert pair.reasons == ["NIB sama"]


def test_an_owner_shared_by_two_businesses_with_similar_names_makes_a_pair():
    person = Pelaku.objects.create(name="Siti Aminah", nik=NIK_A)
    a = usaha("Batik Sri Rejeki")
    b = usaha("Batik Sri Rejeki Jaya", desa=DESA_OTHER_KEC)
    own(a, person), own(b, person)
    (pair,) = all_pairs()
    assert pair.ids == ids(a, b)
    assert pair.score == 95
    assert pair.reasons[0].startswith("NIK pemilik sama dan nama mirip")


def test_an_owner_of_two_different_trades_is_not_a_duplicate():
    person = Pelaku.objects.create(name="Siti Aminah", nik=NIK_A)
    own(usaha("Batik Sri Rejeki", desa=DESA_NEAR), person)
    own(usaha("Bengkel Las Makmur"), person)
    assert all_pairs() == []


def test_a_similar_name_in_the_same_desa_makes_a_pair_but_not_in_another_desa():
    a = usaha("UD. Sri Rejeki")
    b = usaha("SRI REJEKI")
    usaha("Sri Rejeki", desa=DESA_OTHER_KEC)  # same name, elsewhere, nothing else shared
    (pair,) = all_pairs()
    assert pair.ids == ids(a, b)
    assert pair.score == 90
    assert pair.reasons == ["nama mirip (100%) di desa yang sama"]


def test_a_similar_name_with_the_same_phone_makes_a_pair_across_desa():
    a = usaha("Kerupuk Ikan Bu Tin", whatsapp="+6281234567001")
    b = usaha("Krupuk Ikan Bu Tin", desa=DESA_OTHER_KEC)
    own(b, Pelaku.objects.create(name="Tin", phone="081234567001"))  # the owner's number, written locally
    usaha("Tahu Pak Min", desa=DESA_OTHER_KEC, whatsapp="+6281234567001")  # same phone, other name
    (pair,) = all_pairs()
    assert pair.ids == ids(a, b)
    assert pair.reasons == ["nama mirip dengan nomor telepon yang sama"]
    assert 85 <= pair.score < 95


def test_a_pair_found_by_several_rules_keeps_the_highest_score_and_every_reason():
    a = usaha("Sri Rejeki", nib="1234567890123", whatsapp="+6281234567001")
    b = usaha("UD Sri Rejeki", nib="1234567890123", whatsapp="+6281234567001")
    (pair,) = all_pairs()
    assert pair.ids == ids(a, b)
    assert pair.score == 100
    assert pair.reasons == [
        "NIB sama",
        "nama mirip (100%) di desa yang sama",
        "nama mirip dengan nomor telepon yang sama",
    ]


def test_archived_and_merged_businesses_are_not_proposed():
    a = usaha("Sri Rejeki")
    archived = usaha("Sri Rejeki")
    archived.archive()
    usaha("UD Sri Rejeki", merged_into=a)
    assert all_pairs() == []


def test_a_placeholder_nib_typed_into_many_rows_needs_a_similar_name():
    placeholder = "1111111111111"
    trades = [
        "Batik",
        "Gerabah",
        "Tahu",
        "Sapu ijuk",
        "Genteng",
        "Terasi",
        "Roti",
        "Kursi",
        "Abon",
        "Tas",
        "Sirup",
    ]
    assert len(trades) > duplicates.MAX_SHARED_NIB
    for index, trade in enumerate(trades):
        usaha(trade, desa=DESA_NEAR if index % 2 else DESA, nib=placeholder)
    a = usaha("Tempe Murni", desa=DESA_OTHER_KEC, nib=placeholder)
    b = usaha("Tempe Murnie", desa="35.23.16.1005", nib=placeholder)
    (pair,) = all_pairs()
    assert pair.ids == ids(a, b)
    assert pair.reasons == ["NIB sama"]


def test_the_name_key_compares_exactly_like_name_similarity():
    from rapidfuzz import fuzz

    names = ["UD. Sri Rejeki", "Rejeki Sri", "CV Maju Jaya Abadi", "Kripik tempe", "Keripik Tempe Bu Darmi"]
    for left in names:
        for right in names:
            assert fuzz.ratio(name_key(left), name_key(right)) == name_similarity(left, right)


def test_a_huge_block_is_searched_by_neighbourhood_and_still_finds_spelling_variants(monkeypatch):
    monkeypatch.setattr(duplicates, "FULL_COMPARE_LIMIT", 10)
    records = [
        PairRecord(
            i, name_key(f"usaha {i:04d} {'abcdefghij'[i % 10] * 6}"), "D", "", frozenset(), frozenset()
        )
        for i in range(1, 200)
    ]
    records.append(PairRecord(500, name_key("Keripik Tempe Bu Darmi"), "D", "", frozenset(), frozenset()))
    records.append(PairRecord(501, name_key("Kripik Tempe Bu Darmi"), "D", "", frozenset(), frozenset()))
    found = pair_ids(find_pairs(records))
    assert (500, 501) in found


@pytest.mark.parametrize("size", [3, 60])
def test_the_pair_search_makes_at_most_four_queries_whatever_the_number_of_businesses(
    roles, size, django_assert_max_num_queries
):
    person = Pelaku.objects.create(name="Siti", nik=NIK_A, phone="+6281234567001")
    for index in range(size):
        own(
            usaha(f"Usaha Contoh {index % 7}", desa=DESA_NEAR if index % 2 else DESA, whatsapp=person.phone),
            person,
        )
    officer = type(roles.petugas_kec).objects.get(pk=roles.petugas_kec.pk)  # its scope not yet read
    with django_assert_max_num_queries(4):  # scope, businesses, owners, "bukan duplikat" decisions
        pairs = candidate_pairs(Usaha.objects.restrict(officer, "change"))
    assert pairs


def test_the_review_page_makes_the_same_queries_for_one_pair_or_a_full_page(client, roles):
    def page_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("registry:duplicate_list"))
        return len(captured.captured_queries), len(response.context["pairs"])

    client.force_login(roles.petugas)
    usaha("Sri Rejeki"), usaha("UD Sri Rejeki")
    few, shown = page_queries()
    assert shown == 1
    person = Pelaku.objects.create(name="Siti", nik=NIK_A)
    for index in range(30):
        own(usaha(f"Batik Sri Rejeki {index % 3}", nib=f"{index % 4 + 1}" * 13), person)
    many, shown = page_queries()
    assert shown == 20  # a full page, two records each with owners and counts
    assert many == few <= 12


# --- The review page and "bukan duplikat" ------------------------------------------------------


def test_the_review_page_shows_each_pair_with_score_reasons_and_both_records(client, roles):
    a = usaha("UD. Sri Rejeki", address="Jl. Pahlawan 1")
    b = usaha("Sri Rejeki", address="Jl. Pahlawan 1 RT 02")
    client.force_login(roles.petugas)
    response = client.get(reverse("registry:duplicate_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "skor 90" in html and "nama mirip (100%) di desa yang sama" in html
    assert "Jl. Pahlawan 1 RT 02" in html and f"#{a.pk}" in html and f"#{b.pk}" in html
    (item,) = response.context["pairs"]
    assert item.survivor == a  # as complete as b, and older


def test_marking_bukan_duplikat_stops_the_pair_being_proposed(client, roles):
    a, b = usaha("Sri Rejeki"), usaha("UD Sri Rejeki")
    client.force_login(roles.petugas)
    response = client.post(reverse("registry:duplicate_dismiss", args=[b.pk, a.pk]))
    assert response.status_code == 302
    decision = DuplicateDecision.objects.get()
    assert (decision.first_id, decision.second_id) == ids(a, b)
    assert decision.verdict == DuplicateDecision.Verdict.NOT_DUPLICATE
    assert decision.decided_by == roles.petugas
    assert all_pairs() == []
    page = client.get(response.url)
    assert page.context["pairs"] == []
    assert "tidak akan diusulkan lagi" in page.content.decode()


def test_a_dismissed_pair_does_not_hide_other_pairs_of_the_same_businesses():
    a, b, c = usaha("Sri Rejeki"), usaha("UD Sri Rejeki"), usaha("Sri Rejeki.")
    DuplicateDecision.record(a.pk, b.pk, DuplicateDecision.Verdict.NOT_DUPLICATE)
    assert pair_ids(all_pairs()) == {ids(a, c), ids(b, c)}


# --- Scope and permissions ---------------------------------------------------------------------


@pytest.fixture
def three_pairs():
    """A pair in each officer's kecamatan, and one whose halves lie in the two kecamatan."""
    home = (usaha("Sri Rejeki"), usaha("UD Sri Rejeki"))
    other = (usaha("Maju Jaya", desa=DESA_OTHER_KEC), usaha("CV Maju Jaya", desa=DESA_OTHER_KEC))
    across = (
        usaha("Tahu Pak Min", nib="1234567890123"),
        usaha("Tahu Min", DESA_OTHER_KEC, nib="1234567890123"),
    )
    return {"home": ids(*home), "other": ids(*other), "across": ids(*across)}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("admin", {"home", "other", "across"}),
        ("petugas", {"home", "other", "across"}),
        ("petugas_kec", {"home"}),
        ("petugas_other", {"other"}),
    ],
)
def test_an_officer_sees_only_pairs_whose_two_businesses_lie_in_their_scope(
    client, roles, three_pairs, who, sees
):
    client.force_login(getattr(roles, who))
    response = client.get(reverse("registry:duplicate_list"))
    shown = {item.pair.ids for item in response.context["pairs"]}
    assert shown == {three_pairs[name] for name in sees}


def test_a_kecamatan_officer_cannot_merge_or_dismiss_a_pair_outside_their_scope(client, roles, three_pairs):
    client.force_login(roles.petugas_kec)
    first, second = three_pairs["across"]
    merge_url = reverse("registry:duplicate_merge", args=[first, second])
    assert client.get(merge_url).status_code == 404
    assert client.post(merge_url, {"survivor": first}).status_code == 404
    assert client.post(reverse("registry:duplicate_dismiss", args=[first, second])).status_code == 404
    assert not Usaha.objects.exclude(merged_into=None).exists()
    assert not DuplicateDecision.objects.exists()


@pytest.mark.parametrize("who", ["pimpinan", "pelaku", "asosiasi", "mitra", "anonymous"])
def test_only_office_editors_reach_the_review_merge_and_dismiss(client, roles, three_pairs, who):
    if who != "anonymous":
        client.force_login(getattr(roles, who))
    first, second = three_pairs["home"]
    requests = [
        ("get", reverse("registry:duplicate_list"), {}),
        ("get", reverse("registry:duplicate_merge", args=[first, second]), {}),
        ("post", reverse("registry:duplicate_merge", args=[first, second]), {"survivor": first}),
        ("post", reverse("registry:duplicate_dismiss", args=[first, second]), {}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if who == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url
        else:
            assert response.status_code == 403, url
    assert not Usaha.objects.exclude(merged_into=None).exists()
    assert not DuplicateDecision.objects.exists()


# --- Merge -------------------------------------------------------------------------------------


@pytest.fixture
def twins():
    """Two records of one business: `old` (with an owner and a 2024 report) and `new` (richer)."""
    siti = Pelaku.objects.create(name="Siti Aminah", nik=NIK_A)
    budi = Pelaku.objects.create(name="Budi", nik=NIK_B)
    old = usaha("Keripik Sari Rasa", address="Jl. Pahlawan 12")
    new = usaha(
        "UD Keripik Sari Rasa",
        nib="1234567890123",
        whatsapp="+6281234567001",
        latitude=Decimal("-6.9"),
        longitude=Decimal("112.05"),
        address="alamat lain",
    )
    own(old, siti)
    own(new, siti)
    own(new, budi)
    LaporanTahunan.objects.create(usaha=old, year=2024, workforce_male=1)
    product = Produk.objects.create(usaha=new, name="Keripik singkong balado", unit="kg")
    report = LaporanTahunan.objects.create(usaha=new, year=2023, workforce_female=4)
    ProduksiProduk.objects.create(laporan=report, produk=product, volume=Decimal(10))
    certificate = Legalitas.objects.create(usaha=new, kind="halal", number="ID123")
    certificate.products.add(product)
    return {
        "old": old,
        "new": new,
        "siti": siti,
        "budi": budi,
        "product": product,
        "report": report,
        "certificate": certificate,
    }


def test_merge_moves_products_reports_certificates_and_owners_and_archives_the_duplicate(roles, twins):
    survivor, duplicate = twins["old"], twins["new"]
    merge(survivor, duplicate, roles.petugas)

    assert list(survivor.produk.all()) == [twins["product"]]
    assert sorted(survivor.laporan.values_list("year", flat=True)) == [2023, 2024]
    assert list(survivor.legalitas.all()) == [twins["certificate"]]
    assert twins["certificate"].products.get() == twins["product"]
    assert sorted(survivor.owners.values_list("name", flat=True)) == ["Budi", "Siti Aminah"]
    assert Kepemilikan.objects.filter(pelaku=twins["siti"]).count() == 1  # not recorded twice
    assert not Kepemilikan.objects.filter(usaha=duplicate).exists()

    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.is_archived
    survivor.refresh_from_db()
    assert survivor.address == "Jl. Pahlawan 12"  # kept: only empty fields are filled
    assert survivor.nib == "1234567890123" and survivor.whatsapp == "+6281234567001"
    assert (survivor.latitude, survivor.longitude) == (Decimal("-6.9"), Decimal("112.05"))
    assert survivor.completeness > 0


def test_merge_leaves_history_on_both_records_and_on_every_moved_row(roles, twins):
    survivor, duplicate = twins["old"], twins["new"]
    merge(survivor, duplicate, roles.petugas)

    survivor_change = survivor.history.latest()
    assert survivor_change.history_change_reason == f"Digabung dari #{duplicate.pk}"
    assert survivor_change.history_user == roles.petugas
    changed = {c.field for c in survivor_change.diff_against(survivor_change.prev_record).changes}
    assert {"nib", "whatsapp", "latitude", "longitude"} <= changed
    duplicate_change = duplicate.history.latest()
    assert duplicate_change.history_change_reason == f"Digabung ke #{survivor.pk}"
    assert duplicate_change.merged_into_id == survivor.pk and duplicate_change.archived_at is not None
    moved = twins["product"].history.latest()
    assert moved.usaha_id == survivor.pk
    assert moved.history_change_reason == f"Dipindah dari usaha #{duplicate.pk} (penggabungan)"
    removed = Kepemilikan.history.filter(usaha_id=duplicate.pk, pelaku_id=twins["siti"].pk).latest()
    assert removed.history_type == "-"

    decision = DuplicateDecision.objects.get()
    assert decision.verdict == DuplicateDecision.Verdict.MERGED
    assert decision.decided_by == roles.petugas
    assert "1 produk" in decision.note

    from simpul.registry.history import for_usaha

    reasons = {entry["reason"] for entry in for_usaha(survivor)}
    assert f"Digabung dari #{duplicate.pk}" in reasons
    assert f"Dipindah dari usaha #{duplicate.pk} (penggabungan)" in reasons


def test_a_year_reported_by_both_keeps_the_survivors_report_filled_from_the_duplicates(roles):
    survivor, duplicate = usaha("Sri Rejeki"), usaha("UD Sri Rejeki")
    kept = LaporanTahunan.objects.create(usaha=survivor, year=2025, production_value=Decimal(100))
    other = LaporanTahunan.objects.create(
        usaha=duplicate,
        year=2025,
        workforce_male=3,
        workforce_female=2,
        production_value=Decimal(999),
        sales_local=Decimal(700),
    )
    line = ProduksiProduk.objects.create(laporan=other, volume=Decimal(5))
    merge(survivor, duplicate, roles.petugas)

    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.production_value == 100  # the survivor's figure is never overwritten
    assert kept.sales_local == 700  # an empty figure is filled
    assert (kept.workforce_male, kept.workforce_female) == (3, 2)
    assert (
        kept.history.latest().history_change_reason == f"Dilengkapi dari laporan #{other.pk} (penggabungan)"
    )
    line.refresh_from_db()
    assert line.laporan == kept
    assert other.usaha == duplicate and other.is_archived  # its figures stay readable where they were
    assert "sudah ada di usaha" in other.history.latest().history_change_reason
    note = DuplicateDecision.objects.get().note
    assert "Tahun 2025 ada di keduanya" in note and "Rp999" in note


def test_the_same_certificate_on_both_is_kept_once_and_covers_both_products(roles):
    survivor, duplicate = usaha("Sri Rejeki"), usaha("UD Sri Rejeki")
    kept = Legalitas.objects.create(usaha=survivor, kind="pirt", number="P-IRT 123")
    copy = Legalitas.objects.create(usaha=duplicate, kind="pirt", number="p-irt123")
    product = Produk.objects.create(usaha=duplicate, name="Tempe")
    copy.products.add(product)
    merge(survivor, duplicate, roles.petugas)
    assert list(survivor.legalitas.filter(archived_at=None)) == [kept]
    assert list(kept.products.all()) == [product]
    copy.refresh_from_db()
    assert copy.is_archived


def test_merge_refuses_a_record_with_itself_or_an_already_merged_one(roles):
    a, b, c = usaha("Sri Rejeki"), usaha("UD Sri Rejeki"), usaha("Sri Rejeki.")
    with pytest.raises(MergeError):
        merge(a, a, roles.petugas)
    merge(a, b, roles.petugas)
    with pytest.raises(MergeError, match="sudah digabung"):
        merge(c, b, roles.petugas)
    assert not Produk.objects.exists()


def test_an_earlier_merge_into_the_duplicate_is_pointed_at_the_new_survivor(roles):
    a, b, c = usaha("Sri Rejeki"), usaha("UD Sri Rejeki"), usaha("Sri Rejeki.")
    merge(b, c, roles.petugas)
    merge(a, b, roles.petugas)
    c.refresh_from_db()
    assert c.merged_into == a


def test_the_default_survivor_is_the_verified_then_more_complete_then_older_record(roles):
    older, newer = usaha("Sri Rejeki"), usaha("UD Sri Rejeki", nib="1234567890123")
    older.refresh_from_db(), newer.refresh_from_db()
    assert choose_survivor(older, newer) == (newer, older)  # more complete
    newer.nib = ""
    newer.save()
    newer.refresh_from_db()
    assert choose_survivor(newer, older) == (older, newer)  # equally complete: the older
    from django.utils import timezone

    newer.verified_at = timezone.now()
    assert choose_survivor(older, newer) == (newer, older)


def test_the_merge_page_shows_the_plan_and_merges_on_confirmation(client, roles, twins):
    survivor, duplicate = twins["old"], twins["new"]
    client.force_login(roles.petugas)
    url = reverse("registry:duplicate_merge", args=[survivor.pk, duplicate.pk])
    page = client.get(url, {"survivor": survivor.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 produk dipindahkan" in html and "1 pemilik dipindahkan" in html
    assert "tidak digandakan" in html and "NIB" in html
    response = client.post(url, {"survivor": survivor.pk, "note": "dicek di lapangan"})
    assert response.status_code == 302 and response.url == survivor.get_absolute_url()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert "dicek di lapangan" in DuplicateDecision.objects.get().note
    shown = client.get(response.url).content.decode()
    assert "digabung ke data ini" in shown


def test_a_pair_already_merged_sends_the_officer_back_to_the_list(client, roles, twins):
    merge(twins["old"], twins["new"], roles.petugas)
    client.force_login(roles.petugas)
    response = client.get(
        reverse("registry:duplicate_merge", args=[twins["old"].pk, twins["new"].pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("registry:duplicate_list"), 302)]
    assert "sudah tidak aktif" in response.content.decode()


def test_the_merge_page_refuses_a_survivor_outside_the_pair(client, roles, twins):
    stranger = usaha("Lain")
    client.force_login(roles.petugas)
    url = reverse("registry:duplicate_merge", args=[twins["old"].pk, twins["new"].pk])
    response = client.post(url, {"survivor": stranger.pk})
    assert response.status_code == 200
    assert not Usaha.objects.exclude(merged_into=None).exists()


# --- The merged record's address keeps resolving ----------------------------------------------


def test_resolve_merged_finds_the_survivor_within_the_users_scope(roles):
    survivor, duplicate = usaha("Sri Rejeki"), usaha("UD Sri Rejeki")
    elsewhere = usaha("Sri Rejeki", desa=DESA_OTHER_KEC)
    merge(survivor, duplicate, roles.petugas)
    assert resolve_merged(Usaha.objects.restrict(roles.petugas_kec), duplicate.pk) == survivor
    assert resolve_merged(Usaha.objects.restrict(roles.petugas_other), duplicate.pk) is None
    assert resolve_merged(Usaha.objects.restrict(roles.petugas), survivor.pk) is None
    assert resolve_merged(Usaha.objects.restrict(roles.petugas), elsewhere.pk) is None
    assert resolve_merged(Usaha.objects.restrict(roles.petugas), 999_999) is None


def test_the_wiring_given_to_the_lead_redirects_a_merged_business_with_a_message(rf, roles):
    """The three lines the lead adds to UsahaDetailView, run here on a subclass."""
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from simpul.registry.views import UsahaDetailView

    class Wired(UsahaDetailView):
        def get(self, request, *args, **kwargs):
            survivor = resolve_merged(self.get_queryset(), kwargs["pk"])
            return merged_redirect(request, survivor) if survivor else super().get(request, *args, **kwargs)

    survivor, duplicate = usaha("Sri Rejeki"), usaha("UD Sri Rejeki")
    owner = Pelaku.objects.create(name="Siti", account=roles.pelaku)
    own(duplicate, owner)
    merge(survivor, duplicate, roles.petugas)
    request = rf.get(f"/usaha/{duplicate.pk}/")
    request.user = roles.pelaku  # the owner's link to the old record still leads to their business
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = Wired.as_view(url_base="registry:usaha")(request, pk=duplicate.pk)
    assert response.status_code == 302 and response.url == survivor.get_absolute_url()
    assert "telah digabung" in str(list(get_messages(request))[0])


def test_opening_a_merged_business_redirects_to_the_survivor(client, roles):
    survivor, duplicate = usaha("Sri Rejeki"), usaha("UD Sri Rejeki")
    merge(survivor, duplicate, roles.petugas)
    client.force_login(roles.petugas)
    response = client.get(reverse("registry:usaha_detail", args=[duplicate.pk]), follow=True)
    assert response.redirect_chain == [(survivor.get_absolute_url(), 302)]
    assert "telah digabung" in response.content.decode()
