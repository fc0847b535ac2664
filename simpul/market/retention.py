"""Buyers' contact details are kept SIMPUL_CONTACT_RETENTION_DAYS days, then erased.

A demand keeps what it asked for (product, quantity, place, outcome) for the
office's figures; the buyer's name, e-mail and phone go once the demand has
been closed or refused that long. Messages to makers lose their sender's
contact the same time after they were sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from simpul.market.models import Permintaan, PesanKatalog

CLOSED = [Permintaan.Status.SELESAI, Permintaan.Status.DITOLAK]
#: What an erased name becomes. Stored data, not a screen text: the same whatever language the
#: command runs in, so a second run recognises what the first one erased.
ERASED = "(dihapus: masa simpan)"


def _cutoff(now: datetime) -> datetime:
    return now - timedelta(days=settings.SIMPUL_CONTACT_RETENTION_DAYS)


def erase_buyer_contacts(now: datetime, dry_run: bool) -> int:
    cutoff = _cutoff(now)
    removed = ERASED
    demands = Permintaan.objects.filter(status__in=CLOSED, updated_at__lt=cutoff).exclude(buyer_name=removed)
    messages = PesanKatalog.objects.filter(created_at__lt=cutoff).exclude(sender_name=removed)
    if dry_run:
        return demands.count() + messages.count()
    # update() leaves updated_at as it is, so the demand's own dates stay true.
    erased = demands.update(buyer_name=removed, buyer_email="", buyer_phone="")
    return erased + messages.update(sender_name=removed, sender_email="", sender_phone="")
