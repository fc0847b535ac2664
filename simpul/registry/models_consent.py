"""Consent of owners (UU PDP 27/2022): what may be published and who may contact them.

The current answer is kept on the person (fast to filter on for the public
catalog); every grant and withdrawal is also a ConsentRecord with the date,
the version of the text the owner agreed to, and who recorded it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import Role
from simpul.core.scoping import Access


class Purpose(models.TextChoices):
    CATALOG = "katalog", _("Tampil di katalog publik")
    PARTNER_CONTACT = "kontak_mitra", _("Dihubungi mitra (bank, BUMN, pembeli)")


#: Version of the consent texts shown to owners (docs/privacy and the privacy page).
CONSENT_TEXT_VERSION = "2026-11"


class ConsentRecord(models.Model):
    """One grant or withdrawal of consent; never edited, only added."""

    pelaku = models.ForeignKey("registry.Pelaku", on_delete=models.CASCADE, related_name="consent_records")
    purpose = models.CharField(_("keperluan"), max_length=20, choices=Purpose.choices)
    granted = models.BooleanField(_("setuju"))
    text_version = models.CharField(_("versi naskah"), max_length=20, default=CONSENT_TEXT_VERSION)
    channel = models.CharField(
        _("cara"), max_length=30, blank=True, help_text=_("mis. formulir kertas, layanan mandiri")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    access = Access(
        view=frozenset({Role.ADMIN, Role.PETUGAS, Role.PELAKU}),
        add=frozenset(),
        change=frozenset(),
        archive=frozenset(),
        export=frozenset({Role.ADMIN}),
        region="pelaku__usaha__kecamatan",
        owner="pelaku__account",
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("catatan persetujuan")
        verbose_name_plural = _("catatan persetujuan")

    def __str__(self) -> str:
        state = "setuju" if self.granted else "menarik persetujuan"
        return f"{self.pelaku} {state}: {self.get_purpose_display()} ({self.at:%d-%m-%Y})"


_FIELD = {Purpose.CATALOG: "consent_catalog", Purpose.PARTNER_CONTACT: "consent_partner_contact"}


def set_consent(pelaku, purpose: str, granted: bool, *, user=None, channel: str = "") -> ConsentRecord:
    """Grant or withdraw; takes effect at once (the catalog filters on the person's current answer)."""
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            pelaku=pelaku, purpose=purpose, granted=granted, recorded_by=user, channel=channel
        )
        type(pelaku).objects.filter(pk=pelaku.pk).update(**{_FIELD[Purpose(purpose)]: granted})
        setattr(pelaku, _FIELD[Purpose(purpose)], granted)
    return record
