"""The life of a demand: posted → verified (or rejected) → forwarded → offers → outcome.

Every rule is here, so the screens, the API, the demo and the tests take
the same path. Each step checks the state it starts from and raises
`DemandError` with a sentence for the user when the step does not apply.

The buyer's private link carries a random token; only its keyed hash is
stored (as for owner invitations), so a copy of the database cannot be
used to read a buyer's offers.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from simpul.core.roles import Role
from simpul.market import matching
from simpul.market.models import Penawaran, Penerusan, Permintaan
from simpul.registry.models import Produk, Usaha

logger = logging.getLogger(__name__)
Status = Permintaan.Status


class DemandError(Exception):
    """A step that does not apply to the demand in its present state."""


@dataclass(frozen=True)
class Posted:
    permintaan: Permintaan
    #: The buyer's private token, shown once and sent by e-mail; never stored.
    token: str


def token_hash(token: str) -> str:
    return salted_hmac("simpul.market.permintaan", token).hexdigest()


def find_by_token(token: str) -> Permintaan | None:
    if not token or len(token) > 100:
        return None
    return Permintaan.objects.filter(token_hash=token_hash(token), archived_at=None).first()


def post(permintaan: Permintaan, *, private_path: Callable[[str], str] | None = None) -> Posted:
    """Store a new demand from the public form; it waits for an officer's verification."""
    token = secrets.token_urlsafe(24)
    permintaan.token_hash = token_hash(token)
    permintaan.status = Status.MENUNGGU
    permintaan.save()
    posted = Posted(permintaan, token)
    if private_path is not None and permintaan.buyer_email:
        _mail(
            [permintaan.buyer_email],
            _("Permintaan Anda diterima: %(product)s") % {"product": permintaan.product},
            _(
                "Terima kasih. Permintaan Anda akan diperiksa petugas %(office)s sebelum ditampilkan.\n\n"
                "Simpan tautan pribadi ini untuk melihat penawaran dari IKM:\n%(link)s\n"
            )
            % {"office": settings.SIMPUL_OFFICE_NAME, "link": private_path(token)},
        )
    return posted


def verify(permintaan: Permintaan, officer, *, kbli_id: str | None = None) -> Permintaan:
    """An officer checked the demand: it becomes public and can be forwarded."""
    if permintaan.status != Status.MENUNGGU:
        raise DemandError(_("Hanya permintaan yang menunggu verifikasi yang dapat diverifikasi."))
    permintaan.status = Status.TERBUKA
    permintaan.verified_by = officer
    permintaan.verified_at = timezone.now()
    if kbli_id:
        permintaan.kbli_id = kbli_id
    permintaan.save()
    return permintaan


def reject(permintaan: Permintaan, officer, reason: str) -> Permintaan:
    if permintaan.status != Status.MENUNGGU:
        raise DemandError(_("Hanya permintaan yang menunggu verifikasi yang dapat ditolak."))
    if not reason.strip():
        raise DemandError(_("Tuliskan alasan penolakan; pembeli akan membacanya."))
    permintaan.status = Status.DITOLAK
    permintaan.rejection_reason = reason.strip()
    permintaan.verified_by = officer
    permintaan.save()
    return permintaan


def forward(permintaan: Permintaan, usaha_ids: Iterable[int], officer) -> list[Penerusan]:
    """Send the demand to chosen businesses, keeping the score each had; owners are told by e-mail."""
    if permintaan.status != Status.TERBUKA:
        raise DemandError(_("Permintaan harus sudah diverifikasi dan masih terbuka untuk diteruskan."))
    wanted = set(usaha_ids)
    if not wanted:
        raise DemandError(_("Pilih minimal satu usaha."))
    allowed = Usaha.objects.restrict(officer, "view").filter(pk__in=wanted, status="aktif", archived_at=None)
    found = {u.pk: u for u in allowed}
    if set(found) != wanted:
        raise DemandError(_("Sebagian usaha yang dipilih tidak ditemukan atau di luar wilayah tugas Anda."))
    scored = {c.usaha.pk: c for c in matching.candidates(permintaan, officer, limit=1000)}
    created = []
    with transaction.atomic():
        for usaha_id, usaha in found.items():
            candidate = scored.get(usaha_id)
            row, is_new = Penerusan.objects.get_or_create(
                permintaan=permintaan,
                usaha=usaha,
                defaults={
                    "score": candidate.score if candidate else 0,
                    "explanation": candidate.explanation if candidate else [],
                    "forwarded_by": officer,
                },
            )
            if is_new:
                created.append(row)
    for row in created:
        _tell_owners(row)
    return created


def _tell_owners(row: Penerusan) -> None:
    addresses = [
        email
        for email in row.usaha.owners.exclude(account=None).values_list("account__email", flat=True)
        if email
    ]
    if addresses:
        _mail(
            addresses,
            _("Permintaan pembeli untuk %(usaha)s: %(product)s")
            % {"usaha": row.usaha.name, "product": row.permintaan.product},
            _(
                "Petugas meneruskan permintaan pembeli kepada usaha Anda. Buka halaman Permintaan pembeli di Simpul IKM untuk mengajukan penawaran."
            ),
        )


def forwarded_to_owner(user) -> QuerySet[Penerusan]:
    """Demands forwarded to the owner's businesses (restrict() ties them to the user)."""
    return (
        Penerusan.objects.restrict(user, "view")
        .filter(permintaan__archived_at=None)
        .select_related("permintaan", "usaha")
        .order_by("-forwarded_at")
    )


def submit_offer(penerusan: Penerusan, owner, values: dict) -> Penawaran:
    """The owner's offer for a demand forwarded to their business; a second offer replaces the first."""
    permintaan = penerusan.permintaan
    if permintaan.status != Status.TERBUKA:
        raise DemandError(_("Permintaan ini sudah ditutup; penawaran tidak dapat diajukan lagi."))
    produk = values.get("produk")
    if produk is not None and produk.usaha_id != penerusan.usaha_id:
        raise DemandError(_("Produk yang dipilih bukan milik usaha ini."))
    offer, _created = Penawaran.objects.update_or_create(
        permintaan=permintaan,
        usaha=penerusan.usaha,
        defaults={
            "produk": produk,
            "price_per_unit": values["price_per_unit"],
            "quantity": values["quantity"],
            "ready_by": values.get("ready_by"),
            "note": values.get("note", ""),
            "status": Penawaran.Status.DIAJUKAN,
            "submitted_by": owner,
        },
    )
    if penerusan.seen_at is None:
        Penerusan.objects.filter(pk=penerusan.pk).update(seen_at=timezone.now())
    return offer


def withdraw_offer(offer: Penawaran) -> None:
    if offer.permintaan.status != Status.TERBUKA or offer.status != Penawaran.Status.DIAJUKAN:
        raise DemandError(_("Penawaran ini tidak dapat ditarik lagi."))
    offer.status = Penawaran.Status.DITARIK
    offer.save(update_fields=["status", "updated_at"])


@dataclass(frozen=True)
class Deal:
    """An offer that became a transaction: its value and when the goods arrived (if they did)."""

    offer_id: int
    value: Decimal
    delivered_on: date | None = None


def record_outcome(permintaan: Permintaan, officer, deals: list[Deal], note: str = "") -> Permintaan:
    """Close the demand: the chosen offers become deals (market absorption), the others are not chosen."""
    if permintaan.status not in (Status.TERBUKA, Status.SELESAI):
        raise DemandError(_("Hasil hanya dapat dicatat untuk permintaan yang sudah diverifikasi."))
    offers = {o.pk: o for o in permintaan.penawaran.exclude(status=Penawaran.Status.DITARIK)}
    unknown = [d.offer_id for d in deals if d.offer_id not in offers]
    if unknown:
        raise DemandError(_("Penawaran yang dipilih bukan penawaran untuk permintaan ini."))
    chosen = {d.offer_id: d for d in deals}
    with transaction.atomic():
        for offer in offers.values():
            deal = chosen.get(offer.pk)
            offer.status = Penawaran.Status.DIPILIH if deal else Penawaran.Status.TIDAK_DIPILIH
            offer.deal_value = deal.value if deal else None
            offer.delivered_on = deal.delivered_on if deal else None
            offer.save(update_fields=["status", "deal_value", "delivered_on", "updated_at"])
        permintaan.status = Status.SELESAI
        permintaan.outcome = Permintaan.Outcome.TRANSAKSI if deals else Permintaan.Outcome.TIDAK
        permintaan.outcome_note = note
        permintaan.closed_at = timezone.now()
        permintaan.save()
    return permintaan


def buyer_offers(permintaan: Permintaan) -> QuerySet[Penawaran]:
    """What the buyer sees on the private page: the offers still standing, cheapest first."""
    return (
        permintaan.penawaran.exclude(status=Penawaran.Status.DITARIK)
        .select_related("usaha", "produk")
        .order_by("price_per_unit", "pk")
    )


def owner_products(penerusan: Penerusan) -> QuerySet[Produk]:
    return Produk.objects.filter(usaha=penerusan.usaha, archived_at=None).order_by("name")


def may_see_buyer_contact(user, permintaan: Permintaan) -> bool:
    """Officers who handle demands, and owners the demand was forwarded to; never the public."""
    from simpul.core.roles import role_of

    role = role_of(user)
    if role in (Role.ADMIN, Role.PETUGAS):
        return True
    if role == Role.PELAKU:
        return permintaan.penerusan.filter(Q(usaha__owners__account=user)).exists()
    return False


def _mail(recipients: list[str], subject: str, body: str) -> bool:
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # noqa: BLE001 - a mail server that is down must not lose the demand
        logger.warning("Surel permintaan tidak terkirim", exc_info=True)
        return False
    return True
