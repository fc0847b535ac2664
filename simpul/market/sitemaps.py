"""sitemap.xml: every public page of the catalog, built from the publication rules."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from simpul.market import publication


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 20_000

    def items(self):
        return publication.public_catalog().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, entry):
        return entry.updated_at


class BusinessSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 20_000

    def items(self):
        return publication.public_businesses().order_by("pk").only("pk", "name", "updated_at")

    def location(self, usaha):
        from simpul.market.views.public import business_url

        return business_url(usaha)

    def lastmod(self, usaha):
        return usaha.updated_at


class ClusterSitemap(Sitemap):
    """Published sentra or kawasan pages (clusters app)."""

    changefreq = "monthly"
    priority = 0.7

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def items(self):
        qs = publication.public_sentra() if self.kind == "sentra" else publication.public_kawasan()
        return [] if qs is None else qs.order_by("pk").only("pk", "slug", "updated_at")

    def location(self, obj):
        return reverse(f"market:{self.kind}", kwargs={"slug": obj.slug})

    def lastmod(self, obj):
        return obj.updated_at


class ShowcaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return publication.public_showcases().order_by("pk")

    def location(self, showcase):
        return showcase.get_public_url()

    def lastmod(self, showcase):
        return showcase.updated_at


class DemandSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return publication.public_demands().filter(status="terbuka").order_by("pk")

    def location(self, permintaan):
        return permintaan.get_public_url()

    def lastmod(self, permintaan):
        return permintaan.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        names = [
            "market:catalog",
            "market:showcase_list",
            "market:demand_public_list",
            "market:demand_create",
        ]
        if publication.clusters_installed():
            names += ["market:sentra_list", "market:kawasan_list"]
        return names

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "halaman": PageSitemap,
    "produk": ProductSitemap,
    "usaha": BusinessSitemap,
    "sentra": ClusterSitemap("sentra"),
    "kawasan": ClusterSitemap("kawasan"),
    "pameran": ShowcaseSitemap,
    "permintaan": DemandSitemap,
}
