"""Where a row's business is: desa and kecamatan from columns or from a free-text address.

The rules, in the order they are tried:

1. A "Kode desa" column holding an official code (our own export writes one) wins.
2. Kecamatan and desa columns are matched to the official names of the home region with
   :func:`simpul.regions.lookup.lookup_region` (aliases, prefixes such as "Kec.", fuzzy matching).
   A desa is looked up inside the row's kecamatan when that is known, so a desa name that occurs
   in two kecamatan is resolved by the kecamatan column.
3. Otherwise the address is read: the kecamatan from its last parts ("..., Harapan Baru, Loa Janan")
   or from "Kec. X", and the desa from its other parts, inside that kecamatan.

Confidence policy (documented for officers in docs/import.md):

* "pasti" / "tinggi" — accepted.
* "sedang" — accepted, and the row is flagged *doubtful* with the name it was read as, so the
  officer can check it in the report.  A name that exists twice (two desa called Sidorejo) is
  never "sedang" here: it is rejected with a request to fill in the kecamatan.
* "rendah" or nothing — rejected, naming the closest official name when there is one.

Short forms common in files ("Tenggarong Sbrg", "Sanga2", "Kt. Bangun") are expanded before the
lookup; the expansion is only kept when it gives a better confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simpul.ingest.parsers import show
from simpul.regions.lookup import EXACT, HIGH, LOW, MEDIUM, RegionMatch, lookup_region, normalise

_RANK = {EXACT: 3, HIGH: 2, MEDIUM: 1, LOW: 0}

#: Abbreviations of words that recur in Indonesian place names.
_ABBREVIATIONS = {
    "sbrg": "seberang", "sbr": "seberang", "sebrang": "seberang", "seb": "seberang",
    "utr": "utara", "ut": "utara", "sltn": "selatan", "slt": "selatan", "sel": "selatan",
    "brt": "barat", "bar": "barat", "tmr": "timur", "tim": "timur", "tgh": "tengah", "teng": "tengah",
    "kt": "kota", "kdl": "kidul", "lr": "lor", "ilr": "ilir", "mra": "muara", "tj": "tanjung",
    "tg": "tanjung", "tjg": "tanjung", "sg": "sungai", "sei": "sungai", "kp": "kampung", "bt": "batu",
    "pd": "pondok", "krg": "karang",
}  # fmt: skip
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2\b")
_ADDRESS_NOISE = re.compile(
    r"\b(?:rt|rw)\.?\s*[0-9]+(?:\s*/\s*(?:rw\.?\s*)?[0-9]+)?|\bno\.?\s*[0-9]+[a-z]?\b|\b(?:jl|jln|jalan|gg|gang)\b\.?",
    re.I,
)
# "Kec. X" and "Desa X" inside an address, up to the next separator or the next region word.
_DISTRICT_IN_TEXT = re.compile(
    r"\bkec(?:amatan)?\b\.?\s*(.+?)(?=\s+(?:kab|kabupaten|kota|prov|provinsi|desa|ds|kel|kelurahan)\b|[,;/]|$)",
    re.I,
)
_VILLAGE_IN_TEXT = re.compile(
    r"\b(?:desa|ds|kel|kelurahan)\b\.?\s*(.+?)(?=\s+(?:kec|kecamatan|kab|kabupaten|kota)\b|[,;/]|$)", re.I
)
_CODE_RE = re.compile(r"^\s*([0-9]{2})\.([0-9]{2})\.([0-9]{2})\.([0-9]{4})\s*$")


@dataclass
class RegionIssue:
    """A problem with a row's region, attached to the field it came from."""

    field: str
    message: str
    level: str = "error"  # "error" rejects the row; "warning" flags it doubtful


@dataclass
class RegionResult:
    """The desa and kecamatan of a row (codes, or None) and what went wrong or is doubtful."""

    desa: str | None = None
    kecamatan: str | None = None
    issues: list[RegionIssue] = field(default_factory=list)
    #: Human description for the preview, e.g. "Desa Jlodro, Kec. Kenduruan (dari alamat)".
    description: str = ""

    @property
    def failed(self) -> bool:
        return any(issue.level == "error" for issue in self.issues)


class RegionResolver:
    """Resolves rows' regions within the home region; results are cached per distinct text.

    ``names`` maps every region code of the home region loaded in the database to its name; a
    region lokal knows but the database lacks is reported, not stored.
    """

    def __init__(self, home: str, names: dict[str, str]) -> None:
        self.home = home
        self.names = names
        self.home_name = names.get(home, home)
        self._cache: dict[tuple[str, str, int], RegionMatch | None] = {}
        # Normalised desa name → codes, to explain ambiguous names.
        self._desa_by_name: dict[str, list[str]] = {}
        for code, name in names.items():
            if code.count(".") == 3:
                self._desa_by_name.setdefault(normalise(name), []).append(code)

    # ----------------------------------------------------------------------------------------
    # Lookups (cached)
    # ----------------------------------------------------------------------------------------

    def lookup(self, text: str, within: str, level: int) -> RegionMatch | None:
        """Best match for ``text``, also trying the expansion of common abbreviations.

        Files repeat the same few names thousands of times, so results are kept per resolver.
        """
        key = (normalise(text), within, level)
        if key not in self._cache:
            if len(self._cache) > 50_000:  # free-text addresses are mostly unique; keep memory bounded
                self._cache.clear()
            self._cache[key] = self._lookup(text, within, level)
        return self._cache[key]

    def _lookup(self, text: str, within: str, level: int) -> RegionMatch | None:
        match = lookup_region(text, within=within, level=level)
        if match is not None and match.confidence in (EXACT, HIGH):
            return match
        expanded = expand_abbreviations(text)
        if expanded != normalise(text):
            other = lookup_region(expanded, within=within, level=level)
            if other is not None and (match is None or _RANK[other.confidence] > _RANK[match.confidence]):
                return other
        return match

    def ambiguous_desa(self, text: str, within: str) -> list[str]:
        """Codes of desa under ``within`` that carry exactly this name, when there are several."""
        codes = [c for c in self._desa_by_name.get(normalise(text), []) if c.startswith(within + ".")]
        return codes if len(codes) > 1 else []

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    # ----------------------------------------------------------------------------------------
    # A row
    # ----------------------------------------------------------------------------------------

    def resolve(
        self,
        *,
        code: str | None = None,
        kecamatan: str | None = None,
        desa: str | None = None,
        address: str | None = None,
    ) -> RegionResult:
        """Region of one row from whichever of its region cells are filled."""
        result = RegionResult()
        if code and self._from_code(code, result):
            return result
        kec_code = self._kecamatan(kecamatan, result) if kecamatan else None
        if result.failed:
            return result
        if desa:
            self._desa(desa, kec_code, result)
        elif address:
            self._from_address(address, kec_code, result)
        else:
            result.kecamatan = kec_code
        if result.desa:
            result.kecamatan = result.desa.rsplit(".", 1)[0]
        if not result.description and result.kecamatan:
            result.description = f"Kec. {self.name(result.kecamatan)}"
        return result

    def _from_code(self, code: str, result: RegionResult) -> bool:
        found = _CODE_RE.match(code)
        if not found:
            result.issues.append(
                RegionIssue(
                    "kode_desa",
                    f"Kode desa '{show(code)}' tidak berbentuk kode Kemendagri (mis. 35.23.01.2001).",
                )
            )
            return True
        value = ".".join(found.groups())
        if value not in self.names:
            result.issues.append(
                RegionIssue("kode_desa", f"Kode desa {value} tidak ada di wilayah {self.home_name}.")
            )
            return True
        result.desa = value
        result.kecamatan = value.rsplit(".", 1)[0]
        result.description = self._describe(value, "dari kode desa")
        return True

    def _kecamatan(self, text: str, result: RegionResult) -> str | None:
        match = self.lookup(text, self.home, 3)
        return self._accept(match, text, "kecamatan", "Kecamatan", result)

    def _desa(self, text: str, kec_code: str | None, result: RegionResult) -> None:
        within = kec_code or self.home
        if kec_code is None and (codes := self.ambiguous_desa(text, self.home)):
            places = ", ".join(sorted({self.name(c.rsplit(".", 1)[0]) for c in codes}))
            result.issues.append(
                RegionIssue(
                    "desa",
                    f"Desa/kelurahan '{show(text)}' ada di lebih dari satu kecamatan ({places}); "
                    "isi kolom kecamatan agar jelas.",
                )
            )
            return
        match = self.lookup(text, within, 4)
        if match is None and kec_code is not None:
            elsewhere = self.lookup(text, self.home, 4)
            if elsewhere is not None and elsewhere.certain:
                result.issues.append(
                    RegionIssue(
                        "desa",
                        f"Desa/kelurahan '{show(text)}' tidak ada di Kecamatan {self.name(kec_code)}; "
                        f"yang bernama itu ada di Kecamatan {self.name(elsewhere.code.rsplit('.', 1)[0])}. "
                        "Periksa kolom kecamatan atau desa.",
                    )
                )
                return
        code = self._accept(match, text, "desa", "Desa/kelurahan", result, within=within)
        if code:
            result.desa = code
            result.description = self._describe(code, "")

    def _from_address(self, address: str, kec_code: str | None, result: RegionResult) -> None:
        kec_code = kec_code or self._kecamatan_in_address(address)
        if kec_code is None:
            result.issues.append(
                RegionIssue(
                    "alamat",
                    f"Kecamatan tidak dapat dikenali dari alamat '{show(address, 60)}'; isi kolom kecamatan "
                    f"dan desa/kelurahan (wilayah {self.home_name}).",
                )
            )
            return
        result.kecamatan = kec_code
        desa = self._desa_in_address(address, kec_code)
        if desa is None:
            result.issues.append(
                RegionIssue(
                    "alamat",
                    f"Kecamatan {self.name(kec_code)} dikenali dari alamat, tetapi tidak ada nama desa/kelurahan "
                    f"Kecamatan {self.name(kec_code)} di dalamnya; isi kolom desa/kelurahan.",
                )
            )
            return
        result.desa = desa
        result.description = self._describe(desa, "dari alamat")

    def _kecamatan_in_address(self, address: str) -> str | None:
        """A kecamatan named as "Kec. X" or as one of the last parts of the address (certain only)."""
        for found in _DISTRICT_IN_TEXT.finditer(address):
            match = self.lookup(found.group(1), self.home, 3)
            if match is not None and match.certain:
                return match.code
        parts = _address_parts(address)
        for part in reversed(parts[-3:]):
            match = self.lookup(part, self.home, 3)
            if match is not None and match.certain:
                return match.code
        return None

    def _desa_in_address(self, address: str, kec_code: str) -> str | None:
        """A desa of ``kec_code`` named in the address ("Desa X", or a part between commas).

        The part naming the kecamatan itself is skipped: "Loa Janan" would otherwise pass for the
        desa "Loa Janan Ulu".  Parts are noisy, so only certain matches count.
        """
        marked = [m.group(1) for m in _VILLAGE_IN_TEXT.finditer(address)]
        kec_key = normalise(self.name(kec_code))
        parts = [p for p in _address_parts(address) if expand_abbreviations(p) != kec_key]
        parts = [p for p in parts if not _DISTRICT_IN_TEXT.search(p)]
        # The desa usually stands just before the kecamatan; the first part is mostly the street,
        # which may carry a place name of its own ("Jl. Loa Janan Ulu").
        for text in marked + parts[::-1]:
            match = self.lookup(text, kec_code, 4)
            if match is not None and match.certain and match.code in self.names:
                return match.code
        return None

    def _accept(
        self,
        match: RegionMatch | None,
        text: str,
        field_key: str,
        label: str,
        result: RegionResult,
        *,
        within: str | None = None,
    ) -> str | None:
        """Apply the confidence policy to one lookup; returns the accepted code or None."""
        where = f"Kecamatan {self.name(within)}" if within and within != self.home else self.home_name
        if match is None or match.confidence == LOW:
            hint = f" Mungkin maksudnya '{match.name}'?" if match is not None else ""
            result.issues.append(
                RegionIssue(
                    field_key,
                    f"{label} '{show(text)}' tidak ditemukan di {where}.{hint} Perbaiki penulisannya.",
                )
            )
            return None
        if match.code not in self.names:
            result.issues.append(
                RegionIssue(
                    field_key,
                    f"{label} {match.name} belum dimuat di sistem; minta admin memuat data wilayah.",
                )
            )
            return None
        if match.confidence == MEDIUM:
            result.issues.append(
                RegionIssue(
                    field_key,
                    f"{label} '{show(text)}' dibaca sebagai {match.name} (kemiripan sedang); periksa kebenarannya.",
                    "warning",
                )
            )
        return match.code

    def _describe(self, desa: str, how: str) -> str:
        kec = desa.rsplit(".", 1)[0]
        text = f"{self.name(desa)}, Kec. {self.name(kec)}"
        return f"{text} ({how})" if how else text


def expand_abbreviations(text: str) -> str:
    """Normalised text with abbreviated words spelt out ("Tenggarong Sbrg" → "tenggarong seberang")."""
    value = _REDUPLICATION.sub(r"\1 \1", normalise(text))
    return " ".join(_ABBREVIATIONS.get(word, word) for word in value.split())


def _address_parts(address: str) -> list[str]:
    """The comma-separated parts of an address, without street, RT/RW and house numbers."""
    parts = []
    for part in re.split(r"[,;/]", address or ""):
        cleaned = " ".join(_ADDRESS_NOISE.sub(" ", part).split())
        if cleaned and not cleaned.isdigit():
            parts.append(cleaned)
    return parts
