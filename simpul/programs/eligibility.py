"""Who may join a program: its rules as a queryset, and the double-aid check.

The rules (KBLI division, commodity group, scale, kecamatan, sentra) are hard:
the eligible list only holds businesses that meet all of them. Having had the
same kind of aid recently is different: it is a *warning* an officer may
override, so the eligible list hides those businesses by default and shows
them on request, flagged.

"The same kind of aid" is the program kind, and for certification also the
certificate (a halal facilitation does not block a PIRT one). "Within N
years" counts programs of year Y−N up to Y, so N = 3 for a 2025 program looks
at 2022–2025. A business "received" aid once it was selected (see
Partisipasi.RECEIVED): a selection already commits the budget.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from simpul.programs.models import Partisipasi, Program
from simpul.registry.models import Usaha


@dataclass(frozen=True)
class AidRecord:
    """An earlier aid of the same kind: what the double-aid warning names."""

    usaha_id: int
    program_id: int
    program_name: str
    year: int
    status: str

    def __str__(self) -> str:
        return f"{self.program_name} ({self.year})"


def sentra_available() -> bool:
    """Whether the clusters app (sentra) is installed, so the sentra rule can apply."""
    return apps.is_installed("simpul.clusters")


def _divisions(program: Program) -> list[str]:
    return list(program.eligible_kbli.values_list("code", flat=True))


def _kecamatan(program: Program) -> list[str]:
    return list(program.eligible_kecamatan.values_list("code", flat=True))


def _groups(program: Program) -> list[int]:
    return list(program.eligible_groups.values_list("pk", flat=True))


def rules_q(program: Program) -> Q:
    """The program's hard rules as one condition on Usaha; an empty rule allows all."""
    condition = Q()
    divisions = _divisions(program)
    if divisions:
        by_division = Q()
        for code in divisions:
            by_division |= Q(kbli__code__startswith=code)
        condition &= by_division
    groups = _groups(program)
    if groups:
        condition &= Q(group_id__in=groups)
    if program.eligible_scales:
        condition &= Q(scale__in=program.eligible_scales)
    kecamatan = _kecamatan(program)
    if kecamatan:
        condition &= Q(kecamatan_id__in=kecamatan)
    if program.eligible_sentra and sentra_available():
        membership = Usaha.sentra.through.objects.filter(
            usaha=OuterRef("pk"), sentra_id__in=program.eligible_sentra
        )
        condition &= Q(Exists(membership))
    return condition


def recent_aid(program: Program) -> QuerySet[Partisipasi]:
    """Participations in *other* programs that gave the same kind of aid within the window."""
    if not program.no_repeat_years:
        return Partisipasi.objects.none()
    same_kind = Q(program__kind=program.kind)
    if program.certificate_kind:
        same_kind &= Q(program__certificate_kind=program.certificate_kind)
    return (
        Partisipasi.objects.filter(same_kind)
        .filter(
            status__in=Partisipasi.RECEIVED,
            archived_at=None,
            program__archived_at=None,
            program__year__gte=program.year - program.no_repeat_years,
            program__year__lte=program.year,
        )
        .exclude(program=program)
    )


def eligible(program: Program, usaha: QuerySet[Usaha], *, include_recent: bool = False) -> QuerySet[Usaha]:
    """Active businesses of `usaha` (already scoped to the user) that meet the rules and are not in yet.

    With `include_recent`, businesses that had the same aid within the window
    are kept (the caller shows the double-aid warning next to them).
    """
    already_in = Partisipasi.objects.filter(program=program, usaha=OuterRef("pk"))
    qs = (
        usaha.filter(status=Usaha.Status.AKTIF, archived_at=None, merged_into=None)
        .filter(rules_q(program))
        .exclude(Exists(already_in))
    )
    if not include_recent and program.no_repeat_years:
        qs = qs.exclude(Exists(recent_aid(program).filter(usaha=OuterRef("pk"))))
    return qs


def double_aid(program: Program, usaha_ids: list[int] | set[int]) -> dict[int, list[AidRecord]]:
    """For each business that already had this kind of aid within the window, those aids (one query)."""
    found: dict[int, list[AidRecord]] = defaultdict(list)
    if not usaha_ids:
        return {}
    rows = (
        recent_aid(program)
        .filter(usaha_id__in=list(usaha_ids))
        .values_list("usaha_id", "program_id", "program__name", "program__year", "status")
        .order_by("-program__year", "program__name")
    )
    seen: set[tuple[int, int]] = set()
    for usaha_id, program_id, name, year, status in rows:
        # A business in two activities of one program received that aid once.
        if (usaha_id, program_id) in seen:
            continue
        seen.add((usaha_id, program_id))
        found[usaha_id].append(AidRecord(usaha_id, program_id, name, year, status))
    return dict(found)


def double_aid_message(records: list[AidRecord]) -> str:
    """The warning shown to the officer or pengurus, in Indonesian."""
    names = ", ".join(str(r) for r in records)
    return _("Sudah menerima bantuan sejenis: %(programs)s.") % {"programs": names}


def unmet_rules(program: Program, usaha: Usaha) -> list[str]:
    """The hard rules a business fails, as sentences; empty when it may join."""
    reasons: list[str] = []
    if usaha.status != Usaha.Status.AKTIF or usaha.archived_at is not None:
        reasons.append(_("usaha tidak aktif"))
    divisions = _divisions(program)
    if divisions and not any((usaha.kbli_id or "").startswith(code) for code in divisions):
        reasons.append(_("KBLI usaha tidak termasuk syarat program"))
    groups = _groups(program)
    if groups and usaha.group_id not in groups:
        reasons.append(_("kelompok komoditas tidak sesuai"))
    if program.eligible_scales and usaha.scale not in program.eligible_scales:
        reasons.append(_("skala usaha tidak sesuai") if usaha.scale else _("skala usaha belum diketahui"))
    kecamatan = _kecamatan(program)
    if kecamatan and usaha.kecamatan_id not in kecamatan:
        reasons.append(_("kecamatan tidak termasuk sasaran program"))
    if (
        program.eligible_sentra
        and sentra_available()
        and not Usaha.sentra.through.objects.filter(
            usaha=usaha, sentra_id__in=program.eligible_sentra
        ).exists()
    ):
        reasons.append(_("bukan anggota sentra sasaran"))
    return reasons


def unapplied_rules(program: Program) -> list[str]:
    """Rules stored on the program that cannot be applied here (shown so nobody relies on them)."""
    if program.eligible_sentra and not sentra_available():
        return [_("Syarat sentra belum diterapkan: modul sentra belum terpasang.")]
    return []


def rule_summary(program: Program) -> list[tuple[str, str]]:
    """The rules as (label, value) pairs for the program page."""
    any_ = _("semua")
    rows = [
        (_("KBLI"), ", ".join(str(k) for k in program.eligible_kbli.all()) or any_),
        (_("Kelompok komoditas"), ", ".join(str(g) for g in program.eligible_groups.all()) or any_),
        (
            _("Skala usaha"),
            ", ".join(str(Usaha.Scale(s).label) for s in program.eligible_scales if s in Usaha.Scale.values)
            or any_,
        ),
        (_("Kecamatan"), ", ".join(r.name for r in program.eligible_kecamatan.all()) or any_),
    ]
    if program.eligible_sentra and sentra_available():
        sentra = apps.get_model("clusters", "Sentra").objects.filter(pk__in=program.eligible_sentra)
        rows.append((_("Sentra"), ", ".join(s.name for s in sentra)))
    if program.no_repeat_years:
        rows.append(
            (
                _("Bantuan sejenis"),
                _("belum menerima %(aid)s dalam %(n)s tahun terakhir")
                % {"aid": program.aid_label, "n": program.no_repeat_years},
            )
        )
    return rows
