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
word and check the others through the (entry, term) index. Sorting every
match of a longer query by score would cost tens of milliseconds per
thousand matches, so a page of one is first read in the rarest word's index
order until the page is provably complete (page_of_matches).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from rapidfuzz import fuzz, process

from simpul.market import normalise
from simpul.market.models import CatalogEntry, CatalogTerm, CatalogWord

#: Weight multipliers by how a key matched a catalog word.
EXACT, PREFIX, CORRECTED = 10, 7, 5
#: How many words a prefix may expand to (the most common first).
MAX_PREFIX_WORDS = 12
#: Least rapidfuzz ratio (0–100) for a typo correction.
FUZZY_CUTOFF = 75
#: The largest weight a term row can have (CatalogTerm.WEIGHT_*), for the bound of page_of_matches.
TOP_WEIGHT = max(value for name, value in vars(CatalogTerm).items() if name.startswith("WEIGHT_"))
#: Pages ending further down than this are sorted whole: reading in index order would cost as much.
MAX_BOUNDED_STOP = 240
#: Rows of the rarest word page_of_matches reads first (growing fourfold each round), and at most.
FIRST_READ = 200
MAX_READ = 20_000
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
    #: The largest weight of a term row of these words (TOP_WEIGHT when not looked up).
    top_weight: int = TOP_WEIGHT

    @property
    def words(self) -> list[str]:
        return [*self.exact, *self.prefix, *self.corrected]

    @property
    def multiplier(self) -> int:
        """The multiplier of a key matched by one word (its only class)."""
        return EXACT if self.exact else (PREFIX if self.prefix else CORRECTED)

    def multiplier_of(self, word: str) -> int:
        """How a term row of `word` counts for this key (as in `score`); 0 if it is not one of its words."""
        for words, multiplier in ((self.exact, EXACT), (self.prefix, PREFIX), (self.corrected, CORRECTED)):
            if word in words:
                return multiplier
        return 0

    @property
    def top_multiplier(self) -> int:
        """The largest multiplier any of this key's words gets."""
        return max(
            m
            for words, m in ((self.exact, EXACT), (self.prefix, PREFIX), (self.corrected, CORRECTED))
            if words
        )

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


#: The largest weight of a vocabulary word's term rows: one probe of the (term, weight, …) index.
_TOP_WEIGHT = Subquery(
    CatalogTerm.objects.filter(term=OuterRef("term")).order_by("-weight").values("weight")[:1]
)


def plan_query(text: str) -> QueryPlan:
    """Look up each key of the query in the vocabulary (see the module docstring)."""
    words = normalise.keyed_words(text)
    plan = QueryPlan(text=text, keys=[])
    if not words:
        return plan
    vocabulary = CatalogWord.objects.annotate(top=_TOP_WEIGHT)
    known = {
        term: (df, top)
        for term, df, top in vocabulary.filter(term__in=[key for _w, key in words]).values_list(
            "term", "df", "top"
        )
    }
    for word, key in words:
        item = KeyPlan(key=key)
        if key in known:
            # A word of the vocabulary without term rows (its products are gone) matches nothing.
            item.exact, item.frequency, item.top_weight = [key], known[key][0], known[key][1] or 0
        else:
            prefixed = list(
                vocabulary.filter(term__gt=key, term__lt=_next_string(key))
                .order_by("-df", "term")
                .values_list("term", "df", "top")[:MAX_PREFIX_WORDS]
            )
            item.prefix = [w for w, _df, _top in prefixed]
            item.frequency = sum(df for _w, df, _top in prefixed)
            item.top_weight = max((top or 0 for _w, _df, top in prefixed), default=0)
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
    if corrected:
        # Not looked up for corrections: the bound of page_of_matches takes the largest possible.
        item.top_weight = TOP_WEIGHT


def widen(plan: QueryPlan) -> QueryPlan:
    """The same plan with corrections for the keys that had none (used when it found too little)."""
    wider = QueryPlan(text=plan.text, keys=[], ignored=list(plan.ignored), widened=True)
    for item in plan.keys:
        copy = KeyPlan(
            item.key,
            list(item.exact),
            list(item.prefix),
            list(item.corrected),
            item.frequency,
            item.top_weight,
        )
        if not copy.corrected:
            _add_corrections(copy)
        wider.keys.append(copy)
    return wider


def _driver(plan: QueryPlan) -> KeyPlan:
    """The rarest key: its term rows are read, the other keys are checked against them."""
    return min(plan.keys, key=lambda k: k.frequency)


def _joined(
    plan: QueryPlan, entries: QuerySet | None, driver: KeyPlan | None = None
) -> tuple[QuerySet, Case, bool]:
    """Term rows of `driver` (the rarest key by default) joined to a term row of every other key.

    Returns the rows, the score expression, and whether a product can come
    out more than once (a key of several words matches several of its terms).
    """
    driver = driver or _driver(plan)
    rows = CatalogTerm.objects.filter(term__in=driver.words)
    if entries is not None:
        rows = rows.filter(entry__in=entries.values("pk"))
    # Every other key joins its own term rows through the (entry, term) index: one probe per
    # candidate of the rarest key, instead of reading every row of the common ones.
    total = driver.score()
    for index, other in enumerate((k for k in plan.keys if k is not driver), start=1):
        alias = f"k{index}"
        condition = Q(entry__terms__term__in=other.words)
        rows = rows.annotate(**{alias: FilteredRelation("entry__terms", condition=condition)})
        rows = rows.filter(**{f"{alias}__isnull": False})
        total = total + other.score(via=f"{alias}__")
    return rows, total, any(len(k.words) > 1 for k in plan.keys)


def matching_terms(plan: QueryPlan, entries: QuerySet | None = None) -> QuerySet:
    """Entry ids matching every key, best first, as a values queryset with `entry_id` and `score`.

    `entries` (a filtered CatalogEntry queryset) limits the result to those
    products; None means the whole catalog.
    """
    driver = _driver(plan)
    if len(plan.keys) == 1 and len(driver.words) == 1:
        # One word: the (term, weight, rank, entry) index is already in the order wanted, so a
        # page is read straight from it and the count stops at the cap.
        rows = CatalogTerm.objects.filter(term=driver.words[0])
        if entries is not None:
            rows = rows.filter(entry__in=entries.values("pk"))
        return (
            rows.annotate(score=F("weight") * Value(driver.multiplier))
            .order_by("-weight", "-rank", "entry_id")
            .values("entry_id", "score")
        )
    rows, total, repeats = _joined(plan, entries)
    if repeats:
        rows = rows.values("entry_id").annotate(score=Max(total), best_rank=Max("rank"))
    else:
        # One row per product, no grouping needed.
        rows = rows.annotate(score=total, best_rank=F("rank"))
    return rows.order_by("-score", "-best_rank", "entry_id").values("entry_id", "score")


def counted_matches(plan: QueryPlan, entries: QuerySet | None = None) -> QuerySet:
    """The products `matching_terms` finds, without score or order: what a count needs.

    With a one-word rarest key, every other key is an EXISTS probe of the
    (entry, term) index, one per candidate, without the join through the
    entry that the score needs.
    """
    driver = _driver(plan)
    if len(driver.words) != 1:
        return matching_terms(plan, entries).order_by()
    rows = CatalogTerm.objects.filter(term=driver.words[0])
    if entries is not None:
        rows = rows.filter(entry__in=entries.values("pk"))
    for other in plan.keys:
        if other is not driver:
            same_entry = CatalogTerm.objects.filter(entry_id=OuterRef("entry_id"), term__in=other.words)
            rows = rows.filter(Exists(same_entry))
    return rows.values("entry_id")


def _other_scores(plan: QueryPlan, driver: KeyPlan, ids: list[int]) -> dict[int, int]:
    """For each of these products that has every key but `driver`: what those keys add to its score.

    One query on the (entry, term, weight) index; a key's best row counts, as in matching_terms.
    """
    others = [k for k in plan.keys if k is not driver]
    words = sorted({w for k in others for w in k.words})
    best: dict[int, list[int]] = {}
    for entry, term, weight in CatalogTerm.objects.filter(entry_id__in=ids, term__in=words).values_list(
        "entry_id", "term", "weight"
    ):
        slots = best.setdefault(entry, [0] * len(others))
        for index, key in enumerate(others):
            slots[index] = max(slots[index], weight * key.multiplier_of(term))
    return {entry: sum(slots) for entry, slots in best.items() if all(slots)}


def page_of_matches(plan: QueryPlan, entries: QuerySet | None, start: int, stop: int) -> list[int] | None:
    """Entry ids at positions start..stop of `matching_terms`' order, or None where this cannot tell.

    `matching_terms` sorts every match of a multi-word query by score, which
    at a million products means sorting the tens of thousands of products
    that have a common word (and PostgreSQL, which cannot know that two words
    go together, plans it as a hash join over both). Most pages are decided
    by far fewer: the rows of the rarest one-word key are read in their index
    order (weight, then rank) a batch at a time, the other keys are looked up
    for that batch, and a product not read yet scores at most the weight of
    the last row read plus the best every other key can add. Once `stop`
    products read beat that bound (by score, then rank, then id: the order of
    `matching_terms`), the page is exact and the rest is never read. If not
    (a page deep in the results, an unusual spread of weights), the caller
    sorts everything.
    """
    single = [k for k in plan.keys if len(k.words) == 1]
    if len(plan.keys) < 2 or not single or stop > MAX_BOUNDED_STOP:
        return None
    driver = min(single, key=lambda k: k.frequency)
    rows = CatalogTerm.objects.filter(term=driver.words[0])
    if entries is not None:
        rows = rows.filter(entry__in=entries.values("pk"))
    ordered = rows.order_by("-weight", "-rank", "entry_id").values_list("entry_id", "weight", "rank")
    others = sum(k.top_weight * k.top_multiplier for k in plan.keys if k is not driver)
    found: dict[int, tuple[int, int]] = {}
    offset, size = 0, max(FIRST_READ, 4 * stop)
    while offset < MAX_READ:
        batch = list(ordered[offset : offset + size])
        added = _other_scores(plan, driver, [entry for entry, _weight, _rank in batch])
        for entry, weight, rank in batch:
            if entry in added:
                found[entry] = (weight * driver.multiplier + added[entry], rank)
        ranked = sorted(found.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
        if len(batch) < size:
            # Every row of the rarest key is read: every match is known.
            return [entry for entry, _ in ranked[start:stop]]
        last_entry, last_weight, last_rank = batch[-1]
        if len(ranked) >= stop:
            entry, (score, rank) = ranked[stop - 1]
            bound = last_weight * driver.multiplier + others
            if (score, rank, -entry) > (bound, last_rank, -last_entry):
                return [entry for entry, _ in ranked[start:stop]]
        offset, size = offset + size, size * 4
    return None


class Results(Sequence):
    """Products in order, loaded a page at a time; counted up to COUNT_CAP (a Paginator accepts it).

    For a search, `rows` is the id query of `matching_terms` and a page's
    entries are read in one more query; otherwise it is a CatalogEntry
    queryset. Either way a page costs two or three queries whatever its size.
    """

    def __init__(
        self,
        rows: QuerySet,
        *,
        ids: bool,
        page: Callable[[int, int], list[int] | None] | None = None,
        counted: QuerySet | None = None,
    ) -> None:
        self._rows = rows
        self._ids = ids
        #: The same matches in a form quicker to count (counted_matches), if any.
        self._counted = counted
        #: A quicker way to a page of ids (page_of_matches), which may decline with None.
        self._page = page
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            rows = self._rows
            if self._counted is not None:
                rows = self._counted
            elif self._ids:
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
        ids = None
        if self._page is not None and index.step is None and index.stop is not None:
            ids = self._page(index.start or 0, index.stop)
        if ids is None:
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
    if counted_matches(plan, filtered)[:MIN_RESULTS].count() < MIN_RESULTS:
        wider = widen(plan)
        if any(len(w.corrected) > len(k.corrected) for w, k in zip(wider.keys, plan.keys, strict=True)):
            plan, ids = wider, matching_terms(wider, filtered)
    if sort == "relevan":
        page = partial(page_of_matches, plan, filtered)
        counted = counted_matches(plan, filtered)
        return Search(results=Results(ids, ids=True, page=page, counted=counted), plan=plan, sort=sort)
    matching = entries.filter(pk__in=ids.values("entry_id"))
    return Search(results=Results(matching.order_by(*SORTS[sort]), ids=False), plan=plan, sort=sort)
