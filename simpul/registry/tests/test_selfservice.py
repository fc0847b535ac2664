"""Owner self-service: invitations, change requests and their review, and who may see what.

Business A (kecamatan 35.23.01) belongs to roles.pelaku, business B
(35.23.16) to roles.pelaku_other; see conftest.py.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from simpul.accounts.models import User
from simpul.core.roles import Role
from simpul.registry import selfservice
from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, Usaha
from simpul.registry.models_selfservice import ChangeRequest, OwnerInvite

Target = ChangeRequest.Target
STRONG_PASSWORD = "Gerabah-Tuban-2026!"


# ---------------------------------------------------------------- helpers


@pytest.fixture
def newcomer(registry) -> Pelaku:
    """A second owner of business A who has no account yet."""
    person = Pelaku.objects.create(
        name="Sri Wahyuni", phone="+6281234567002", email="sri.wahyuni@example.id", gender="P"
    )
    Kepemilikan.objects.create(usaha=registry.a, pelaku=person)
    return person


def issue(registry, newcomer, roles, channel=OwnerInvite.Channel.WHATSAPP) -> selfservice.IssuedInvite:
    sent_to = newcomer.phone if channel == OwnerInvite.Channel.WHATSAPP else newcomer.email
    return selfservice.issue_invite(
        usaha=registry.a, pelaku=newcomer, channel=channel, sent_to=sent_to, officer=roles.petugas_kec
    )


def account_data(username: str = "sri.keripik") -> dict:
    return {"username": username, "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD}


def product_data(produk: Produk, **overrides) -> dict:
    """What the owner's product form posts: the stored values, with some changed."""
    data = selfservice.record_values(produk, selfservice.OWNER_PRODUK_FIELDS)
    data = {name: "" if value is None else value for name, value in data.items()}
    if not data.get("in_catalog"):
        data.pop("in_catalog", None)  # an unticked checkbox is absent from a POST
    data.update(overrides)
    return data


def report_data(**overrides) -> dict:
    data = {"year": 2024, "workforce_male": 1, "workforce_female": 2, "production_value": "90000000"}
    data.update(overrides)
    return data


def png(name: str = "foto.png", colour: str = "#e49b0f") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, selfservice.sample_photo((60, 40), colour=colour), "image/png")


def propose_price(client, registry, roles, price_min="12000", price_max="15000", **extra) -> ChangeRequest:
    """The owner of A proposes new prices for A's product through the screen."""
    client.force_login(roles.pelaku)
    data = product_data(registry.product_a, price_min=price_min, price_max=price_max, **extra)
    response = client.post(reverse("registry:self_produk_edit", args=[registry.product_a.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ChangeRequest.objects.latest("pk")


# ---------------------------------------------------------------- invitations


def test_an_officer_invites_by_whatsapp_and_sees_the_code_and_link_once(client, registry, roles, newcomer):
    client.force_login(roles.petugas_kec)
    url = reverse("registry:invite_create", args=[registry.a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["sent_to"] == newcomer.phone

    response = client.post(url, {"pelaku": newcomer.pk, "channel": "whatsapp", "sent_to": "0812 3456 7002"})
    invite = OwnerInvite.objects.get()
    assert response.url == reverse("registry:invite_sent", args=[invite.pk])
    assert invite.sent_to == "+6281234567002"
    assert invite.expires_at - timezone.now() > timedelta(days=6, hours=23)

    shown = client.get(response.url)
    issued = shown.context["issued"]
    assert issued["whatsapp_url"].startswith("https://wa.me/6281234567002?text=")
    code = issued["code"].replace(" ", "")
    assert len(code) == 8 and code.isdigit()
    assert code in issued["whatsapp_url"].replace("%20", "")
    assert "/undangan/" in issued["link"]
    # Shown once: only hashes are stored, and the page no longer has the code.
    assert code not in invite.code_hash and issued["link"].rsplit("/", 2)[-2] not in invite.token_hash
    assert client.get(response.url).context["issued"] is None


def test_an_invitation_by_email_is_mailed(client, registry, roles, newcomer, mailoutbox):
    client.force_login(roles.admin)
    client.post(
        reverse("registry:invite_create", args=[registry.a.pk]),
        {"pelaku": newcomer.pk, "channel": "email", "sent_to": "Sri.Wahyuni@Example.id"},
    )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sri.wahyuni@example.id"]
    assert "/undangan/" in mail.body and "Keripik Sari Rasa" in mail.body


def test_an_invalid_address_is_refused(client, registry, roles, newcomer):
    client.force_login(roles.petugas)
    response = client.post(
        reverse("registry:invite_create", args=[registry.a.pk]),
        {"pelaku": newcomer.pk, "channel": "email", "sent_to": "bukan surel"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sent_to"]
    assert not OwnerInvite.objects.exists()


def test_the_link_creates_a_pelaku_account_linked_to_the_person(client, registry, roles, newcomer):
    issued = issue(registry, newcomer, roles)
    response = client.post(issued.path, account_data())
    assert response.url == reverse("registry:self_home")
    user = User.objects.get(username="sri.keripik")
    newcomer.refresh_from_db()
    assert user.role == Role.PELAKU and newcomer.account == user
    assert user.first_name == "Sri Wahyuni"
    # Logged in, and sees the business on /saya/.
    home = client.get(reverse("registry:self_home"))
    assert list(home.context["businesses"]) == [registry.a]


def test_the_code_works_once(client, registry, roles, newcomer):
    issued = issue(registry, newcomer, roles)
    response = client.post(reverse("registry:invite_code"), {"code": issued.code_display})
    assert response.url == reverse("registry:invite_accept_code")
    client.post(response.url, account_data())
    assert User.objects.filter(username="sri.keripik").exists()

    client.logout()
    again = client.post(reverse("registry:invite_code"), {"code": issued.code})
    assert again.status_code == 200 and again.context["form"].errors["code"]
    assert client.get(issued.path).status_code == 404


def test_the_same_invitation_cannot_be_redeemed_twice(registry, roles, newcomer):
    from simpul.registry.selfservice_views import OwnerAccountForm

    issued = issue(registry, newcomer, roles)
    first = OwnerAccountForm(account_data("satu"), pelaku=newcomer)
    second = OwnerAccountForm(account_data("dua"), pelaku=newcomer)
    assert first.is_valid() and second.is_valid()
    selfservice.redeem_invite(issued.invite, first)
    with pytest.raises(selfservice.InviteError):
        selfservice.redeem_invite(issued.invite, second)
    assert not User.objects.filter(username="dua").exists()


def test_an_expired_invitation_is_refused(client, registry, roles, newcomer):
    issued = issue(registry, newcomer, roles)
    OwnerInvite.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(issued.path).status_code == 404
    response = client.post(reverse("registry:invite_code"), {"code": issued.code})
    assert response.context["form"].errors["code"]
    assert selfservice.find_by_code(issued.code) is None


def test_a_new_invitation_replaces_the_earlier_one(client, registry, roles, newcomer):
    old = issue(registry, newcomer, roles)
    new = issue(registry, newcomer, roles)
    assert client.get(old.path).status_code == 404
    assert client.get(new.path).status_code == 200
    assert OwnerInvite.objects.get(pk=old.invite.pk).revoked_at is not None


def test_django_password_validators_apply(client, registry, roles, newcomer):
    issued = issue(registry, newcomer, roles)
    response = client.post(issued.path, {"username": "sri", "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(username="sri").exists()
    assert OwnerInvite.objects.get().used_at is None


def test_too_many_wrong_codes_lock_the_address_out(client, registry, roles, newcomer):
    from django.core.cache import cache

    cache.clear()
    issued = issue(registry, newcomer, roles)
    for _ in range(selfservice.MAX_CODE_FAILURES):
        client.post(reverse("registry:invite_code"), {"code": "00000000"})
    response = client.post(reverse("registry:invite_code"), {"code": issued.code})
    assert response.status_code == 200
    assert "Terlalu banyak" in str(response.context["form"].errors["code"])
    cache.clear()


def test_a_person_with_an_account_cannot_be_invited(registry, roles):
    with pytest.raises(selfservice.InviteError):
        selfservice.issue_invite(
            usaha=registry.a,
            pelaku=registry.owner_a,
            channel="whatsapp",
            sent_to="+62812",
            officer=roles.admin,
        )


def test_a_logged_in_user_is_asked_to_log_out_first(client, registry, roles, newcomer):
    issued = issue(registry, newcomer, roles)
    client.force_login(roles.petugas)
    assert client.get(issued.path).status_code == 409


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", 200),
        ("petugas", 200),
        ("petugas_kec", 200),
        ("petugas_other", 404),
        ("pimpinan", 403),
        ("pelaku", 403),
        ("mitra", 403),
        ("asosiasi", 403),
        ("anonymous", "login"),
    ],
)
def test_who_may_invite(client, registry, roles, newcomer, who, expected):
    if who != "anonymous":
        client.force_login(getattr(roles, who))
    response = client.get(reverse("registry:invite_create", args=[registry.a.pk]))
    if expected == "login":
        assert response.status_code == 302 and "/akun/masuk/" in response.url
    else:
        assert response.status_code == expected


# ---------------------------------------------------------------- change requests


def test_an_owner_proposal_leaves_the_product_unchanged(client, registry, roles):
    change = propose_price(client, registry, roles, catatan_pelaku="Bahan baku naik.")
    registry.product_a.refresh_from_db()
    assert registry.product_a.price_min is None
    assert change.status == ChangeRequest.Status.PENDING
    assert change.target == Target.PRODUK and change.produk == registry.product_a
    # Only what differs from the stored record is kept.
    assert change.changes == {"price_min": "12000", "price_max": "15000"}
    assert change.note == "Bahan baku naik."
    assert change.submitted_by == roles.pelaku


def test_a_proposal_that_changes_nothing_is_refused(client, registry, roles):
    client.force_login(roles.pelaku)
    url = reverse("registry:self_produk_edit", args=[registry.product_a.pk])
    response = client.post(url, product_data(registry.product_a))
    assert response.status_code == 200
    assert "Tidak ada yang berubah" in str(response.context["form"].non_field_errors())
    assert not ChangeRequest.objects.exists()


def test_an_invalid_proposal_is_not_stored(client, registry, roles):
    client.force_login(roles.pelaku)
    url = reverse("registry:self_produk_edit", args=[registry.product_a.pk])
    response = client.post(url, product_data(registry.product_a, price_min="20000", price_max="10000"))
    assert response.status_code == 200
    assert response.context["form"].errors["price_max"]
    assert not ChangeRequest.objects.exists()


def test_the_owner_form_offers_only_the_owners_fields(client, registry, roles):
    client.force_login(roles.pelaku)
    form = client.get(reverse("registry:self_profile", args=[registry.a.pk])).context["form"]
    assert "desa" not in form.fields and "source" not in form.fields and "kbli" not in form.fields
    assert "whatsapp" in form.fields


def test_a_new_request_replaces_the_waiting_one_and_the_form_shows_it(client, registry, roles):
    first = propose_price(client, registry, roles)
    page = client.get(reverse("registry:self_produk_edit", args=[registry.product_a.pk]))
    assert page.context["pending"] == first
    assert page.context["form"]["price_min"].value() == "12000"
    second = propose_price(client, registry, roles, price_min="13000", price_max="16000")
    first.refresh_from_db()
    assert first.status == ChangeRequest.Status.WITHDRAWN
    assert second.status == ChangeRequest.Status.PENDING


def test_approval_applies_the_change_and_records_it_in_history(client, registry, roles):
    change = propose_price(client, registry, roles)
    client.force_login(roles.petugas_kec)
    review = client.get(reverse("registry:changerequest_detail", args=[change.pk]))
    rows = {row.name: row for row in review.context["review"].rows}
    assert rows["price_min"].before == "—" and rows["price_min"].after == "12.000"

    response = client.post(reverse("registry:changerequest_approve", args=[change.pk]))
    assert response.status_code == 302
    registry.product_a.refresh_from_db()
    assert registry.product_a.price_min == Decimal(12000)
    assert registry.product_a.price_max == Decimal(15000)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED and change.decided_by == roles.petugas_kec
    # Afterwards the request still reads as it was decided, not against today's values.
    rows_after = {row.name: row for row in selfservice.change_rows(change)}
    assert rows_after["price_min"].before == "—" and rows_after["price_min"].changed
    assert client.get(reverse("registry:changerequest_detail", args=[change.pk])).status_code == 200
    record = registry.product_a.history.latest()
    assert record.history_change_reason == f"Disetujui dari permintaan #{change.pk} oleh {roles.petugas_kec}"
    assert record.history_user == roles.petugas_kec


def test_a_request_cannot_be_approved_twice(client, registry, roles):
    change = propose_price(client, registry, roles)
    selfservice.approve(change, roles.admin)
    with pytest.raises(selfservice.DecisionError):
        selfservice.approve(change, roles.admin)


def test_a_profile_change_marks_the_business_as_self_reported(client, registry, roles):
    client.force_login(roles.pelaku)
    form = selfservice.owner_form(Target.USAHA, registry.a)
    data = {
        name: ("" if value is None else value)
        for name, value in selfservice.record_values(registry.a, selfservice.OWNER_USAHA_FIELDS).items()
    }
    data.update(whatsapp="0812 1111 2222", year_founded="2015")
    assert "desa" not in form.fields
    client.post(reverse("registry:self_profile", args=[registry.a.pk]), data)
    change = ChangeRequest.objects.get()
    assert change.changes == {"whatsapp": "+6281211112222", "year_founded": 2015}
    review = selfservice.approve(change, roles.admin)
    assert not review.errors
    registry.a.refresh_from_db()
    assert registry.a.whatsapp == "+6281211112222" and registry.a.year_founded == 2015
    assert registry.a.source == Usaha.Source.MANDIRI
    assert registry.a.desa_id == "35.23.01.2001"  # untouched fields keep their values
    assert registry.a.nib == "1234567890123"


def test_a_new_report_is_created_on_approval(client, registry, roles):
    client.force_login(roles.pelaku)
    client.post(reverse("registry:self_laporan_add", args=[registry.a.pk]), report_data())
    change = ChangeRequest.objects.get()
    assert change.action == ChangeRequest.Action.CREATE
    assert not LaporanTahunan.objects.filter(usaha=registry.a, year=2024).exists()
    assert not selfservice.approve(change, roles.admin).errors
    report = LaporanTahunan.objects.get(usaha=registry.a, year=2024)
    assert report.workforce_total == 3
    change.refresh_from_db()
    assert change.laporan == report


def test_data_that_became_invalid_is_shown_and_not_applied(client, registry, roles):
    change = propose_price(client, registry, roles, price_min="", price_max="15000")
    # Meanwhile an officer sets a minimum above the proposed maximum.
    Produk.objects.filter(pk=registry.product_a.pk).update(price_min=Decimal(20000))
    client.force_login(roles.admin)
    page = client.get(reverse("registry:changerequest_detail", args=[change.pk]))
    assert not page.context["review"].can_approve
    assert "Harga tertinggi" in page.content.decode()

    response = client.post(reverse("registry:changerequest_approve", args=[change.pk]))
    assert response.status_code == 200
    assert response.context["review"].errors
    change.refresh_from_db()
    registry.product_a.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING
    assert registry.product_a.price_max is None


def test_a_new_report_for_a_year_that_now_exists_is_not_applied(client, registry, roles):
    client.force_login(roles.pelaku)
    client.post(reverse("registry:self_laporan_add", args=[registry.a.pk]), report_data())
    change = ChangeRequest.objects.get()
    LaporanTahunan.objects.create(usaha=registry.a, year=2024)
    review = selfservice.approve(change, roles.admin)
    assert any("2024" in line for line in review.errors)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING
    assert LaporanTahunan.objects.filter(usaha=registry.a, year=2024).count() == 1


def test_a_change_to_an_archived_product_is_not_applied(client, registry, roles):
    change = propose_price(client, registry, roles)
    registry.product_a.archive()
    review = selfservice.approve(change, roles.admin)
    assert review.errors and not review.can_approve


def test_rejection_needs_a_reason_which_the_owner_sees(client, registry, roles):
    change = propose_price(client, registry, roles)
    client.force_login(roles.petugas_kec)
    url = reverse("registry:changerequest_reject", args=[change.pk])
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 200 and empty.context["reject_form"].errors["reason"]
    change.refresh_from_db()
    assert change.is_pending

    client.post(url, {"reason": "Harga tidak sesuai survei pasar."})
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REJECTED
    registry.product_a.refresh_from_db()
    assert registry.product_a.price_min is None

    client.force_login(roles.pelaku)
    home = client.get(reverse("registry:self_home")).content.decode()
    assert "Harga tidak sesuai survei pasar." in home
    detail = client.get(reverse("registry:self_request", args=[change.pk])).content.decode()
    assert "Harga tidak sesuai survei pasar." in detail


def test_the_owner_withdraws_a_waiting_request(client, registry, roles):
    change = propose_price(client, registry, roles)
    client.post(reverse("registry:self_request_withdraw", args=[change.pk]))
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WITHDRAWN
    with pytest.raises(selfservice.DecisionError):
        selfservice.approve(change, roles.admin)


# ---------------------------------------------------------------- photos


def test_a_photo_waits_in_holding_and_moves_to_the_product_on_approval(
    client, registry, roles, django_capture_on_commit_callbacks
):
    change = propose_price(client, registry, roles, photo=png())
    assert change.photo.name.startswith("perubahan/")
    registry.product_a.refresh_from_db()
    assert not registry.product_a.photo
    held = change.photo.name
    storage = change.photo.storage
    assert storage.exists(held)

    with django_capture_on_commit_callbacks(execute=True):
        assert not selfservice.approve(change, roles.admin).errors
    registry.product_a.refresh_from_db()
    assert registry.product_a.photo.name.startswith("produk/")
    assert not storage.exists(held)
    change.refresh_from_db()
    assert not change.photo


def test_a_replaced_request_hands_over_or_drops_its_photo(
    client, registry, roles, django_capture_on_commit_callbacks
):
    first = propose_price(client, registry, roles, photo=png())
    held = first.photo.name
    second = propose_price(client, registry, roles, price_min="13000")
    assert second.photo.name == held  # no new photo: the waiting one carries over
    with django_capture_on_commit_callbacks(execute=True):
        third = propose_price(client, registry, roles, price_min="14000", photo=png("baru.png"))
    assert third.photo.name != held
    assert not third.photo.storage.exists(held)


def test_a_new_product_with_a_photo_is_created_on_approval(client, registry, roles):
    client.force_login(roles.pelaku)
    data = {"name": "Keripik pisang", "unit": "kg", "price_min": "30000", "photo": png()}
    client.post(reverse("registry:self_produk_add", args=[registry.a.pk]), data)
    change = ChangeRequest.objects.get()
    assert not Produk.objects.filter(name="Keripik pisang").exists()
    assert not selfservice.approve(change, roles.admin).errors
    produk = Produk.objects.get(name="Keripik pisang")
    assert produk.usaha == registry.a and produk.photo and produk.kbli_id == "10"


def test_a_file_that_is_not_an_image_is_refused(client, registry, roles):
    client.force_login(roles.pelaku)
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 bukan gambar", "image/jpeg")
    url = reverse("registry:self_produk_edit", args=[registry.product_a.pk])
    response = client.post(url, product_data(registry.product_a, price_min="1000", photo=fake))
    assert response.status_code == 200 and response.context["form"].errors["photo"]
    assert not ChangeRequest.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client, registry, roles, settings):
    settings.SIMPUL_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile(
        "besar.png", selfservice.sample_photo((60, 40)) + b"\0" * (1024 * 1024), "image/png"
    )
    with pytest.raises(Exception, match="paling besar 1 MB"):
        selfservice.validate_photo(big)
    client.force_login(roles.pelaku)
    url = reverse("registry:self_produk_edit", args=[registry.product_a.pk])
    response = client.post(url, product_data(registry.product_a, photo=big))
    assert "paling besar 1 MB" in str(response.context["form"].errors["photo"])


def test_a_waiting_photo_is_served_only_within_scope(client, registry, roles):
    change = propose_price(client, registry, roles, photo=png())
    url = reverse("registry:changerequest_photo", args=[change.pk])
    for who, status in [("pelaku", 200), ("petugas_kec", 200), ("pelaku_other", 404), ("petugas_other", 404)]:
        client.force_login(getattr(roles, who))
        response = client.get(url)
        assert response.status_code == status, who
        if status == 200:
            assert response["Content-Type"] == "image/png"
            # Reading the stream to its end lets the test client close it without closing the database.
            assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(roles.pimpinan)
    assert client.get(url).status_code == 403


# ---------------------------------------------------------------- who sees what


def test_an_owner_sees_only_their_own_businesses(client, registry, roles):
    client.force_login(roles.pelaku)
    home = client.get(reverse("registry:self_home"))
    assert list(home.context["businesses"]) == [registry.a]
    assert "Gerabah Tanah Liat" not in home.content.decode()


def test_another_owner_gets_404_for_every_page_of_my_records(client, registry, roles):
    change = propose_price(client, registry, roles)
    client.force_login(roles.pelaku_other)
    urls = [
        reverse("registry:self_usaha", args=[registry.a.pk]),
        reverse("registry:self_profile", args=[registry.a.pk]),
        reverse("registry:self_produk_add", args=[registry.a.pk]),
        reverse("registry:self_produk_edit", args=[registry.product_a.pk]),
        reverse("registry:self_laporan_add", args=[registry.a.pk]),
        reverse("registry:self_laporan_edit", args=[registry.report_a.pk]),
        reverse("registry:self_request", args=[change.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Posting to them changes nothing either.
    assert client.post(urls[3], product_data(registry.product_a, price_min="1")).status_code == 404
    assert client.post(reverse("registry:self_request_withdraw", args=[change.pk])).status_code == 404
    change.refresh_from_db()
    assert change.is_pending and ChangeRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["admin", "petugas", "pimpinan", "mitra", "asosiasi"])
def test_the_owner_pages_are_for_owners_only(client, registry, roles, who):
    client.force_login(getattr(roles, who))
    assert client.get(reverse("registry:self_home")).status_code == 403
    assert client.get(reverse("registry:self_usaha", args=[registry.a.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, registry):
    for url in [reverse("registry:self_home"), reverse("registry:changerequest_list")]:
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response.url


@pytest.mark.parametrize(
    ("who", "sees", "detail"),
    [
        ("admin", True, 200),
        ("petugas", True, 200),
        ("petugas_kec", True, 200),
        ("petugas_other", False, 404),
        ("pimpinan", None, 403),
        ("mitra", None, 403),
        ("asosiasi", None, 403),
        ("pelaku", None, 403),
        ("pelaku_other", None, 403),
    ],
)
def test_who_reviews_a_request(client, registry, roles, who, sees, detail):
    change = propose_price(client, registry, roles)
    client.force_login(getattr(roles, who))
    listing = client.get(reverse("registry:changerequest_list"))
    if sees is None:
        assert listing.status_code == 403
    else:
        assert (change in listing.context["page"].object_list) is sees
    assert client.get(reverse("registry:changerequest_detail", args=[change.pk])).status_code == detail
    approve = client.post(reverse("registry:changerequest_approve", args=[change.pk]))
    reject = client.post(reverse("registry:changerequest_reject", args=[change.pk]), {"reason": "x"})
    if detail != 200:
        assert approve.status_code == detail and reject.status_code == detail
        change.refresh_from_db()
        assert change.is_pending


# ---------------------------------------------------------------- demo


def test_the_demo_seeder_links_the_demo_owner_and_leaves_a_request_waiting(registry, roles):
    from simpul.core.demo import DemoContext
    from simpul.registry.seed_selfservice import seed_selfservice

    User.objects.create_user(username="pelaku", password=STRONG_PASSWORD, role=Role.PELAKU)
    Produk.objects.filter(pk=registry.product_a.pk).update(price_min=Decimal(20000))
    registry.owner_a.account = None
    registry.owner_a.save()
    seed_selfservice(DemoContext(region="35.23", ikm=0, seed=1, log=lambda _m: None))
    owner = Pelaku.objects.get(account__username="pelaku")
    change = ChangeRequest.objects.get()
    assert change.usaha in owner.usaha.all()
    assert change.is_pending and change.photo and change.changes["price_min"] == "22000"
    assert not selfservice.prepare(change).errors
