"""Finding the business a row describes among those already registered (or created earlier in the run).

Why an in-memory index: a business is recognised by its NIB, by its owner's NIK, or by a
*normalised* name ("UD. Sri Rejeki" = "Sri Rejeki") together with its owner or desa.  Normalised
and fuzzy names cannot be looked up through an SQL index, and querying per row is what makes
imports slow.  So one streaming pass over the registry's keys (two queries, a few columns each)
builds the index when a run starts, and every row of the run — and every business it creates —
is matched in memory.  Its size follows the registry (tens of bytes per business), not the file.

Matching rules, strongest first (docs/import.md explains them to officers):

1. "ID Simpul" from our own export, when the name still looks like the business's.
2. NIB, exact.
3. NIK of an owner, with a business name that fits (an owner may run several businesses).
4. Owner name and a similar business name.
5. A very similar business name in the same desa.

A candidate whose NIB differs from the row's NIB is never matched by 3–5: two NIBs are two
businesses.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from simpul.registry.duplicates import normalise_name

#: Similarity (0–100) needed for each rule.
ID_NAME_MIN = 60
OWNER_NAME_MIN = 80
DESA_NAME_MIN = 90


@dataclass(eq=False, slots=True)
class Ref:
    """One business as the import sees it: keys for matching, and its row in this run.

    ``pk`` is None for a business created by this run and not yet saved (always so in a dry run).
    ``first_row`` is the first spreadsheet row of this run that touched it (in-file duplicates).
    ``obj`` and the related dictionaries hold model objects only while a batch is being applied.

    A run keeps one Ref per business of the registry and of the file, so its size sets the
    memory of a million-row import: slots instead of an instance dictionary, and the two
    per-run dictionaries only once something is put in them.
    """

    pk: int | None
    name_key: str
    desa_id: str
    nib: str = ""
    first_row: int | None = None
    obj: Any = None
    owners: list[Any] | None = None
    products: dict[str, Any] | None = None
    reports: dict[int, Any] | None = None
    _seen_products: dict[Any, int] | None = field(default=None, repr=False)
    _set_by: dict[str, tuple[int, Any]] | None = field(default=None, repr=False)

    @property
    def seen_products(self) -> dict[Any, int]:
        """Products (name key → first row) and report lines ((product, year) → first row) of this run."""
        if self._seen_products is None:
            self._seen_products = {}
        return self._seen_products

    @property
    def set_by(self) -> dict[str, tuple[int, Any]]:
        """Field → (row, value) of values set by this run, to report later rows that disagree."""
        if self._set_by is None:
            self._set_by = {}
        return self._set_by

    @set_by.setter
    def set_by(self, value: dict[str, tuple[int, Any]]) -> None:
        self._set_by = value or None

    def release(self, keep_objects: bool) -> None:
        """Drop model objects after a batch so memory does not grow with the file."""
        if not keep_objects:
            self.obj = None
            self.owners = None
            self.products = None
            self.reports = None
        self._set_by = None


@dataclass
class Match:
    ref: Ref | None
    how: str = ""  # "id", "nib", "nik", "pemilik", "desa"
    warnings: list[str] = field(default_factory=list)

    @property
    def strong(self) -> bool:
        """Matched by identity rather than by a similar name: the file may rename the business."""
        return self.how in ("id", "nib", "nik")


_DOTTED_RE = re.compile(r"\b[a-z](?:\.[a-z])+\.?", re.I)


def name_key(name: str) -> str:
    """Comparable business name: "U.D. Sari Rasa" and "UD Sari Rasa" both become "sari rasa"."""
    undotted = _DOTTED_RE.sub(lambda m: m.group(0).replace(".", ""), name or "")
    return normalise_name(undotted)


def person_key(name: str) -> str:
    """Comparable person name: titles such as H., Hj., Bpk. and punctuation dropped."""
    words = name_key(name).split()
    titles = {
        "h",
        "hj",
        "haji",
        "hajjah",
        "bpk",
        "bapak",
        "pak",
        "ibu",
        "bu",
        "ny",
        "sdr",
        "sdri",
        "dr",
        "ir",
    }
    return " ".join(w for w in words if w not in titles)


class RegistryIndex:
    """Matching keys of every registered business, kept current as the run creates new ones."""

    def __init__(self) -> None:
        self.by_pk: dict[int, Ref] = {}
        self.merged: dict[int, int] = {}
        self.by_nib: dict[str, list[Ref]] = defaultdict(list)
        self.by_nik: dict[str, list[Ref]] = defaultdict(list)
        self.by_owner: dict[str, list[Ref]] = defaultdict(list)
        self.by_desa: dict[str, _Bucket] = defaultdict(_Bucket)

    # ----------------------------------------------------------------------------------------
    # Building
    # ----------------------------------------------------------------------------------------

    @classmethod
    def load(cls) -> RegistryIndex:
        """Read every business's keys: two streaming queries, whatever the registry's size."""
        from simpul.registry.models import Kepemilikan, Usaha

        index = cls()
        rows = Usaha.objects.values_list("pk", "name", "desa_id", "nib", "merged_into_id")
        for pk, name, desa_id, nib, merged_into in rows.iterator(chunk_size=5000):
            if merged_into:
                index.merged[pk] = merged_into
            index.add(Ref(pk=pk, name_key=name_key(name), desa_id=desa_id, nib=nib or ""))
        owners = Kepemilikan.objects.values_list("usaha_id", "pelaku__name", "pelaku__nik")
        for usaha_id, owner_name, nik in owners.iterator(chunk_size=5000):
            ref = index.by_pk.get(usaha_id)
            if ref is not None:
                index.add_owner(ref, owner_name, nik)
        return index

    def add(self, ref: Ref) -> Ref:
        if ref.pk is not None:
            self.by_pk[ref.pk] = ref
        if ref.nib:
            self.by_nib[ref.nib].append(ref)
        self.by_desa[ref.desa_id].add(ref)
        return ref

    def add_owner(self, ref: Ref, owner_name: str | None, nik: str | None) -> None:
        if nik and ref not in self.by_nik[nik]:
            self.by_nik[nik].append(ref)
        key = person_key(owner_name or "")
        if key and ref not in self.by_owner[key]:
            self.by_owner[key].append(ref)

    def saved(self, ref: Ref) -> None:
        """Record the primary key a new business received when its batch was written."""
        if ref.pk is not None:
            self.by_pk[ref.pk] = ref

    def moved(self, ref: Ref, desa_id: str) -> None:
        if desa_id == ref.desa_id:
            return
        bucket = self.by_desa.get(ref.desa_id)
        if bucket is not None:
            bucket.remove(ref)
        ref.desa_id = desa_id
        self.by_desa[desa_id].add(ref)

    def nib_changed(self, ref: Ref, nib: str) -> None:
        if nib and nib != ref.nib:
            ref.nib = nib
            self.by_nib[nib].append(ref)

    # ----------------------------------------------------------------------------------------
    # Matching
    # ----------------------------------------------------------------------------------------

    def resolve(self, ref: Ref | None) -> Ref | None:
        """Follow "merged into" links, so a row updates the record that survived a merge."""
        seen: set[int] = set()
        while ref is not None and ref.pk in self.merged and ref.pk not in seen:
            seen.add(ref.pk)  # type: ignore[arg-type]
            ref = self.by_pk.get(self.merged[ref.pk])  # type: ignore[index]
        return ref

    def find(
        self,
        *,
        name: str,
        record_id: int | None = None,
        nib: str = "",
        nik: str = "",
        owner: str = "",
        desa_id: str | None = None,
    ) -> Match:
        key = name_key(name)
        warnings: list[str] = []
        if record_id is not None:
            ref = self.resolve(self.by_pk.get(record_id))
            if ref is not None and _similarity(key, ref.name_key) >= ID_NAME_MIN:
                return Match(ref, "id")
            warnings.append(
                f"ID Simpul {record_id} tidak cocok dengan nama usaha di berkas; baris dicocokkan dengan "
                "NIB, NIK atau nama."
            )
        if nib:
            ref = self._best(self.by_nib.get(nib, ()), key, 0)
            if ref is not None:
                return Match(ref, "nib", warnings)
        if nik:
            ref = self._best(
                self._compatible(self.by_nik.get(nik, ()), nib), key, OWNER_NAME_MIN, subset=True
            )
            if ref is not None:
                return Match(ref, "nik", warnings)
        owner_key = person_key(owner)
        if owner_key:
            ref = self._best(self._compatible(self.by_owner.get(owner_key, ()), nib), key, OWNER_NAME_MIN)
            if ref is not None:
                return Match(ref, "pemilik", warnings)
        bucket = self.by_desa.get(desa_id) if desa_id else None
        if bucket is not None:
            ref = self._best(self._compatible(bucket.similar(key, DESA_NAME_MIN), nib), key, DESA_NAME_MIN)
            if ref is not None:
                return Match(ref, "desa", warnings)
        return Match(None, "", warnings)

    def _compatible(self, refs: Iterable[Ref], nib: str) -> list[Ref]:
        return [r for r in refs if not (nib and r.nib and r.nib != nib)]

    def _best(self, refs: Iterable[Ref], key: str, minimum: int, *, subset: bool = False) -> Ref | None:
        """The most similar candidate at or above ``minimum`` (merges followed); None if none."""
        best: tuple[float, int, Ref] | None = None
        for order, candidate in enumerate(refs):
            ref = self.resolve(candidate)
            if ref is None:
                continue
            score = _similarity(key, ref.name_key, subset=subset)
            if score >= minimum and (best is None or score > best[0]):
                best = (score, -order, ref)
        return best[2] if best else None


class _Bucket:
    """The businesses of one desa, name keys side by side for rapidfuzz's C++ loop.

    Names are grouped by the numbers they contain: names with different numbers are never
    similar (see :func:`_similarity`), so they need not be compared at all.
    """

    def __init__(self) -> None:
        self.groups: dict[tuple[str, ...], tuple[list[str], list[Ref]]] = {}
        self.exact: dict[str, list[Ref]] = defaultdict(list)

    def _group(self, key: str) -> tuple[list[str], list[Ref]]:
        return self.groups.setdefault(_numbers(key), ([], []))

    def add(self, ref: Ref) -> None:
        keys, refs = self._group(ref.name_key)
        keys.append(ref.name_key)
        refs.append(ref)
        self.exact[ref.name_key].append(ref)

    def remove(self, ref: Ref) -> None:
        keys, refs = self._group(ref.name_key)
        for i, known in enumerate(refs):
            if known is ref:
                del refs[i]
                del keys[i]
                break
        if ref in self.exact.get(ref.name_key, []):
            self.exact[ref.name_key].remove(ref)

    def similar(self, key: str, minimum: int) -> list[Ref]:
        """Candidates at or above ``minimum``: exact keys first, then the closest few."""
        found = list(self.exact.get(key, []))
        keys, refs = self._group(key)
        for _key, _score, index in process.extract(
            key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=minimum, limit=5
        ):
            if refs[index] not in found:
                found.append(refs[index])
        return found


_NUMBER_RE = re.compile(r"[0-9]+")


@functools.lru_cache(maxsize=1 << 16)
def _numbers(name: str) -> tuple[str, ...]:
    # Cached: the same candidates' names are compared with row after row of a file.
    return tuple(sorted(set(_NUMBER_RE.findall(name))))


def _similarity(a: str, b: str, *, subset: bool = False) -> float:
    """Name similarity 0–100; ``subset`` also accepts one name contained in the other
    ("Tempe" and "Tempe Bu Siti" for the same owner).

    Numbers in names tell businesses apart ("Sumber Rejeki 1" and "Sumber Rejeki 2"), so names
    with different numbers are never similar.
    """
    if a == b:
        return 100.0
    if not a or not b or _numbers(a) != _numbers(b):
        return 0.0
    score = fuzz.token_sort_ratio(a, b)
    if subset:
        score = max(score, fuzz.token_set_ratio(a, b))
    return float(score)
