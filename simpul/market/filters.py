"""Filters of the catalog and of the officers' demand list: one definition for pages, API and exports."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.market import publication
from simpul.market.models import Permintaan
from simpul.market.models.catalog import FILTER_CERTIFICATES, CatalogEntry
from simpul.regions.models import Region

#: "Pasokan partai besar": yearly capacity at least this much, whatever the unit.
BULK_CHOICES = (
    ("1000", _("≥ 1.000 per tahun")),
    ("10000", _("≥ 10.000 per tahun")),
    ("100000", _("≥ 100.000 per tahun")),
)
OVOP_CHOICES = tuple((str(n), "★" * n + _(" ke atas")) for n in range(1, 6))
SORT_CHOICES = (
    ("relevan", _("Paling cocok")),
    ("unggulan", _("Unggulan")),
    ("nama", _("Nama")),
    ("harga-terendah", _("Harga terendah")),
    ("harga-tertinggi", _("Harga tertinggi")),
    ("kapasitas", _("Kapasitas terbesar")),
)


def home_kecamatan(request=None):
    """The kecamatan of the home region, found through their parents.

    `Region.objects.within()` matches codes with LIKE, which reads all 91.599
    regions of the country on every public page; the parent index does not.
    """
    home = settings.SIMPUL_HOME_REGION
    level = home.count(".") + 1
    regions = Region.objects.filter(level=Region.Level.KECAMATAN)
    if level == Region.Level.PROVINSI:
        regions = regions.filter(parent__parent_id=home)
    elif level == Region.Level.KABKOTA:
        regions = regions.filter(parent_id=home)
    else:
        regions = regions.filter(code=home)
    return regions.order_by("name")


def _divisions(request=None):
    return Kbli.objects.filter(level=2).order_by("code")


class CatalogFilterSet(django_filters.FilterSet):
    """The buyer's filters. `q` and `urut` are read by search.run; they are declared here for the form and API."""

    q = django_filters.CharFilter(method="_later", label=_("Cari produk"))
    kelompok = django_filters.ModelChoiceFilter(
        queryset=CommodityGroup.objects.active(),
        field_name="group",
        to_field_name="slug",
        label=_("Kelompok"),
        empty_label=_("Semua kelompok"),
    )
    kbli = django_filters.ModelChoiceFilter(
        queryset=_divisions, method="filter_kbli", label=_("KBLI"), empty_label=_("Semua KBLI")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=home_kecamatan,
        field_name="kecamatan",
        label=_("Kecamatan"),
        empty_label=_("Semua kecamatan"),
    )
    kawasan = django_filters.ChoiceFilter(
        method="filter_kawasan", label=_("Kawasan"), empty_label=_("Semua kawasan")
    )
    sentra = django_filters.ChoiceFilter(
        method="filter_sentra", label=_("Sentra"), empty_label=_("Semua sentra")
    )
    sertifikat = django_filters.MultipleChoiceFilter(
        choices=FILTER_CERTIFICATES,
        method="filter_certificates",
        label=_("Sertifikat"),
        widget=forms.CheckboxSelectMultiple,
    )
    ovop = django_filters.ChoiceFilter(
        choices=OVOP_CHOICES, method="filter_ovop", label=_("Bintang OVOP"), empty_label=_("Semua")
    )
    harga_min = django_filters.NumberFilter(
        method="filter_price_min", label=_("Harga dari (Rp)"), min_value=0
    )
    harga_max = django_filters.NumberFilter(
        method="filter_price_max", label=_("Harga sampai (Rp)"), min_value=0
    )
    pasokan = django_filters.ChoiceFilter(
        choices=BULK_CHOICES, method="filter_bulk", label=_("Pasokan partai besar"), empty_label=_("Semua")
    )
    urut = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="_later", label=_("Urutkan"), empty_label=None
    )

    class Meta:
        model = CatalogEntry
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sentra, kawasan = publication.public_sentra(), publication.public_kawasan()
        if sentra is None:
            # Without the clusters app there are no sentra, kawasan or OVOP ratings to filter on.
            for name in ("sentra", "kawasan", "ovop"):
                self.filters.pop(name)
        else:
            self.filters["sentra"].extra["choices"] = list(
                sentra.order_by("name").values_list("slug", "name")
            )
            self.filters["kawasan"].extra["choices"] = list(
                kawasan.order_by("name").values_list("slug", "name")
            )

    def _later(self, queryset, name, value):
        return queryset

    def filter_kbli(self, queryset, name, value):
        return queryset.filter(kbli__startswith=value.code) if value else queryset

    def filter_sentra(self, queryset, name, value):
        sentra = publication.public_sentra().filter(slug=value).first()
        return queryset.filter(publication.sentra_business_q(sentra)) if sentra else queryset.none()

    def filter_kawasan(self, queryset, name, value):
        kawasan = publication.public_kawasan().filter(slug=value).first()
        return queryset.filter(publication.kawasan_business_q(kawasan)) if kawasan else queryset.none()

    def filter_certificates(self, queryset, name, value):
        for kind in value:
            queryset = queryset.filter(**{f"has_{kind}": True})
        return queryset

    def filter_ovop(self, queryset, name, value):
        return queryset.filter(ovop_stars__gte=int(value))

    def filter_price_min(self, queryset, name, value):
        # A product priced from 20.000 to 40.000 suits a buyer from 30.000 (entries always have price_max).
        return queryset.filter(price_max__gte=value)

    def filter_price_max(self, queryset, name, value):
        return queryset.filter(price_min__lte=value)

    def filter_bulk(self, queryset, name, value):
        return queryset.filter(capacity_per_year__gte=int(value))

    @property
    def active_count(self) -> int:
        """How many filters (not the query or the sort) the visitor has set."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return sum(
            1 for key, value in data.items() if key not in ("q", "urut") and value not in (None, "", [], ())
        )


class PermintaanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari"))
    status = django_filters.ChoiceFilter(
        choices=Permintaan.Status.choices, label=_("Status"), empty_label=_("Semua")
    )
    buyer_kind = django_filters.ChoiceFilter(
        choices=Permintaan.BuyerKind.choices, label=_("Jenis pembeli"), empty_label=_("Semua")
    )

    class Meta:
        model = Permintaan
        fields = ["q", "status", "buyer_kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(product__icontains=value) | Q(buyer_organisation__icontains=value))
