"""Base FilterSet: a free-text `q` over the fields an entity declares searchable."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchFilterSet(django_filters.FilterSet):
    """One filter definition per entity serves the list page, the API and exports.

    Subclasses set `search_fields` (lookups, e.g. "name__icontains").
    """

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label=_("Cari"))

    def search(self, queryset, name: str, value: str):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        condition = Q()
        for lookup in self.search_fields:
            condition |= Q(**{lookup: value})
        return queryset.filter(condition)
