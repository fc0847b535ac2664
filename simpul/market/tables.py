import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from simpul.market.models import Permintaan


class PermintaanTable(tables.Table):
    product = tables.Column(linkify=True, verbose_name=_("Produk dicari"))
    quantity = tables.TemplateColumn(
        "{% load market %}{{ record.quantity|amount }} {{ record.get_unit_display }}",
        verbose_name=_("Jumlah"),
    )
    buyer_organisation = tables.Column(verbose_name=_("Pembeli"))
    buyer_kind = tables.Column(verbose_name=_("Jenis pembeli"))
    deadline = tables.DateColumn(verbose_name=_("Batas waktu"))
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.DateTimeColumn(verbose_name=_("Masuk"), format="d-m-Y")

    class Meta:
        model = Permintaan
        fields = (
            "product",
            "quantity",
            "buyer_organisation",
            "buyer_kind",
            "deadline",
            "status",
            "created_at",
        )
        attrs = {"class": "table table-sm table-hover"}
