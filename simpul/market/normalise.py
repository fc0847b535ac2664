"""Search keys for Indonesian product names, forgiving of spelling variants and word forms.

Buyers type product names the way they say them, and makers write them the
way they print them on the pack: "keripik" and "kripik", "cokelat" and
"coklat", "kopii", "Tjap", "anyaman" and "anyam". Both the catalog and the
query go through `word_key`, so any two spellings that reduce to the same key
find each other. The rules are deliberately small and predictable (each is
tested in tests/test_normalise.py); they are applied to both sides, so a rule
only has to be consistent, not linguistically exact.

Rules, in order, on one lower-cased word without diacritics:

1. Old spelling (Ejaan Soewandi) to EYD: oe→u, tj→c, dj→j, sj→sy, nj→ny,
   ch→c, and the rare q→k, x→ks.
2. Doubled letters collapse: "kopii"→"kopi", "sambell"→"sambel".
3. The unstressed e (schwa) between a consonant and r/l before a vowel is
   dropped, the way it is in speech: "keripik"→"kripik", "kerupuk"→"krupuk",
   "cokelat"→"coklat", "selai"→"slai".
4. Noun suffixes go when a stem of four letters or more remains: -nya, -an
   ("anyaman"→"anyam", "olahan"→"olah", "kerajinan"→"krajin"), so word forms
   meet their root. Short words ("ikan", "bahan") keep their ending.
5. Doubled letters collapse once more (a suffix may have joined two).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Words too common to tell products apart; dropped from keys and queries.
STOP_WORDS = frozenset(
    {
        "dan",
        "atau",
        "yang",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "per",
        "lainnya",
        "sejenisnya",
        "industri",
        "the",
        "and",
        "of",
    }
)
#: Shortest token kept (two letters keeps "UD", "CV", "PT" and sizes such as "5l").
MIN_TOKEN = 2
#: Longest key stored in the term index (the column is 40 characters).
MAX_TERM = 40

_OLD_SPELLING = (("oe", "u"), ("tj", "c"), ("dj", "j"), ("sj", "sy"), ("nj", "ny"), ("ch", "c"), ("q", "k"))
_VOWELS = "aiueo"
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")
# consonant + e + (r|l) + vowel: the e is a schwa that speakers (and many labels) drop.
_SCHWA = re.compile(r"([bcdfghjkmnpstvwz])e([rl])(?=[aiueo])")
_SUFFIXES = ("nya", "an")
_MIN_STEM = 4


def fold(text: str) -> str:
    """Lower case, without diacritics, every run of non-letters/digits as one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", ascii_only.lower()).strip()


@lru_cache(maxsize=50_000)
def word_key(word: str) -> str:
    """The search key of one folded word (see the module docstring for the rules)."""
    if not word or word.isdigit():
        return word
    key = word
    for old, new in _OLD_SPELLING:
        key = key.replace(old, new)
    key = key.replace("x", "ks")
    key = _DOUBLED.sub(r"\1", key)
    key = _SCHWA.sub(r"\1\2", key)
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM:
            key = key[: -len(suffix)]
            break
    key = _DOUBLED.sub(r"\1", key)
    return key[:MAX_TERM]


def keyed_words(text: str) -> list[tuple[str, str]]:
    """(word as written, its search key) for each word of a text, without stop words or repeated keys."""
    seen: dict[str, str] = {}
    for word in fold(text).split():
        if word in STOP_WORDS or len(word) < MIN_TOKEN:
            continue
        key = word_key(word)
        if len(key) >= MIN_TOKEN:
            seen.setdefault(key, word)
    return [(word, key) for key, word in seen.items()]


def tokens(text: str) -> list[str]:
    """The search keys of a text, in order, without stop words or duplicates."""
    return [key for _word, key in keyed_words(text)]


def text_key(text: str) -> str:
    """One string key for a whole text (tokens joined by spaces), e.g. for sorting by name."""
    return " ".join(tokens(text))


def spelling_variants(key: str) -> list[str]:
    """Raw spellings that reduce to `key`, for a plain substring match in SQL.

    The inverse of the schwa rule: "kripik" → ["kripik", "keripik"]. Used
    where the catalog index is not available (matching over the whole
    registry), so that a LIKE on product names meets both spellings. A key
    whose suffix was stripped ("krajin") still appears inside the longer
    word ("kerajinan"), so suffixes need no inverse.
    """
    spots = [m.end() for m in _SCHWA_SPOT.finditer(key)][:3]
    variants = []
    for mask in range(1 << len(spots)):
        chars = list(key)
        # Insert from the right so earlier positions stay valid.
        for bit, at in reversed(list(enumerate(spots))):
            if mask & (1 << bit):
                chars.insert(at, "e")
        variants.append("".join(chars))
    return variants


_SCHWA_SPOT = re.compile(r"[bcdfghjkmnpstvwz](?=[rl][aiueo])")
