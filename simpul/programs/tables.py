"""List tables; every column reads from the row or from select_related/annotations (no query per row)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.programs.models import Asosiasi, Kendala, Mitra, Program
from simpul.registry.models import Usaha

_TABLE = "table table-hover table-sm"
_NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class ProgramTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Program"))
    kind = tables.Column(verbose_name=_("Jenis"))
    year = tables.Column(verbose_name=_("Tahun"))
    funding = tables.Column(verbose_name=_("Dana"))
    budget = tables.Column(verbose_name=_("Anggaran (Rp)"), attrs=_NUMBER)
    quota = tables.Column(verbose_name=_("Kuota"), attrs=_NUMBER)
    n_participants = tables.Column(verbose_name=_("Peserta"), attrs=_NUMBER, orderable=True)
    n_reached = tables.Column(verbose_name=_("Terjangkau"), attrs=_NUMBER, orderable=True)
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Program
        fields = (
            "name",
            "kind",
            "year",
            "funding",
            "budget",
            "quota",
            "n_participants",
            "n_reached",
            "status",
        )
        attrs = {"class": _TABLE, "data-testid": "program-table"}

    def render_budget(self, value) -> str:
        return f"{int(value):,}".replace(",", ".")


class KendalaTable(tables.Table):
    """The case list; the business name is plain text because partners have no registry pages."""

    pk = tables.Column(verbose_name="#", linkify=lambda record: record.get_absolute_url())
    usaha = tables.Column(accessor="usaha__name", verbose_name=_("Usaha"))
    kecamatan = tables.Column(accessor="usaha__kecamatan__name", verbose_name=_("Kecamatan"))
    kind = tables.Column(verbose_name=_("Jenis"))
    severity = tables.Column(verbose_name=_("Keparahan"))
    mitra = tables.Column(accessor="mitra__name", verbose_name=_("Mitra"), default="—")
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.DateColumn(format="d-m-Y", verbose_name=_("Dicatat"))
    age = tables.Column(accessor="age_days", verbose_name=_("Umur (hari)"), orderable=False, attrs=_NUMBER)

    class Meta:
        model = Kendala
        fields = ("pk", "usaha", "kecamatan", "kind", "severity", "mitra", "status", "created_at", "age")
        attrs = {"class": _TABLE, "data-testid": "kendala-table"}


class MitraTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Mitra"))
    kind = tables.Column(verbose_name=_("Jenis"))
    contact_person = tables.Column(verbose_name=_("Narahubung"))
    phone = tables.Column(verbose_name=_("Telepon"))
    n_open = tables.Column(verbose_name=_("Kasus terbuka"), attrs=_NUMBER)
    n_users = tables.Column(verbose_name=_("Akun"), attrs=_NUMBER)

    class Meta:
        model = Mitra
        fields = ("name", "kind", "contact_person", "phone", "n_open", "n_users")
        attrs = {"class": _TABLE}


class AsosiasiTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Asosiasi"))
    kind = tables.Column(verbose_name=_("Jenis"))
    chairperson = tables.Column(verbose_name=_("Ketua"))
    n_members = tables.Column(verbose_name=_("Anggota"), attrs=_NUMBER)

    class Meta:
        model = Asosiasi
        fields = ("name", "kind", "chairperson", "n_members")
        attrs = {"class": _TABLE}


class MemberTable(tables.Table):
    """A pengurus's members; names link to the member page, never to the registry."""

    name = tables.Column(
        verbose_name=_("Nama usaha"),
        linkify=lambda record: reverse("programs:member_detail", args=[record.pk]),
    )
    desa = tables.Column(accessor="desa__name", verbose_name=_("Desa"))
    kecamatan = tables.Column(accessor="kecamatan__name", verbose_name=_("Kecamatan"))
    kbli = tables.Column(accessor="kbli_id", verbose_name=_("KBLI"))
    group = tables.Column(accessor="group__name", verbose_name=_("Kelompok"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Usaha
        fields = ("name", "desa", "kecamatan", "kbli", "group", "status")
        attrs = {"class": _TABLE, "data-testid": "member-table"}
