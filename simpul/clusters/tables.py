"""List tables; counts come from annotations (`with_counts`), never from a query per row."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from simpul.clusters.models import Kawasan, OvopAssessment, Sentra

_RULE = (
    "{% load i18n %}{% if record.n_active >= record.MIN_MEMBERS %}"
    '<span class="badge text-bg-success">{% translate "terpenuhi" %}</span>'
    '{% else %}<span class="badge text-bg-warning">{% translate "belum" %}</span>{% endif %}'
)


class SentraTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Nama sentra"))
    product_focus = tables.Column(verbose_name=_("Produk utama"))
    desa = tables.Column(accessor="desa__name", verbose_name=_("Desa"))
    kecamatan = tables.Column(accessor="kecamatan__name", verbose_name=_("Kecamatan"))
    group = tables.Column(accessor="group__name", verbose_name=_("Kelompok"))
    n_active = tables.Column(verbose_name=_("Unit aktif"), attrs={"td": {"class": "text-end"}})
    rule = tables.TemplateColumn(_RULE, verbose_name=_("Syarat ≥5 unit"), orderable=False)
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Sentra
        fields = ("name", "product_focus", "desa", "kecamatan", "group", "n_active", "rule", "status")
        attrs = {"class": "table table-hover table-sm", "data-testid": "sentra-table"}


class KawasanTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Nama kawasan"))
    theme = tables.Column(verbose_name=_("Tema"))
    n_desa = tables.Column(verbose_name=_("Desa"), attrs={"td": {"class": "text-end"}})
    n_sentra = tables.Column(verbose_name=_("Sentra"), attrs={"td": {"class": "text-end"}})
    legal_number = tables.Column(verbose_name=_("Dasar hukum"))
    is_public = tables.BooleanColumn(verbose_name=_("Katalog"))

    class Meta:
        model = Kawasan
        fields = ("name", "theme", "n_desa", "n_sentra", "legal_number", "is_public")
        attrs = {"class": "table table-hover table-sm", "data-testid": "kawasan-table"}


class OvopTable(tables.Table):
    produk = tables.Column(
        accessor="produk__name", linkify=lambda record: record.get_absolute_url(), verbose_name=_("Produk")
    )
    usaha = tables.Column(accessor="usaha__name", verbose_name=_("Usaha"))
    desa = tables.Column(accessor="desa__name", verbose_name=_("Desa"))
    year = tables.Column(verbose_name=_("Tahun"))
    stars = tables.Column(accessor="star_display", order_by="stars", verbose_name=_("Bintang"))
    percent = tables.Column(verbose_name=_("Nilai (%)"), attrs={"td": {"class": "text-end"}})
    rater_level = tables.Column(verbose_name=_("Penilai"))

    class Meta:
        model = OvopAssessment
        fields = ("produk", "usaha", "desa", "year", "stars", "percent", "rater_level")
        attrs = {"class": "table table-hover table-sm", "data-testid": "ovop-table"}
