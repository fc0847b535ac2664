"""Ranking candidate suppliers for a demand, with every point explained in Indonesian.

Each active business with a fitting product gets a score out of 100, the
sum of five parts (its best product counts):

| part        | max | how                                                                   |
|-------------|-----|-----------------------------------------------------------------------|
| Produk      | 40  | share of the demand's words found in the product name (search keys,   |
|             |     | so "keripik" meets "kripik"), or their fuzzy similarity               |
| KBLI        | 15  | same KBLI code 15, same division 10, same commodity group 5           |
| Kapasitas   | 20  | yearly capacity over the time left to the deadline, against the       |
|             |     | quantity asked (converted between kg/ton, buah/lusin/kodi)            |
| Sertifikat  | 15  | share of the required certificates held (valid, covering the product) |
| Jarak       | 10  | ≤10 km full, ≥100 km none, linear between; without coordinates, the   |
|             |     | same kecamatan 10, the same kabupaten 6, elsewhere 2, unknown 5       |

When no single business can supply the quantity, `group_suggestions`
proposes businesses that could together (the best matches first, and each
sentra whose members match).

The candidates are the products of active businesses in the officer's area
whose name contains a spelling of a demand word, plus, when few, products of
the same KBLI division; at most a few thousand are scored in Python.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from simpul.market import certificates, normalise, publication
from simpul.market.models import Permintaan
from simpul.registry.models import Produk

MAX_PRODUCT, MAX_KBLI, MAX_CAPACITY, MAX_CERTIFICATE, MAX_DISTANCE = 40, 15, 20, 15, 10
#: Below this product-name fit a product is not a candidate at all.
MIN_NAME_FIT = 0.34
NAME_POOL_LIMIT = 3000
CLASS_POOL_LIMIT = 300
FULL_DISTANCE_KM, ZERO_DISTANCE_KM = 10.0, 100.0

#: Units that convert into each other: unit → (base unit, how many base units one is).
UNIT_BASE = {
    "kg": ("kg", Decimal(1)),
    "ton": ("kg", Decimal(1000)),
    "buah": ("buah", Decimal(1)),
    "unit": ("buah", Decimal(1)),
    "lusin": ("buah", Decimal(12)),
    "kodi": ("buah", Decimal(20)),
}


@dataclass(frozen=True)
class Reason:
    """One part of a score: its label, points out of max, and the sentence that explains it."""

    label: str
    points: int
    max: int
    text: str

    def as_dict(self) -> dict:
        return {"label": self.label, "points": self.points, "max": self.max, "text": self.text}


@dataclass
class Candidate:
    """A business's best-fitting product for a demand, its score and the reasons."""

    usaha: object
    produk: Produk
    reasons: list[Reason]
    #: What the business can make by the deadline, in the demand's unit (None: unknown or another unit).
    available: Decimal | None = None
    distance_km: float | None = None

    @property
    def score(self) -> int:
        return sum(r.points for r in self.reasons)

    @property
    def explanation(self) -> list[dict]:
        return [r.as_dict() for r in self.reasons]


@dataclass
class GroupSuggestion:
    """Businesses that could supply the quantity together."""

    label: str
    members: list[Candidate] = field(default_factory=list)
    available: Decimal = Decimal(0)
    quantity: Decimal = Decimal(0)

    @property
    def coverage(self) -> int:
        return int(min(Decimal(999), 100 * self.available / self.quantity)) if self.quantity else 0


# ---------------------------------------------------------------------------
# The parts of the score
# ---------------------------------------------------------------------------


def _fmt(value: Decimal | float) -> str:
    return number_format(Decimal(value).quantize(Decimal(1)), force_grouping=True)


def name_fit(wanted: list[str], name: str) -> float:
    """0–1: how well a product name answers the demand's words (search keys)."""
    if not wanted:
        return 0.0
    have = normalise.tokens(name)
    if not have:
        return 0.0
    overlap = len(set(wanted) & set(have)) / len(wanted)
    similar = fuzz.token_set_ratio(" ".join(wanted), " ".join(have)) / 100
    return max(overlap, similar * 0.9)


def product_reason(permintaan: Permintaan, produk: Produk, fit: float) -> Reason:
    points = round(MAX_PRODUCT * fit)
    pct = round(100 * fit)
    return Reason(
        _("Produk"),
        points,
        MAX_PRODUCT,
        _("Nama produk “%(name)s” cocok %(pct)s%% dengan yang dicari (“%(wanted)s”).")
        % {"name": produk.name, "pct": pct, "wanted": permintaan.product},
    )


def kbli_reason(permintaan: Permintaan, produk: Produk, wanted_kbli: str, inferred: bool) -> Reason:
    code = produk.kbli_id or produk.usaha.kbli_id or ""
    group = produk.group_id or produk.usaha.group_id
    note = _(" (perkiraan dari produk serupa)") if inferred else ""
    if wanted_kbli and code and code == wanted_kbli:
        return Reason(
            _("KBLI"), MAX_KBLI, MAX_KBLI, _("KBLI sama: %(code)s%(note)s.") % {"code": code, "note": note}
        )
    if wanted_kbli and code and code[:2] == wanted_kbli[:2]:
        return Reason(
            _("KBLI"),
            10,
            MAX_KBLI,
            _("Golongan pokok KBLI sama (%(div)s)%(note)s.") % {"div": code[:2], "note": note},
        )
    if permintaan.group_id and group == permintaan.group_id:
        return Reason(_("KBLI"), 5, MAX_KBLI, _("Kelompok komoditas sama."))
    if not wanted_kbli and not permintaan.group_id:
        return Reason(_("KBLI"), 0, MAX_KBLI, _("KBLI permintaan belum ditetapkan."))
    return Reason(_("KBLI"), 0, MAX_KBLI, _("KBLI berbeda (%(code)s).") % {"code": code or "—"})


def convert(amount: Decimal, unit: str, to_unit: str) -> Decimal | None:
    """`amount` of `unit` expressed in `to_unit`, or None when they do not convert."""
    if unit == to_unit:
        return amount
    source, target = UNIT_BASE.get(unit), UNIT_BASE.get(to_unit)
    if source is None or target is None or source[0] != target[0]:
        return None
    return amount * source[1] / target[1]


def days_left(permintaan: Permintaan, today: date | None = None) -> int:
    """Days of production left before the deadline (a year when there is none, at least a week)."""
    today = today or timezone.localdate()
    if permintaan.deadline is None:
        return 365
    return max(7, min(365, (permintaan.deadline - today).days))


def capacity_reason(
    permintaan: Permintaan, produk: Produk, today: date | None = None
) -> tuple[Reason, Decimal | None]:
    label = _("Kapasitas")
    if not produk.capacity_per_year:
        return Reason(label, 0, MAX_CAPACITY, _("Kapasitas produksi belum tercatat.")), None
    yearly = convert(Decimal(produk.capacity_per_year), produk.unit, permintaan.unit)
    if yearly is None:
        return (
            Reason(
                label,
                0,
                MAX_CAPACITY,
                _("Satuan berbeda (%(have)s, diminta %(want)s): kapasitas tidak dapat dibandingkan.")
                % {"have": produk.unit, "want": permintaan.unit},
            ),
            None,
        )
    days = days_left(permintaan, today)
    available = yearly * Decimal(days) / Decimal(365)
    coverage = float(available / permintaan.quantity) if permintaan.quantity else 0.0
    points = round(MAX_CAPACITY * min(1.0, coverage))
    text = _("Sanggup ±%(avail)s %(unit)s dalam %(days)s hari: %(pct)s%% dari %(qty)s yang diminta.") % {
        "avail": _fmt(available),
        "unit": permintaan.unit,
        "days": days,
        "pct": min(999, round(100 * coverage)),
        "qty": _fmt(permintaan.quantity),
    }
    return Reason(label, points, MAX_CAPACITY, text), available


#: Short names of certificates in explanations ("Memiliki halal, PIRT; belum SNI.").
SHORT_CERTIFICATE = {
    "halal": "halal",
    "pirt": "PIRT",
    "bpom": "BPOM",
    "sni": "SNI",
    "tkdn": "TKDN",
    "hki": "HKI",
}


def certificate_reason(permintaan: Permintaan, held: set[str]) -> Reason:
    label = _("Sertifikat")
    required = list(permintaan.required_certificates or [])
    if not required:
        return Reason(label, MAX_CERTIFICATE, MAX_CERTIFICATE, _("Tidak ada sertifikat yang disyaratkan."))
    have = [SHORT_CERTIFICATE.get(k, k) for k in required if k in held]
    lack = [SHORT_CERTIFICATE.get(k, k) for k in required if k not in held]
    points = round(MAX_CERTIFICATE * len(have) / len(required))
    parts = []
    if have:
        parts.append(_("memiliki %(list)s") % {"list": ", ".join(have)})
    if lack:
        parts.append(_("belum %(list)s") % {"list": ", ".join(lack)})
    text = "; ".join(parts)
    return Reason(label, points, MAX_CERTIFICATE, text[:1].upper() + text[1:] + ".")


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def distance_reason(permintaan: Permintaan, usaha) -> tuple[Reason, float | None]:
    label = _("Jarak")
    if None not in (
        permintaan.delivery_latitude,
        permintaan.delivery_longitude,
        usaha.latitude,
        usaha.longitude,
    ):
        km = haversine_km(
            float(permintaan.delivery_latitude),
            float(permintaan.delivery_longitude),
            float(usaha.latitude),
            float(usaha.longitude),
        )
        share = (ZERO_DISTANCE_KM - km) / (ZERO_DISTANCE_KM - FULL_DISTANCE_KM)
        points = round(MAX_DISTANCE * max(0.0, min(1.0, share)))
        return Reason(
            label, points, MAX_DISTANCE, _("±%(km)s km dari tempat pengiriman.") % {"km": round(km, 1)}
        ), km
    if permintaan.delivery_kecamatan_id:
        if usaha.kecamatan_id == permintaan.delivery_kecamatan_id:
            return Reason(label, 10, MAX_DISTANCE, _("Satu kecamatan dengan tempat pengiriman.")), None
        if usaha.kecamatan_id[:5] == permintaan.delivery_kecamatan_id[:5]:
            return Reason(label, 6, MAX_DISTANCE, _("Satu kabupaten/kota dengan tempat pengiriman.")), None
        return Reason(label, 2, MAX_DISTANCE, _("Di luar kabupaten/kota tempat pengiriman.")), None
    return Reason(label, 5, MAX_DISTANCE, _("Jarak tidak dapat dihitung: lokasi belum lengkap.")), None


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------


def _base(user) -> QuerySet[Produk]:
    """Products of active businesses the user may see (a kecamatan petugas: their kecamatan)."""
    return Produk.objects.restrict(user, "view").filter(
        archived_at=None, usaha__status="aktif", usaha__archived_at=None, usaha__merged_into=None
    )


def _name_condition(keys: list[str]) -> Q:
    condition = Q()
    for key in keys:
        for spelling in normalise.spelling_variants(key):
            condition |= Q(name__icontains=spelling)
    return condition


def _pool(permintaan: Permintaan, user, keys: list[str]) -> tuple[list[Produk], str, bool]:
    """The products to score, and the KBLI to compare with (and whether it was inferred)."""
    base = _base(user).select_related("usaha", "usaha__group")
    by_name = list(base.filter(_name_condition(keys))[:NAME_POOL_LIMIT]) if keys else []
    wanted, inferred = permintaan.kbli_id or "", False
    if not wanted and by_name:
        # The demand has no KBLI yet: take the most common one among products of that name.
        codes = Counter(p.kbli_id or p.usaha.kbli_id for p in by_name if (p.kbli_id or p.usaha.kbli_id))
        if codes:
            wanted, inferred = codes.most_common(1)[0][0], True
    pool = {p.pk: p for p in by_name}
    if wanted and len(pool) < CLASS_POOL_LIMIT:
        same_class = base.filter(
            Q(kbli__code__startswith=wanted[:2])
            | Q(kbli__isnull=True, usaha__kbli__code__startswith=wanted[:2])
        )
        for produk in same_class.order_by("-capacity_per_year")[:CLASS_POOL_LIMIT]:
            pool.setdefault(produk.pk, produk)
    return list(pool.values()), wanted, inferred


def candidates(permintaan: Permintaan, user, limit: int = 20, today: date | None = None) -> list[Candidate]:
    """The best-fitting businesses for a demand, best first, each with its best product."""
    keys = normalise.tokens(permintaan.product)
    products, wanted_kbli, inferred = _pool(permintaan, user, keys)
    held = certificates.held_by_product(products)
    best: dict[int, Candidate] = {}
    for produk in products:
        fit = name_fit(keys, produk.name)
        same_class = wanted_kbli and (produk.kbli_id or produk.usaha.kbli_id or "")[:2] == wanted_kbli[:2]
        if fit < MIN_NAME_FIT and not same_class:
            continue
        capacity, available = capacity_reason(permintaan, produk, today)
        distance, km = distance_reason(permintaan, produk.usaha)
        candidate = Candidate(
            usaha=produk.usaha,
            produk=produk,
            reasons=[
                product_reason(permintaan, produk, fit),
                kbli_reason(permintaan, produk, wanted_kbli, inferred),
                capacity,
                certificate_reason(permintaan, held.get(produk.pk, set())),
                distance,
            ],
            available=available,
            distance_km=km,
        )
        current = best.get(produk.usaha_id)
        if current is None or candidate.score > current.score:
            best[produk.usaha_id] = candidate
    ranked = sorted(
        best.values(), key=lambda c: (-c.score, -(c.available or 0), c.usaha.name.lower(), c.usaha.pk)
    )
    return ranked[:limit]


def group_suggestions(permintaan: Permintaan, ranked: list[Candidate]) -> list[GroupSuggestion]:
    """Businesses that together reach the quantity when none does alone."""
    quantity = Decimal(permintaan.quantity)
    able = [c for c in ranked if c.available]
    if not able or any(c.available >= quantity for c in able):
        return []
    suggestions = []
    together = GroupSuggestion(label=_("Gabungan usaha dengan skor tertinggi"), quantity=quantity)
    for candidate in able:
        if together.available >= quantity:
            break
        together.members.append(candidate)
        together.available += candidate.available
    if len(together.members) > 1:
        suggestions.append(together)
    suggestions.extend(_sentra_groups(quantity, able))
    return suggestions


def _sentra_groups(quantity: Decimal, able: list[Candidate]) -> list[GroupSuggestion]:
    """Each published sentra with two or more matching members, as a group (clusters app)."""
    if not publication.clusters_installed():
        return []
    membership = apps.get_model("clusters", "Keanggotaan")
    by_usaha = {c.usaha.pk: c for c in able}
    groups: dict[str, GroupSuggestion] = {}
    for sentra_name, usaha_id in membership.objects.filter(
        usaha_id__in=list(by_usaha), sentra__archived_at=None
    ).values_list("sentra__name", "usaha_id"):
        group = groups.setdefault(
            sentra_name,
            GroupSuggestion(label=_("Sentra %(name)s") % {"name": sentra_name}, quantity=quantity),
        )
        group.members.append(by_usaha[usaha_id])
        group.available += by_usaha[usaha_id].available
    return [g for g in groups.values() if len(g.members) > 1]
