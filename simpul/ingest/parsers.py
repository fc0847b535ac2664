"""Cell parsers for the spreadsheet importer.

Every parser takes whatever a spreadsheet cell can hold (``str``, ``int``, ``float``, ``Decimal``,
``None``, ``bool``, ``date``/``datetime``/``time``/``timedelta``, or anything else a caller hands in)
and returns a :class:`Parsed`.  Parsers never raise: a value they cannot read becomes
``Parsed(ok=False, message=...)`` with an Indonesian sentence an officer can act on.

A missing cell (blank, ``-``, ``*``, ``n/a``, ``tidak ada``...) is *not* an error here:
it comes back as ``ok=True, missing=True, value=None``.  Whether a field is required is the
caller's decision (see :func:`require`).

This module has no Django imports on purpose: the web import, the CLI and the benchmark share it.

Number format rules (documented because officers' files mix locales):

* ``.`` and ``,`` both present: the one that comes last is the decimal separator
  (``1.234,5`` → 1234.5, ``1,234.5`` → 1234.5); the other must group digits by three.
* Only one kind of separator, used more than once: thousands (``1.234.567``, ``1,234,567``).
* A single separator followed by exactly three digits, with a non-zero integer part of one to
  three digits, is a thousands separator (``1.234`` → 1234, ``39.600`` → 39600, ``1,250`` → 1250).
  Anything else is a decimal (``1.5``, ``1,25``, ``0.500``, ``1234.567``).
* Trailing separators are typos and are dropped (``39.600.`` → 39600).
* A number may be followed by a word (``12 orang``, ``5 unit``); the word is ignored.
  Two numbers (``5-10``, ``10/12``, ``5 s.d. 10``) are rejected rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

import lokal
from rapidfuzz import fuzz, process

__all__ = [
    "BENTUK_USAHA",
    "GENDER_CHOICES",
    "KELOMPOK_IKM",
    "MAX_ABS_NUMBER",
    "UNITS",
    "Parsed",
    "Unit",
    "canonical_unit",
    "is_missing",
    "money_unit_from_header",
    "parse_choice",
    "parse_email",
    "parse_gender",
    "parse_int",
    "parse_kbli",
    "parse_money",
    "parse_nib",
    "parse_nik",
    "parse_npwp",
    "parse_number",
    "parse_phone",
    "parse_text",
    "parse_year",
    "require",
    "show",
]

T = TypeVar("T")

# Anything at or beyond this magnitude is a typo or a pasted ID, not a quantity or an amount
# (a quadrillion Rupiah is far beyond any IKM).  The bound also keeps Decimal arithmetic exact.
MAX_ABS_NUMBER = Decimal("1e18")


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """Result of parsing one cell.

    ``value`` is the parsed value, or None when the cell is missing or not ok.
    ``ok`` is False only when the cell holds something that could not be read; then ``message``
    says why in Indonesian.  ``missing`` is True for blank-like cells (and then ``ok`` is True).
    ``warning`` is an optional Indonesian note on a value that was accepted but deserves a look
    (e.g. a NIK stored as an Excel number, or a second phone number that was dropped).
    """

    value: T | None = None
    ok: bool = True
    missing: bool = False
    message: str | None = None
    warning: str | None = None

    @classmethod
    def success(cls, value: T, warning: str | None = None) -> Parsed[T]:
        """A successfully parsed value."""
        return cls(value=value, ok=True, missing=False, message=None, warning=warning)

    @classmethod
    def empty(cls) -> Parsed[T]:
        """A missing cell."""
        return cls(value=None, ok=True, missing=True, message=None)

    @classmethod
    def fail(cls, message: str) -> Parsed[T]:
        """A cell that could not be read; ``message`` explains why."""
        return cls(value=None, ok=False, missing=False, message=message)


def require(result: Parsed[T], label: str) -> Parsed[T]:
    """Turn a missing result into a failure for a required field named ``label``."""
    if result.missing:
        return Parsed.fail(f"{label} wajib diisi.")
    return result


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


class _Reject(Exception):
    """Internal: a parser found the value unreadable; carries the message for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _never_raises(what: str) -> Callable[[Callable[..., Parsed[Any]]], Callable[..., Parsed[Any]]]:
    """Wrap a parser so that no input can make it raise.

    Parsers signal bad input with ``_Reject``; any other exception is a bug or a bizarre object,
    and the officer still gets a sentence instead of a crashed import.
    """

    def decorate(func: Callable[..., Parsed[Any]]) -> Callable[..., Parsed[Any]]:
        @functools.wraps(func)
        def wrapper(value: Any, *args: Any, **kwargs: Any) -> Parsed[Any]:
            try:
                return func(value, *args, **kwargs)
            except _Reject as exc:
                return Parsed.fail(exc.message)
            except Exception:  # noqa: BLE001 - the contract is "never raises"
                return Parsed.fail(f"{what} '{show(value)}' tidak dapat dibaca.")

        return wrapper

    return decorate


# Zero-width characters and soft hyphens survive copy-paste from web pages and WhatsApp.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _squash(text: str) -> str:
    """Remove invisible characters and collapse all whitespace (incl. non-breaking) to one space."""
    text = _CONTROL_RE.sub(" ", text.translate(_INVISIBLE))
    return " ".join(text.split())


def _unquote(text: str) -> str:
    """Drop Excel's text marker (a leading apostrophe) and wrapping quotes."""
    text = text.strip()
    if text[:1] in {"'", "`", "\u2019"}:
        text = text[1:].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in {'"', "'"}:
        text = text[1:-1].strip()
    return text


def _clean_text(text: str) -> str:
    return _unquote(_squash(text))


def _fmt_date(value: dt.date) -> str:
    text = f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
    if isinstance(value, dt.datetime) and (value.hour or value.minute or value.second):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


def show(value: Any, limit: int = 40) -> str:
    """Short, human form of a cell value for use inside messages.  Never raises."""
    try:
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        if isinstance(value, dt.date):
            return _fmt_date(value)
        text = _squash(str(value))
    except Exception:  # noqa: BLE001 - str() of an arbitrary object may raise anything
        return "?"
    return text if len(text) <= limit else text[: limit - 3] + "..."


_MISSING_WORDS = frozenset(
    {
        "n/a", "na", "n.a", "n.a.", "#n/a", "nan", "null", "none", "nil", "nihil", "kosong",
        "tidak ada", "tdk ada", "tak ada", "tidak punya", "tdk punya", "belum ada", "blm ada",
        "belum punya", "blm punya", "belum", "blm", "tidak diketahui", "tdk diketahui",
    }
)  # fmt: skip
# Dashes, dots, asterisks, slashes and question marks alone are how officers leave a cell "empty".
_FILLER_RE = re.compile(r"[\s\-\u2013\u2014_.*/\\?]*")
_EXCEL_ERRORS = frozenset({"#ref!", "#value!", "#div/0!", "#name?", "#num!", "#null!", "#spill!", "#calc!"})


def is_missing(value: Any) -> bool:
    """True for cells that mean "no value": None, NaN, blank or placeholder text.

    Zero is a value, not a missing cell.  ``#N/A`` counts as missing (a lookup found nothing);
    other Excel error codes do not, because they signal a broken formula the officer should fix.
    """
    try:
        if value is None:
            return True
        if isinstance(value, float):
            return math.isnan(value)
        if isinstance(value, Decimal):
            return value.is_nan()
        if isinstance(value, str):
            text = _clean_text(value).casefold()
            return text in _MISSING_WORDS or _FILLER_RE.fullmatch(text) is not None
    except Exception:  # noqa: BLE001 - exotic str subclasses
        return False
    return False


def _precheck(value: Any) -> Parsed[Any] | None:
    """Shared first step: a Parsed for missing cells and Excel errors, else None."""
    if is_missing(value):
        return Parsed.empty()
    # Every Excel error code holds "#" (and squashing never adds one): most cells skip the check.
    if isinstance(value, str) and "#" in value and _squash(value).casefold() in _EXCEL_ERRORS:
        return Parsed.fail(
            f"Sel berisi galat rumus Excel ({_squash(value)}); perbaiki rumusnya atau ketik "
            "nilainya langsung."
        )
    return None


def _reject_date(value: Any) -> None:
    """Excel silently turns '1.5' or '3/4' into dates; say so instead of a bare 'not a number'."""
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise _Reject(
            f"Sel berisi tanggal/waktu ({show(value)}), bukan angka; mungkin Excel mengubah angka menjadi "
            "tanggal. Format sel sebagai Angka atau Teks lalu ketik ulang."
        )


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

# Officers write "± 50" or "kurang lebih 50" for estimates; the estimate is still the number.
_APPROX_RE = re.compile(
    r"(?:±|\+/-|\+-|kurang lebih|lebih kurang|kira-kira|kira2|sekitar|kurleb|kl\.?|lk\.?)\s*", re.I
)
_NUMBER_RE = re.compile(
    r"(?P<sign>[-\u2212\u2013]?)\s*(?P<num>[0-9][0-9.,]*|[.,][0-9][0-9.,]*)(?P<exp>[eE][-+]?[0-9]{1,3})?(?P<rest>.*)",
    re.S | re.A,
)
# A second number after a range word or symbol: "5-10", "5 s.d. 10", "10/12", "3 atau 4".
_SECOND_NUMBER_RE = re.compile(
    r"(?:-|\u2013|\u2014|/|~|\+|&|,|;|x|s\.?\s*/?\s*d\.?|sampai|hingga|atau|dan)\s*[0-9]", re.I
)
_MAX_NUMBER_CHARS = 40


def _grouped_by_three(groups: Sequence[str]) -> bool:
    """True for '1', '234', '567' style thousand groups."""
    return (
        1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and all(g.isdigit() for g in groups)
    )


def _resolve_separators(num: str, original: str) -> Decimal:
    """Apply the module's separator rules to a string of digits, dots and commas."""
    unclear = f"'{original}' tidak dapat dibaca sebagai angka; periksa tanda titik dan koma."
    has_dot, has_comma = "." in num, "," in num
    if has_dot and has_comma:
        decimal_sep = "." if num.rfind(".") > num.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        whole, frac = num.rsplit(decimal_sep, 1)
        groups = whole.split(thousands_sep)
        if decimal_sep in whole or not frac.isdigit() or not _grouped_by_three(groups):
            raise _Reject(unclear)
        return Decimal("".join(groups) + "." + frac)
    if has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = num.split(sep)
        if len(parts) > 2:
            if not _grouped_by_three(parts):
                raise _Reject(unclear)
            return Decimal("".join(parts))
        whole, frac = parts
        if not frac.isdigit() or (whole and not whole.isdigit()):
            raise _Reject(unclear)
        if len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
            return Decimal(whole + frac)
        return Decimal((whole or "0") + "." + frac)
    return Decimal(num)


def _tidy(number: Decimal) -> Decimal:
    """Integral values without exponent or trailing zeros (39600.0 → 39600); others normalised."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _check_magnitude(number: Decimal, original: Any) -> Decimal:
    if not number.is_finite():
        raise _Reject(f"'{show(original)}' bukan angka yang sah.")
    if abs(number) >= MAX_ABS_NUMBER:
        raise _Reject(f"Angka '{show(original)}' terlalu besar; periksa apakah isinya benar.")
    return _tidy(number)


def _split_number(text: str, original: str) -> tuple[Decimal, str]:
    """Read the leading number of ``text``; return it and whatever text follows."""
    text = _APPROX_RE.sub("", text, count=1) if _APPROX_RE.match(text) else text
    match = _NUMBER_RE.fullmatch(text)
    if not match:
        raise _Reject(f"'{original}' bukan angka.")
    num = match["num"].rstrip(".,")
    if not any(ch.isdigit() for ch in num) or len(num) > _MAX_NUMBER_CHARS:
        raise _Reject(f"'{original}' bukan angka.")
    if match["exp"]:
        # "3,52301E+15" is Excel's scientific display; the separator there is always decimal.
        number = Decimal(num.replace(",", ".") + match["exp"])
    else:
        number = _resolve_separators(num, original)
    if match["sign"]:
        number = -number
    rest = match["rest"].strip()
    if rest.strip("-=").strip() == "":  # "5.000,-" and "5.000=" are bookkeeping flourishes
        rest = ""
    return number, rest


def _number_from_value(value: Any) -> Decimal:
    """Decimal from a non-text cell (int, float, Decimal); rejects bools and dates."""
    if isinstance(value, bool):
        raise _Reject("Nilai benar/salah (TRUE/FALSE) bukan angka.")
    _reject_date(value)
    if isinstance(value, int):
        if abs(value) >= MAX_ABS_NUMBER:  # checked before Decimal(): huge ints are slow to convert
            raise _Reject(f"Angka '{show(value)}' terlalu besar; periksa apakah isinya benar.")
        return _tidy(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Reject(f"'{show(value)}' bukan angka yang sah.")
        # repr gives the shortest text that round-trips, so 0.1 stays 0.1 rather than 0.1000000000000000055.
        return _check_magnitude(Decimal(repr(value)), value)
    if isinstance(value, Decimal):
        return _check_magnitude(value, value)
    raise _Reject(f"'{show(value)}' bukan angka.")


def _number_with_rest(value: Any) -> tuple[Decimal, str]:
    """Leading number of any cell plus trailing text ('' for numeric cells)."""
    if isinstance(value, str):
        text = _clean_text(value)
        number, rest = _split_number(text, show(text))
        return _check_magnitude(number, text), rest
    return _number_from_value(value), ""


def _check_sign(number: Decimal, value: Any, allow_negative: bool) -> None:
    if number < 0 and not allow_negative:
        raise _Reject(f"'{show(value)}' bernilai negatif; isian ini tidak boleh negatif.")


@_never_raises("Angka")
def parse_number(value: Any, *, allow_negative: bool = False) -> Parsed[Decimal]:
    """Parse a quantity into a Decimal following the module's separator rules.

    A trailing word is ignored ("12 orang" → 12, "1,5 ton" → 1.5); a second number is rejected.
    Negative numbers are rejected unless ``allow_negative``.
    """
    if (early := _precheck(value)) is not None:
        return early
    number, rest = _number_with_rest(value)
    if rest:
        if rest[0].isdigit() or _SECOND_NUMBER_RE.match(rest):
            raise _Reject(f"'{show(value)}' berisi lebih dari satu angka; isi satu angka saja.")
        if not (rest[0].isalpha() or rest[0] in "%(["):
            raise _Reject(f"'{show(value)}' bukan angka.")
    _check_sign(number, value, allow_negative)
    return Parsed.success(number)


@_never_raises("Jumlah")
def parse_int(value: Any, *, allow_negative: bool = False) -> Parsed[int]:
    """Parse a count (e.g. workforce): "12 orang" → 12; fractions are rejected."""
    result = parse_number(value, allow_negative=allow_negative)
    if not result.ok or result.missing or result.value is None:
        return result  # type: ignore[return-value]
    if result.value != result.value.to_integral_value():
        raise _Reject(f"Jumlah harus bilangan bulat; '{show(value)}' berisi pecahan.")
    return Parsed.success(int(result.value))


# --------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------

_CURRENCY_PREFIX_RE = re.compile(r"(?:rp\.?|idr)\s*", re.I)
_CURRENCY_SUFFIX_RE = re.compile(r"\s*(?:rupiah|rp\.?|idr)\s*$", re.I)
# Scale words an amount may carry.  Lower-case "m" is miliar, as Indonesians use it (and lokal agrees).
_SCALES: dict[str, int] = {
    "k": 1_000, "rb": 1_000, "rbu": 1_000, "ribu": 1_000, "ribuan": 1_000,
    "jt": 1_000_000, "jta": 1_000_000, "juta": 1_000_000, "jutaan": 1_000_000,
    "m": 1_000_000_000, "mil": 1_000_000_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000,
    "miliaran": 1_000_000_000, "milyaran": 1_000_000_000,
    "t": 1_000_000_000_000, "triliun": 1_000_000_000_000, "trilyun": 1_000_000_000_000,
}  # fmt: skip


def _scale_of(rest: str) -> tuple[int, bool] | None:
    """Multiplier for a trailing scale word ("jt", "Juta.", "M rupiah") and whether the amount is
    an estimate ("2jtan" = about two million); None if the word is not a scale."""
    word = _CURRENCY_SUFFIX_RE.sub("", rest).strip(" .").casefold()
    if word in _SCALES:
        return _SCALES[word], False
    if word.endswith("an") and word[:-2] in _SCALES:
        return _SCALES[word[:-2]], True
    return None


# Two amounts joined by a range word or symbol; lokal would add them up ("5 jt - 10 jt" → 15 jt).
_MONEY_RANGE_RE = re.compile(
    r"[0-9]\s*[a-z.]*\s*(?:-|\u2013|\u2014|/|~|;|,\s|s\.?\s*/?\s*d\.?|sampai|hingga|atau)\s*(?:rp\.?\s*)?[0-9]",
    re.I,
)


def _money_via_lokal(text: str, value: Any, allow_negative: bool) -> Parsed[Decimal]:
    """Fallback for spoken forms ("sejuta setengah", "1jt 500rb"); lokal's result is re-checked."""
    if _MONEY_RANGE_RE.search(text):
        raise _Reject(f"'{show(value)}' berisi lebih dari satu nilai; isi satu nilai saja.")
    found = lokal.parse_rupiah(text)
    if found is None:
        raise _Reject(f"'{show(value)}' bukan nilai rupiah yang dikenali.")
    amount = Decimal(repr(found.amount)) if isinstance(found.amount, float) else Decimal(found.amount)
    # lokal drops a leading minus sign; restore it so the negativity check below still applies.
    if text.lstrip().startswith(("-", "\u2212")):
        amount = -amount
    amount = _check_magnitude(amount, value)
    _check_sign(amount, value, allow_negative)
    warning = f"'{show(value)}' adalah perkiraan; dibaca sebagai {amount}." if found.approximate else None
    return Parsed.success(amount, warning=warning)


@_never_raises("Nilai rupiah")
def parse_money(value: Any, unit_multiplier: int = 1, *, allow_negative: bool = False) -> Parsed[Decimal]:
    """Parse an amount into Rupiah.

    ``unit_multiplier`` is the column's unit from its header (see :func:`money_unit_from_header`):
    it applies to plain numbers only.  An amount that states its own scale ("Rp 5 jt", "2,5 M",
    "150 rb") is already explicit and is not multiplied again.
    """
    if (early := _precheck(value)) is not None:
        return early
    if not isinstance(value, str):
        amount = _number_from_value(value) * unit_multiplier
        amount = _check_magnitude(amount, value)
        _check_sign(amount, value, allow_negative)
        return Parsed.success(amount)
    text = _clean_text(value)
    stripped = _CURRENCY_PREFIX_RE.sub("", text, count=1) if _CURRENCY_PREFIX_RE.match(text) else text
    stripped = re.sub(r"\s*[,.]-+\s*$", "", stripped)  # "Rp 5.000,-"
    try:
        number, rest = _split_number(stripped, show(text))
    except _Reject:
        return _money_via_lokal(text, value, allow_negative)
    if rest and _CURRENCY_SUFFIX_RE.fullmatch(" " + rest):
        rest = ""
    approximate = False
    if rest:
        scale = _scale_of(rest)
        if scale is None:
            return _money_via_lokal(text, value, allow_negative)
        amount, approximate = number * scale[0], scale[1]
    else:
        amount = number * unit_multiplier
    amount = _check_magnitude(amount, value)
    _check_sign(amount, value, allow_negative)
    warning = f"'{show(value)}' adalah perkiraan; dibaca sebagai {amount}." if approximate else None
    return Parsed.success(amount, warning=warning)


_BILLION_HEADER_RE = re.compile(
    r"mil[iy]a?r|\brp\.?\s*m\b|\bm\s*rp\b|(?<![0-9])000[.,\s]?000[.,\s]?000\b", re.I
)
_MILLION_HEADER_RE = re.compile(r"\bjuta|\bjt\b|(?<![0-9])000[.,\s]?000\b|[x×]\s*1[.,]?000[.,]?000\b", re.I)
_THOUSAND_HEADER_RE = re.compile(
    r"\bribu|\brb\b|\(\s*000\s*\)|\brp\.?\s*'?000\b|(?<![0-9])000\s*rp\b|\brp\.?\s*1[.,]?000\b|[x×]\s*1[.,]?000\b",
    re.I,
)


def money_unit_from_header(header: Any) -> int:
    """Multiplier a money column's header announces.

    "(Rp.000)", "(Rp 000)", "(000 Rp)", "ribu rupiah", "Rp ribu", "x 1.000" → 1_000;
    "juta", "Rp juta", "(Rp jt)", "(Rp.000.000)" → 1_000_000; "miliar"/"milyar", "(Rp M)" →
    1_000_000_000; anything else → 1.  Larger units are checked first so "000.000" is not read
    as thousands.
    """
    try:
        text = _squash(str(header)).casefold() if header is not None else ""
    except Exception:  # noqa: BLE001 - str() of an arbitrary object
        return 1
    if _BILLION_HEADER_RE.search(text):
        return 1_000_000_000
    if _MILLION_HEADER_RE.search(text):
        return 1_000_000
    if _THOUSAND_HEADER_RE.search(text):
        return 1_000
    return 1


# --------------------------------------------------------------------------------------------
# Years
# --------------------------------------------------------------------------------------------

_YEAR_IN_TEXT_RE = re.compile(r"(?<![0-9])(1[89][0-9]{2}|20[0-9]{2})(?![0-9])")


@_never_raises("Tahun")
def parse_year(value: Any, *, min_year: int = 1900, max_year: int | None = None) -> Parsed[int]:
    """Parse a year between ``min_year`` and ``max_year`` (default: next year).

    Accepts 2019, 2019.0, "2019", "Th. 2019", "12-05-2019" and Excel dates/datetimes.
    Two-digit years are rejected: "95" could be 1995 or a typo.
    """
    if (early := _precheck(value)) is not None:
        return early
    last = max_year if max_year is not None else dt.date.today().year + 1
    if isinstance(value, dt.date):
        year = value.year
    elif isinstance(value, str):
        year = _year_from_text(_clean_text(value))
    else:
        number = _number_from_value(value)
        if number != number.to_integral_value():
            raise _Reject(f"'{show(value)}' bukan tahun; tulis 4 angka, mis. 2019.")
        year = int(number)
    if 0 <= year < 100:
        raise _Reject(f"'{show(value)}' bukan tahun lengkap; tulis 4 angka, mis. 1995 atau 2019.")
    if not min_year <= year <= last:
        raise _Reject(f"Tahun {year} di luar rentang {min_year}–{last}.")
    return Parsed.success(year)


def _year_from_text(text: str) -> int:
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 6 else _bad_year(text)
    years = set(_YEAR_IN_TEXT_RE.findall(text))
    if len(years) == 1:
        return int(years.pop())
    if len(years) > 1:
        raise _Reject(f"'{show(text)}' berisi lebih dari satu tahun; isi satu tahun saja.")
    return _bad_year(text)


def _bad_year(text: str) -> int:
    raise _Reject(f"'{show(text)}' bukan tahun; tulis 4 angka, mis. 2019.")


# --------------------------------------------------------------------------------------------
# Choices: units, gender, commodity groups, legal forms
# --------------------------------------------------------------------------------------------


def _choice_key(text: str) -> str:
    """Case-folded, punctuation-free form used to compare choice words."""
    text = _squash(text).casefold().replace("&", " dan ")
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return "".join(words)  # "P.T." and "C V" are abbreviations, not two words
    return " ".join(words)


@_never_raises("Pilihan")
def parse_choice(
    value: Any,
    choices: Mapping[str, Sequence[str]],
    *,
    score_cutoff: float = 85.0,
    label: str = "Isian",
) -> Parsed[str]:
    """Map a cell to the canonical key of ``choices`` (key → synonyms).

    Matching is trimmed and case/punctuation-insensitive on the key and its synonyms; failing
    that, a fuzzy match (rapidfuzz, score ≥ ``score_cutoff``) is accepted when it is unambiguous.
    Values of three characters or fewer are never fuzzy-matched ("PT" must not become "UD").
    The first synonym of each key is its display label in messages.
    """
    if (early := _precheck(value)) is not None:
        return early
    key = _choice_key(show(value, limit=200) if not isinstance(value, str) else value)
    lookup = _choice_lookup(choices)
    if key in lookup:
        return Parsed.success(lookup[key])
    if len(key) > 3 and lookup:
        hit = _fuzzy_choice(key, lookup, score_cutoff)
        if hit is not None:
            return Parsed.success(hit)
    raise _Reject(f"{label} '{show(value)}' tidak dikenali; pilihan: {_choice_labels(choices)}.")


def _choice_lookup(choices: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised word → canonical key.  Read-only: the dictionary is shared between calls.

    Normalising every synonym costs about fifty regex passes, and an import asks once per cell
    (a third of a 100,000-row import's time went here), so the table is built once per distinct
    set of choices.  The cache key is the choices' content, so a changed mapping is never stale.
    """
    return _frozen_choice_lookup(tuple((key, tuple(words)) for key, words in choices.items()))


@functools.lru_cache(maxsize=64)
def _frozen_choice_lookup(choices: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical, synonyms in choices:
        for word in (canonical, *synonyms):
            lookup.setdefault(_choice_key(word), canonical)
    lookup.pop("", None)
    return lookup


def _fuzzy_choice(key: str, lookup: Mapping[str, str], score_cutoff: float) -> str | None:
    """Best fuzzy match, or None when nothing is close or two different keys are equally close."""
    hits = process.extract(key, list(lookup), scorer=fuzz.ratio, score_cutoff=score_cutoff, limit=5)
    if not hits:
        return None
    best_word, best_score, _ = hits[0]
    rivals = {lookup[w] for w, s, _ in hits if best_score - s < 3}
    return lookup[best_word] if len(rivals) == 1 else None


def _choice_labels(choices: Mapping[str, Sequence[str]]) -> str:
    labels = [(synonyms[0] if synonyms else key) for key, synonyms in choices.items()]
    text = ", ".join(labels[:12])
    return text + (", ..." if len(labels) > 12 else "")


GENDER_CHOICES: dict[str, tuple[str, ...]] = {
    "L": ("Laki-laki", "l", "lk", "laki", "laki laki", "lakilaki", "laki2", "lelaki", "pria", "cowok",
          "cowo", "m", "male", "man", "bapak", "bpk", "pak"),
    "P": ("Perempuan", "p", "pr", "pr.", "perempuan", "wanita", "w", "cewek", "cewe", "f", "female",
          "woman", "ibu", "bu"),
}  # fmt: skip


@_never_raises("Jenis kelamin")
def parse_gender(value: Any) -> Parsed[str]:
    """'L' or 'P' from "L", "Laki-laki", "laki2", "pria", "M", "P", "Perempuan", "wanita", "F"..."""
    return parse_choice(value, GENDER_CHOICES, score_cutoff=80.0, label="Jenis kelamin")


# The five IKM commodity groups used by Dinas Perindustrian reports.  Keys are this module's
# canonical codes; map them onto the model's choices where they differ.
KELOMPOK_IKM: dict[str, tuple[str, ...]] = {
    "pangan": ("Pangan", "makanan", "minuman", "makanan dan minuman", "makanan minuman", "mamin",
               "olahan pangan", "industri pangan", "agro", "agro pangan", "hasil pertanian", "kuliner"),
    "sandang": ("Sandang dan Kulit", "sandang", "sandang kulit", "kulit", "tekstil", "pakaian", "garmen",
                "konveksi", "batik", "tenun", "alas kaki", "kulit dan alas kaki", "busana"),
    "kimia_bahan_bangunan": ("Kimia dan Bahan Bangunan", "kimia", "bahan bangunan", "kimia bahan bangunan",
                             "kimia dan bangunan", "kbb", "genteng", "batu bata", "bata", "keramik"),
    "logam_elektronika": ("Logam dan Elektronika", "logam", "elektronika", "elektronik", "logam elektronika",
                          "logam mesin", "logam dan mesin", "logam mesin elektronika", "ilmea", "las",
                          "bengkel"),
    "kerajinan": ("Kerajinan", "kerajinan", "kerajinan tangan", "handicraft", "kriya", "anyaman", "ukiran",
                  "mebel", "furnitur", "meubel", "souvenir", "cinderamata"),
}  # fmt: skip

BENTUK_USAHA: dict[str, tuple[str, ...]] = {
    "perorangan": ("Perorangan", "perseorangan", "perorangan", "pribadi", "individu", "usaha perorangan",
                   "belum berbadan hukum", "tidak berbadan hukum", "non badan hukum", "rumah tangga"),
    "ud": ("UD", "ud", "usaha dagang"),
    "cv": ("CV", "cv", "persekutuan komanditer", "commanditaire vennootschap"),
    "pt": ("PT", "pt", "perseroan terbatas", "pt perorangan", "pt perseorangan"),
    "koperasi": ("Koperasi", "koperasi", "kop", "kud", "kopinkra"),
    "firma": ("Firma", "firma", "fa"),
    "kub": ("KUB", "kub", "kelompok usaha bersama", "kelompok"),
    "pd": ("PD", "pd", "perusahaan dagang"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Unit:
    """One canonical unit: Indonesian label and the spellings that mean it."""

    label: str
    synonyms: tuple[str, ...]


# Canonical unit codes.  "buah" deliberately absorbs pcs/biji/unit/potong: for capacity statistics
# they all count items, and officers use them interchangeably.  Likewise pak/pack are "bungkus".
UNITS: dict[str, Unit] = {
    "buah": Unit("buah", ("buah", "bh", "biji", "bj", "pcs", "pc", "psc", "piece", "pieces", "unit", "item",
                          "butir", "btr", "potong", "ptg")),
    "kg": Unit("kilogram", ("kg", "kgs", "kilo", "kilogram", "kilo gram", "kilogr")),
    "gram": Unit("gram", ("gram", "gr", "grm", "g")),
    "ons": Unit("ons", ("ons",)),
    "kuintal": Unit("kuintal", ("kuintal", "kwintal", "kw", "ku")),
    "ton": Unit("ton", ("ton", "tons", "tn")),
    "liter": Unit("liter", ("liter", "litre", "ltr", "lt", "l")),
    "ml": Unit("mililiter", ("ml", "mililiter", "cc")),
    "lembar": Unit("lembar", ("lembar", "lbr", "lb", "helai", "hl", "sheet")),
    "pasang": Unit("pasang", ("pasang", "psg", "pair", "pairs")),
    "set": Unit("set", ("set", "stel", "setel", "stell")),
    "meter": Unit("meter", ("meter", "m", "mtr", "mt")),
    "m2": Unit("meter persegi", ("m2", "meter persegi", "mtr2", "meter2", "m²")),
    "m3": Unit("meter kubik", ("m3", "meter kubik", "kubik", "mtr3", "meter3", "m³")),
    "botol": Unit("botol", ("botol", "btl")),
    "bungkus": Unit("bungkus", ("bungkus", "bks", "bkus", "pak", "pack", "pax", "pck", "kemasan", "sachet",
                                "saset")),
    "dus": Unit("dus", ("dus", "dos", "kardus", "box", "boks", "karton", "krt", "ctn", "carton")),
    "kodi": Unit("kodi", ("kodi", "kd")),
    "lusin": Unit("lusin", ("lusin", "lsn", "dozen", "dz")),
    "rim": Unit("rim", ("rim",)),
    "gulung": Unit("gulung", ("gulung", "roll", "rol", "glg")),
    "batang": Unit("batang", ("batang", "btg")),
    "ikat": Unit("ikat", ("ikat", "ikt")),
    "karung": Unit("karung", ("karung", "krg", "sak", "zak")),
    "ekor": Unit("ekor", ("ekor", "ekr")),
    "kaleng": Unit("kaleng", ("kaleng", "klg")),
    "toples": Unit("toples", ("toples", "stoples", "jar")),
    "porsi": Unit("porsi", ("porsi", "prs")),
    "cup": Unit("cup", ("cup", "gelas", "cangkir")),
    "galon": Unit("galon", ("galon", "gln")),
    "keping": Unit("keping", ("keping", "kpg", "kp")),
}  # fmt: skip


def _unit_key(text: str) -> str:
    text = _squash(text).casefold().replace("²", "2").replace("³", "3").replace("^", "")
    text = re.sub(r"^per\s+", "", text)
    return " ".join(text.strip(" .,;:()").split())


@functools.cache
def _unit_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, unit in UNITS.items():
        for word in (code, unit.label, *unit.synonyms):
            lookup.setdefault(_unit_key(word), code)
    return lookup


# Capacities are conventionally per year, so "/tahun" is redundant; other periods would silently
# change the quantity by a factor of 12 or 365, so they are refused with an explanation.
_PER_YEAR_RE = re.compile(r"\s*(?:/|per)\s*(?:tahun|thn|th|tahunan)\.?$")
_PER_OTHER_RE = re.compile(r"\s*(?:/|per)\s*(?:hari|hr|bulan|bln|minggu|mgg|mg)\.?$")


@_never_raises("Satuan")
def canonical_unit(value: Any) -> Parsed[str]:
    """Canonical unit code from :data:`UNITS` ("Buah ", "bh", "pcs" → "buah"; "Kg." → "kg").

    Unknown units are not ok; the message names the value and, if one is close, suggests it.
    """
    if (early := _precheck(value)) is not None:
        return early
    if not isinstance(value, str):
        raise _Reject(f"'{show(value)}' bukan nama satuan.")
    key = _unit_key(value)
    if _PER_OTHER_RE.search(key):
        raise _Reject(
            f"Satuan '{show(value)}' memuat periode selain tahun; tulis satuannya saja (mis. 'kg') "
            "dan isi kapasitas per tahun."
        )
    key = _unit_key(_PER_YEAR_RE.sub("", key))
    lookup = _unit_lookup()
    if key in lookup:
        return Parsed.success(lookup[key])
    hint = ""
    near = process.extractOne(key, list(lookup), scorer=fuzz.ratio, score_cutoff=70) if len(key) > 2 else None
    if near is not None:
        code = lookup[near[0]]
        hint = f" Mungkin maksudnya '{code}' ({UNITS[code].label})?"
    else:
        hint = " Gunakan satuan baku seperti buah, kg, liter, lembar, pasang atau bungkus."
    raise _Reject(f"Satuan '{show(value)}' tidak dikenal.{hint}")


# --------------------------------------------------------------------------------------------
# Identity numbers and contacts
# --------------------------------------------------------------------------------------------

_SCIENTIFIC_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+")
_ID_SEPARATORS_RE = re.compile(r"[\s.\-/'`\u2019]")


def _digits_of(value: Any, what: str) -> tuple[str, bool]:
    """Digit string of an ID cell and whether the cell was numeric (an Excel number).

    IDs must be text: an Excel number loses leading zeros and digits beyond the fifteenth.
    """
    if isinstance(value, bool):
        raise _Reject(f"{what} harus berupa angka, bukan TRUE/FALSE.")
    _reject_date(value)
    if isinstance(value, int | float | Decimal):
        number = _number_from_value(value)
        if number != number.to_integral_value() or number < 0:
            raise _Reject(f"{what} '{show(value)}' tidak sah; {what} hanya berisi angka tanpa pecahan.")
        return str(int(number)), True
    text = _clean_text(str(value))
    if _SCIENTIFIC_RE.fullmatch(text):
        raise _Reject(
            f"{what} tertulis dalam format ilmiah ({text}) sehingga digitnya hilang; format kolom sebagai "
            "Teks lalu ketik ulang."
        )
    if re.fullmatch(r"[0-9]+\.0+", text):  # "3523011204950001.0" from a CSV of numbers
        text = text.split(".", 1)[0]
    digits = _ID_SEPARATORS_RE.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        raise _Reject(f"{what} hanya boleh berisi angka; '{show(value)}' memuat huruf atau tanda lain.")
    return digits, False


def _issues(info: Any) -> str:
    messages = [issue.message for issue in getattr(info, "errors", []) or []]
    return " ".join(messages) or "formatnya tidak sesuai."


@_never_raises("NIK")
def parse_nik(value: Any) -> Parsed[str]:
    """16-digit NIK validated with lokal (region code, birth date)."""
    if (early := _precheck(value)) is not None:
        return early
    digits, numeric = _digits_of(value, "NIK")
    if len(digits) != 16:
        amount = "hanya" if len(digits) < 16 else "berisi"
        raise _Reject(f"NIK harus 16 angka; '{show(value)}' {amount} {len(digits)} angka.")
    info = lokal.parse_nik(digits)
    if not info.valid:
        raise _Reject(f"NIK '{digits}' tidak valid: {_issues(info)}")
    warning = None
    if numeric and digits.endswith("0"):
        # Excel keeps 15 significant digits, so a NIK typed as a number has its 16th digit zeroed.
        warning = (
            f"NIK '{digits}' tersimpan sebagai angka di Excel; digit terakhir mungkin berubah menjadi 0. "
            "Periksa dengan KTP."
        )
    return Parsed.success(digits, warning=warning)


@_never_raises("NIB")
def parse_nib(value: Any) -> Parsed[str]:
    """Nomor Induk Berusaha: exactly 13 digits."""
    if (early := _precheck(value)) is not None:
        return early
    digits, _ = _digits_of(value, "NIB")
    if len(digits) != 13:
        amount = "hanya" if len(digits) < 13 else "berisi"
        raise _Reject(f"NIB harus 13 angka; '{show(value)}' {amount} {len(digits)} angka.")
    return Parsed.success(digits)


@_never_raises("NPWP")
def parse_npwp(value: Any) -> Parsed[str]:
    """NPWP as digits: 15 (legacy, formatted or not) or 16 (NIK-based), validated with lokal."""
    if (early := _precheck(value)) is not None:
        return early
    digits, numeric = _digits_of(value, "NPWP")
    if numeric and len(digits) == 14:
        digits = "0" + digits  # legacy NPWPs often start with 0, which an Excel number drops
    if len(digits) not in (15, 16):
        raise _Reject(f"NPWP harus 15 atau 16 angka; '{show(value)}' berisi {len(digits)} angka.")
    info = lokal.parse_npwp(digits)
    if not info.valid or not info.digits:
        raise _Reject(f"NPWP '{show(value)}' tidak valid: {_issues(info)}")
    return Parsed.success(str(info.digits))


_PHONE_SPLIT_RE = re.compile(r"\s*(?:/|,|;|\||&|\batau\b|\bdan\b|\n)\s*", re.I)
_PHONE_NOTE_RE = re.compile(r"\([^)]*[a-z][^)]*\)|[a-z:]+\.?", re.I)


def _phone_text(value: Any) -> str:
    if isinstance(value, bool):
        raise _Reject("Nomor telepon harus berupa angka, bukan TRUE/FALSE.")
    _reject_date(value)
    if isinstance(value, int | float | Decimal):
        number = _number_from_value(value)
        if number != number.to_integral_value() or number < 0:
            raise _Reject(f"'{show(value)}' bukan nomor telepon.")
        return str(int(number))
    text = _clean_text(str(value))
    return text.split(".", 1)[0] if re.fullmatch(r"[0-9]+\.0+", text) else text


def _phone_candidate(part: str) -> str:
    """Strip notes like "(WA)" or "HP:" and restore the leading 0 an Excel number dropped."""
    part = _PHONE_NOTE_RE.sub(" ", part).strip(" -.")
    digits = re.sub(r"[^0-9]", "", part)
    if part[:1].isdigit() and digits.startswith("8") and 9 <= len(digits) <= 12:
        return "0" + digits
    return part


@_never_raises("Nomor telepon")
def parse_phone(value: Any) -> Parsed[str]:
    """Phone number in E.164 ("+6281234567890") via lokal.

    Accepts "0812 3456 7890", "62812...", "+62 812-...", "(0351) 123456", Excel numbers such as
    81234567890.0 (the lost leading 0 is restored).  When a cell holds several numbers the first
    valid one is kept and a warning names the rest.
    """
    if (early := _precheck(value)) is not None:
        return early
    text = _phone_text(value)
    parts = [p for p in _PHONE_SPLIT_RE.split(text) if p and p.strip()]
    found: list[str] = []
    first_error = ""
    for part in parts:
        info = lokal.parse_phone(_phone_candidate(part))
        if info.valid and info.e164:
            found.append(str(info.e164))
        elif not first_error:
            first_error = _issues(info)
    if not found:
        raise _Reject(f"Nomor telepon '{show(value)}' tidak valid: {first_error or 'kosong.'}")
    warning = None
    if len(found) > 1:
        warning = f"Sel berisi beberapa nomor; hanya {found[0]} yang disimpan (juga: {', '.join(found[1:])})."
    return Parsed.success(found[0], warning=warning)


_EMAIL_RE = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}", re.A)


@_never_raises("Email")
def parse_email(value: Any) -> Parsed[str]:
    """Lower-cased e-mail address with a plausible shape (name@domain.tld)."""
    if (early := _precheck(value)) is not None:
        return early
    text = _clean_text(str(value)).casefold().replace("mailto:", "")
    if not _EMAIL_RE.fullmatch(text):
        raise _Reject(f"Alamat email '{show(value)}' tidak sah; contoh yang benar: nama@contoh.id.")
    return Parsed.success(text)


_KBLI_RE = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")


@_never_raises("KBLI")
def parse_kbli(value: Any) -> Parsed[str]:
    """Five-digit KBLI 2020 code; "10792 - Industri kerupuk" → "10792"."""
    if (early := _precheck(value)) is not None:
        return early
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        text, _ = _digits_of(value, "KBLI")
    else:
        text = _clean_text(str(value))
    codes = list(dict.fromkeys(_KBLI_RE.findall(text)))
    if not codes:
        raise _Reject(f"KBLI harus 5 angka (KBLI 2020), mis. 10792; '{show(value)}' tidak sesuai.")
    warning = None
    if len(codes) > 1:
        warning = f"Sel berisi beberapa KBLI; hanya {codes[0]} yang disimpan (juga: {', '.join(codes[1:])})."
    return Parsed.success(codes[0], warning=warning)


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


@_never_raises("Teks")
def parse_text(value: Any, max_length: int | None = 255) -> Parsed[str]:
    """Trimmed text with whitespace (incl. line breaks) collapsed.

    Numbers lose Excel's ".0" (10792.0 → "10792"), dates become ISO (2024-05-01), TRUE/FALSE
    become "Ya"/"Tidak".  Longer than ``max_length`` characters is an error, not a truncation,
    so nothing is silently cut off.
    """
    if (early := _precheck(value)) is not None:
        return early
    text = _text_of(value)
    if not text:
        return Parsed.empty()
    if max_length is not None and len(text) > max_length:
        raise _Reject(f"Teks terlalu panjang ({len(text)} karakter); maksimal {max_length} karakter.")
    return Parsed.success(text)


def _text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return _unquote(_squash(str(value)))
    except (InvalidOperation, ValueError) as exc:
        raise _Reject(f"'{show(value)}' bukan teks yang dapat dibaca.") from exc
