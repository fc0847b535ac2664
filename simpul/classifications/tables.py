import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli


class KbliTable(tables.Table):
    code = tables.Column(linkify=True, verbose_name=_("Kode"))
    title = tables.Column(verbose_name=_("Judul"))
    level = tables.Column(verbose_name=_("Tingkat"))
    group = tables.Column(verbose_name=_("Kelompok komoditas"))

    class Meta:
        model = Kbli
        fields = ("code", "title", "level", "group")


class CommodityGroupTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Nama"))
    slug = tables.Column(verbose_name=_("Kode"))
    order = tables.Column(verbose_name=_("Urutan"))

    class Meta:
        model = CommodityGroup
        fields = ("name", "slug", "order", "description")
