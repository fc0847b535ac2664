"""What the public may see: the one place that decides it.

Every public page, API endpoint, sitemap and export of the catalog starts
from a function here. The rules:

- A product is public when the registry says so (`Produk.access.public`:
  in the catalog, not archived, its business active and not archived, an
  owner agreed to publication) and its business was not merged into another.
- A business is public when it has at least one public product: putting a
  product in the catalog is the act of publishing, and a business without
  one has published nothing.
- Of a business the public sees only `PUBLIC_USAHA_FIELDS`. Its WhatsApp and
  telephone are the business's contact numbers, entered for that purpose;
  an owner's own phone (Pelaku.phone), NIK, NIB/NPWP (an individual's NPWP
  is their NIK), street address, e-mail and every yearly figure stay
  private.
- Sentra, kawasan and OVOP ratings are public when the clusters app marks
  them so (`published()`); the coordinator's phone of a sentra never is.

Consent (UU PDP 27/2022): an owner's consent to publication is recorded in
the registry (`Pelaku.consent_catalog`, kept by `models_consent.set_consent`)
and is part of the registry's own public rule (`Produk.access.public`,
`Usaha.access.public`: an owner of the business consented). This module
builds on that rule rather than restating it, and signals.py refreshes the
catalog when a consent is granted or withdrawn.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from simpul.core.scoping import access_of
from simpul.registry.models import Legalitas, Produk, Usaha

#: The visitor every public query is made for, whoever is logged in.
PUBLIC_VISITOR = AnonymousUser()

#: Fields of a business the public may see.
PUBLIC_USAHA_FIELDS = (
    "name",
    "legal_form",
    "kbli",
    "group",
    "desa",
    "kecamatan",
    "latitude",
    "longitude",
    "whatsapp",
    "phone",
    "website",
    "marketplace",
    "year_founded",
)
#: Fields of a product the public may see.
PUBLIC_PRODUK_FIELDS = (
    "name",
    "description",
    "kbli",
    "group",
    "unit",
    "price_min",
    "price_max",
    "capacity_per_year",
    "photo",
)
#: Certificate kinds shown in the catalog (licences such as NIB are not product certificates).
PUBLIC_CERTIFICATES = (
    Legalitas.Kind.HALAL,
    Legalitas.Kind.PIRT,
    Legalitas.Kind.BPOM,
    Legalitas.Kind.SNI,
    Legalitas.Kind.TKDN,
    Legalitas.Kind.HKI,
)


def public_products() -> QuerySet[Produk]:
    """Products the public catalog may show (the registry's public rule, and the business not merged away)."""
    # The rule follows the owners relation; a subquery keeps one row per product.
    published = Produk.objects.filter(access_of(Produk).public).values("pk")
    return Produk.objects.filter(pk__in=published, usaha__merged_into__isnull=True)


def public_businesses() -> QuerySet[Usaha]:
    """Businesses that are public themselves and have at least one public product."""
    published = Usaha.objects.filter(access_of(Usaha).public).values("pk")
    products = public_products().filter(usaha=OuterRef("pk"))
    return Usaha.objects.filter(pk__in=published, merged_into__isnull=True).filter(Exists(products))


def is_public_product(produk_id: int) -> bool:
    return public_products().filter(pk=produk_id).exists()


def public_certificates() -> QuerySet[Legalitas]:
    """Certificates that may be shown: product certificates in force (not archived, not expired)."""
    from simpul.market.certificates import valid_certificates

    return valid_certificates().filter(kind__in=PUBLIC_CERTIFICATES)


def public_catalog():
    """The catalog entries (already public by construction), read as the public reads them."""
    from simpul.market.models import CatalogEntry

    return CatalogEntry.objects.restrict(PUBLIC_VISITOR, "view")


def public_demands():
    """Verified demands, as the public reads them (Permintaan.access.public)."""
    from simpul.market.models import Permintaan

    return Permintaan.objects.restrict(PUBLIC_VISITOR, "view")


def public_showcases():
    from simpul.market.models import Showcase

    return Showcase.objects.restrict(PUBLIC_VISITOR, "view")


# ---------------------------------------------------------------------------
# Sentra, kawasan and OVOP (clusters app, when installed)
# ---------------------------------------------------------------------------


def clusters_installed() -> bool:
    return apps.is_installed("simpul.clusters")


def public_sentra() -> QuerySet | None:
    """Published sentra, or None when the clusters app is not installed."""
    if not clusters_installed():
        return None
    return apps.get_model("clusters", "Sentra").objects.published()


def public_kawasan() -> QuerySet | None:
    """Published kawasan, or None when the clusters app is not installed."""
    if not clusters_installed():
        return None
    return apps.get_model("clusters", "Kawasan").objects.published()


def public_ovop() -> QuerySet | None:
    """Published OVOP ratings, or None when the clusters app is not installed."""
    if not clusters_installed():
        return None
    return apps.get_model("clusters", "OvopAssessment").objects.published()


def kawasan_business_q(kawasan) -> Q:
    """Catalog entries of a kawasan: businesses in its desa and members of its sentra."""
    membership = apps.get_model("clusters", "Keanggotaan")
    desa = list(kawasan.desa.values_list("code", flat=True))
    members = membership.objects.filter(sentra__in=kawasan.sentra.all()).values("usaha_id")
    return Q(desa_id__in=desa) | Q(usaha_id__in=members)


def sentra_business_q(sentra) -> Q:
    """Catalog entries of a sentra: its member businesses."""
    membership = apps.get_model("clusters", "Keanggotaan")
    return Q(usaha_id__in=membership.objects.filter(sentra=sentra).values("usaha_id"))
