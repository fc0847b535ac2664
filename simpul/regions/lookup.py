"""Turn a region name as people write it into the official record, with a confidence.

"Kec. Tuban", "LOA JANAN", "Samarinda Seberang", "kel sidomulyo": officers'
files spell regions many ways. The lookup strips prefixes, normalises case
and spacing, tries exact and alias matches, then fuzzy matching (rapidfuzz)
within the home region. A weak match is returned with a low confidence and
the caller decides; nothing is guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

_PREFIX = re.compile(
    r"^(kecamatan|kec|kab|kabupaten|kota|kel|kelurahan|desa|ds|kota administrasi|provinsi|prov)\.?\s+",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")

#: Confidence labels, strongest first.
EXACT, HIGH, MEDIUM, LOW = "pasti", "tinggi", "sedang", "rendah"


@dataclass(frozen=True)
class RegionMatch:
    code: str
    name: str
    level: int
    confidence: str
    score: float

    @property
    def certain(self) -> bool:
        return self.confidence in (EXACT, HIGH)


def normalise(text: str) -> str:
    """Lower-case, no prefix such as 'Kec.', no punctuation, single spaces."""
    value = _SPACES.sub(" ", str(text or "")).strip()
    previous = None
    while previous != value:
        previous = value
        value = _PREFIX.sub("", value).strip()
    value = _NON_WORD.sub(" ", value.lower())
    return _SPACES.sub(" ", value).strip()


@lru_cache(maxsize=64)
def _candidates(within: str, level: int) -> tuple[tuple[str, str, str], ...]:
    """(normalised name, code, official name) for regions of `level` under `within`."""
    from lokal import wilayah

    table = wilayah._desa() if level == 4 else wilayah._base()
    prefix = within + "." if within else ""
    depth = level - 1
    return tuple(
        (normalise(name), code, name)
        for code, name in table.items()
        if code.count(".") == depth and (not within or code.startswith(prefix))
    )


def lookup_region(
    text: str, *, within: str = "", level: int = 3, aliases: dict[str, str] | None = None
) -> RegionMatch | None:
    """The best official region for `text` at `level` (3 kecamatan, 4 desa) under `within`.

    `aliases` maps normalised local spellings to codes ("ljn" → "64.02.03").
    Returns None when nothing is close enough to mention.
    """
    key = normalise(text)
    if not key:
        return None
    candidates = _candidates(within, level)
    if aliases and key in aliases:
        code = aliases[key]
        for _norm, cand_code, name in candidates:
            if cand_code == code:
                return RegionMatch(code, name, level, EXACT, 100.0)
    exact = [c for c in candidates if c[0] == key]
    if len(exact) == 1:
        return RegionMatch(exact[0][1], exact[0][2], level, EXACT, 100.0)
    if len(exact) > 1:
        # Same name twice in the area (common for desa): ambiguous, say so.
        return RegionMatch(exact[0][1], exact[0][2], level, MEDIUM, 100.0)
    names = [c[0] for c in candidates]
    found = process.extract(key, names, scorer=fuzz.WRatio, limit=2)
    if not found:
        return None
    best_name, score, index = found[0]
    runner_up = found[1][1] if len(found) > 1 else 0.0
    _, code, official = candidates[index]
    confidence = _confidence(key, best_name, score, runner_up)
    if confidence is None:
        return None
    return RegionMatch(code, official, level, confidence, round(float(score), 1))


def _confidence(key: str, name: str, score: float, runner_up: float) -> str | None:
    clear_lead = score - runner_up >= 8
    if score >= 95 and clear_lead:
        return HIGH
    if score >= 88 and (clear_lead or name.startswith(key)):
        return MEDIUM
    if score >= 75:
        return LOW
    return None


def lookup_in_address(address: str, *, within: str = "") -> RegionMatch | None:
    """The kecamatan named at the end of a free-text address, e.g. '..., Harapan Baru, Loa Janan'."""
    parts = [p for p in re.split(r"[,;/]", address or "") if p.strip()]
    for part in reversed(parts[-3:]):
        match = lookup_region(part, within=within, level=3)
        if match and match.certain:
            return match
    return None
