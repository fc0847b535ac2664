"""One-file backups: every table (as Django fixtures) and the uploaded media, in a zip.

The same file restores into an empty database of either engine, so an office
can also move from SQLite to PostgreSQL with it. For very large PostgreSQL
databases docs/deploy.md recommends pg_dump as well.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import management
from django.db import connection, transaction

FORMAT_VERSION = 1
#: Tables Django rebuilds itself; restoring them would clash with the new database's rows.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup file that cannot be restored; the message is for the operator."""


def create_backup(target: Path) -> dict:
    """Write the whole database and MEDIA_ROOT to `target` (a .zip); returns a summary."""
    data = io.StringIO()
    management.call_command(
        # XML keeps datetimes to the microsecond; Django's JSON encoder cuts them to milliseconds.
        "dumpdata",
        format="xml",
        natural_foreign=True,
        natural_primary=False,
        exclude=EXCLUDED,
        stdout=data,
    )
    media_root = Path(settings.MEDIA_ROOT)
    media_files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    manifest = {
        "format": FORMAT_VERSION,
        "created": datetime.now().isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "counts": table_counts(),
        "media_files": len(media_files),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("data.xml", data.getvalue())
        for path in media_files:
            archive.write(path, f"media/{path.relative_to(media_root).as_posix()}")
    return manifest


def restore_backup(source: Path) -> dict:
    """Load a backup into an empty database and put its media back."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, FileNotFoundError) as exc:
        raise BackupError(f"{source} bukan berkas cadangan Simpul IKM yang dapat dibaca.") from exc
    with archive:
        names = set(archive.namelist())
        if not {"manifest.json", "data.xml"} <= names:
            raise BackupError(f"{source} tidak memuat manifest.json dan data.xml.")
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError("Versi berkas cadangan tidak dikenal.")
        if _has_user_data():
            raise BackupError(
                "Basis data tujuan tidak kosong. Pulihkan ke basis data baru yang sudah dimigrasi (migrate)."
            )
        fixture = Path(settings.VAR_DIR) / "restore-data.xml"
        fixture.parent.mkdir(parents=True, exist_ok=True)
        fixture.write_bytes(archive.read("data.xml"))
        try:
            with transaction.atomic():
                management.call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
        _extract_media(archive)
    return manifest


def _extract_media(archive: zipfile.ZipFile) -> None:
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for name in archive.namelist():
        if not name.startswith("media/") or name.endswith("/"):
            continue
        destination = (media_root / name.removeprefix("media/")).resolve()
        # Never write outside MEDIA_ROOT, whatever the archive says.
        if media_root not in destination.parents:
            raise BackupError(f"Berkas cadangan memuat jalur yang tidak aman: {name}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(archive.read(name))


def table_counts() -> dict[str, int]:
    """Rows per model, the quick check that a restore is complete."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in ("contenttypes", "sessions")
        and model._meta.label != "auth.Permission"
    }


def _has_user_data() -> bool:
    from simpul.accounts.models import User

    return User.objects.exists()
