"""Consent for the catalog: recorded with date and text version, withdrawal takes effect at once."""

import pytest

from simpul.core.scoping import access_of
from simpul.registry.models import Produk, Usaha
from simpul.registry.models_consent import CONSENT_TEXT_VERSION, ConsentRecord


@pytest.mark.django_db
def test_a_product_is_public_only_while_its_owner_consents(client, roles, registry):
    registry.product_a.in_catalog = True
    registry.product_a.save()

    def public(model):
        return list(model.objects.filter(access_of(model).public).distinct())

    assert public(Produk) == []

    client.force_login(roles.pelaku)
    client.post("/saya/persetujuan/", {"purpose": "katalog", "granted": "1"})
    assert public(Produk) == [registry.product_a]
    assert public(Usaha) == [registry.a]
    record = ConsentRecord.objects.get()
    assert (
        record.granted and record.text_version == CONSENT_TEXT_VERSION and record.channel == "layanan mandiri"
    )

    client.post("/saya/persetujuan/", {"purpose": "katalog", "granted": "0"})
    assert public(Produk) == []
    assert ConsentRecord.objects.count() == 2


@pytest.mark.django_db
def test_an_officer_records_a_paper_consent_and_others_may_not(client, roles, registry):
    client.force_login(roles.pimpinan)
    assert (
        client.post(
            f"/pelaku/{registry.owner_a.pk}/persetujuan/", {"purpose": "katalog", "granted": "1"}
        ).status_code
        == 403
    )
    client.force_login(roles.petugas_kec)
    client.post(
        f"/pelaku/{registry.owner_a.pk}/persetujuan/",
        {"purpose": "kontak_mitra", "granted": "1", "channel": "formulir kertas"},
    )
    registry.owner_a.refresh_from_db()
    assert registry.owner_a.consent_partner_contact
    assert ConsentRecord.objects.get().recorded_by == roles.petugas_kec


@pytest.mark.django_db
def test_the_privacy_notice_is_public_and_in_indonesian(client):
    page = client.get("/privasi/").content.decode()
    assert "Pelindungan Data Pribadi" in page and "Menarik persetujuan" in page
