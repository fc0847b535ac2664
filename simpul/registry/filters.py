"""One FilterSet per entity: the list pages, the API and the exports use the same."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.filters import IdFilter, SearchFilterSet
from simpul.regions.models import Region
from simpul.registry import completeness
from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Usaha


def _kecamatan(request=None):
    # Through the parent index: within() reads every region of the country with LIKE.
    return Region.objects.at_level_within(settings.SIMPUL_HOME_REGION, Region.Level.KECAMATAN)


def _desa(request=None):
    return Region.objects.at_level_within(settings.SIMPUL_HOME_REGION, Region.Level.DESA)


class UsahaFilterSet(SearchFilterSet):
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=_kecamatan, label=_("Kecamatan"), empty_label=_("Semua")
    )
    desa = django_filters.CharFilter(method="filter_desa", label=_("Kode desa"))
    kbli = django_filters.ModelChoiceFilter(
        queryset=Kbli.objects.filter(level=2), method="filter_kbli", label=_("KBLI"), empty_label=_("Semua")
    )
    group = django_filters.ModelChoiceFilter(
        queryset=CommodityGroup.objects.active(), label=_("Kelompok"), empty_label=_("Semua")
    )
    scale = django_filters.ChoiceFilter(choices=Usaha.Scale.choices, label=_("Skala"), empty_label=_("Semua"))
    status = django_filters.ChoiceFilter(
        choices=Usaha.Status.choices, label=_("Status"), empty_label=_("Semua")
    )
    certificate = django_filters.ChoiceFilter(
        choices=Legalitas.Kind.choices,
        method="filter_certificate",
        label=_("Sertifikat"),
        empty_label=_("Semua"),
    )
    verified = django_filters.ChoiceFilter(
        choices=[("ya", _("Terverifikasi")), ("tidak", _("Belum diverifikasi"))],
        method="filter_verified",
        label=_("Verifikasi"),
        empty_label=_("Semua"),
    )
    complete = django_filters.ChoiceFilter(
        choices=[("rendah", _("< 50%")), ("sedang", _("50–79%")), ("tinggi", _("≥ 80%"))],
        method="filter_complete",
        label=_("Kelengkapan"),
        empty_label=_("Semua"),
    )

    class Meta:
        model = Usaha
        fields = [
            "q",
            "kecamatan",
            "desa",
            "kbli",
            "group",
            "scale",
            "status",
            "certificate",
            "verified",
            "complete",
        ]

    def search(self, queryset, name: str, value: str):
        """Name, NIB, address, owner's name and product name; one row per business.

        The matching ids of each table are gathered in one UNION, so that on PostgreSQL
        each part is answered by its trigram index (migration 0006) instead of testing
        every business against every condition (an OR of EXISTS cannot use an index).
        """
        value = value.strip()
        if not value:
            return queryset
        matches = (
            Usaha.objects.filter(Q(name__icontains=value) | Q(nib=value) | Q(address__icontains=value))
            .order_by()
            .values("pk")
            .union(
                Kepemilikan.objects.filter(pelaku__name__icontains=value).order_by().values("usaha_id"),
                Produk.objects.filter(name__icontains=value).order_by().values("usaha_id"),
            )
        )
        return queryset.filter(pk__in=matches)

    def filter_desa(self, queryset, name, value):
        return queryset.filter(desa_id=value.strip()) if value.strip() else queryset

    def filter_kbli(self, queryset, name, value):
        # The division and every finer code under it, as a subquery (no join).
        return (
            queryset.filter(kbli__in=Kbli.objects.filter(code__startswith=value.code)) if value else queryset
        )

    def filter_certificate(self, queryset, name, value):
        return queryset.filter(
            Exists(Legalitas.objects.filter(usaha=OuterRef("pk"), kind=value, archived_at=None))
        )

    def filter_verified(self, queryset, name, value):
        return queryset.filter(verified_at__isnull=(value != "ya"))

    def filter_complete(self, queryset, name, value):
        return queryset.filter(
            {"rendah": completeness.LOW, "sedang": completeness.MEDIUM}.get(value, completeness.HIGH)
        )


class PelakuFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "phone__icontains")
    gender = django_filters.ChoiceFilter(
        choices=Pelaku._meta.get_field("gender").choices, label=_("Jenis kelamin"), empty_label=_("Semua")
    )

    class Meta:
        model = Pelaku
        fields = ["q", "gender"]


class ProdukFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "usaha__name__icontains")
    group = django_filters.ModelChoiceFilter(
        queryset=CommodityGroup.objects.active(), label=_("Kelompok"), empty_label=_("Semua")
    )
    in_catalog = django_filters.BooleanFilter(label=_("Di katalog"))
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=_kecamatan, field_name="usaha__kecamatan", label=_("Kecamatan"), empty_label=_("Semua")
    )

    class Meta:
        model = Produk
        fields = ["q", "group", "kecamatan", "in_catalog"]


class LaporanFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Tahun"))
    usaha = IdFilter(label=_("Usaha"))

    class Meta:
        model = LaporanTahunan
        fields = ["year", "usaha"]


class LegalitasFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Legalitas.Kind.choices, label=_("Jenis"))
    usaha = IdFilter(label=_("Usaha"))

    class Meta:
        model = Legalitas
        fields = ["kind", "usaha"]
