import django_filters
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.filters import SearchFilterSet


class KbliFilterSet(SearchFilterSet):
    search_fields = ("code__startswith", "title__icontains")
    level = django_filters.ChoiceFilter(choices=Kbli.Level.choices, label=_("Tingkat"))
    group = django_filters.ModelChoiceFilter(queryset=CommodityGroup.objects.active(), label=_("Kelompok"))

    class Meta:
        model = Kbli
        fields = ["q", "level", "group"]


class CommodityGroupFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "slug__icontains")

    class Meta:
        model = CommodityGroup
        fields = ["q"]
