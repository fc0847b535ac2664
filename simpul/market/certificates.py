"""Which certificates cover which product — one rule for the catalog, the matching and readiness.

A certificate (Legalitas) that names the products it covers counts for
those; one that names none covers the whole business, which is how most
certificates are recorded from paper (one halal certificate for the
kitchen). Archived and expired certificates do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from simpul.registry.models import Legalitas, Produk


def valid_certificates():
    """Certificates in force today."""
    return Legalitas.objects.filter(archived_at=None).exclude(expires_on__lt=timezone.localdate())


def held_by_product(products: Iterable[Produk], kinds: Iterable[str] | None = None) -> dict[int, set[str]]:
    """Kinds of valid certificates covering each product, in three queries for any number of products."""
    products = list(products)
    certs = valid_certificates().filter(usaha_id__in={p.usaha_id for p in products})
    if kinds is not None:
        certs = certs.filter(kind__in=list(kinds))
    covered: dict[int, set[int]] = defaultdict(set)
    for legal_id, produk_id in Legalitas.products.through.objects.filter(legalitas__in=certs).values_list(
        "legalitas_id", "produk_id"
    ):
        covered[legal_id].add(produk_id)
    by_usaha: dict[int, list[tuple[str, set[int]]]] = defaultdict(list)
    for legal_id, usaha_id, kind in certs.values_list("pk", "usaha_id", "kind"):
        by_usaha[usaha_id].append((kind, covered.get(legal_id, set())))
    return {
        p.pk: {kind for kind, scope in by_usaha.get(p.usaha_id, []) if not scope or p.pk in scope}
        for p in products
    }


def covers_product(kinds: Iterable[str], produk_ref: str = "pk", usaha_ref: str = "usaha_id") -> Exists:
    """SQL condition on Produk rows: a valid certificate of one of `kinds` covers the product."""
    return Exists(
        valid_certificates()
        .filter(usaha_id=OuterRef(usaha_ref), kind__in=list(kinds))
        .filter(Q(products__isnull=True) | Q(products=OuterRef(produk_ref)))
    )
