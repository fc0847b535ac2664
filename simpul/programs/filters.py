"""One FilterSet per entity: the list pages, the API and the exports use the same."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from simpul.core.filters import IdFilter, SearchFilterSet
from simpul.core.roles import Role, role_of
from simpul.programs import reach
from simpul.programs.models import Asosiasi, Kegiatan, Kendala, Mitra, Partisipasi, Program
from simpul.regions.models import Region
from simpul.registry.filters import UsahaFilterSet


def kecamatan_choices(request=None):
    """Kecamatan of the home region, for filters and pickers."""
    return Region.objects.within(settings.SIMPUL_HOME_REGION).kecamatan()


def _mitra(request=None):
    return Mitra.objects.active()


class ProgramFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "organiser_name__icontains", "description__icontains")
    kind = django_filters.ChoiceFilter(choices=Program.Kind.choices, label=_("Jenis"), empty_label=_("Semua"))
    year = django_filters.NumberFilter(label=_("Tahun"))
    funding = django_filters.ChoiceFilter(
        choices=Program.Funding.choices, label=_("Sumber dana"), empty_label=_("Semua")
    )
    status = django_filters.ChoiceFilter(
        choices=Program.Status.choices, label=_("Status"), empty_label=_("Semua")
    )

    class Meta:
        model = Program
        fields = ["q", "kind", "year", "funding", "status"]


class KegiatanFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "place__icontains", "city__icontains")
    program = IdFilter(label=_("Program"))

    class Meta:
        model = Kegiatan
        fields = ["q", "program"]


class PartisipasiFilterSet(SearchFilterSet):
    search_fields = ("usaha__name__icontains",)
    program = IdFilter(label=_("Program"))
    kegiatan = IdFilter(label=_("Kegiatan"))
    usaha = IdFilter(label=_("Usaha"))
    status = django_filters.ChoiceFilter(
        choices=Partisipasi.Status.choices, label=_("Status"), empty_label=_("Semua")
    )

    class Meta:
        model = Partisipasi
        fields = ["q", "program", "kegiatan", "usaha", "status"]


class KendalaFilterSet(SearchFilterSet):
    """Officers look for open cases by type, partner and age; a partner filters its own cases."""

    search_fields = ("usaha__name__icontains", "description__icontains")
    OPEN = "belum_selesai"
    status = django_filters.ChoiceFilter(
        choices=[(OPEN, _("Belum selesai")), *Kendala.Status.choices],
        method="filter_status",
        label=_("Status"),
        empty_label=_("Semua"),
    )
    kind = django_filters.ChoiceFilter(choices=Kendala.Kind.choices, label=_("Jenis"), empty_label=_("Semua"))
    severity = django_filters.ChoiceFilter(
        choices=Kendala.Severity.choices, label=_("Keparahan"), empty_label=_("Semua")
    )
    mitra = django_filters.ModelChoiceFilter(
        queryset=_mitra, label=_("Mitra"), empty_label=_("Semua"), null_label=_("Belum diteruskan")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=kecamatan_choices,
        field_name="usaha__kecamatan",
        label=_("Kecamatan"),
        empty_label=_("Semua"),
    )
    age = django_filters.ChoiceFilter(
        choices=[("7", _("> 7 hari")), ("30", _("> 30 hari")), ("90", _("> 90 hari"))],
        method="filter_age",
        label=_("Umur kasus"),
        empty_label=_("Semua"),
    )

    class Meta:
        model = Kendala
        fields = ["q", "status", "kind", "severity", "mitra", "kecamatan", "age"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A partner works only on its own cases: choosing a partner means nothing to it.
        if self.request is not None and role_of(self.request.user) == Role.MITRA:
            self.filters.pop("mitra", None)

    def filter_status(self, queryset, name: str, value: str):
        if value == self.OPEN:
            return queryset.filter(status__in=Kendala.OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_age(self, queryset, name: str, value: str):
        return queryset.filter(Kendala.older_than(int(value)))


class MitraFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "services__icontains", "contact_person__icontains")
    kind = django_filters.ChoiceFilter(choices=Mitra.Kind.choices, label=_("Jenis"), empty_label=_("Semua"))

    class Meta:
        model = Mitra
        fields = ["q", "kind"]


class AsosiasiFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "chairperson__icontains")
    kind = django_filters.ChoiceFilter(
        choices=Asosiasi.Kind.choices, label=_("Jenis"), empty_label=_("Semua")
    )

    class Meta:
        model = Asosiasi
        fields = ["q", "kind"]


class NeverReachedFilterSet(UsahaFilterSet):
    """The registry's business filters, plus which programs count as "reached"."""

    program_kind = django_filters.ChoiceFilter(
        choices=Program.Kind.choices,
        method="keep",
        label=_("Belum pernah ikut program jenis"),
        empty_label=_("Semua jenis"),
    )
    since_year = django_filters.NumberFilter(method="keep", label=_("Sejak tahun"))

    class Meta(UsahaFilterSet.Meta):
        fields = [*UsahaFilterSet.Meta.fields, "program_kind", "since_year"]

    def keep(self, queryset, name: str, value):
        # Applied together in filter_queryset: both shape the one "reached" subquery.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        since = data.get("since_year")
        return reach.never_reached(
            queryset, kind=data.get("program_kind") or "", since_year=int(since) if since else None
        )
