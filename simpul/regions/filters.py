import django_filters
from django.utils.translation import gettext_lazy as _

from simpul.core.filters import SearchFilterSet
from simpul.regions.models import Region


class RegionFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "code__startswith", "postal_code")

    level = django_filters.ChoiceFilter(choices=Region.Level.choices, label=_("Tingkat"))
    within = django_filters.CharFilter(method="filter_within", label=_("Di dalam kode"))

    class Meta:
        model = Region
        fields = ["q", "level", "within"]

    def filter_within(self, queryset, name, value):
        return queryset.within(value.strip()) if value.strip() else queryset
