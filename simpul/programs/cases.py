"""Constraint cases: routing to a partner and answering, shared by the screens and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.roles import Role, role_of
from simpul.programs.models import Kendala, Mitra, TanggapanKendala


def route(kendala: Kendala, mitra: Mitra, user, note: str = "") -> TanggapanKendala:
    """Route a case to a partner (or to another one); the thread records it."""
    with transaction.atomic():
        kendala.mitra = mitra
        kendala.routed_at = timezone.now()
        kendala.routed_by = user
        kendala.save(update_fields=["mitra", "routed_at", "routed_by", "updated_at"])
        body = _("Diteruskan ke %(mitra)s.") % {"mitra": mitra.name}
        return TanggapanKendala.objects.create(
            kendala=kendala, author=user, body=f"{body} {note.strip()}".strip()
        )


def may_answer(user, kendala: Kendala) -> bool:
    """Officers answer any case of their area; a partner only once the case is routed to it.

    The caller has fetched the case through restrict(user, "change"), so a
    partner's case is always its own.
    """
    role = role_of(user)
    return role in (Role.ADMIN, Role.PETUGAS) or (role == Role.MITRA and kendala.mitra_id is not None)


def answer(kendala: Kendala, user, body: str, status: str = "") -> TanggapanKendala:
    """Add a message to the thread and apply a status change; closing stamps closed_at, reopening clears it."""
    if not may_answer(user, kendala):
        raise PermissionDenied(_("Kasus ini belum diteruskan ke mitra."))
    if status == Kendala.Status.TERBUKA and role_of(user) == Role.MITRA:
        raise PermissionDenied(_("Hanya petugas yang dapat membuka kembali kasus."))
    if status == kendala.status:
        status = ""
    with transaction.atomic():
        response = TanggapanKendala.objects.create(
            kendala=kendala,
            author=user,
            body=body.strip(),
            status_from=kendala.status if status else "",
            status_to=status,
        )
        if status:
            kendala.status = status
            kendala.closed_at = timezone.now() if status in Kendala.CLOSED_STATUSES else None
            kendala.save(update_fields=["status", "closed_at", "updated_at"])
    return response
