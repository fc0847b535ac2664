"""Participant lists to and from spreadsheets.

The export is also the attendance sheet: print it, tick "Hadir", import it
back. The import reads any attendance sheet the ingest module can read (a
title above the header, blank first columns, "-" for empty), finds the
columns by their headers, and matches each row to a business of the
officer's area by NIB, or else by name within the desa. Each matched row is
saved on its own, so one bad row never undoes the others; every row that
could not be matched is reported with its spreadsheet row number, in
Indonesian.

Long sheets run as a background job (`JOB_KIND`); the page polls the job.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from simpul.accounts.models import User
from simpul.core import jobs
from simpul.core.export import Column
from simpul.core.models import Job
from simpul.ingest.parsers import is_missing, parse_nib, parse_text
from simpul.ingest.sheet import (
    IKM_FIELDS,
    FieldSpec,
    SheetError,
    column_samples,
    find_header,
    read_rows,
    suggest_mapping,
)
from simpul.programs import lifecycle
from simpul.programs.models import Kegiatan, Partisipasi
from simpul.regions.models import Region
from simpul.registry.models import Usaha

JOB_KIND = "programs.daftar_hadir"
#: Names at least this similar (rapidfuzz token_sort_ratio) match when no exact name does.
FUZZY_MIN = 90
_LEGAL_PREFIX = re.compile(r"^(ud|cv|pt|pd|koperasi|kop)\s+")
_REGION_PREFIX = re.compile(r"^(desa|ds|kelurahan|kel|kecamatan|kec)\s+")
_ABSENT = {"tidak", "tidak hadir", "absen", "alpa", "izin", "ijin", "sakit", "0", "t", "n", "no"}


def _spec(key: str, **changes: Any) -> FieldSpec:
    spec = next(s for s in IKM_FIELDS if s.key == key)
    return dataclasses.replace(spec, **changes)


#: The columns of an attendance sheet; the business columns reuse the registry importer's synonyms.
ATTENDANCE_FIELDS: tuple[FieldSpec, ...] = (
    _spec("nama_usaha", required=False),
    _spec("nib"),
    _spec("desa"),
    _spec("kecamatan"),
    FieldSpec(
        "hadir",
        "Kehadiran",
        ("Hadir", "Kehadiran", "Tanda Tangan", "TTD", "Paraf", "Absensi", "Keterangan Hadir", "Presensi"),
        max_length=100,
    ),
)


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def _owners(p: Partisipasi) -> str:
    # Reads the prefetched owners: no query per row.
    return ", ".join(k.pelaku.name for k in p.usaha.kepemilikan.all())


def export_columns() -> list[Column]:
    """The participant sheet; its first columns are those the import reads back."""
    reached = set(Partisipasi.REACHED)
    return [
        Column(_("Nama usaha"), lambda p: p.usaha.name),
        Column(_("NIB"), lambda p: p.usaha.nib),
        Column(_("Desa"), lambda p: p.usaha.desa.name),
        Column(_("Kecamatan"), lambda p: p.usaha.kecamatan.name),
        Column(_("Pemilik"), _owners),
        Column(_("WhatsApp"), lambda p: p.usaha.whatsapp),
        Column(_("Kegiatan"), lambda p: p.kegiatan.name),
        Column(_("Status"), lambda p: p.get_status_display()),
        Column(_("Hadir"), lambda p: _("ya") if p.status in reached else ""),
        Column(_("Hasil"), lambda p: p.outcome_summary),
    ]


def export_queryset(participations):
    """Participations with everything the export columns read, in a fixed number of queries."""
    return participations.select_related("usaha__desa", "usaha__kecamatan", "kegiatan").prefetch_related(
        "usaha__kepemilikan__pelaku"
    )


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


@dataclass
class RowProblem:
    row: int
    text: str
    reason: str


@dataclass
class ImportReport:
    """What an attendance import did; `as_dict()` is stored on the job."""

    rows: int = 0
    marked: int = 0
    added: int = 0
    unchanged: int = 0
    absent: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "marked": self.marked,
            "added": self.added,
            "unchanged": self.unchanged,
            "absent": self.absent,
            "problems": [dataclasses.asdict(p) for p in self.problems],
            "error": self.error,
        }


def _norm(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def _business_key(name: str) -> str:
    return _LEGAL_PREFIX.sub("", _norm(name))


def _region_key(name: str) -> str:
    return _REGION_PREFIX.sub("", _norm(name))


class _Matcher:
    """Finds a business of the user's area by NIB, or by name within a desa."""

    def __init__(self, usaha: Iterable[tuple[int, str, str, str]]) -> None:
        self.by_nib: dict[str, int] = {}
        self.by_desa: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pk, nib, desa_id, name in usaha:
            if nib:
                self.by_nib.setdefault(nib, pk)
            self.by_desa[desa_id].append((pk, _business_key(name)))
        self.desa_codes: dict[str, list[str]] = defaultdict(list)
        self.kecamatan_codes: dict[str, list[str]] = defaultdict(list)
        home = Region.objects.within(settings.SIMPUL_HOME_REGION)
        for code, name, level in home.filter(level__in=(3, 4)).values_list("code", "name", "level"):
            target = self.desa_codes if level == Region.Level.DESA else self.kecamatan_codes
            target[_region_key(name)].append(code)

    def match(self, nib: str | None, name: str, desa: str, kecamatan: str) -> tuple[int | None, str]:
        if nib and nib in self.by_nib:
            return self.by_nib[nib], ""
        if not name:
            return None, _("NIB %(nib)s tidak ditemukan di wilayah Anda.") % {"nib": nib} if nib else _(
                "nama usaha dan NIB kosong."
            )
        if not desa:
            return None, _("desa tidak diisi, sehingga nama usaha tidak dapat dicocokkan.")
        codes = self._desa(desa, kecamatan)
        if not codes:
            return None, _("desa '%(desa)s' tidak dikenal.") % {"desa": desa}
        return self._by_name(name, codes, desa)

    def _desa(self, desa: str, kecamatan: str) -> list[str]:
        if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", desa.strip()):
            return [desa.strip()]
        codes = self.desa_codes.get(_region_key(desa), [])
        if kecamatan and len(codes) > 1:
            parents = set(self.kecamatan_codes.get(_region_key(kecamatan), []))
            codes = [c for c in codes if c.rsplit(".", 1)[0] in parents] or codes
        return codes

    def _by_name(self, name: str, codes: list[str], desa: str) -> tuple[int | None, str]:
        key = _business_key(name)
        candidates = [c for code in codes for c in self.by_desa.get(code, [])]
        exact = [pk for pk, other in candidates if other == key]
        if len(exact) == 1:
            return exact[0], ""
        if len(exact) > 1:
            return None, _("ada %(n)s usaha bernama sama di desa %(desa)s; isi NIB.") % {
                "n": len(exact),
                "desa": desa,
            }
        scored = sorted(((fuzz.token_sort_ratio(key, other), pk) for pk, other in candidates), reverse=True)
        if scored and scored[0][0] >= FUZZY_MIN and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1], ""
        return None, _("usaha '%(name)s' di desa %(desa)s tidak ditemukan di wilayah Anda.") % {
            "name": name,
            "desa": desa,
        }


def _cell(row: list[Any], column: int | None) -> Any:
    if column is None or column >= len(row):
        return None
    return row[column]


def _text(value: Any) -> str:
    parsed = parse_text(value)
    return parsed.value or "" if parsed.ok else ""


def _is_present(value: Any) -> bool:
    if is_missing(value):
        return False
    return _norm(str(value)) not in _ABSENT


def import_attendance(kegiatan: Kegiatan, source: str | IO[bytes], filename: str, user) -> ImportReport:
    """Mark the businesses on an attendance sheet as attended in `kegiatan`."""
    report = ImportReport()
    try:
        rows = [list(r) for r in read_rows(source, filename=filename)]
    except SheetError as exc:
        report.error = str(exc)
        return report
    header = find_header(rows[:30], ATTENDANCE_FIELDS)
    if header.header_row is None:
        report.error = _(
            "Baris judul kolom tidak ditemukan; pastikan ada kolom 'Nama usaha' atau 'NIB' dan 'Desa'."
        )
        return report
    mapping = suggest_mapping(header.columns, column_samples(rows, header.data_start), ATTENDANCE_FIELDS)
    column = {match.field: col for col, match in mapping.items()}
    if "nama_usaha" not in column and "nib" not in column:
        report.error = _("Kolom 'Nama usaha' atau 'NIB' tidak ditemukan di berkas.")
        return report

    scope = Usaha.objects.restrict(user, "view").filter(archived_at=None)
    matcher = _Matcher(scope.values_list("pk", "nib", "desa_id", "name"))
    existing = {p.usaha_id: p for p in kegiatan.partisipasi.select_related("usaha", "program")}
    seen: set[int] = set()
    for index in range(header.data_start, len(rows)):
        row = rows[index]
        if all(is_missing(v) for v in row):
            continue
        report.rows += 1
        _import_row(report, index + 1, row, column, matcher, kegiatan, existing, seen, user)
    return report


def _import_row(report, number, row, column, matcher, kegiatan, existing, seen, user) -> None:
    name = _text(_cell(row, column.get("nama_usaha")))
    nib_parsed = parse_nib(_cell(row, column.get("nib")))
    nib = nib_parsed.value if nib_parsed.ok else None
    label = name or (nib or "")
    if "hadir" in column and not _is_present(_cell(row, column["hadir"])):
        report.absent += 1
        return
    usaha_id, reason = matcher.match(
        nib, name, _text(_cell(row, column.get("desa"))), _text(_cell(row, column.get("kecamatan")))
    )
    if usaha_id is None:
        report.problems.append(RowProblem(number, label, reason))
        return
    if usaha_id in seen:
        report.problems.append(RowProblem(number, label, _("usaha ini sudah tercantum di baris sebelumnya.")))
        return
    seen.add(usaha_id)
    try:
        with transaction.atomic():
            participation = existing.get(usaha_id)
            if participation is None:
                usaha = Usaha.objects.get(pk=usaha_id)
                participation, _warnings = lifecycle.propose(
                    kegiatan, usaha, user, note=_("Ditambahkan dari daftar hadir"), check_rules=False
                )
                report.added += 1
            if lifecycle.mark_attended(participation, user):
                report.marked += 1
            else:
                report.unchanged += 1
    except lifecycle.ParticipationError as exc:
        report.problems.append(RowProblem(number, label, str(exc)))


# ---------------------------------------------------------------------------
# Background job
# ---------------------------------------------------------------------------


def start_import(kegiatan: Kegiatan, upload, user) -> Job:
    """Keep the upload where the worker can read it, and queue the import."""
    path = default_storage.save(f"impor/daftar-hadir/{kegiatan.pk}-{upload.name}", upload)
    label = _("Impor daftar hadir: %(kegiatan)s") % {"kegiatan": kegiatan.name}
    return jobs.start(JOB_KIND, label, user=user, kegiatan=kegiatan.pk, path=path, filename=upload.name)


@jobs.handler(JOB_KIND)
def run_import(job: Job, progress: jobs.Progress) -> dict:
    """The job: read the stored sheet, import it as the user who uploaded it, then delete the file."""
    params = job.params
    kegiatan = Kegiatan.objects.select_related("program").get(pk=params["kegiatan"])
    user = User.objects.get(pk=job.created_by_id)
    progress.total(1)
    try:
        with default_storage.open(params["path"], "rb") as handle:
            report = import_attendance(kegiatan, handle, params["filename"], user)
    finally:
        default_storage.delete(params["path"])
    progress.update(1, force=True)
    summary = _("%(marked)s ditandai hadir, %(added)s ditambahkan, %(problems)s baris tidak cocok.") % {
        "marked": report.marked,
        "added": report.added,
        "problems": len(report.problems),
    }
    Job.objects.filter(pk=job.pk).update(message=report.error or summary)
    return report.as_dict()
