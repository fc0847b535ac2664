"""Whose businesses a user may act on in this app, beyond the registry's own scoping.

Pengurus asosiasi have no access to the registry (Usaha's Access leaves them
out); they reach their members only through the scoped membership table.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from simpul.core.roles import Role, role_of
from simpul.programs.models import AnggotaAsosiasi, Asosiasi, PengurusAsosiasi
from simpul.registry.models import Usaha


def pengurus_asosiasi(user) -> Asosiasi | None:
    """The association a pengurus account manages, if any."""
    if role_of(user) != Role.ASOSIASI:
        return None
    link = PengurusAsosiasi.objects.restrict(user, "view").select_related("asosiasi").first()
    return link.asosiasi if link else None


def members_of(user) -> QuerySet[Usaha]:
    """Businesses that are members of the user's association, via restrict() on the membership table."""
    memberships = AnggotaAsosiasi.objects.restrict(user, "view").filter(usaha=OuterRef("pk"))
    return Usaha.objects.filter(Exists(memberships))


def proposable(user) -> QuerySet[Usaha]:
    """The businesses a user may propose for programs: their area, or their association's members."""
    if role_of(user) == Role.ASOSIASI:
        return members_of(user)
    return Usaha.objects.restrict(user, "view")
