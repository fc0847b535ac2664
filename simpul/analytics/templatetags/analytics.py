"""Template filters for figures: Indonesian numbers, short Rupiah, shares."""

from __future__ import annotations

from typing import Any

from django import template

from simpul.analytics import formatting

register = template.Library()


@register.filter
def angka(value: Any, decimals: int = 0) -> str:
    """1234567 -> 1.234.567."""
    return formatting.number(value, int(decimals))


@register.filter
def rupiah(value: Any) -> str:
    """Short Rupiah: Rp 1,2 M."""
    return formatting.rupiah_short(value)


@register.filter
def persen(value: Any, decimals: int = 0) -> str:
    """0.125 -> 12,5% (with one decimal)."""
    return formatting.percent(value, int(decimals))


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template; None when missing."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
