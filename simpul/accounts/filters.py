import django_filters
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import User
from simpul.core.filters import SearchFilterSet
from simpul.core.roles import Role


class UserFilterSet(SearchFilterSet):
    search_fields = (
        "username__icontains",
        "first_name__icontains",
        "last_name__icontains",
        "email__icontains",
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Peran"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]
