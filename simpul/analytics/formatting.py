"""Numbers as Indonesian readers expect them: 1.234.567, 12,5%, Rp 1,2 M.

Used by the templates (through templatetags/analytics.py), the XLSX and the
PDF, so a figure reads the same on screen and on paper.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import get_format, number_format

Number = int | float | Decimal

_SCALES = (
    (Decimal(10) ** 12, "T"),
    (Decimal(10) ** 9, "M"),
    (Decimal(10) ** 6, "jt"),
)


def number(value: Any, decimals: int = 0) -> str:
    """1234567 -> "1.234.567" (in the active language); None -> "—"."""
    if value is None or value == "":
        return "—"
    try:
        # Django's number_format cuts extra decimals off; round half up first, as people expect.
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except (TypeError, ValueError, InvalidOperation):
        return str(value)
    if get_format("NUMBER_GROUPING") != 3:
        return number_format(rounded, decimals, force_grouping=True)
    # Groups of three, the usual case: Python's own formatting with the language's separators is
    # many times faster than number_format, which matters for tables of hundreds of kecamatan.
    text = f"{rounded:,.{decimals}f}"
    separators = {ord(","): get_format("THOUSAND_SEPARATOR"), ord("."): get_format("DECIMAL_SEPARATOR")}
    return text.translate(separators)


def rupiah_short(value: Any) -> str:
    """An amount in Rupiah shortened for a card: "Rp 1,2 M", "Rp 350 jt", "Rp 75.000"."""
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    for size, suffix in _SCALES:
        if abs(amount) >= size:
            scaled = amount / size
            decimals = 1 if abs(scaled) < 100 else 0
            return f"Rp {number(scaled, decimals)} {suffix}"
    return f"Rp {number(amount)}"


def percent(value: Any, decimals: int = 0) -> str:
    """A share (0.125) as "12,5%"; None -> "—"."""
    if value is None:
        return "—"
    return f"{number(float(value) * 100, decimals)}%"


def growth(current: Number | None, previous: Number | None) -> float | None:
    """Relative change from previous to current, or None when there is no base to compare with."""
    if current is None or previous is None or not previous:
        return None
    return float(Decimal(str(current)) / Decimal(str(previous)) - 1)
