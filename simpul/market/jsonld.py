"""schema.org structured data (JSON-LD) for product and business pages.

Built from the public rows only (CatalogEntry and the public fields of a
business), so the structured data can never say more than the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from simpul.market.models import CatalogEntry

Absolute = Callable[[str], str]


def dumps(data: dict) -> SafeString:
    """JSON safe to place inside <script type="application/ld+json">: no "<", ">" or "&" survive."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above; it is JSON, not HTML


def _offer(entry: CatalogEntry, url: str) -> dict | None:
    if entry.price_min is None:
        return None
    offer = {"@type": "Offer", "priceCurrency": "IDR", "price": str(entry.price_min), "url": url}
    if entry.price_max is not None and entry.price_max != entry.price_min:
        offer = {
            "@type": "AggregateOffer",
            "priceCurrency": "IDR",
            "lowPrice": str(entry.price_min),
            "highPrice": str(entry.price_max),
            "url": url,
        }
    offer["availability"] = "https://schema.org/InStock"
    return offer


def address(desa: str, kecamatan: str) -> dict:
    return {
        "@type": "PostalAddress",
        "addressLocality": desa,
        "addressRegion": kecamatan,
        "addressCountry": "ID",
    }


def product(entry: CatalogEntry, description: str, absolute: Absolute) -> dict:
    url = absolute(entry.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": entry.name,
        "url": url,
        "description": description[:500],
        "category": entry.group.name if entry.group_id and entry.group else "",
        "manufacturer": {
            "@type": "LocalBusiness",
            "name": entry.usaha_name,
            "url": absolute(entry.get_usaha_url()),
            "address": address(entry.desa_name, entry.kecamatan_name),
        },
    }
    if entry.photo:
        data["image"] = absolute(entry.photo_url)
    offer = _offer(entry, url)
    if offer:
        data["offers"] = offer
    if entry.certificates:
        data["additionalProperty"] = [
            {"@type": "PropertyValue", "name": "sertifikat", "value": kind.upper()}
            for kind in entry.certificate_list
        ]
    return {k: v for k, v in data.items() if v not in ("", None)}


def business(usaha, entries: Iterable[CatalogEntry], url: str, absolute: Absolute) -> dict:
    """LocalBusiness of a public business (only fields in publication.PUBLIC_USAHA_FIELDS)."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": usaha.name.strip(),
        "url": url,
        "address": address(usaha.desa.name, usaha.kecamatan.name),
        "areaServed": settings.SIMPUL_OFFICE_NAME,
        "makesOffer": [
            {
                "@type": "Offer",
                "itemOffered": {"@type": "Product", "name": e.name, "url": absolute(e.get_absolute_url())},
            }
            for e in entries
        ],
    }
    if usaha.latitude is not None and usaha.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": str(usaha.latitude),
            "longitude": str(usaha.longitude),
        }
    phone = usaha.whatsapp or usaha.phone
    if phone:
        data["telephone"] = phone
    return data
