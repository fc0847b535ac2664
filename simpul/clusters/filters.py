"""One FilterSet per entity: the list pages, the API and the exports use the same."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.clusters.models import Kawasan, OvopAssessment, Sentra
from simpul.core.filters import SearchFilterSet
from simpul.regions.models import Region


def _kecamatan(request=None):
    return Region.objects.within(settings.SIMPUL_HOME_REGION).kecamatan()


def _divisions():
    return Kbli.objects.filter(level=Kbli.Level.GOLONGAN_POKOK)


class SentraFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "product_focus__icontains", "desa__name__icontains")

    kecamatan = django_filters.ModelChoiceFilter(
        queryset=_kecamatan, label=_("Kecamatan"), empty_label=_("Semua")
    )
    group = django_filters.ModelChoiceFilter(
        queryset=CommodityGroup.objects.active(), label=_("Kelompok"), empty_label=_("Semua")
    )
    kbli = django_filters.ModelChoiceFilter(
        queryset=_divisions(), method="filter_kbli", label=_("KBLI"), empty_label=_("Semua")
    )
    status = django_filters.ChoiceFilter(
        choices=Sentra.Status.choices, label=_("Status"), empty_label=_("Semua")
    )
    rule = django_filters.ChoiceFilter(
        choices=[("ya", _("≥ 5 unit aktif")), ("tidak", _("< 5 unit aktif"))],
        method="filter_rule",
        label=_("Syarat 5 unit"),
        empty_label=_("Semua"),
    )

    class Meta:
        model = Sentra
        fields = ["q", "kecamatan", "group", "kbli", "status", "rule"]

    def filter_kbli(self, queryset, name, value):
        return queryset.filter(kbli__code__startswith=value.code) if value else queryset

    def filter_rule(self, queryset, name, value):
        if "n_active" not in queryset.query.annotations:
            queryset = queryset.with_counts()
        if value == "ya":
            return queryset.filter(n_active__gte=Sentra.MIN_MEMBERS)
        return queryset.filter(n_active__lt=Sentra.MIN_MEMBERS)


class KawasanFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "theme__icontains", "legal_number__icontains")

    kecamatan = django_filters.ModelChoiceFilter(
        queryset=_kecamatan, method="filter_kecamatan", label=_("Kecamatan"), empty_label=_("Semua")
    )
    is_public = django_filters.BooleanFilter(label=_("Di katalog"))

    class Meta:
        model = Kawasan
        fields = ["q", "kecamatan", "is_public"]

    @extend_schema_field(OpenApiTypes.STR)  # a kecamatan code; the model has no such field to read it from
    def filter_kecamatan(self, queryset, name, value):
        if not value:
            return queryset
        # EXISTS keeps one row per kawasan (a JOIN on its desa would repeat it).
        covered = Kawasan.desa.through.objects.filter(kawasan=OuterRef("pk"), region__parent=value)
        return queryset.filter(Exists(covered))


class OvopFilterSet(SearchFilterSet):
    search_fields = ("produk__name__icontains", "usaha__name__icontains", "desa__name__icontains")

    year = django_filters.NumberFilter(label=_("Tahun"))
    stars = django_filters.ChoiceFilter(
        choices=[(n, "★" * n) for n in range(1, 6)], label=_("Bintang"), empty_label=_("Semua")
    )
    rater_level = django_filters.ChoiceFilter(
        choices=OvopAssessment.Level.choices, label=_("Tingkat penilai"), empty_label=_("Semua")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=_kecamatan, label=_("Kecamatan"), empty_label=_("Semua")
    )

    class Meta:
        model = OvopAssessment
        fields = ["q", "year", "stars", "rater_level", "kecamatan"]


class MapFilterSet(django_filters.FilterSet):
    """Filters of the map page; applied to businesses and sentra alike (both carry kbli, group, kecamatan)."""

    group = django_filters.ModelChoiceFilter(
        queryset=CommodityGroup.objects.active(), label=_("Kelompok"), empty_label=_("Semua")
    )
    kbli = django_filters.ModelChoiceFilter(
        queryset=_divisions(), method="filter_kbli", label=_("KBLI"), empty_label=_("Semua")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=_kecamatan, label=_("Kecamatan"), empty_label=_("Semua")
    )

    class Meta:
        model = Sentra
        fields = ["group", "kbli", "kecamatan"]

    def filter_kbli(self, queryset, name, value):
        return queryset.filter(Q(kbli__code__startswith=value.code)) if value else queryset
