import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=True, verbose_name=_("Nama pengguna"))
    full_name = tables.Column(accessor="get_full_name", verbose_name=_("Nama"), orderable=False)
    role = tables.Column(verbose_name=_("Peran"))
    organisation = tables.Column(verbose_name=_("Instansi"))
    is_active = tables.BooleanColumn(verbose_name=_("Aktif"))
    last_login = tables.DateTimeColumn(verbose_name=_("Masuk terakhir"), format="d M Y H:i")

    class Meta:
        model = User
        fields = ("username", "full_name", "role", "organisation", "is_active", "last_login")
