"""The audit log page: searchable by the admin, read-only for everyone."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from simpul.core.filters import SearchFilterSet
from simpul.core.models import AuditEntry
from simpul.core.views import ObjectListView


class AuditFilterSet(SearchFilterSet):
    search_fields = ("username__icontains", "object_repr__icontains", "reason__icontains", "model__icontains")
    action = django_filters.ChoiceFilter(
        choices=AuditEntry.Action.choices, label=_("Tindakan"), empty_label=_("Semua")
    )
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("Sejak tanggal"))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("Sampai tanggal"))

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "since", "until"]


class AuditTable(tables.Table):
    at = tables.DateTimeColumn(format="d-m-Y H:i:s", verbose_name=_("Waktu"))
    username = tables.Column(verbose_name=_("Pengguna"))
    role = tables.Column(verbose_name=_("Peran"))
    ip = tables.Column(verbose_name=_("IP"))
    action = tables.Column(verbose_name=_("Tindakan"))
    object_repr = tables.Column(verbose_name=_("Data"))
    model = tables.Column(verbose_name=_("Jenis"))
    reason = tables.Column(verbose_name=_("Alasan"))

    class Meta:
        model = AuditEntry
        fields = ("at", "username", "role", "ip", "action", "model", "object_repr", "reason")
        attrs = {"class": "table table-sm"}


class AuditListView(ObjectListView):
    queryset = AuditEntry.objects.select_related("user")
    table_class = AuditTable
    filterset_class = AuditFilterSet
    export_name = "log-audit"
