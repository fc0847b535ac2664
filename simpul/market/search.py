"""Catalog search: Indonesian product words, forgiving of spelling variants, word forms and typos.

A query is cut into search keys (normalise.tokens), and each key is looked
up in the vocabulary of the catalog (CatalogWord), in this order:

1. the key itself ("kripik" — also what "keripik" becomes);
2. otherwise the words that start with it, most common first, so a
   half-typed word works ("krip" → "kripik");
3. otherwise the words closest to it by edit distance (rapidfuzz), among
   words of about the same length that start with the same letter
   ("btik" → "batik"). The page says which correction it made.

A key that matches nothing is left out and reported, rather than emptying
the result. Every remaining key must match (AND). The score of a product
is the sum over the keys of the weight of the field the key was found in
(CatalogTerm.WEIGHT_*) times how the key matched (exact 10, prefix 7,
corrected 5); ties go to the product's rank (OVOP, certificates, photo…).
When fewer than MIN_RESULTS products match, the search is widened once with
corrections for every key.

Everything is plain SQL on indexed columns, so SQLite and PostgreSQL give the
same results: a one-word query reads the (term, weight, rank) index in
order and stops after a page; longer queries are driven by their rarest
word and check the others through the (entry, term) index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Case, F, FilteredRelation, IntegerField, Max, Q, QuerySet, Value, When
from rapidfuzz import fuzz, process

from simpul.market import normalise
from simpul.market.models import CatalogEntry, CatalogTerm, CatalogWord

#: Weight multipliers by how a key matched a catalog word.
EXACT, PREFIX, CORRECTED = 10, 7, 5
#: How many words a prefix may expand to (the most common first).
MAX_PREFIX_WORDS = 12
#: Least rapidfuzz ratio (0–100) for a typo correction.
FUZZY_CUTOFF = 75
#: Fewer results than this widen the search once with corrections.
MIN_RESULTS = 3
#: Results are counted up to this many: no visitor pages through more (the sitemap lists every
#: product), and an exact count of a million rows would cost more than the page itself.
COUNT_CAP = 2400
#: Sort orders a visitor can choose; "relevan" needs a query.
SORTS = {
    "relevan": None,
    "unggulan": ("-rank", "name_key"),
    "nama": ("name_key", "pk"),
    "harga-terendah": ("sort_price_low", "pk"),
    "harga-tertinggi": ("-sort_price_high", "pk"),
    "kapasitas": (F("capacity_per_year").desc(nulls_last=True), "pk"),
}


@dataclass
class KeyPlan:
    """How one search key of the query is matched against the vocabulary."""

    key: str
    exact: list[str] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)
    #: Products that have one of these words (from the vocabulary): the rarest key drives the query.
    frequency: int = 0

    @property
    def words(self) -> list[str]:
        return [*self.exact, *self.prefix, *self.corrected]

    def score(self, via: str = "") -> Case:
        """The weight of a term row for this key, by how it matched; `via` is the path to the row."""
        whens = [
            When(**{f"{via}term__in": words}, then=F(f"{via}weight") * Value(multiplier))
            for words, multiplier in ((self.exact, EXACT), (self.prefix, PREFIX), (self.corrected, CORRECTED))
            if words
        ]
        return Case(*whens, default=Value(0), output_field=IntegerField())


@dataclass
class QueryPlan:
    """A query cut into keys, each with the catalog words it will match."""

    text: str
    keys: list[KeyPlan]
    #: Query words that match nothing in the catalog and were left out.
    ignored: list[str] = field(default_factory=list)
    widened: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.keys

    @property
    def correction(self) -> str:
        """The query as it was understood after typo corrections ("" when nothing was corrected)."""
        if not any(k.corrected and not k.exact and not k.prefix for k in self.keys):
            return ""
        return " ".join(k.corrected[0] if (k.corrected and not k.exact) else k.key for k in self.keys)


def _next_string(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for an index range)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _corrections(key: str) -> list[tuple[str, int]]:
    """Catalog words within a small edit distance of `key`, best first, with their frequency."""
    # One letter more or less for short words, two for long ones: most typos are one slip.
    spread = 1 if len(key) <= 5 else 2
    low, high = max(normalise.MIN_TOKEN, len(key) - spread), len(key) + spread
    candidates = dict(
        CatalogWord.objects.filter(term__gte=key[0], term__lt=_next_string(key[0]), length__range=(low, high))
        .exclude(term=key)
        .values_list("term", "df")
    )
    if not candidates:
        return []
    found = process.extract(key, list(candidates), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
    if not found:
        return []
    best = found[0][1]
    # Keep only the corrections as good as the best one, so "btik" does not also search "bata".
    return [(word, candidates[word]) for word, score, _ in found if score >= best - 3]


def plan_query(text: str) -> QueryPlan:
    """Look up each key of the query in the vocabulary (see the module docstring)."""
    words = normalise.keyed_words(text)
    plan = QueryPlan(text=text, keys=[])
    if not words:
        return plan
    known = dict(CatalogWord.objects.filter(term__in=[key for _w, key in words]).values_list("term", "df"))
    for word, key in words:
        item = KeyPlan(key=key)
        if key in known:
            item.exact, item.frequency = [key], known[key]
        else:
            prefixed = list(
                CatalogWord.objects.filter(term__gt=key, term__lt=_next_string(key))
                .order_by("-df", "term")
                .values_list("term", "df")[:MAX_PREFIX_WORDS]
            )
            item.prefix = [w for w, _ in prefixed]
            item.frequency = sum(df for _, df in prefixed)
            if not item.prefix:
                _add_corrections(item)
        if item.words:
            plan.keys.append(item)
        else:
            plan.ignored.append(word)
    return plan


def _add_corrections(item: KeyPlan) -> None:
    corrected = [(w, df) for w, df in _corrections(item.key) if w not in item.words]
    item.corrected += [w for w, _ in corrected]
    item.frequency += sum(df for _, df in corrected)


def widen(plan: QueryPlan) -> QueryPlan:
    """The same plan with corrections for the keys that had none (used when it found too little)."""
    wider = QueryPlan(text=plan.text, keys=[], ignored=list(plan.ignored), widened=True)
    for item in plan.keys:
        copy = KeyPlan(item.key, list(item.exact), list(item.prefix), list(item.corrected), item.frequency)
        if not copy.corrected:
            _add_corrections(copy)
        wider.keys.append(copy)
    return wider


def matching_terms(plan: QueryPlan, entries: QuerySet | None = None) -> QuerySet:
    """Entry ids matching every key, best first, as a values queryset with `entry_id` and `score`.

    `entries` (a filtered CatalogEntry queryset) limits the result to those
    products; None means the whole catalog.
    """
    driver = min(plan.keys, key=lambda k: k.frequency)
    others = [k for k in plan.keys if k is not driver]
    rows = CatalogTerm.objects.filter(term__in=driver.words)
    if entries is not None:
        rows = rows.filter(entry__in=entries.values("pk"))
    if not others and len(driver.words) == 1:
        # One word: the (term, weight, rank, entry) index is already in the order wanted, so a
        # page is read straight from it and the count stops at the cap.
        multiplier = EXACT if driver.exact else (PREFIX if driver.prefix else CORRECTED)
        return (
            rows.filter(term=driver.words[0])
            .annotate(score=F("weight") * Value(multiplier))
            .order_by("-weight", "-rank", "entry_id")
            .values("entry_id", "score")
        )
    # Every other key joins its own term rows through the (entry, term) index: one probe per
    # candidate of the rarest key, instead of reading every row of the common ones.
    total = driver.score()
    for index, other in enumerate(others, start=1):
        alias = f"k{index}"
        condition = Q(entry__terms__term__in=other.words)
        rows = rows.annotate(**{alias: FilteredRelation("entry__terms", condition=condition)})
        rows = rows.filter(**{f"{alias}__isnull": False})
        total = total + other.score(via=f"{alias}__")
    if all(len(k.words) == 1 for k in plan.keys):
        # One word per key: one row per product, no grouping needed.
        rows = rows.annotate(score=total, best_rank=F("rank"))
    else:
        rows = rows.values("entry_id").annotate(score=Max(total), best_rank=Max("rank"))
    return rows.order_by("-score", "-best_rank", "entry_id").values("entry_id", "score")


class Results(Sequence):
    """Products in order, loaded a page at a time; counted up to COUNT_CAP (a Paginator accepts it).

    For a search, `rows` is the id query of `matching_terms` and a page's
    entries are read in one more query; otherwise it is a CatalogEntry
    queryset. Either way a page costs two or three queries whatever its size.
    """

    def __init__(self, rows: QuerySet, *, ids: bool) -> None:
        self._rows = rows
        self._ids = ids
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            rows = self._rows
            if self._ids:
                # A search's order is a sort over every match; a count does not need it.
                rows = rows.order_by()
            # A listing keeps its order: its index finds the first COUNT_CAP rows and stops.
            self._count = rows[: COUNT_CAP + 1].count()
        return self._count

    @property
    def capped(self) -> bool:
        """Whether there are more results than were counted."""
        return self.count() > COUNT_CAP

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if not self._ids:
            return list(self._rows[index])
        ids = [row["entry_id"] for row in self._rows[index]]
        found = CatalogEntry.objects.in_bulk(ids)
        return [found[i] for i in ids if i in found]


@dataclass
class Search:
    """The outcome of one catalog search: the ordered results and how the query was read."""

    results: Results
    plan: QueryPlan | None
    sort: str


def run(text: str, entries: QuerySet, sort: str = "") -> Search:
    """Search `entries` (the filtered public catalog) for `text`, in the requested sort order."""
    text = (text or "").strip()[:200]
    if sort not in SORTS:
        sort = "relevan" if text else "unggulan"
    if not text:
        order = SORTS[sort] or SORTS["unggulan"]
        return Search(
            results=Results(entries.order_by(*order), ids=False),
            plan=None,
            sort="unggulan" if sort == "relevan" else sort,
        )
    plan = plan_query(text)
    if plan.is_empty:
        return Search(results=Results(entries.none(), ids=False), plan=plan, sort=sort)
    filtered = None if not entries.query.where else entries
    ids = matching_terms(plan, filtered)
    if ids[:MIN_RESULTS].count() < MIN_RESULTS:
        wider = widen(plan)
        if any(len(w.corrected) > len(k.corrected) for w, k in zip(wider.keys, plan.keys, strict=True)):
            plan, ids = wider, matching_terms(wider, filtered)
    if sort == "relevan":
        return Search(results=Results(ids, ids=True), plan=plan, sort=sort)
    matching = entries.filter(pk__in=ids.values("entry_id"))
    return Search(results=Results(matching.order_by(*SORTS[sort]), ids=False), plan=plan, sort=sort)
