"""Exhibition showcases: products chosen for a pameran, with a public page and a printable catalogue.

When the programs app is installed a showcase can point at its exhibition
activity (`kegiatan_id`, a plain number so that this app does not depend on
that one's migrations); otherwise the showcase stands on its own with its
name, place and dates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from simpul.core.models import SimpulModel
from simpul.core.roles import ANONYMOUS, Role
from simpul.core.scoping import Access
from simpul.registry.models import Produk

_EDITORS = frozenset({Role.ADMIN, Role.PETUGAS})
_EVERYONE = frozenset({*Role.values, ANONYMOUS})


class Showcase(SimpulModel):
    """Products shown together at an exhibition, on a shareable page and in a PDF catalogue."""

    name = models.CharField(_("nama pameran"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    city = models.CharField(_("kota"), max_length=100, blank=True)
    starts_on = models.DateField(_("mulai"), null=True, blank=True)
    ends_on = models.DateField(_("selesai"), null=True, blank=True)
    #: Id of the exhibition activity (programs.Kegiatan) when the programs app is installed.
    kegiatan_id = models.PositiveIntegerField(_("kegiatan pameran"), null=True, blank=True, db_index=True)
    is_public = models.BooleanField(_("tampil di situs publik"), default=True)
    products = models.ManyToManyField(
        Produk, through="ShowcaseItem", related_name="+", blank=True, verbose_name=_("produk")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    access = Access(
        view=_EVERYONE,
        add=_EDITORS,
        change=_EDITORS,
        archive=_EDITORS,
        export=_EDITORS,
        public=Q(is_public=True, archived_at=None),
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("etalase pameran")
        verbose_name_plural = _("etalase pameran")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:showcase_manage", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("market:showcase", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = _unique_slug(self.name, self.pk)
        super().save(*args, **kwargs)


def _unique_slug(name: str, pk: int | None) -> str:
    base = slugify(name)[:70] or "pameran"
    slug, n = base, 1
    while Showcase.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class ShowcaseItem(models.Model):
    """A product in a showcase, in the order of the printed catalogue."""

    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="items")
    produk = models.ForeignKey(Produk, on_delete=models.CASCADE, related_name="+", verbose_name=_("produk"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["showcase", "produk"], name="market_showcase_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.showcase} · {self.produk}"
