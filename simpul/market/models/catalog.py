"""The public catalog as it is searched and shown: one denormalised row per published product.

`CatalogEntry` holds only what the public may see of a product and its
maker, copied from the registry by `simpul.market.catalog` whenever the
product, its business or its certificates change (signals) and in bulk by
`manage.py rebuild_catalog`. A product is in this table if and only if
`publication.public_products()` says so; a card in the result list therefore
needs no join and no second query.

`CatalogTerm` is the inverted index of the search: one row per (product,
search key) with a weight saying where the key came from (product name,
maker, region, description). `CatalogWord` is the vocabulary of keys, used
to expand a prefix ("krip" → "kripik") and to correct typos ("btik" →
"batik") without trigram support in the database.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup
from simpul.core.roles import ANONYMOUS, Role
from simpul.core.scoping import Access, ScopedQuerySet
from simpul.regions.models import Region
from simpul.registry.models import Produk, Usaha

EVERYONE = frozenset({*Role.values, ANONYMOUS})
NOBODY: frozenset[str] = frozenset()

#: Certificates a buyer can filter on, with their label; the order is the display order.
FILTER_CERTIFICATES = (
    ("halal", _("Halal")),
    ("pirt", _("PIRT")),
    ("bpom", _("BPOM")),
    ("sni", _("SNI")),
)


class CatalogEntry(models.Model):
    """A published product with the public facts of its maker, ready to search, filter and show."""

    #: Sorts after every real price.
    UNKNOWN_PRICE = 10**15

    produk = models.OneToOneField(
        Produk,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="catalog_entry",
        verbose_name=_("produk"),
    )
    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha"))
    name = models.CharField(_("nama produk"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    #: The product name as a search key; the "nama" sort uses it.
    name_key = models.CharField(max_length=200)
    usaha_name = models.CharField(_("pembuat"), max_length=200)
    usaha_slug = models.SlugField(max_length=80)
    group = models.ForeignKey(
        CommodityGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kelompok"),
    )
    #: KBLI code of the product (or of its maker), kept as text: filters use a prefix.
    kbli = models.CharField(_("KBLI"), max_length=5, blank=True, db_index=True)
    kecamatan = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    kecamatan_name = models.CharField(max_length=100)
    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"))
    desa_name = models.CharField(max_length=100)
    unit = models.CharField(_("satuan"), max_length=10)
    price_min = models.DecimalField(_("harga terendah"), max_digits=18, decimal_places=0, null=True)
    price_max = models.DecimalField(_("harga tertinggi"), max_digits=18, decimal_places=0, null=True)
    #: Prices to sort by: an unknown price goes last both ways, without NULLS LAST, so an index serves.
    sort_price_low = models.DecimalField(max_digits=18, decimal_places=0, default=UNKNOWN_PRICE)
    sort_price_high = models.DecimalField(max_digits=18, decimal_places=0, default=0)
    capacity_per_year = models.DecimalField(
        _("kapasitas per tahun"), max_digits=14, decimal_places=2, null=True, db_index=True
    )
    #: Valid certificate kinds covering the product, space-separated ("halal pirt").
    certificates = models.CharField(_("sertifikat"), max_length=100, blank=True)
    has_halal = models.BooleanField(default=False)
    has_pirt = models.BooleanField(default=False)
    has_bpom = models.BooleanField(default=False)
    has_sni = models.BooleanField(default=False)
    #: Stars of the product's latest public OVOP rating; 0 when it has none.
    ovop_stars = models.PositiveSmallIntegerField(_("bintang OVOP"), default=0, db_index=True)
    photo = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    #: Order of products that match a query equally well (OVOP, certificates, photo, completeness).
    rank = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # The table holds published data only, so everyone may read all of it.
    access = Access(
        view=EVERYONE, add=NOBODY, change=NOBODY, archive=NOBODY, export=EVERYONE, public=models.Q()
    )

    class Meta:
        verbose_name = _("produk katalog")
        verbose_name_plural = _("produk katalog")
        ordering = ["-rank", "name_key"]
        indexes = [
            # The order of the listing, with the offer filters (price range, supply) after it: a
            # filtered listing checks them in the index and reads only the rows it shows.
            models.Index(
                fields=["-rank", "name_key", "price_min", "price_max", "capacity_per_year"],
                name="market_entry_rank_offer",
            ),
            models.Index(fields=["kecamatan", "-rank"], name="market_entry_kec_rank"),
            models.Index(fields=["group", "-rank"], name="market_entry_group_rank"),
            models.Index(fields=["price_min"], name="market_entry_price"),
            models.Index(fields=["sort_price_low"], name="market_entry_cheap"),
            models.Index(fields=["group", "sort_price_low"], name="market_entry_group_cheap"),
            models.Index(fields=["-sort_price_high"], name="market_entry_dear"),
            models.Index(fields=["name_key"], name="market_entry_name"),
            models.Index(fields=["usaha", "-rank"], name="market_entry_usaha_rank"),
            # Certificates are rare: a small index each keeps "only BPOM" from reading every product.
            *(
                models.Index(
                    fields=["-rank", "name_key"],
                    condition=models.Q(**{f"has_{kind}": True}),
                    name=f"market_entry_{kind}",
                )
                for kind in ("halal", "pirt", "bpom", "sni")
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:product", kwargs={"slug": self.slug, "pk": self.pk})

    def get_usaha_url(self) -> str:
        return reverse("market:business", kwargs={"slug": self.usaha_slug, "pk": self.usaha_id})

    @property
    def certificate_list(self) -> list[str]:
        return self.certificates.split()

    @property
    def photo_url(self) -> str:
        from django.core.files.storage import default_storage

        return default_storage.url(self.photo) if self.photo else ""


class CatalogTerm(models.Model):
    """One search key of a published product, with where it came from (its weight)."""

    #: Weights by source: the product name counts most, its first word (the head noun) more still.
    WEIGHT_HEAD = 9
    WEIGHT_NAME = 8
    WEIGHT_MAKER = 3
    WEIGHT_PLACE = 2
    WEIGHT_CLASS = 2
    WEIGHT_TEXT = 1

    entry = models.ForeignKey(CatalogEntry, on_delete=models.CASCADE, related_name="terms", db_index=False)
    term = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField()
    #: Copy of the entry's rank, so a one-word search is answered from this index alone.
    rank = models.IntegerField(default=0)

    class Meta:
        # A product has one row per term (catalog.terms_of returns a dict). The second index is that
        # rule's index with the weight added, so a second query word is checked without reading the row.
        indexes = [
            models.Index(fields=["term", "-weight", "-rank", "entry"], name="market_term_lookup"),
            models.Index(fields=["entry", "term", "weight"], name="market_term_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.weight})"


class CatalogWord(models.Model):
    """A search key that occurs in the catalog, with the number of products that have it."""

    term = models.CharField(max_length=40, primary_key=True)
    length = models.PositiveSmallIntegerField()
    df = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["length", "term"], name="market_word_length")]

    def __str__(self) -> str:
        return self.term
