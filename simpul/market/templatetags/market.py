"""Template helpers of the catalog: money, units, stars, WhatsApp links, JSON-LD."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join

from simpul.market import jsonld as jsonld_module
from simpul.registry.models import Unit
from simpul.registry.selfservice import whatsapp_url

register = template.Library()
_UNITS = dict(Unit.choices)


@register.filter
def rupiah(value) -> str:
    """Rp 25.000 (no decimals, Indonesian grouping); empty for no value."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value).quantize(Decimal(1))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return "Rp " + number_format(amount, decimal_pos=0, force_grouping=True)


@register.filter
def amount(value) -> str:
    """A quantity without trailing zeros, grouped: 12.500 or 2,5."""
    if value in (None, ""):
        return ""
    number = Decimal(value).normalize()
    places = max(0, -number.as_tuple().exponent)
    return number_format(number, decimal_pos=places, force_grouping=True)


@register.filter
def unit_label(code: str) -> str:
    return str(_UNITS.get(code, code))


@register.filter
def stars(count) -> str:
    count = int(count or 0)
    return "★" * count + "☆" * (5 - count) if count else ""


@register.simple_tag
def price_range(entry) -> str:
    """ "Rp 25.000 – 40.000 / kg", or an empty string when no price is known."""
    if entry.price_min is None:
        return ""
    text = rupiah(entry.price_min)
    if entry.price_max is not None and entry.price_max != entry.price_min:
        text += " – " + number_format(Decimal(entry.price_max), decimal_pos=0, force_grouping=True)
    return f"{text} / {unit_label(entry.unit)}"


@register.simple_tag
def whatsapp(phone: str, text: str) -> str:
    return whatsapp_url(phone, text) if phone else ""


@register.simple_tag
def jsonld(data: dict):
    """<script type="application/ld+json"> with escaped JSON (data, not code: the CSP allows it)."""
    return format_html('<script type="application/ld+json">{}</script>', jsonld_module.dumps(data))


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one); page resets."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = urlencode(sorted((k, v) for k in query for v in query.getlist(k)))
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def hidden_inputs(context, *skip: str):
    """The current query string as hidden inputs, except the named parameters (a form keeps the filters)."""
    query = context["request"].GET
    pairs = [(k, v) for k in query for v in query.getlist(k) if k not in skip]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.simple_tag
def has_clusters() -> bool:
    from simpul.market.publication import clusters_installed

    return clusters_installed()


@register.filter
def options(field) -> list[tuple[str, str]]:
    """A choice field's options as a list: one query for a model choice, not one more to count it."""
    return [(str(value), label) for value, label in field.field.choices]
