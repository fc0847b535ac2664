"""How complete a business record is, and what is missing, in the officer's words."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Produk, Usaha


@dataclass(frozen=True)
class Completeness:
    score: int
    missing: list[str]


def _checks(usaha: Usaha, facts: dict) -> list[tuple[bool, str]]:
    return [
        (bool(usaha.nib), _("NIB")),
        (bool(usaha.kbli_id), _("KBLI utama")),
        (bool(usaha.address), _("alamat")),
        (usaha.latitude is not None and usaha.longitude is not None, _("titik lokasi di peta")),
        (bool(usaha.whatsapp or usaha.phone), _("nomor WhatsApp atau telepon")),
        (bool(usaha.year_founded), _("tahun berdiri")),
        (facts["owners"], _("pemilik")),
        (facts["owner_nik"], _("NIK pemilik")),
        (facts["products"], _("produk")),
        (facts["reports"], _("laporan tahunan")),
        (facts["legal"], _("legalitas")),
    ]


def assess(usaha: Usaha) -> Completeness:
    """Score 0–100 and the list of missing items for one business."""
    facts = {
        "owners": Kepemilikan.objects.filter(usaha=usaha).exists(),
        "owner_nik": Kepemilikan.objects.filter(usaha=usaha).exclude(pelaku__nik="").exists(),
        "products": Produk.objects.filter(usaha=usaha, archived_at=None).exists(),
        "reports": LaporanTahunan.objects.filter(usaha=usaha, archived_at=None).exists(),
        "legal": Legalitas.objects.filter(usaha=usaha, archived_at=None).exists(),
    }
    return _score(_checks(usaha, facts))


def _score(checks: list[tuple[bool, str]]) -> Completeness:
    present = sum(1 for ok, _label in checks if ok)
    return Completeness(round(100 * present / len(checks)), [label for ok, label in checks if not ok])


def refresh(usaha: Usaha) -> Completeness:
    """Recompute and store the score (a queryset update: no history row, no timestamps touched)."""
    result = assess(usaha)
    Usaha.objects.filter(pk=usaha.pk).update(completeness=result.score)
    usaha.completeness = result.score
    return result


def refresh_many(queryset) -> int:
    """Recompute scores for many businesses with a constant number of queries per batch."""
    annotated = queryset.annotate(
        n_owner=Count("kepemilikan", distinct=True),
        has_nik=Exists(Kepemilikan.objects.filter(usaha=OuterRef("pk")).exclude(pelaku__nik="")),
        has_product=Exists(Produk.objects.filter(usaha=OuterRef("pk"), archived_at=None)),
        has_report=Exists(LaporanTahunan.objects.filter(usaha=OuterRef("pk"), archived_at=None)),
        has_legal=Exists(Legalitas.objects.filter(usaha=OuterRef("pk"), archived_at=None)),
    )
    changed = []
    for usaha in annotated.iterator(chunk_size=2000):
        facts = {
            "owners": usaha.n_owner > 0,
            "owner_nik": usaha.has_nik,
            "products": usaha.has_product,
            "reports": usaha.has_report,
            "legal": usaha.has_legal,
        }
        score = _score(_checks(usaha, facts)).score
        if score != usaha.completeness:
            usaha.completeness = score
            changed.append(usaha)
    Usaha.objects.bulk_update(changed, ["completeness"], batch_size=2000)
    return len(changed)


LOW = Q(completeness__lt=50)
MEDIUM = Q(completeness__gte=50, completeness__lt=80)
HIGH = Q(completeness__gte=80)
