import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from simpul.registry.models import Pelaku, Produk, Usaha


class UsahaTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Nama usaha"))
    kecamatan = tables.Column(accessor="kecamatan__name", verbose_name=_("Kecamatan"))
    desa = tables.Column(accessor="desa__name", verbose_name=_("Desa"))
    kbli = tables.Column(accessor="kbli_id", verbose_name=_("KBLI"))
    group = tables.Column(accessor="group__name", verbose_name=_("Kelompok"))
    scale = tables.Column(verbose_name=_("Skala"))
    status = tables.Column(verbose_name=_("Status"))
    completeness = tables.TemplateColumn(
        "{{ value }}%", verbose_name=_("Lengkap"), attrs={"td": {"class": "text-end"}}
    )
    verified_at = tables.BooleanColumn(
        verbose_name=_("Terverifikasi"), accessor="verified_at", orderable=True
    )

    class Meta:
        model = Usaha
        fields = (
            "name",
            "kecamatan",
            "desa",
            "kbli",
            "group",
            "scale",
            "status",
            "completeness",
            "verified_at",
        )
        attrs = {"class": "table table-hover table-sm", "data-testid": "usaha-table"}


class PelakuTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Nama"))
    nik = tables.Column(accessor="nik_masked", verbose_name=_("NIK"), orderable=False)
    gender = tables.Column(verbose_name=_("Jenis kelamin"))
    birth_year = tables.Column(verbose_name=_("Tahun lahir"))

    class Meta:
        model = Pelaku
        fields = ("name", "nik", "gender", "birth_year")
        attrs = {"class": "table table-hover table-sm"}


class ProdukTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Produk"))
    usaha = tables.Column(linkify=True, verbose_name=_("Usaha"))
    group = tables.Column(accessor="group__name", verbose_name=_("Kelompok"))
    unit = tables.Column(verbose_name=_("Satuan"))
    price_min = tables.Column(verbose_name=_("Harga dari (Rp)"))
    capacity_per_year = tables.Column(verbose_name=_("Kapasitas/tahun"))
    in_catalog = tables.BooleanColumn(verbose_name=_("Katalog"))

    class Meta:
        model = Produk
        fields = ("name", "usaha", "group", "unit", "price_min", "capacity_per_year", "in_catalog")
        attrs = {"class": "table table-hover table-sm"}
