"""Reading a record id from a URL query or a form field without trusting it."""

from __future__ import annotations

from simpul.core.filters import MAX_ID


def parse_id(text: object) -> int | None:
    """A positive id that fits a database key, or None.

    `str.isdigit()` accepts "³" and 30-digit strings, which then make
    `int()` or the database driver fail; this accepts only ASCII digits in range.
    """
    value = str(text or "").strip()
    if not value or not value.isascii() or not value.isdecimal():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
