"""Likely duplicates of a business: same NIB or owner NIK, or a similar name nearby.

Shown before saving a new or edited business. The review page of candidate
pairs and the merge build on `score_pair`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz import fuzz

from simpul.registry.models import Usaha

_LEGAL_WORDS = re.compile(
    r"\b(ud|cv|pt|koperasi|kop|usaha|industri|ikm|toko|home industry)\b\.?", re.IGNORECASE
)
_NON_WORD = re.compile(r"[^\w\s]")
NAME_THRESHOLD = 85


def normalise_name(name: str) -> str:
    """Lower-case, without legal-form words or punctuation: 'UD. Sri Rejeki' → 'sri rejeki'."""
    value = _NON_WORD.sub(" ", _LEGAL_WORDS.sub(" ", (name or "").lower()))
    return " ".join(value.split())


def name_similarity(a: str, b: str) -> float:
    return float(fuzz.token_sort_ratio(normalise_name(a), normalise_name(b)))


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
        reasons.append("NIB sama")
    other_niks = {o.nik for o in other.owners.all() if o.nik}
    if owner_nik and owner_nik in other_niks:
        score = max(score, 90)
        reasons.append("NIK pemilik sama")
    similarity = name_similarity(usaha.name, other.name)
    if similarity >= NAME_THRESHOLD:
        if usaha.desa_id and usaha.desa_id == other.desa_id:
            score = max(score, int(similarity * 0.9))
            reasons.append(f"nama mirip ({similarity:.0f}%) di desa yang sama")
        phones = {other.whatsapp, other.phone, *(o.phone for o in other.owners.all())} - {""}
        if (owner_phone and owner_phone in phones) or (usaha.whatsapp and usaha.whatsapp in phones):
            score = max(score, int(similarity * 0.95))
            reasons.append("nama mirip dengan nomor telepon yang sama")
        if owner_nik and owner_nik in other_niks:
            score = max(score, 95)
    return Candidate(other, score, reasons)
