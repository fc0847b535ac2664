"""A backup restores into an empty database with every table equal."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core import management, serializers

from simpul.core.backup import BackupError, create_backup, restore_backup, table_counts


def snapshot() -> dict[str, list]:
    """Every row of every table, serialised, ordered by primary key."""
    tables = {}
    for model in apps.get_models():
        label = model._meta.label
        if not model._meta.managed or label in (
            "auth.Permission",
            "contenttypes.ContentType",
            "sessions.Session",
        ):
            continue
        rows = serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        tables[label] = rows
    return tables


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_every_table_equal(settings, tmp_path):
    from conftest import load_reference_data
    from simpul.accounts.demo import create_demo_accounts
    from simpul.registry.models import Kepemilikan, LaporanTahunan, Pelaku, Produk, Usaha

    load_reference_data()
    create_demo_accounts("35.23.01")
    usaha = Usaha.objects.create(name="Batik Gedog Sekar", desa_id="35.23.01.2001", kbli_id="13")
    owner = Pelaku.objects.create(name="Sekar", nik="3523014508900001", gender="P")
    Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
    Produk.objects.create(usaha=usaha, name="Batik gedog", unit="lembar", price_min=Decimal(250000))
    LaporanTahunan.objects.create(
        usaha=usaha, year=2025, workforce_female=4, production_value=Decimal(90_000_000)
    )
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "produk").mkdir()
    (settings.MEDIA_ROOT / "produk" / "foto.png").write_bytes(b"\x89PNG foto")
    before = snapshot()
    counts = table_counts()
    archive = tmp_path / "cadangan.zip"
    create_backup(archive)

    management.call_command("flush", "--noinput", verbosity=0)
    (settings.MEDIA_ROOT / "produk" / "foto.png").unlink()
    restore_backup(archive)

    assert table_counts() == counts
    after = snapshot()
    for label, rows in before.items():
        assert after[label] == rows, label
    assert (settings.MEDIA_ROOT / "produk" / "foto.png").read_bytes() == b"\x89PNG foto"


@pytest.mark.django_db
def test_restoring_over_existing_data_is_refused(roles, tmp_path):
    archive = tmp_path / "cadangan.zip"
    create_backup(archive)
    with pytest.raises(BackupError, match="tidak kosong"):
        restore_backup(archive)


def test_a_file_that_is_not_a_backup_gets_a_clear_message(tmp_path):
    bogus = tmp_path / "bukan.zip"
    bogus.write_bytes(b"bukan zip")
    with pytest.raises(BackupError, match="bukan berkas cadangan"):
        restore_backup(bogus)
