"""Messages buyers send to a maker through the catalog's contact form.

A message reaches two readers: the owner (on their self-service page and by
e-mail when their account has an address) and the officers of the maker's
kecamatan (in the catalog inbox). The sender's name and address are personal
data: never shown on a public page, and not to the pimpinan either.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet
from simpul.registry.models import Produk, Usaha

_READERS = frozenset({Role.ADMIN, Role.PETUGAS, Role.PELAKU})


class PesanKatalog(models.Model):
    """A buyer's message to a maker, sent from a product or business page."""

    usaha = models.ForeignKey(Usaha, on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha"))
    produk = models.ForeignKey(
        Produk, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("produk")
    )
    sender_name = models.CharField(_("nama pengirim"), max_length=150)
    sender_email = models.EmailField(_("surel pengirim"), blank=True)
    sender_phone = models.CharField(_("telepon pengirim"), max_length=20, blank=True)
    body = models.TextField(_("pesan"), max_length=2000)
    created_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True, db_index=True)
    emailed = models.BooleanField(_("terkirim lewat surel"), default=False)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibaca oleh"),
    )

    objects = ScopedQuerySet.as_manager()
    # Nobody adds a message through a screen of the office: only the public form does.
    access = Access(
        view=_READERS,
        add=frozenset(),
        change=_READERS,
        archive=frozenset(),
        export=frozenset(),
        region="usaha__kecamatan",
        owner="usaha__owners__account",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pesan katalog")
        verbose_name_plural = _("pesan katalog")

    def __str__(self) -> str:
        return f"{self.sender_name} → {self.usaha}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
