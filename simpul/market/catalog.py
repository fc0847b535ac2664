"""Keeping the public catalog (CatalogEntry, CatalogTerm, CatalogWord) in step with the registry.

`refresh_products(ids)` recomputes the entries of some products: a product
that is no longer public loses its entry; a public one gets its entry and
search terms written afresh. Signals call it for each saved product,
business or certificate (signals.py); bulk loads (the demo, imports) call
`rebuild()` or `refresh_businesses()` once at the end instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from simpul.classifications.models import Kbli
from simpul.market import certificates, normalise, publication
from simpul.market.models import CatalogEntry, CatalogTerm, CatalogWord
from simpul.registry.models import Produk

#: Description words indexed per product; the rest of a long text adds little but index size.
DESCRIPTION_WORDS = 40
BATCH = 2000


@dataclass(frozen=True)
class Facts:
    """What a batch of products needs from other tables, fetched once per batch."""

    certificates: dict[int, list[str]]
    ovop_stars: dict[int, int]
    kbli_titles: dict[str, str]


def _batches(ids: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _products(ids: Iterable[int]):
    return (
        publication.public_products()
        .filter(pk__in=list(ids))
        .select_related("usaha", "usaha__desa", "usaha__kecamatan", "usaha__group", "group")
        .order_by()
    )


def _certificates(products: list[Produk]) -> dict[int, list[str]]:
    """Public certificate kinds per product, in display order (see certificates.held_by_product)."""
    held = certificates.held_by_product(products, publication.PUBLIC_CERTIFICATES)
    return {p.pk: [k for k in publication.PUBLIC_CERTIFICATES if k in held[p.pk]] for p in products}


def _ovop_stars(product_ids: list[int]) -> dict[int, int]:
    """Stars of each product's latest public OVOP rating (clusters app), else nothing."""
    ratings = publication.public_ovop()
    if ratings is None:
        return {}
    stars: dict[int, int] = {}
    for produk_id, value in (
        ratings.filter(produk_id__in=product_ids)
        .order_by("produk_id", "year")
        .values_list("produk_id", "stars")
    ):
        stars[produk_id] = value  # ascending years: the last one wins
    return stars


def _kbli_titles(products: list[Produk]) -> dict[str, str]:
    codes = {c for p in products for c in (p.kbli_id, p.usaha.kbli_id) if c}
    return dict(Kbli.objects.filter(code__in=codes).values_list("code", "title"))


def gather(products: list[Produk]) -> Facts:
    ids = [p.pk for p in products]
    return Facts(
        certificates=_certificates(products), ovop_stars=_ovop_stars(ids), kbli_titles=_kbli_titles(products)
    )


def rank_of(produk: Produk, certificates: list[str], stars: int) -> int:
    """Order among equally good matches: OVOP first, then certificates, a photo, a price, capacity, WhatsApp.

    Only facts whose changes refresh the entry count (signals.py), so the
    rank never goes stale.
    """
    return (
        stars * 1000
        + len(certificates) * 100
        + (50 if produk.photo else 0)
        + (20 if produk.price_min is not None else 0)
        + (20 if produk.capacity_per_year else 0)
        + (10 if produk.usaha.whatsapp else 0)
    )


def make_entry(produk: Produk, facts: Facts) -> CatalogEntry:
    """The public row of one product (only public fields are copied)."""
    usaha = produk.usaha
    certificates = facts.certificates.get(produk.pk, [])
    stars = facts.ovop_stars.get(produk.pk, 0)
    return CatalogEntry(
        produk_id=produk.pk,
        usaha_id=usaha.pk,
        name=produk.name,
        slug=slugify(produk.name)[:80] or "produk",
        name_key=normalise.text_key(produk.name)[:200],
        usaha_name=usaha.name.strip(),
        usaha_slug=slugify(usaha.name)[:80] or "usaha",
        group_id=produk.group_id or usaha.group_id,
        kbli=produk.kbli_id or usaha.kbli_id or "",
        kecamatan_id=usaha.kecamatan_id,
        kecamatan_name=usaha.kecamatan.name,
        desa_id=usaha.desa_id,
        desa_name=usaha.desa.name,
        unit=produk.unit,
        price_min=produk.price_min,
        # One price means from and to: the price filters then need a single indexed column each.
        price_max=produk.price_max if produk.price_max is not None else produk.price_min,
        sort_price_low=produk.price_min if produk.price_min is not None else CatalogEntry.UNKNOWN_PRICE,
        sort_price_high=produk.price_max if produk.price_max is not None else (produk.price_min or 0),
        capacity_per_year=produk.capacity_per_year,
        certificates=" ".join(certificates),
        has_halal="halal" in certificates,
        has_pirt="pirt" in certificates,
        has_bpom="bpom" in certificates,
        has_sni="sni" in certificates,
        ovop_stars=stars,
        photo=produk.photo.name if produk.photo else "",
        latitude=usaha.latitude,
        longitude=usaha.longitude,
        rank=rank_of(produk, certificates, stars),
    )


def terms_of(produk: Produk, entry: CatalogEntry, facts: Facts) -> dict[str, int]:
    """Search keys of a product and their weights (the highest source wins)."""
    weights: dict[str, int] = {}

    def add(text: str, weight: int, limit: int | None = None) -> None:
        for key in normalise.tokens(text)[:limit]:
            if weights.get(key, 0) < weight:
                weights[key] = weight

    name_keys = normalise.tokens(produk.name)
    add(produk.name, CatalogTerm.WEIGHT_NAME)
    if name_keys:
        weights[name_keys[0]] = CatalogTerm.WEIGHT_HEAD
    add(entry.usaha_name, CatalogTerm.WEIGHT_MAKER)
    add(f"{entry.kecamatan_name} {entry.desa_name}", CatalogTerm.WEIGHT_PLACE)
    group = produk.group or produk.usaha.group
    if group is not None:
        add(group.name, CatalogTerm.WEIGHT_CLASS)
    add(" ".join(entry.certificate_list), CatalogTerm.WEIGHT_CLASS)
    if entry.ovop_stars:
        add("ovop", CatalogTerm.WEIGHT_CLASS)
    add(facts.kbli_titles.get(entry.kbli, ""), CatalogTerm.WEIGHT_TEXT)
    add(produk.description, CatalogTerm.WEIGHT_TEXT, DESCRIPTION_WORDS)
    return weights


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Write many rows at once: COPY on PostgreSQL, one prepared INSERT (executemany) on SQLite.

    bulk_create would do, but on SQLite it splits rows into statements of at
    most 999 parameters, and on PostgreSQL it plans every batch; a rebuild
    writes tens of millions of terms.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        # Table and column names come from the model; every value is a parameter.
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608


def _entry_rows(entries: list[CatalogEntry]) -> tuple[list[str], list[tuple]]:
    fields = [f for f in CatalogEntry._meta.concrete_fields]
    now = timezone.now()
    for entry in entries:
        entry.updated_at = now
    columns = [f.column for f in fields]
    rows = [tuple(f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields) for e in entries]
    return columns, rows


def _write(products: list[Produk]) -> set[str]:
    """Insert the entries and terms of public products (their old rows are already gone)."""
    facts = gather(products)
    entries, terms, words = [], [], set()
    for produk in products:
        entry = make_entry(produk, facts)
        entries.append(entry)
        for term, weight in terms_of(produk, entry, facts).items():
            terms.append((produk.pk, term, weight, entry.rank))
            words.add(term)
    _insert(CatalogEntry, *_entry_rows(entries))
    _insert(CatalogTerm, ["entry_id", "term", "weight", "rank"], terms)
    return words


def refresh_products(ids: Iterable[int]) -> int:
    """Bring the entries of these products in line with the registry; returns how many are public."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    published = 0
    with transaction.atomic():
        for chunk in _batches(ids):
            products = list(_products(chunk))
            existing = list(CatalogEntry.objects.filter(pk__in=chunk).values_list("pk", flat=True))
            if existing:
                # A saved product that never was public (most of them during an import) costs no delete.
                CatalogTerm.objects.filter(entry_id__in=existing)._raw_delete(CatalogTerm.objects.db)
                CatalogEntry.objects.filter(pk__in=existing)._raw_delete(CatalogEntry.objects.db)
            words = _write(products)
            if words:
                CatalogWord.objects.bulk_create(
                    [CatalogWord(term=w, length=len(w), df=1) for w in words], ignore_conflicts=True
                )
            published += len(products)
    return published


def refresh_businesses(usaha_ids: Iterable[int]) -> int:
    """Refresh every product of these businesses (after a change to the business or its certificates)."""
    ids = list(Produk.objects.filter(usaha_id__in=list(usaha_ids)).values_list("pk", flat=True))
    return refresh_products(ids)


#: From this many products a rebuild loads the terms first and builds their lookup index after:
#: one sort instead of millions of inserts at random places in the index.
LARGE_REBUILD = 50_000


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole catalog from the registry; returns the number of public products.

    The old rows are removed with a plain DELETE (no per-row signals or
    cascades: terms go first) and the new ones bulk-inserted in batches,
    so a million products stay within bounded memory.
    """
    ids = list(publication.public_products().order_by("pk").values_list("pk", flat=True))
    large = len(ids) >= LARGE_REBUILD
    with transaction.atomic():
        for model in (CatalogTerm, CatalogEntry, CatalogWord):
            model.objects.all()._raw_delete(model.objects.db)
        if large:
            _term_lookup_index(create=False)
        done = 0
        for chunk in _batches(ids):
            _write(list(_products(chunk)))
            done += len(chunk)
            if progress:
                progress(done, len(ids))
        if large:
            _term_lookup_index(create=True)
        recount_words()
    return len(ids)


def _term_lookup_index(*, create: bool) -> None:
    """Drop or (re)create the term lookup index, as declared in CatalogTerm.Meta.

    Plain SQL rather than the schema editor: SQLite's refuses to work inside
    the rebuild's transaction, and both engines accept IF [NOT] EXISTS.
    """
    index = next(i for i in CatalogTerm._meta.indexes if i.name == "market_term_lookup")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if not create:
            cursor.execute(f"DROP INDEX IF EXISTS {quote(index.name)}")
            return
        if connection.vendor == "postgresql":
            # PostgreSQL refuses to index a table with deferred foreign-key checks pending in the
            # transaction (the rows just written): run those checks now, as the commit would.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        columns = ", ".join(
            f"{quote(CatalogTerm._meta.get_field(name.lstrip('-')).column)}{' DESC' if name.startswith('-') else ''}"
            for name in index.fields
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(index.name)} ON {quote(CatalogTerm._meta.db_table)} ({columns})"
        )


def recount_words() -> int:
    """Rewrite the vocabulary with exact product counts; words no product has any more are dropped."""
    CatalogWord.objects.all()._raw_delete(CatalogWord.objects.db)
    counts = (
        CatalogTerm.objects.values("term").annotate(df=Count("entry_id")).order_by().values_list("term", "df")
    )
    batch: list[CatalogWord] = []
    total = 0
    for term, df in counts.iterator(chunk_size=10_000):
        batch.append(CatalogWord(term=term, length=len(term), df=df))
        if len(batch) >= 10_000:
            CatalogWord.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    CatalogWord.objects.bulk_create(batch)
    # Fresh statistics let the planner pick the term index for searches: without them PostgreSQL
    # took two seconds for a one-word search right after a million-product rebuild, until autovacuum
    # came by.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            tables = (m._meta.db_table for m in (CatalogEntry, CatalogTerm, CatalogWord))
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return total + len(batch)
