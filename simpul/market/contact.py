"""Buyer → maker messages from the catalog: stored for the owner and the officers, and sent by e-mail."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.core.roles import Role
from simpul.market.models import PesanKatalog
from simpul.registry.models import Produk, Usaha

logger = logging.getLogger(__name__)


def recipients(usaha: Usaha) -> list[str]:
    """E-mail addresses that receive a message: the owners' accounts, the business, its officers.

    Officers are the active petugas serving the business's kecamatan, or the
    whole region when none is assigned to it, and the admins.
    """
    owners = usaha.owners.exclude(account=None).values_list("account__email", flat=True)
    officers = User.objects.filter(is_active=True).filter(
        Q(role=Role.ADMIN)
        | Q(role=Role.PETUGAS, kecamatan=usaha.kecamatan_id)
        | Q(role=Role.PETUGAS, kecamatan=None)
    )
    found = [*owners, usaha.email, *officers.values_list("email", flat=True)]
    return sorted({address.lower() for address in found if address})


def send(
    usaha: Usaha, produk: Produk | None, *, name: str, email: str, phone: str, body: str
) -> PesanKatalog:
    """Store the message, then e-mail it; a mail failure leaves it in the inboxes all the same."""
    message = PesanKatalog.objects.create(
        usaha=usaha, produk=produk, sender_name=name, sender_email=email, sender_phone=phone, body=body
    )
    about = produk.name if produk else usaha.name
    text = _(
        "Pesan dari katalog %(office)s tentang %(about)s.\n\nDari: %(name)s\nSurel: %(email)s\nTelepon: %(phone)s\n\n%(body)s\n"
    ) % {
        "office": settings.SIMPUL_OFFICE_NAME,
        "about": about,
        "name": name,
        "email": email or "-",
        "phone": phone or "-",
        "body": body,
    }
    addresses = recipients(usaha)
    if addresses:
        try:
            send_mail(_("Pesan pembeli: %(about)s") % {"about": about}, text, None, addresses)
        except Exception:  # noqa: BLE001 - the stored message is what counts
            logger.warning("Pesan katalog tidak terkirim lewat surel", exc_info=True)
        else:
            PesanKatalog.objects.filter(pk=message.pk).update(emailed=True)
            message.emailed = True
    return message
