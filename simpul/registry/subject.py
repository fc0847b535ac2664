"""Rights of data subjects (UU PDP 27/2022): access, correction, deletion, and retention.

The views (subject_views.py) and the `apply_retention` command stay thin;
the rules live here so the screens, the command and the tests share them.

- Access: `collect` gathers everything held about a person (their record,
  businesses, products, yearly reports, certificates, consents, requests),
  the trail of who looked at it (audit log) and who changed it (history);
  `build_archive` packs it as JSON, a readable XLSX and the uploaded files.
- Correction: an officer edits through the normal forms, so the change is
  validated and in the history like any other, then closes the request.
- Deletion: `anonymise` blanks the person's personal fields, in the record
  and in every historical version of it, deactivates their account,
  withdraws their consents and archives the businesses no one else owns.
- Retention: persons whose businesses have all been archived longer than
  `settings.SIMPUL_RETENTION_YEARS` are anonymised the same way, and older
  audit entries are deleted (see `expired_audit`).
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from rest_framework.authtoken.models import Token

from simpul.core import audit
from simpul.core.export import neutralise
from simpul.core.models import AuditEntry
from simpul.core.personal import personal_fields
from simpul.core.roles import Role
from simpul.registry.models import (
    Kepemilikan,
    LaporanTahunan,
    Legalitas,
    Pelaku,
    Produk,
    ProdukFoto,
    Usaha,
)
from simpul.registry.models_consent import ConsentRecord, Purpose, set_consent
from simpul.registry.models_selfservice import ChangeRequest, OwnerInvite
from simpul.registry.models_subject import SubjectRequest

logger = logging.getLogger(__name__)

Kind = SubjectRequest.Kind
Status = SubjectRequest.Status

#: The name an anonymised person keeps: stored data, so deliberately not translated.
ANONYMISED_NAME = "Dihapus atas permintaan"
#: django-simple-history keeps at most 100 characters of a change reason.
_REASON_LENGTH = 100


class SubjectError(Exception):
    """A request cannot be filed or decided; the message says why, for the user."""


def is_anonymised(pelaku: Pelaku) -> bool:
    return pelaku.name == ANONYMISED_NAME and not pelaku.nik


def _anonymised_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}name": ANONYMISED_NAME, f"{prefix}nik": ""})


def pelaku_of(user) -> Pelaku | None:
    """The person record an owner's account is linked to, if any."""
    if user is None or not user.is_authenticated:
        return None
    return Pelaku.objects.filter(account=user).first()


def businesses_of(pelaku: Pelaku) -> QuerySet[Usaha]:
    """Every business the person owns or runs, archived and merged ones included: all of it is held."""
    return Usaha.objects.filter(kepemilikan__pelaku=pelaku).distinct().order_by("name", "pk")


# ---------------------------------------------------------------------------
# Access: everything held about a person
# ---------------------------------------------------------------------------


@dataclass
class Section:
    """One part of the download: a JSON list under `key`, a sheet titled `title` in the workbook."""

    key: str
    title: str
    rows: list[dict[str, Any]]
    #: Column headers of the sheet, by row key; keys without one are shown as they are.
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class SubjectData:
    """What `collect` found: the sections, and the uploaded files that belong with them."""

    pelaku: Pelaku
    generated_at: datetime
    sections: list[Section]
    #: (name inside the ZIP, stored file) for photos and documents.
    files: list[tuple[str, FieldFile]]

    def as_json(self) -> dict[str, Any]:
        return {
            "dibuat_pada": self.generated_at,
            "kantor": settings.SIMPUL_OFFICE_NAME,
            **{section.key: section.rows for section in self.sections},
        }


def _plain_fields(model: type[models.Model], exclude: Iterable[str] = ()) -> list[models.Field]:
    skip = {"id", *exclude}
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def _value(obj: models.Model, model_field: models.Field) -> Any:
    """A field's value as a person reads it: labels for choices, names for links, file names for files."""
    if isinstance(model_field, models.FileField):
        return getattr(obj, model_field.name).name or ""
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        return str(related) if related is not None else None
    if model_field.choices:
        display = getattr(obj, f"get_{model_field.name}_display")()
        return str(display) if display is not None else None
    return model_field.value_from_object(obj)


def _record(obj: models.Model, fields: list[models.Field], **extra: Any) -> dict[str, Any]:
    row = {f.name: _value(obj, f) for f in fields}
    row.update(extra)
    return row


def _labels(fields: list[models.Field], **extra: str) -> dict[str, str]:
    return {**{f.name: str(f.verbose_name) for f in fields}, **extra}


def _columns(*keys: str) -> dict[str, str]:
    """Headers for a section built here, so its sheet has them even when it has no rows."""
    return {key: key.replace("_", " ") for key in keys}


def _describe_version(record: Any) -> str:
    """What a historical row is about, from its own columns (no query per row)."""
    name = type(record).instance_type._meta.model_name
    if name == "pelaku":
        return _("Data pribadi")
    if name == "usaha":
        return _("Usaha: %(name)s") % {"name": record.name}
    if name == "produk":
        return _("Produk: %(name)s") % {"name": record.name}
    if name == "laporantahunan":
        return _("Laporan tahunan %(year)s") % {"year": record.year}
    if name == "legalitas":
        return _("Legalitas: %(kind)s %(number)s") % {
            "kind": record.get_kind_display(),
            "number": record.number,
        }
    return _("Kepemilikan usaha")


def _change_rows(history: QuerySet) -> list[dict[str, Any]]:
    """Every version of the records in `history`, oldest first, each with what changed from the one before.

    Unlike the business page (which shows the latest hundred), nothing is cut
    off: a data subject is owed the whole trail.
    """
    rows = []
    previous: dict[Any, Any] = {}
    for record in history.select_related("history_user").order_by("history_date", "history_id"):
        before = previous.get(record.id)
        changes = []
        if before is not None:
            for change in record.diff_against(before).changes:
                label = str(record._meta.get_field(change.field).verbose_name)
                changes.append(f"{label}: {_text(change.old)} → {_text(change.new)}")
        previous[record.id] = record
        rows.append(
            {
                "waktu": record.history_date,
                "oleh": str(record.history_user) if record.history_user else _("(sistem)"),
                "jenis": str(record.get_history_type_display()),
                "data": _describe_version(record),
                "perubahan": "; ".join(changes),
                "alasan": record.history_change_reason or "",
            }
        )
    return rows


def _text(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


def _audit_rows(
    pelaku: Pelaku, usaha_ids: list[int], record_ids: dict[str, list[int]]
) -> list[dict[str, Any]]:
    """Who looked at or took out the person's data.

    Entries about the person, their businesses and the records under them;
    and list exports of tables holding personal data made since the person
    was recorded, which may have included them. The detail column is left
    out: it can hold an officer's search words about other people.
    """
    about = Q(model=Pelaku._meta.label, object_id=str(pelaku.pk)) | Q(
        model=Usaha._meta.label, object_id__in=[str(pk) for pk in usaha_ids]
    )
    for label, ids in record_ids.items():
        about |= Q(model=label, object_id__in=[str(pk) for pk in ids])
    bulk = Q(
        object_id="",
        model__in=[Pelaku._meta.label, Usaha._meta.label, LaporanTahunan._meta.label],
        action__in=[AuditEntry.Action.EXPORT_PERSONAL, AuditEntry.Action.API_PERSONAL],
        at__gte=pelaku.created_at,
    )
    roles = dict(Role.choices)
    rows = []
    for entry in AuditEntry.objects.filter(about | bulk).order_by("at", "pk"):
        rows.append(
            {
                "waktu": entry.at,
                "pengguna": entry.username or _("(sistem)"),
                "peran": str(roles.get(entry.role, entry.role)),
                "tindakan": str(entry.get_action_display()),
                "data": entry.object_repr or _("daftar yang mungkin memuat data Anda"),
                "alasan": entry.reason,
            }
        )
    return rows


def collect(pelaku: Pelaku) -> SubjectData:
    """Everything held about the person, and the trail of who viewed and changed it.

    Only this person's own record is read in full: co-owners of a business
    appear by name, never with their NIK or phone number.
    """
    businesses = list(businesses_of(pelaku).select_related("desa", "kecamatan", "kbli", "group"))
    usaha_ids = [u.pk for u in businesses]
    names = {u.pk: u.name for u in businesses}

    pelaku_fields = _plain_fields(Pelaku)
    usaha_fields = _plain_fields(Usaha)
    produk_fields = _plain_fields(Produk, exclude=["usaha"])
    laporan_fields = _plain_fields(LaporanTahunan, exclude=["usaha"])
    legal_fields = _plain_fields(Legalitas, exclude=["usaha"])

    co_owners: dict[int, list[str]] = {}
    for link in (
        Kepemilikan.objects.filter(usaha_id__in=usaha_ids).exclude(pelaku=pelaku).select_related("pelaku")
    ):
        co_owners.setdefault(link.usaha_id, []).append(link.pelaku.name)

    products = list(Produk.objects.filter(usaha_id__in=usaha_ids).order_by("usaha_id", "name", "pk"))
    reports = list(
        LaporanTahunan.objects.filter(usaha_id__in=usaha_ids)
        .prefetch_related("destinations", "produksi__produk", "bahan_baku")
        .order_by("usaha_id", "year")
    )
    certificates = list(
        Legalitas.objects.filter(usaha_id__in=usaha_ids)
        .prefetch_related("products")
        .order_by("usaha_id", "pk")
    )
    extra_photos = list(
        ProdukFoto.objects.filter(produk__usaha_id__in=usaha_ids).order_by("produk_id", "order")
    )

    changes = sorted(
        [
            *_change_rows(Pelaku.history.filter(id=pelaku.pk)),
            *_change_rows(Usaha.history.filter(id__in=usaha_ids)),
            *_change_rows(Produk.history.filter(usaha_id__in=usaha_ids)),
            *_change_rows(LaporanTahunan.history.filter(usaha_id__in=usaha_ids)),
            *_change_rows(Legalitas.history.filter(usaha_id__in=usaha_ids)),
            *_change_rows(Kepemilikan.history.filter(usaha_id__in=usaha_ids)),
        ],
        key=lambda row: row["waktu"],
    )

    sections = [
        Section("pelaku", _("Data pribadi"), [_record(pelaku, pelaku_fields)], _labels(pelaku_fields)),
        Section(
            "usaha",
            _("Usaha"),
            [_record(u, usaha_fields, pemilik_lain=", ".join(co_owners.get(u.pk, []))) for u in businesses],
            _labels(usaha_fields, pemilik_lain=_("pemilik lain")),
        ),
        Section(
            "produk",
            _("Produk"),
            [_record(p, produk_fields, usaha=names[p.usaha_id]) for p in products],
            _labels(produk_fields, usaha=_("usaha")),
        ),
        Section(
            "laporan_tahunan",
            _("Laporan tahunan"),
            [
                _record(
                    r,
                    laporan_fields,
                    usaha=names[r.usaha_id],
                    destinations=", ".join(str(d) for d in r.destinations.all()),
                    produksi="; ".join(f"{p.produk or '-'}: {p.volume} {p.unit}" for p in r.produksi.all()),
                    bahan_baku="; ".join(f"{b.kind} ({b.get_origin_display()})" for b in r.bahan_baku.all()),
                )
                for r in reports
            ],
            _labels(
                laporan_fields,
                usaha=_("usaha"),
                destinations=_("daerah tujuan pemasaran"),
                produksi=_("produksi"),
                bahan_baku=_("bahan baku"),
            ),
        ),
        Section(
            "legalitas",
            _("Legalitas"),
            [
                _record(
                    c,
                    legal_fields,
                    usaha=names[c.usaha_id],
                    products=", ".join(p.name for p in c.products.all()),
                )
                for c in certificates
            ],
            _labels(legal_fields, usaha=_("usaha"), products=_("produk yang dicakup")),
        ),
        Section(
            "persetujuan",
            _("Persetujuan"),
            [
                {
                    "waktu": r.at,
                    "keperluan": str(r.get_purpose_display()),
                    "setuju": r.granted,
                    "versi_naskah": r.text_version,
                    "cara": r.channel,
                    "dicatat_oleh": str(r.recorded_by) if r.recorded_by else "",
                }
                for r in ConsentRecord.objects.filter(pelaku=pelaku)
                .select_related("recorded_by")
                .order_by("at")
            ],
            _columns("waktu", "keperluan", "setuju", "versi_naskah", "cara", "dicatat_oleh"),
        ),
        Section(
            "permintaan_perubahan",
            _("Usulan perubahan"),
            [
                {
                    "nomor": c.pk,
                    "usaha": names[c.usaha_id],
                    "tentang": c.subject,
                    "nilai_diusulkan": c.changes,
                    "status": str(c.get_status_display()),
                    "diusulkan_pada": c.created_at,
                    "diputuskan_pada": c.decided_at,
                    "alasan_penolakan": c.reason,
                }
                for c in ChangeRequest.objects.filter(usaha_id__in=usaha_ids)
                .select_related("produk", "laporan")
                .order_by("created_at")
            ],
            _columns(
                "nomor",
                "usaha",
                "tentang",
                "nilai_diusulkan",
                "status",
                "diusulkan_pada",
                "diputuskan_pada",
                "alasan_penolakan",
            ),
        ),
        Section(
            "permintaan_subjek_data",
            _("Permintaan data pribadi"),
            [
                {
                    "nomor": r.pk,
                    "jenis": str(r.get_kind_display()),
                    "isi": r.text,
                    "status": str(r.get_status_display()),
                    "diajukan_pada": r.created_at,
                    "ditangani_pada": r.decided_at,
                    "jawaban": r.decision,
                }
                for r in SubjectRequest.objects.filter(pelaku=pelaku).order_by("created_at")
            ],
            _columns("nomor", "jenis", "isi", "status", "diajukan_pada", "ditangani_pada", "jawaban"),
        ),
        Section(
            "riwayat_akses",
            _("Siapa melihat"),
            _audit_rows(
                pelaku,
                usaha_ids,
                {
                    Produk._meta.label: [p.pk for p in products],
                    LaporanTahunan._meta.label: [r.pk for r in reports],
                    Legalitas._meta.label: [c.pk for c in certificates],
                },
            ),
            _columns("waktu", "pengguna", "peran", "tindakan", "data", "alasan"),
        ),
        Section(
            "riwayat_perubahan",
            _("Siapa mengubah"),
            changes,
            _columns("waktu", "oleh", "jenis", "data", "perubahan", "alasan"),
        ),
    ]

    files: list[tuple[str, FieldFile]] = []
    for produk in products:
        if produk.photo:
            files.append((f"berkas/produk-{produk.pk}-{PurePosixPath(produk.photo.name).name}", produk.photo))
    for photo in extra_photos:
        files.append(
            (
                f"berkas/produk-{photo.produk_id}-foto-{photo.pk}-{PurePosixPath(photo.image.name).name}",
                photo.image,
            )
        )
    for certificate in certificates:
        if certificate.document:
            name = PurePosixPath(certificate.document.name).name
            files.append((f"berkas/legalitas-{certificate.pk}-{name}", certificate.document))
    return SubjectData(pelaku, timezone.now(), sections, files)


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell; text that looks like a formula is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    if isinstance(value, (dict, list)):
        return neutralise(json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder))
    return neutralise(str(value))


def workbook_bytes(data: SubjectData) -> bytes:
    """The readable copy: one sheet per section; the person's record as field / value pairs."""
    book = Workbook(write_only=True)
    for section in data.sections:
        sheet = book.create_sheet(section.title[:31])
        if section.key == "pelaku":
            sheet.append([_("Isian"), _("Nilai")])
            for key, value in section.rows[0].items():
                sheet.append([section.labels.get(key, key), _cell(value)])
            continue
        keys = list(section.labels) or (list(section.rows[0]) if section.rows else [])
        sheet.append([section.labels.get(key, key) for key in keys])
        for row in section.rows:
            sheet.append([_cell(row.get(key)) for key in keys])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _readme(data: SubjectData) -> str:
    return _(
        "Data pribadi %(name)s yang disimpan %(office)s di Simpul IKM, dibuat %(when)s.\n\n"
        "data-saya.json  seluruh data dalam bentuk yang dapat dibaca komputer\n"
        "data-saya.xlsx  data yang sama untuk dibaca: satu lembar per bagian, termasuk siapa yang\n"
        "                melihat data Anda (Siapa melihat) dan siapa yang mengubahnya (Siapa mengubah)\n"
        "berkas/         foto produk dan dokumen legalitas usaha Anda\n\n"
        "Bila ada data yang keliru, ajukan perbaikan di menu Data saya.\n"
    ) % {
        "name": data.pelaku.name,
        "office": settings.SIMPUL_OFFICE_NAME,
        "when": timezone.localtime(data.generated_at).strftime("%d-%m-%Y %H:%M"),
    }


def build_archive(data: SubjectData) -> IO[bytes]:
    """The ZIP an owner downloads, in a temporary file (photos and documents can be large).

    A stored file that cannot be read any more is left out and named in the
    read-me instead of failing the whole download.
    """
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    missing = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data-saya.json",
            json.dumps(data.as_json(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        archive.writestr("data-saya.xlsx", workbook_bytes(data))
        for arcname, stored in data.files:
            try:
                with stored.open("rb") as source, archive.open(arcname, "w") as target:
                    _copy(source, target)
            except (OSError, ValueError):
                missing.append(arcname)
        readme = _readme(data)
        if missing:
            readme += _("\nBerkas yang tidak ditemukan lagi: %(names)s\n") % {"names": ", ".join(missing)}
        archive.writestr("BACA-SAYA.txt", readme)
    handle.seek(0)
    return handle


def _copy(source: FieldFile, target: IO[bytes]) -> None:
    for chunk in source.chunks():
        target.write(chunk)


def record_access(pelaku: Pelaku, user, request=None) -> SubjectRequest:
    """A download: filed and answered at once, and written to the audit log."""
    now = timezone.now()
    answered = SubjectRequest.objects.create(
        pelaku=pelaku,
        kind=Kind.ACCESS,
        status=Status.DONE,
        submitted_by=user,
        decided_at=now,
        decision=_("Data diunduh sendiri lewat layanan mandiri."),
    )
    audit.log(request, AuditEntry.Action.SUBJECT_REQUEST, pelaku, kind=Kind.ACCESS, request_id=answered.pk)
    return answered


# ---------------------------------------------------------------------------
# Correction and deletion requests
# ---------------------------------------------------------------------------


def file_request(pelaku: Pelaku, kind: str, text: str, user, request=None) -> SubjectRequest:
    """An owner asks for a correction or for deletion; an officer answers later."""
    text = (text or "").strip()
    if kind not in (Kind.CORRECTION, Kind.DELETION):
        raise SubjectError(_("Pilih jenis permintaan."))
    if kind == Kind.CORRECTION and not text:
        raise SubjectError(_("Tuliskan data mana yang keliru dan bagaimana yang benar."))
    if (
        kind == Kind.DELETION
        and SubjectRequest.objects.filter(pelaku=pelaku, kind=kind, status=Status.OPEN).exists()
    ):
        raise SubjectError(_("Permintaan penghapusan Anda masih menunggu ditangani."))
    filed = SubjectRequest.objects.create(pelaku=pelaku, kind=kind, text=text, submitted_by=user)
    audit.log(
        request, AuditEntry.Action.SUBJECT_REQUEST, pelaku, kind=kind, request_id=filed.pk, step="diajukan"
    )
    return filed


def _claim(subject_request: SubjectRequest, officer, status: str, note: str) -> None:
    """Decide an open request once: a conditional update, so two officers cannot both decide it."""
    note = (note or "").strip()
    if not note:
        raise SubjectError(_("Tuliskan jawaban untuk pelaku; pelaku akan membacanya."))
    claimed = SubjectRequest.objects.filter(pk=subject_request.pk, status=Status.OPEN).update(
        status=status, handled_by=officer, decision=note, decided_at=timezone.now()
    )
    if not claimed:
        raise SubjectError(_("Permintaan ini sudah ditangani."))
    subject_request.refresh_from_db()


def close(subject_request: SubjectRequest, officer, note: str, request=None) -> None:
    """A correction is done: the officer changed the data through the normal forms and says what."""
    if subject_request.kind == Kind.DELETION:
        raise SubjectError(_("Permintaan penghapusan diselesaikan dengan menghapus data, atau ditolak."))
    _claim(subject_request, officer, Status.DONE, note)
    audit.log(
        request,
        AuditEntry.Action.SUBJECT_REQUEST,
        subject_request.pelaku,
        kind=subject_request.kind,
        request_id=subject_request.pk,
        step="selesai",
    )


def reject(subject_request: SubjectRequest, officer, note: str, request=None) -> None:
    """Refuse a request; the reason is required because the owner reads it (e.g. a legal duty to keep)."""
    _claim(subject_request, officer, Status.REJECTED, note)
    audit.log(
        request,
        AuditEntry.Action.SUBJECT_REQUEST,
        subject_request.pelaku,
        kind=subject_request.kind,
        request_id=subject_request.pk,
        step="ditolak",
    )


def erase(subject_request: SubjectRequest, officer, note: str, request=None) -> Anonymised:
    """Carry out a deletion request: the person is anonymised and the request closed, together or not at all."""
    if subject_request.kind != Kind.DELETION:
        raise SubjectError(_("Hanya permintaan penghapusan yang dapat dijalankan di sini."))
    with transaction.atomic():
        _claim(subject_request, officer, Status.DONE, note)
        result = anonymise(
            subject_request.pelaku,
            actor=officer,
            reason=_("Penghapusan atas permintaan #%(id)s") % {"id": subject_request.pk},
        )
        audit.log(
            request,
            AuditEntry.Action.SUBJECT_REQUEST,
            result.pelaku,
            reason=note,
            kind=Kind.DELETION,
            request_id=subject_request.pk,
            step="dihapus",
            archived_usaha=result.archived_usaha,
        )
    return result


# ---------------------------------------------------------------------------
# Anonymisation, shared by deletion requests and retention
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Anonymised:
    """What `anonymise` did."""

    pelaku: Pelaku
    archived_usaha: list[int]
    cleared_usaha: list[int]
    account_closed: bool


def _blank(model: type[models.Model]) -> dict[str, Any]:
    """The empty value of each personal field of `model`, as the table in core.personal lists them."""
    values: dict[str, Any] = {}
    for name in personal_fields(model):
        model_field = model._meta.get_field(name)
        values[name] = None if model_field.null else ""
    return values


def _close_account(user) -> None:
    """The person can no longer log in, and the account no longer carries their name or contacts."""
    user.is_active = False
    user.username = f"dihapus-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.phone = ""
    user.set_unusable_password()
    user.save()
    Token.objects.filter(user=user).delete()


def _clear_change_requests(usaha: Usaha, names: Iterable[str]) -> None:
    """Blank the business's personal fields inside the proposals kept for it (they are JSON copies)."""
    for change in ChangeRequest.objects.filter(usaha=usaha):
        dirty = False
        for payload in (change.changes, change.previous):
            for name in names:
                if payload.get(name):
                    payload[name] = ""
                    dirty = True
        if dirty:
            change.save(update_fields=["changes", "previous"])


def anonymise(pelaku: Pelaku, *, actor=None, reason: str) -> Anonymised:
    """Remove what identifies a person, in the record and in its history, in one transaction.

    - name becomes ANONYMISED_NAME; the personal fields of core.personal
      (NIK, phone, e-mail, birth year) are blanked, in the record and in every
      historical version of it;
    - their account is deactivated and stripped of name and contacts;
    - their consents are withdrawn (the consent records stay as proof);
    - businesses with no other (not anonymised) owner are archived, and their
      personal fields (WhatsApp, phone, NPWP) blanked the same way, because a
      sole owner's business number is the owner's own number.

    Gender, education and the yearly figures stay: they feed the office's
    statistics and no longer point to a person.
    """
    reason = reason[:_REASON_LENGTH]
    now = timezone.now()
    with transaction.atomic():
        pelaku = Pelaku.objects.select_for_update().get(pk=pelaku.pk)
        for purpose in Purpose:
            granted = pelaku.consent_catalog if purpose == Purpose.CATALOG else pelaku.consent_partner_contact
            if granted:
                set_consent(pelaku, purpose, False, user=actor, channel=_("penghapusan data"))

        person_blank = {**_blank(Pelaku), "name": ANONYMISED_NAME}
        for name, value in person_blank.items():
            setattr(pelaku, name, value)
        pelaku._change_reason = reason
        pelaku._history_user = actor
        pelaku.save()
        Pelaku.history.filter(id=pelaku.pk).update(**person_blank)

        account_closed = False
        if pelaku.account_id is not None:
            _close_account(pelaku.account)
            account_closed = True
        OwnerInvite.objects.filter(pelaku=pelaku).update(sent_to="")
        OwnerInvite.objects.filter(pelaku=pelaku, used_at=None, revoked_at=None).update(revoked_at=now)

        archived, cleared = [], []
        business_blank = _blank(Usaha)
        for usaha in Usaha.objects.filter(kepemilikan__pelaku=pelaku).distinct():
            others = usaha.kepemilikan.exclude(pelaku=pelaku).exclude(_anonymised_q("pelaku__"))
            if others.exists():
                continue
            for name, value in business_blank.items():
                setattr(usaha, name, value)
            if usaha.archived_at is None:
                usaha.archived_at = now
                archived.append(usaha.pk)
            usaha._change_reason = reason
            usaha._history_user = actor
            usaha.save()
            Usaha.history.filter(id=usaha.pk).update(**business_blank)
            _clear_change_requests(usaha, business_blank)
            cleared.append(usaha.pk)
    return Anonymised(pelaku, archived, cleared, account_closed)


# ---------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------


def retention_cutoff(now: datetime | None = None, years: int | None = None) -> datetime:
    """The moment `years` (default: the setting) before now; 29 February falls back to the 28th."""
    now = now or timezone.now()
    years = settings.SIMPUL_RETENTION_YEARS if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def retention_due(cutoff: datetime) -> QuerySet[Pelaku]:
    """Persons to anonymise: every business archived before `cutoff`.

    A person with no business at all is due when their own record was
    archived before the cutoff. Persons already anonymised are left alone.
    """
    links = Kepemilikan.objects.filter(pelaku=OuterRef("pk"))
    live = links.filter(Q(usaha__archived_at__isnull=True) | Q(usaha__archived_at__gte=cutoff))
    return (
        Pelaku.objects.exclude(_anonymised_q())
        .filter(~Exists(live))
        .filter(Exists(links) | Q(archived_at__lt=cutoff))
        .order_by("pk")
    )


def expired_audit(cutoff: datetime) -> QuerySet[AuditEntry]:
    """Audit entries older than the retention period.

    `AuditEntry.delete()` refuses on purpose; deleting these rows through the
    queryset in `apply_retention` is the single sanctioned way they go.
    """
    return AuditEntry.objects.filter(at__lt=cutoff)


@dataclass(frozen=True)
class RetentionResult:
    cutoff: datetime
    persons: list[int]
    audit_deleted: int
    dry_run: bool


def apply_retention(*, dry_run: bool = False, now: datetime | None = None) -> RetentionResult:
    """Anonymise the persons due and delete expired audit entries (nothing when `dry_run`)."""
    cutoff = retention_cutoff(now)
    persons = list(retention_due(cutoff).values_list("pk", flat=True))
    expired = expired_audit(cutoff)
    if dry_run:
        return RetentionResult(cutoff, persons, expired.count(), True)
    reason = _("Masa simpan %(years)s tahun sejak diarsipkan telah lewat") % {
        "years": settings.SIMPUL_RETENTION_YEARS
    }
    with transaction.atomic():
        # Old entries go first, so the entries written below are never counted among them.
        audit_deleted, _by_model = expired.delete()
        for pk in persons:
            result = anonymise(Pelaku.objects.get(pk=pk), actor=None, reason=reason)
            audit.log(
                None,
                AuditEntry.Action.SUBJECT_REQUEST,
                result.pelaku,
                reason=reason,
                basis="retensi",
                archived_usaha=result.archived_usaha,
            )
        if audit_deleted:
            audit.log(
                None,
                AuditEntry.Action.SUBJECT_REQUEST,
                model=AuditEntry,
                reason=_("Retensi: %(n)s catatan audit sebelum %(date)s dihapus")
                % {"n": audit_deleted, "date": timezone.localtime(cutoff).strftime("%d-%m-%Y")},
                basis="retensi",
            )
    logger.info("Retensi: %s pelaku dianonimkan, %s catatan audit dihapus", len(persons), audit_deleted)
    return RetentionResult(cutoff, persons, audit_deleted, False)
