"""Reach: whom the programs reached, what it cost and what came of it.

A business counts as reached by a program once it attended (Partisipasi.REACHED).
Figures are grouped per program, per kind, per year or per kecamatan:

* businesses — distinct businesses reached (one business in two activities counts once);
* owners by gender — distinct owners (Pelaku) of those businesses;
* workers — from each business's latest yearly report (LaporanTahunan);
* cost per business — budget / businesses reached. A program's budget is
  counted whole per program, kind and year; per kecamatan it is shared out in
  proportion to the businesses the program reached there, since a budget is
  not planned by kecamatan;
* outcomes — certificates, equipment, exhibition sales and leads, loans, follow-up visits.

The data is read in four flat queries and grouped in Python with sets, so
distinct counts stay right whatever the grouping.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from simpul.programs.models import Partisipasi, Program
from simpul.registry.models import Gender, Kepemilikan, LaporanTahunan, Usaha

#: The groupings the page and the API offer.
GROUPINGS: dict[str, Any] = {
    "program": _("Per program"),
    "kind": _("Per jenis program"),
    "year": _("Per tahun"),
    "kecamatan": _("Per kecamatan"),
}


@dataclass
class ReachRow:
    """The figures of one group (a program, a kind, a year, a kecamatan) or of the total."""

    key: str
    label: str
    usaha: set[int] = field(default_factory=set)
    owners: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    workers_male: int = 0
    workers_female: int = 0
    budget: Decimal = Decimal(0)
    programs: set[int] = field(default_factory=set)
    certificates: int = 0
    equipment: int = 0
    equipment_value: Decimal = Decimal(0)
    sales_value: Decimal = Decimal(0)
    leads: int = 0
    loans: int = 0
    loan_amount: Decimal = Decimal(0)
    followups: int = 0

    @property
    def businesses(self) -> int:
        return len(self.usaha)

    @property
    def owners_male(self) -> int:
        return len(self.owners.get(Gender.L, ()))

    @property
    def owners_female(self) -> int:
        return len(self.owners.get(Gender.P, ()))

    @property
    def owners_unknown(self) -> int:
        return len(self.owners.get("", ()))

    @property
    def workers(self) -> int:
        return self.workers_male + self.workers_female

    @property
    def cost_per_business(self) -> Decimal | None:
        if not self.businesses or not self.budget:
            return None
        return (self.budget / self.businesses).quantize(Decimal(1))

    def as_dict(self) -> dict[str, Any]:
        """Plain numbers for the API and the export."""
        return {
            "key": self.key,
            "label": self.label,
            "programs": len(self.programs),
            "businesses": self.businesses,
            "owners_male": self.owners_male,
            "owners_female": self.owners_female,
            "owners_unknown": self.owners_unknown,
            "workers_male": self.workers_male,
            "workers_female": self.workers_female,
            "workers": self.workers,
            "budget": int(self.budget),
            "cost_per_business": int(self.cost_per_business) if self.cost_per_business is not None else None,
            "certificates": self.certificates,
            "equipment": self.equipment,
            "equipment_value": int(self.equipment_value),
            "sales_value": int(self.sales_value),
            "leads": self.leads,
            "loans": self.loans,
            "loan_amount": int(self.loan_amount),
            "followups": self.followups,
        }


@dataclass
class ReachReport:
    by: str
    rows: list[ReachRow]
    total: ReachRow


@dataclass(frozen=True)
class _Fact:
    """One reached participation with what the grouping and the outcome need."""

    program_id: int
    usaha_id: int
    kecamatan_id: str
    kecamatan_name: str
    certificate: bool
    equipment_value: Decimal | None
    equipment: bool
    sales_value: Decimal | None
    leads: int | None
    loan_amount: Decimal | None
    followup: bool


def _facts(participations: QuerySet[Partisipasi]) -> list[_Fact]:
    # "pk" keeps two participations with equal values apart when the scoped queryset is DISTINCT.
    rows = participations.filter(status__in=Partisipasi.REACHED, archived_at=None).values_list(
        "pk",
        "program_id",
        "usaha_id",
        "usaha__kecamatan_id",
        "usaha__kecamatan__name",
        "status",
        "certificate_number",
        "legalitas_id",
        "equipment",
        "equipment_value",
        "sales_value",
        "leads",
        "loan_amount",
        "followup_on",
    )
    facts = []
    for (
        _pk,
        program_id,
        usaha_id,
        kec_id,
        kec_name,
        status,
        cert_no,
        legal_id,
        equipment,
        equipment_value,
        sales,
        leads,
        loan,
        followup,
    ) in rows:
        facts.append(
            _Fact(
                program_id=program_id,
                usaha_id=usaha_id,
                kecamatan_id=kec_id,
                kecamatan_name=kec_name,
                certificate=bool(legal_id or (cert_no and status == Partisipasi.Status.SELESAI)),
                equipment=bool(equipment or equipment_value),
                equipment_value=equipment_value,
                sales_value=sales,
                leads=leads,
                loan_amount=loan,
                followup=followup is not None,
            )
        )
    return facts


def _owners(usaha_ids: QuerySet) -> dict[int, list[tuple[int, str]]]:
    """Owners (id, gender) of each business in the `usaha_ids` subquery."""
    owners: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = Kepemilikan.objects.filter(usaha_id__in=usaha_ids).values_list(
        "usaha_id", "pelaku_id", "pelaku__gender"
    )
    for usaha_id, pelaku_id, gender in rows:
        owners[usaha_id].append((pelaku_id, gender or ""))
    return owners


def _workers(usaha_ids: QuerySet) -> dict[int, tuple[int, int]]:
    """(male, female) from the latest yearly report of each business in the `usaha_ids` subquery."""
    latest: dict[int, tuple[int, int]] = {}
    rows = (
        LaporanTahunan.objects.filter(usaha_id__in=usaha_ids, archived_at=None)
        .order_by("usaha_id", "year")
        .values_list("usaha_id", "workforce_male", "workforce_female")
    )
    for usaha_id, male, female in rows:
        latest[usaha_id] = (male or 0, female or 0)
    return latest


def compute(
    programs: QuerySet[Program], participations: QuerySet[Partisipasi], by: str = "program"
) -> ReachReport:
    """Reach figures of `programs` (budgets) through `participations` (already scoped), grouped `by`."""
    if by not in GROUPINGS:
        raise ValueError(f"Unknown grouping {by!r}")
    program_rows = {
        p.pk: p
        for p in programs.only("pk", "name", "kind", "year", "budget", "archived_at").order_by(
            "-year", "name"
        )
    }
    scoped = participations.filter(program__in=programs.values("pk"))
    facts = [f for f in _facts(scoped) if f.program_id in program_rows]
    # A subquery, not a list of ids: thousands of ids would exceed SQLite's variable limit.
    reached_ids = scoped.filter(status__in=Partisipasi.REACHED, archived_at=None).values("usaha_id")
    owners = _owners(reached_ids) if facts else {}
    workers = _workers(reached_ids) if facts else {}
    key_of = _key_function(by, program_rows)

    groups: dict[str, ReachRow] = {}
    total = ReachRow("total", str(_("Jumlah")))
    # Every program appears (with its budget) even when it reached nobody yet.
    if by != "kecamatan":
        for program in program_rows.values():
            key, label = key_of(program, None)
            row = groups.setdefault(key, ReachRow(key, label))
            row.programs.add(program.pk)
            row.budget += program.budget or 0
    for program in program_rows.values():
        total.programs.add(program.pk)
        total.budget += program.budget or 0

    for fact in facts:
        program = program_rows[fact.program_id]
        key, label = key_of(program, fact)
        row = groups.setdefault(key, ReachRow(key, label))
        row.programs.add(program.pk)
        for target in (row, total):
            _add(target, fact, owners, workers)
    if by == "kecamatan":
        _share_budgets(groups, facts, program_rows)
    rows = sorted(groups.values(), key=_sort_key(by))
    return ReachReport(by=by, rows=rows, total=total)


def _key_function(
    by: str, programs: dict[int, Program]
) -> Callable[[Program, _Fact | None], tuple[str, str]]:
    kind_labels = dict(Program.Kind.choices)
    if by == "program":
        return lambda p, f: (str(p.pk), str(p))
    if by == "kind":
        return lambda p, f: (p.kind, str(kind_labels.get(p.kind, p.kind)))
    if by == "year":
        return lambda p, f: (str(p.year), str(p.year))
    return lambda p, f: (f.kecamatan_id, f.kecamatan_name) if f else ("", "")


def _sort_key(by: str) -> Callable[[ReachRow], Any]:
    if by == "year":
        return lambda r: -int(r.key or 0)
    if by == "program":
        return lambda r: r.label
    return lambda r: (-r.businesses, r.label)


def _add(row: ReachRow, fact: _Fact, owners: dict, workers: dict) -> None:
    if fact.usaha_id not in row.usaha:
        row.usaha.add(fact.usaha_id)
        male, female = workers.get(fact.usaha_id, (0, 0))
        row.workers_male += male
        row.workers_female += female
        for pelaku_id, gender in owners.get(fact.usaha_id, ()):
            row.owners[gender if gender in (Gender.L, Gender.P) else ""].add(pelaku_id)
    row.certificates += int(fact.certificate)
    if fact.equipment:
        row.equipment += 1
        row.equipment_value += fact.equipment_value or 0
    row.sales_value += fact.sales_value or 0
    row.leads += fact.leads or 0
    if fact.loan_amount:
        row.loans += 1
        row.loan_amount += fact.loan_amount
    row.followups += int(fact.followup)


def _share_budgets(groups: dict[str, ReachRow], facts: Iterable[_Fact], programs: dict[int, Program]) -> None:
    """Give each kecamatan the share of each program's budget matching its share of the businesses reached."""
    reached: dict[int, set[int]] = defaultdict(set)
    by_kecamatan: dict[tuple[int, str], set[int]] = defaultdict(set)
    for fact in facts:
        reached[fact.program_id].add(fact.usaha_id)
        by_kecamatan[(fact.program_id, fact.kecamatan_id)].add(fact.usaha_id)
    for (program_id, kecamatan_id), usaha in by_kecamatan.items():
        budget = programs[program_id].budget or 0
        if budget and reached[program_id]:
            groups[kecamatan_id].budget += Decimal(budget) * len(usaha) / len(reached[program_id])


def never_reached(
    usaha: QuerySet[Usaha], *, kind: str = "", since_year: int | None = None
) -> QuerySet[Usaha]:
    """Active businesses of `usaha` that no program (of `kind`, since `since_year`) has reached."""
    reached = Partisipasi.objects.filter(
        usaha=OuterRef("pk"), status__in=Partisipasi.REACHED, archived_at=None, program__archived_at=None
    )
    if kind:
        reached = reached.filter(program__kind=kind)
    if since_year:
        reached = reached.filter(program__year__gte=since_year)
    return usaha.filter(status=Usaha.Status.AKTIF, archived_at=None, merged_into=None).exclude(
        Exists(reached)
    )


def report_for(user, params) -> ReachReport:
    """Reach figures within the user's scope, with the page's (or the API's) filters.

    `params` is a QueryDict-like mapping: by, year, kind, kecamatan.
    """
    by = params.get("by") if params.get("by") in GROUPINGS else "program"
    programs = Program.objects.restrict(user, "view").filter(archived_at=None)
    participations = Partisipasi.objects.restrict(user, "view")
    year = str(params.get("year", "") or "")
    # isdecimal, not isdigit: "7³" is digits to isdigit() but not a number to int().
    if year.isdecimal():
        programs = programs.filter(year=int(year))
    if params.get("kind") in Program.Kind.values:
        programs = programs.filter(kind=params["kind"])
    if params.get("kecamatan"):
        participations = participations.filter(usaha__kecamatan_id=params["kecamatan"])
    return compute(programs, participations, by=by)
