"""Likely duplicates of a business: same NIB or owner NIK, or a similar name nearby.

Two uses:

- `likely_duplicates` — shown before saving a new or edited business: the
  records that may be the same as the one on the form.
- `candidate_pairs` — the review page: every pair in the registry (or in an
  officer's kecamatan) that may be one business entered twice.

The pair search must stay fast for 50,000 businesses, so it never compares
all pairs. It reads the few columns it needs in three queries, puts the
businesses into blocks that share a key (NIB, owner, desa, phone number) and
compares names only within a block, in rapidfuzz's C++ loop.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from simpul.registry.models import DuplicateDecision, Kepemilikan, Usaha
from simpul.registry.validators import digits

_LEGAL_WORDS = re.compile(
    r"\b(ud|cv|pt|koperasi|kop|usaha|industri|ikm|toko|home industry)\b\.?", re.IGNORECASE
)
_NON_WORD = re.compile(r"[^\w\s]")
NAME_THRESHOLD = 85

#: A NIB shared by more businesses than this is a placeholder typed into many
#: rows (e.g. the office's own), not evidence: such pairs also need a similar name.
MAX_SHARED_NIB = 10
#: Blocks larger than this (a desa where a whole import landed, a phone number
#: typed into every row) are compared by sorted neighbourhood instead of all
#: pairs, so one bad block cannot make the page quadratic in the registry's size.
FULL_COMPARE_LIMIT = 3000
#: How many neighbours each name is compared with in a large block.
NEIGHBOURHOOD = 40
#: A phone number is compared by its last digits: imported rows may not have
#: gone through the form's normalisation (0812…, +62812…, 62812…).
_PHONE_TAIL = 10
_PHONE_MIN_DIGITS = 8


def normalise_name(name: str) -> str:
    """Lower-case, without legal-form words or punctuation: 'UD. Sri Rejeki' → 'sri rejeki'."""
    value = _NON_WORD.sub(" ", _LEGAL_WORDS.sub(" ", (name or "").lower()))
    return " ".join(value.split())


def name_key(name: str) -> str:
    """The normalised name with its words sorted.

    `fuzz.ratio` of two keys equals `name_similarity` of the two names (that is
    what token_sort_ratio computes), but the words are split and sorted once per
    business instead of once per comparison.
    """
    return " ".join(sorted(normalise_name(name).split()))


def name_similarity(a: str, b: str) -> float:
    return float(fuzz.token_sort_ratio(normalise_name(a), normalise_name(b)))


def phone_key(phone: str) -> str:
    """The comparable tail of a phone number, or "" when too short to mean anything."""
    if not phone:  # most rows have no second number: skip the regex
        return ""
    number = digits(phone)
    return number[-_PHONE_TAIL:] if len(number) >= _PHONE_MIN_DIGITS else ""


@dataclass
class Candidate:
    usaha: Usaha
    score: int
    reasons: list[str] = field(default_factory=list)


def likely_duplicates(
    usaha: Usaha,
    *,
    owner_nik: str = "",
    owner_phone: str = "",
    limit: int = 5,
) -> list[Candidate]:
    """Existing active businesses that may be the same as `usaha` (unsaved or saved)."""
    condition = Q()
    if usaha.nib:
        condition |= Q(nib=usaha.nib)
    if owner_nik:
        condition |= Q(owners__nik=owner_nik)
    if owner_phone:
        condition |= Q(owners__phone=owner_phone) | Q(whatsapp=owner_phone) | Q(phone=owner_phone)
    if usaha.whatsapp:
        condition |= Q(whatsapp=usaha.whatsapp)
    if usaha.desa_id:
        condition |= Q(desa_id=usaha.desa_id)
    if not condition:
        return []
    pool = (
        Usaha.objects.filter(archived_at=None, merged_into=None)
        .filter(condition)
        .exclude(pk=usaha.pk)
        .prefetch_related("owners")
        .distinct()[:500]
    )
    found = []
    for other in pool:
        candidate = score_pair(usaha, other, owner_nik=owner_nik, owner_phone=owner_phone)
        if candidate.score >= 50:
            found.append(candidate)
    found.sort(key=lambda c: -c.score)
    return found[:limit]


def score_pair(usaha: Usaha, other: Usaha, *, owner_nik: str = "", owner_phone: str = "") -> Candidate:
    """How likely two businesses are one, 0–100, with the reasons in Indonesian."""
    reasons: list[str] = []
    score = 0
    if usaha.nib and usaha.nib == other.nib:
        score = 100
        reasons.append(_("NIB sama"))
    other_niks = {o.nik for o in other.owners.all() if o.nik}
    if owner_nik and owner_nik in other_niks:
        score = max(score, 90)
        reasons.append(_("NIK pemilik sama"))
    similarity = name_similarity(usaha.name, other.name)
    if similarity >= NAME_THRESHOLD:
        if usaha.desa_id and usaha.desa_id == other.desa_id:
            score = max(score, int(similarity * 0.9))
            reasons.append(_desa_reason(similarity))
        phones = {other.whatsapp, other.phone, *(o.phone for o in other.owners.all())} - {""}
        if (owner_phone and owner_phone in phones) or (usaha.whatsapp and usaha.whatsapp in phones):
            score = max(score, int(similarity * 0.95))
            reasons.append(_("nama mirip dengan nomor telepon yang sama"))
        if owner_nik and owner_nik in other_niks:
            score = max(score, 95)
    return Candidate(other, score, reasons)


def _desa_reason(similarity: float) -> str:
    return _("nama mirip (%(percent)d%%) di desa yang sama") % {"percent": round(similarity)}


# --- Candidate pairs for the review page -------------------------------------------------------


class PairRecord(NamedTuple):
    """What the pair search needs of one business, read in bulk rather than as a model instance.

    A named tuple, not a dataclass: 50,000 of them are built per search.
    """

    pk: int
    key: str
    desa: str
    nib: str
    phones: frozenset[str]
    owners: frozenset[int]


@dataclass
class Pair:
    """Two businesses that may be one; `first` has the lower id."""

    first: int
    second: int
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def ids(self) -> tuple[int, int]:
        return (self.first, self.second)


def candidate_pairs(queryset: QuerySet[Usaha]) -> list[Pair]:
    """Every likely duplicate pair among the active, unmerged businesses of `queryset`, best first.

    Pass the user's scoped queryset (`Usaha.objects.restrict(user, "change")`):
    both businesses of a pair then lie in the user's area. Pairs an officer
    marked "bukan duplikat" are left out. Three queries, whatever the number
    of businesses.
    """
    records, owner_niks = load_records(queryset)
    return find_pairs(records, owner_niks=owner_niks, skip=dismissed_pairs())


def load_records(queryset: QuerySet[Usaha]) -> tuple[list[PairRecord], dict[int, str]]:
    """The businesses to compare and each owner's NIK, in two queries."""
    active = queryset.filter(archived_at=None, merged_into=None).order_by()
    phones: dict[int, set[str]] = defaultdict(set)
    owners: dict[int, set[int]] = defaultdict(set)
    owner_niks: dict[int, str] = {}
    ownership = Kepemilikan.objects.filter(usaha__in=active.values("pk")).values_list(
        "usaha_id", "pelaku_id", "pelaku__nik", "pelaku__phone"
    )
    for usaha_id, pelaku_id, nik, phone in ownership:
        owners[usaha_id].add(pelaku_id)
        if nik:
            owner_niks[pelaku_id] = nik
        if key := phone_key(phone):
            phones[usaha_id].add(key)
    no_phones: set[str] = set()
    records = []
    for pk, name, desa, nib, whatsapp, phone in active.values_list(
        "pk", "name", "desa_id", "nib", "whatsapp", "phone"
    ):
        own_phones = {k for k in (phone_key(whatsapp), phone_key(phone)) if k} | phones.get(pk, no_phones)
        records.append(
            PairRecord(
                pk,
                name_key(name),
                desa or "",
                (nib or "").strip(),
                frozenset(own_phones),
                frozenset(owners.get(pk, ())),
            )
        )
    return records, owner_niks


def dismissed_pairs() -> set[tuple[int, int]]:
    """Pairs an officer marked "bukan duplikat" (lower id first)."""
    return set(
        DuplicateDecision.objects.filter(verdict=DuplicateDecision.Verdict.NOT_DUPLICATE).values_list(
            "first_id", "second_id"
        )
    )


def find_pairs(
    records: Iterable[PairRecord],
    *,
    owner_niks: Mapping[int, str] | None = None,
    skip: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> list[Pair]:
    """The candidate pairs among `records`, by the four rules, best first (no database access).

    1. same NIB → 100;
    2. same owner and a similar name → 95 (two businesses of one person are
       not duplicates by themselves: many people run two trades);
    3. similar name in the same desa → 0.9 × similarity;
    4. similar name and a shared phone or WhatsApp number → 0.95 × similarity.

    A pair found by several rules keeps the highest score and every reason.
    """
    owner_niks = owner_niks or {}
    records = list(records)
    found: dict[tuple[int, int], Pair] = {}
    # Translated once per search, not once per pair.
    same_nib = _("NIB sama")
    same_nik = _("NIK pemilik sama dan nama mirip (%(percent)d%%)")
    same_owner = _("pemilik sama dan nama mirip (%(percent)d%%)")
    same_desa = _("nama mirip (%(percent)d%%) di desa yang sama")
    same_phone = _("nama mirip dengan nomor telepon yang sama")

    def add(a: PairRecord, b: PairRecord, score: int, reason: str) -> None:
        ids = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
        if ids in skip:
            return
        pair = found.get(ids)
        if pair is None:
            found[ids] = Pair(ids[0], ids[1], score, [reason])
            return
        pair.score = max(pair.score, score)
        if reason not in pair.reasons:
            pair.reasons.append(reason)

    for members in _blocks(records, lambda r: (r.nib,) if r.nib else ()).values():
        if len(members) <= MAX_SHARED_NIB:
            for a, b in combinations(members, 2):
                add(a, b, 100, same_nib)
        else:
            for a, b, _similarity in similar_names(members):
                add(a, b, 100, same_nib)
    for owner, members in _blocks(records, lambda r: r.owners).items():
        reason = same_nik if owner_niks.get(owner) else same_owner
        for a, b, similarity in similar_names(members):
            add(a, b, 95, reason % {"percent": round(similarity)})
    for members in _blocks(records, lambda r: (r.desa,) if r.desa else ()).values():
        for a, b, similarity in similar_names(members):
            add(a, b, int(similarity * 0.9), same_desa % {"percent": round(similarity)})
    for members in _blocks(records, lambda r: r.phones).values():
        for a, b, similarity in similar_names(members):
            add(a, b, int(similarity * 0.95), same_phone)
    return sorted(found.values(), key=lambda p: (-p.score, p.first, p.second))


def _blocks(
    records: list[PairRecord], keys: Callable[[PairRecord], Iterable[object]]
) -> dict[object, list[PairRecord]]:
    """Records grouped by each key they carry; only groups of two or more are kept."""
    groups: dict[object, list[PairRecord]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            groups[key].append(record)
    return {key: members for key, members in groups.items() if len(members) > 1}


def similar_names(members: list[PairRecord]) -> Iterator[tuple[PairRecord, PairRecord, float]]:
    """Pairs within one block whose names reach NAME_THRESHOLD, with their similarity.

    A block up to FULL_COMPARE_LIMIT is compared pair by pair; a larger one by
    sorted neighbourhood (each name against its NEIGHBOURHOOD nearest in the
    sorted order of the names and of the reversed names), which finds spelling
    variants without the quadratic cost. A pair may be yielded twice.
    """
    named = [m for m in members if m.key]  # an empty key would match every other empty key
    if len(named) <= FULL_COMPARE_LIMIT:
        yield from _compare(named, len(named))
        return
    yield from _compare(sorted(named, key=lambda m: m.key), NEIGHBOURHOOD)
    yield from _compare(sorted(named, key=lambda m: m.key[::-1]), NEIGHBOURHOOD)


def _compare(ordered: list[PairRecord], reach: int) -> Iterator[tuple[PairRecord, PairRecord, float]]:
    """Each record against the `reach` records after it, in rapidfuzz's C++ loop."""
    keys = [m.key for m in ordered]
    for index, key in enumerate(keys[:-1]):
        start = index + 1
        hits = process.extract(
            key,
            keys[start : start + reach],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=NAME_THRESHOLD,
            limit=None,
        )
        for _key, similarity, offset in hits:
            yield ordered[index], ordered[start + offset], similarity
