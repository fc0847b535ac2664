"""apply_retention also clears imported spreadsheets and buyers' contacts, each after its own period."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation

from simpul.ingest.models import ImportChunk, ImportJob
from simpul.market.models import Permintaan, PesanKatalog
from simpul.market.retention import erase_buyer_contacts
from simpul.registry.models import Usaha

pytestmark = pytest.mark.django_db


def _job(status: str, *, age_days: int) -> ImportJob:
    job = ImportJob.objects.create(filename="data-ikm.xlsx", status=status)
    job.file.save("data-ikm.xlsx", ContentFile(b"NIK 3523014508900001"), save=True)
    moment = timezone.now() - timedelta(days=age_days)
    ImportJob.objects.filter(pk=job.pk).update(created_at=moment, finished_at=moment)
    ImportChunk.objects.create(run=job, index=0, first_row=1, last_row=1, issues=[{"value": "3523…"}])
    job.refresh_from_db()
    return job


def _demand(status: str, *, age_days: int) -> Permintaan:
    item = Permintaan.objects.create(
        product="Batik",
        quantity=Decimal(10),
        unit="lembar",
        delivery_place="Kantor",
        buyer_kind="pemerintah",
        buyer_organisation="Setda",
        buyer_name="Pak Budi",
        buyer_email="budi@contoh.go.id",
        buyer_phone="+6281234567890",
        token_hash=f"h-{status}-{age_days}",
        status=status,
    )
    Permintaan.objects.filter(pk=item.pk).update(updated_at=timezone.now() - timedelta(days=age_days))
    return item


def _run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_an_old_imported_spreadsheet_is_deleted_and_the_run_kept(settings):
    settings.SIMPUL_IMPORT_FILE_DAYS = 90
    old, recent = _job(ImportJob.Status.DONE, age_days=120), _job(ImportJob.Status.DONE, age_days=10)
    old_path = old.file.path
    _run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and old.created + old.rejected == 0  # the run is still there, without its file
    assert not (settings.MEDIA_ROOT / old_path).exists()
    assert ImportChunk.objects.get(run=old).issues == []
    assert recent.file and ImportChunk.objects.get(run=recent).issues


def test_an_abandoned_draft_goes_with_its_file(settings):
    settings.SIMPUL_IMPORT_FILE_DAYS = 90
    draft = _job(ImportJob.Status.DRAFT, age_days=100)
    _run()
    assert not ImportJob.objects.filter(pk=draft.pk).exists()


def test_buyer_contacts_of_long_closed_demands_are_erased_and_the_demand_kept(settings):
    settings.SIMPUL_CONTACT_RETENTION_DAYS = 730
    closed = _demand(Permintaan.Status.SELESAI, age_days=800)
    open_old = _demand(Permintaan.Status.TERBUKA, age_days=800)
    closed_recent = _demand(Permintaan.Status.SELESAI, age_days=100)
    _run()
    closed.refresh_from_db()
    assert (closed.buyer_email, closed.buyer_phone) == ("", "")
    assert "Budi" not in closed.buyer_name and closed.product == "Batik"
    for item in (open_old, closed_recent):
        item.refresh_from_db()
        assert item.buyer_email == "budi@contoh.go.id"
    # A later run, in any language, finds nothing more to erase.
    with translation.override("en"):
        assert erase_buyer_contacts(timezone.now(), dry_run=True) == 0


def test_old_messages_to_makers_lose_their_sender(settings):
    settings.SIMPUL_CONTACT_RETENTION_DAYS = 730
    usaha = Usaha.objects.create(name="Keripik Sari Rasa", desa_id="35.23.01.2001", kbli_id="10")
    message = PesanKatalog.objects.create(
        usaha=usaha, sender_name="Bu Ani", sender_phone="+6281234567890", body="Berapa harganya?"
    )
    PesanKatalog.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=731))
    _run()
    message.refresh_from_db()
    assert message.sender_phone == "" and "Ani" not in message.sender_name
    assert message.body == "Berapa harganya?"


def test_a_dry_run_counts_and_changes_nothing(settings):
    settings.SIMPUL_IMPORT_FILE_DAYS = 90
    old = _job(ImportJob.Status.DONE, age_days=120)
    output = _run("--dry-run")
    assert "Akan dibersihkan: 1 — berkas impor" in output
    old.refresh_from_db()
    assert old.file
