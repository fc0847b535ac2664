"""Merging two records of one business into the one that survives.

Everything the duplicate owns moves to the survivor in one transaction:
products, yearly reports, certificates and owners; the survivor's empty
fields are filled from the duplicate; the duplicate is archived with
`merged_into` pointing at the survivor, so its old address keeps leading
there (`resolve_merged`). Every moved row is saved one by one, not by a
queryset update, so each move is in the change history with its reason.

Rules that needed a decision:

- **A year reported by both.** The survivor's report of that year is kept
  (the officer chose the survivor as the trusted record, and its report's id
  and history stay stable); its *empty* figures are filled from the
  duplicate's report of the same year, never overwritten. The production
  lines and raw materials move when the survivor's report has none; export
  destinations are joined. The duplicate's report is then archived where it
  is, on the merged record, so its figures remain readable; its history row
  says where it went, and the merge's DuplicateDecision note lists its main
  figures (a history change reason holds only 100 characters).
- **The same certificate on both** (same kind and number): the survivor's is
  kept and covers the duplicate's products too; the duplicate's is archived.
- **The same person owns both:** the survivor keeps its ownership row, the
  duplicate's row is removed (its removal stays in the history), so no
  person is recorded twice as the owner of one business.
- **Fields:** only empty fields of the survivor are filled (coordinates as a
  pair); status, source, legal form and verification describe the surviving
  record itself and are left alone.

Other apps that point at a business (programs, clusters…) listen to
`usaha_merged` and move their own rows, because the registry must not
import them (DESIGN.md, "Architecture").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.registry import completeness
from simpul.registry.models import (
    BahanBaku,
    DuplicateDecision,
    Kepemilikan,
    LaporanTahunan,
    Legalitas,
    Produk,
    ProduksiProduk,
    Usaha,
)
from simpul.registry.signals import update_scale

#: Sent inside the merge's transaction, after the registry's own rows moved:
#: `survivor`, `duplicate` (Usaha) and `user`. Receivers move their rows.
usaha_merged = Signal()

#: Fields of the business filled on the survivor when empty there.
FILL_FIELDS = (
    "nib",
    "npwp",
    "kbli",
    "group",
    "address",
    "whatsapp",
    "phone",
    "email",
    "website",
    "marketplace",
    "year_founded",
)
#: Filled together: half a coordinate is worse than none.
LOCATION_FIELDS = ("latitude", "longitude")
WORKFORCE_FIELDS = ("workforce_male", "workforce_female")
_REPORT_NOT_FIGURES = {"id", "usaha", "year", "created_at", "updated_at", "archived_at"}
#: django-simple-history stores a change reason in a CharField of this length.
REASON_LENGTH = 100
#: Merges are repointed to the final survivor, so a chain is short; the bound
#: only protects against a loop written by hand in the database.
_MAX_HOPS = 10


class MergeError(Exception):
    """A merge that must not happen; the message is for the officer."""


@dataclass
class ReportClash:
    """A year reported by both businesses: `kept` (survivor's) and `other` (duplicate's)."""

    year: int
    kept: LaporanTahunan
    other: LaporanTahunan
    #: Figure fields of `kept` that are empty and will be filled from `other`.
    filled: list[str] = field(default_factory=list)


@dataclass
class MergePlan:
    """What a merge will do; the confirmation page shows it and `merge` carries it out."""

    survivor: Usaha
    duplicate: Usaha
    products: list[Produk] = field(default_factory=list)
    reports: list[LaporanTahunan] = field(default_factory=list)
    clashes: list[ReportClash] = field(default_factory=list)
    certificates: list[Legalitas] = field(default_factory=list)
    #: (duplicate's, survivor's) certificates of the same kind and number.
    same_certificates: list[tuple[Legalitas, Legalitas]] = field(default_factory=list)
    owners: list[Kepemilikan] = field(default_factory=list)
    shared_owners: list[Kepemilikan] = field(default_factory=list)
    #: Field names of the survivor that will be filled from the duplicate.
    fields: list[str] = field(default_factory=list)
    #: Product names found on both: the officer may want to archive one afterwards.
    same_product_names: list[str] = field(default_factory=list)

    def field_labels(self) -> list[str]:
        return [str(Usaha._meta.get_field(name).verbose_name) for name in self.fields]


def choose_survivor(a: Usaha, b: Usaha) -> tuple[Usaha, Usaha]:
    """(survivor, duplicate) by default: the verified, then the more complete, then the older record."""

    def rank(usaha: Usaha) -> tuple:
        return (not usaha.is_verified, -usaha.completeness, usaha.created_at, usaha.pk)

    return (a, b) if rank(a) <= rank(b) else (b, a)


def plan_merge(survivor: Usaha, duplicate: Usaha) -> MergePlan:
    """Read what the duplicate owns and decide where each piece goes; changes nothing."""
    plan = MergePlan(survivor, duplicate)
    plan.products = list(Produk.objects.filter(usaha=duplicate).order_by("pk"))
    survivor_names = {
        n.casefold()
        for n in Produk.objects.filter(usaha=survivor, archived_at=None).values_list("name", flat=True)
    }
    plan.same_product_names = sorted(
        {p.name for p in plan.products if p.archived_at is None and p.name.casefold() in survivor_names}
    )
    _plan_reports(plan)
    _plan_certificates(plan)
    survivor_people = set(Kepemilikan.objects.filter(usaha=survivor).values_list("pelaku_id", flat=True))
    for ownership in Kepemilikan.objects.filter(usaha=duplicate).select_related("pelaku").order_by("pk"):
        target = plan.shared_owners if ownership.pelaku_id in survivor_people else plan.owners
        target.append(ownership)
    plan.fields = _fields_to_fill(survivor, duplicate)
    return plan


def _plan_reports(plan: MergePlan) -> None:
    # Every report of the survivor counts, archived too: the unique (usaha, year)
    # constraint does not look at archiving.
    kept_by_year = {r.year: r for r in LaporanTahunan.objects.filter(usaha=plan.survivor)}
    for report in LaporanTahunan.objects.filter(usaha=plan.duplicate).order_by("year"):
        kept = kept_by_year.get(report.year)
        if kept is None:
            plan.reports.append(report)
        else:
            plan.clashes.append(ReportClash(report.year, kept, report, _report_fields_to_fill(kept, report)))


def _plan_certificates(plan: MergePlan) -> None:
    def identity(certificate: Legalitas) -> tuple[str, str]:
        return certificate.kind, "".join(certificate.number.split()).upper()

    survivor_certificates = {
        identity(c): c for c in Legalitas.objects.filter(usaha=plan.survivor, archived_at=None)
    }
    for certificate in Legalitas.objects.filter(usaha=plan.duplicate).order_by("pk"):
        same = survivor_certificates.get(identity(certificate)) if certificate.archived_at is None else None
        if same is None:
            plan.certificates.append(certificate)
        else:
            plan.same_certificates.append((certificate, same))


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


def _fields_to_fill(survivor: Usaha, duplicate: Usaha) -> list[str]:
    names = [
        name
        for name in FILL_FIELDS
        if _is_empty(_value(survivor, name)) and not _is_empty(_value(duplicate, name))
    ]
    survivor_located = all(not _is_empty(getattr(survivor, n)) for n in LOCATION_FIELDS)
    duplicate_located = all(not _is_empty(getattr(duplicate, n)) for n in LOCATION_FIELDS)
    if duplicate_located and not survivor_located:
        names.extend(LOCATION_FIELDS)
    return names


def _value(obj: Any, name: str) -> Any:
    """A field's stored value (the id for a foreign key, so no query is made)."""
    return getattr(obj, obj._meta.get_field(name).attname)


def _report_figures() -> list[str]:
    return [
        f.name
        for f in LaporanTahunan._meta.concrete_fields
        if f.name not in _REPORT_NOT_FIGURES and f.name not in WORKFORCE_FIELDS
    ]


def _report_fields_to_fill(kept: LaporanTahunan, other: LaporanTahunan) -> list[str]:
    names = [n for n in _report_figures() if _is_empty(getattr(kept, n)) and not _is_empty(getattr(other, n))]
    # The workforce fields default to 0, so "empty" is a zero total, and the two
    # are taken together: mixing one report's men with the other's women is no figure.
    if kept.workforce_total == 0 and other.workforce_total > 0:
        names.extend(WORKFORCE_FIELDS)
    return names


def merge(survivor: Usaha, duplicate: Usaha, user=None, *, note: str = "") -> MergePlan:
    """Move everything of `duplicate` to `survivor` and archive the duplicate, in one transaction.

    Raises MergeError when the two cannot be merged (the same record, or one
    already archived or merged). Returns the plan that was carried out.
    """
    with transaction.atomic():
        survivor, duplicate = _fresh(survivor.pk, duplicate.pk)
        plan = plan_merge(survivor, duplicate)
        moved_from = _reason(_("Dipindah dari usaha #%(id)d (penggabungan)") % {"id": duplicate.pk})
        for row in [*plan.products, *plan.reports, *plan.certificates, *plan.owners]:
            row.usaha = survivor
            _save(row, user, moved_from)
        for clash in plan.clashes:
            _merge_report(clash, user)
        for certificate, same in plan.same_certificates:
            same.products.add(*certificate.products.all())
            certificate.archived_at = timezone.now()
            _save(
                certificate,
                user,
                _("Sama dengan legalitas #%(id)d pada usaha #%(usaha)d")
                % {"id": same.pk, "usaha": survivor.pk},
            )
        for ownership in plan.shared_owners:
            ownership._history_user = user
            ownership._change_reason = _reason(
                _("Pemilik sudah tercatat di usaha #%(id)d") % {"id": survivor.pk}
            )
            ownership.delete()
        _fill_survivor(plan, user)
        _retire(duplicate, survivor, user)
        DuplicateDecision.record(
            survivor.pk, duplicate.pk, DuplicateDecision.Verdict.MERGED, user, note=_summary(plan, note)
        )
        usaha_merged.send(sender=Usaha, survivor=survivor, duplicate=duplicate, user=user)
        update_scale(survivor.pk)
        completeness.refresh(survivor)
        completeness.refresh(duplicate)
    return plan


def _fresh(survivor_pk: int, duplicate_pk: int) -> tuple[Usaha, Usaha]:
    """Both records as they are now, locked for the transaction, or a MergeError."""
    if survivor_pk == duplicate_pk:
        raise MergeError(_("Usaha tidak dapat digabung dengan dirinya sendiri."))
    rows = {u.pk: u for u in Usaha.objects.select_for_update().filter(pk__in=[survivor_pk, duplicate_pk])}
    if len(rows) != 2:
        raise MergeError(_("Salah satu usaha tidak ditemukan."))
    for usaha in rows.values():
        if usaha.merged_into_id is not None:
            raise MergeError(_("Usaha “%(name)s” sudah digabung sebelumnya.") % {"name": usaha.name})
        if usaha.archived_at is not None:
            raise MergeError(_("Usaha “%(name)s” sudah diarsipkan.") % {"name": usaha.name})
    return rows[survivor_pk], rows[duplicate_pk]


def _merge_report(clash: ReportClash, user) -> None:
    kept, other = clash.kept, clash.other
    for name in clash.filled:
        setattr(kept, name, getattr(other, name))
    if clash.filled:
        _save(kept, user, _("Dilengkapi dari laporan #%(id)d (penggabungan)") % {"id": other.pk})
    if not kept.produksi.exists():
        ProduksiProduk.objects.filter(laporan=other).update(laporan=kept)
    if not kept.bahan_baku.exists():
        BahanBaku.objects.filter(laporan=other).update(laporan=kept)
    kept.destinations.add(*other.destinations.all())
    if other.archived_at is None:
        other.archived_at = timezone.now()
        reason = _("Tahun %(year)d sudah ada di usaha #%(usaha)d; laporan ini diarsipkan") % {
            "year": other.year,
            "usaha": kept.usaha_id,
        }
        _save(other, user, reason)


def _fill_survivor(plan: MergePlan, user) -> None:
    survivor, duplicate = plan.survivor, plan.duplicate
    for name in plan.fields:
        attname = Usaha._meta.get_field(name).attname
        setattr(survivor, attname, getattr(duplicate, attname))
    survivor.kbli_other.add(*duplicate.kbli_other.all())
    # Saved even when nothing was filled: the history must say what came in.
    _save(survivor, user, _("Digabung dari #%(id)d") % {"id": duplicate.pk})


def _retire(duplicate: Usaha, survivor: Usaha, user) -> None:
    """Archive the duplicate, pointing at the survivor; earlier merges into it now point there too."""
    for earlier in Usaha.objects.filter(merged_into=duplicate):
        earlier.merged_into = survivor
        _save(earlier, user, _("Digabung ke #%(id)d") % {"id": survivor.pk}, ["merged_into", "updated_at"])
    duplicate.merged_into = survivor
    duplicate.archived_at = timezone.now()
    _save(
        duplicate,
        user,
        _("Digabung ke #%(id)d") % {"id": survivor.pk},
        ["merged_into", "archived_at", "updated_at"],
    )


def _save(row, user, reason: str, update_fields: list[str] | None = None) -> None:
    """Save with the user and the reason recorded in the row's history."""
    row._history_user = user
    row._change_reason = _reason(reason)
    row.save(update_fields=update_fields)


def _reason(text: str) -> str:
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def _summary(plan: MergePlan, note: str) -> str:
    """The merge in words, for DuplicateDecision.note: counts, filled fields, clashing years' figures."""
    lines = [
        _("Digabung: #%(duplicate)d ke #%(survivor)d.")
        % {"duplicate": plan.duplicate.pk, "survivor": plan.survivor.pk},
        _(
            "Dipindah: %(products)d produk, %(reports)d laporan, %(certificates)d legalitas, %(owners)d pemilik."
        )
        % {
            "products": len(plan.products),
            "reports": len(plan.reports),
            "certificates": len(plan.certificates),
            "owners": len(plan.owners),
        },
    ]
    if plan.fields:
        lines.append(_("Diisi dari duplikat: %(fields)s.") % {"fields": ", ".join(plan.field_labels())})
    for clash in plan.clashes:
        lines.append(
            _(
                "Tahun %(year)d ada di keduanya: laporan #%(kept)d dipertahankan; laporan #%(other)d "
                "diarsipkan (tenaga kerja %(workers)d, nilai produksi Rp%(value)s, penjualan Rp%(sales)s)."
            )
            % {
                "year": clash.year,
                "kept": clash.kept.pk,
                "other": clash.other.pk,
                "workers": clash.other.workforce_total,
                "value": _rupiah(clash.other.production_value),
                "sales": _rupiah(clash.other.sales_total),
            }
        )
    if note:
        lines.append(_("Catatan: %(note)s") % {"note": note})
    return "\n".join(lines)


def _rupiah(value: Decimal | None) -> str:
    return "—" if value is None else f"{int(value):,}".replace(",", ".")


def resolve_merged(queryset: QuerySet[Usaha], pk: int) -> Usaha | None:
    """The business that the merged business `pk` now lives in, or None.

    None when `pk` was not merged, or when the survivor lies outside
    `queryset` (the user's scope). The merge chain itself is read without the
    scope on purpose: the duplicate's owners have moved to the survivor, so
    an owner following an old link could no longer see the duplicate, yet
    should still arrive at their business. Only the survivor's visibility
    decides, so nothing outside the user's scope is ever shown.
    """
    target = None
    current = pk
    for _hop in range(_MAX_HOPS):
        following = Usaha.objects.filter(pk=current).values_list("merged_into_id", flat=True).first()
        if following is None:
            break
        target = current = following
    if target is None:
        return None
    return queryset.filter(pk=target).first()


def merged_redirect(request: HttpRequest, survivor: Usaha) -> HttpResponseRedirect:
    """Send the user from a merged business to its survivor, saying why."""
    messages.info(
        request,
        _("Usaha yang Anda buka telah digabung ke “%(name)s”; data lengkapnya ada di sini.")
        % {"name": survivor},
    )
    return HttpResponseRedirect(survivor.get_absolute_url())
