"""The roles of Simpul IKM (DESIGN.md, "Who uses it").

A user has exactly one role. The public (buyers, tourists) are anonymous
visitors and have no role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin dinas")
    PETUGAS = "petugas", _("Petugas")
    PIMPINAN = "pimpinan", _("Pimpinan / analis")
    ASOSIASI = "asosiasi", _("Pengurus asosiasi")
    MITRA = "mitra", _("Mitra")
    PELAKU = "pelaku", _("Pelaku IKM")


#: Roles that work inside the office and see the whole registry of their area.
OFFICE_ROLES = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
#: Roles that may read personal data such as NIK in full.
PERSONAL_DATA_ROLES = frozenset({Role.ADMIN, Role.PETUGAS})
ANONYMOUS = "anonim"


def role_of(user) -> str:
    """The role of a user, or ANONYMOUS for visitors; superusers count as admin."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    if user.is_superuser:
        return Role.ADMIN
    return getattr(user, "role", "") or ANONYMOUS
