import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from simpul.regions.models import Region


class RegionTable(tables.Table):
    code = tables.Column(linkify=True, verbose_name=_("Kode"))
    name = tables.Column(verbose_name=_("Nama"))
    level = tables.Column(verbose_name=_("Tingkat"))
    kind = tables.Column(verbose_name=_("Jenis"))
    postal_code = tables.Column(verbose_name=_("Kode pos"))

    class Meta:
        model = Region
        fields = ("code", "name", "level", "kind", "postal_code")
