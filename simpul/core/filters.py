"""Base FilterSet (a free-text `q` over the fields an entity declares searchable) and shared filters."""

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


#: The largest value a database integer key holds (SQLite INTEGER, PostgreSQL bigint).
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A filter on a related record's id: a whole number that fits a database key.

    A plain NumberFilter passes any number on to the query, and an id beyond
    the 64-bit range makes the database driver raise (a 500 from
    `?usaha=-99999999999999999999`); here it makes the filter invalid, which
    the API answers with 400 and a list page by ignoring the filter.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)
